import { MergingConfigError } from './errors.js';

/** Options of {@link mergeImages} and the {@link MergeShower} layer. */
export interface MergeOptions {
  /** Kernel size k: windows are the k × k children of one parent pixel. */
  kernelSize: number;
  /** Hardness cutoff c of this level, GeV (see {@link cutoffs}). */
  cutoff: number;
  /**
   * A pixel counts as a hard emission when its hard part exceeds this, GeV.
   * @defaultValue 1
   */
  hardThreshold?: number;
}

/** step(z) of the original: 1 for z > 0, ½ at 0, 0 for z < 0. */
function step(z: number): number {
  return z > 0 ? 1 : z === 0 ? 0.5 : 0;
}

/**
 * The hard part of a pixel: x where x > c, else 0.
 *
 * @param x - pixel pT, GeV
 * @param cutoff - c, GeV
 * @returns relu(x − c) + c·step(x − c), which is x above c, c/2 at c, 0 below
 * @example
 * ```ts
 * hardPart(30, 20); // 30
 * hardPart(20, 20); // 10
 * ```
 */
export function hardPart(x: number, cutoff: number): number {
  return Math.max(x - cutoff, 0) + cutoff * step(x - cutoff);
}

/**
 * Checks merge options.
 * @internal
 */
export function checkMergeOptions(options: MergeOptions): Required<MergeOptions> {
  const { kernelSize: k, cutoff } = options;
  const hardThreshold = options.hardThreshold ?? 1;
  if (!Number.isInteger(k) || k < 2)
    throw new MergingConfigError('kernelSize', 'a whole number ≥ 2', k);
  if (!(cutoff >= 0) || !Number.isFinite(cutoff)) {
    throw new MergingConfigError('cutoff', 'a finite number of GeV ≥ 0', cutoff);
  }
  if (!(hardThreshold >= 0) || !Number.isFinite(hardThreshold)) {
    throw new MergingConfigError('hardThreshold', 'a finite number of GeV ≥ 0', hardThreshold);
  }
  return { kernelSize: k, cutoff, hardThreshold };
}

/**
 * Merges a network output with the matrix-element image of the same resolution (CKKW-like veto).
 *
 * @param out - network output, `batch` images of size × size pixels (row-major, GeV)
 * @param me - the matrix-element image at the same resolution, same layout
 * @param size - the image side r, a multiple of k
 * @param options - kernel size, cutoff and hard-pixel threshold
 * @returns the merged images, a new array of the same layout
 * @throws {@link MergingConfigError} for invalid options, or if r is not a multiple of k or the
 * arrays' lengths disagree
 * @remarks
 * With hard(x) as {@link hardPart} and soft(x) = x − hard(x): in each k × k window, n_out and
 * n_me count the pixels whose hard part exceeds the threshold, each with step() (so a pixel exactly
 * at the threshold counts ½). A window is allowed when n_out ≤ n_me, else vetoed. The result is
 * hard(out)·allowed + soft(out) + hard(me)·vetoed·ratio with
 * ratio = Σ_window hard(out) / (Σ_window out + 1e-5): where the network made more hard emissions
 * than the matrix element has, its hard pixels are replaced by the matrix element's, rescaled by
 * the hard fraction of the window; soft parts are always kept. This is the original's rule exactly,
 * which does not conserve the window's pT when it vetoes.
 * @example
 * ```ts
 * // One 2×2 window: the network split a 110 GeV parton into 60 + 50, the matrix element had one.
 * mergeImages(new Float32Array([60, 50, 0, 5]), new Float32Array([100, 0, 0, 0]), 2,
 *   { kernelSize: 2, cutoff: 20 });
 * // ≈ [95.652, 0, 0, 5]
 * ```
 */
export function mergeImages(
  out: Float32Array,
  me: Float32Array,
  size: number,
  options: MergeOptions,
): Float32Array {
  const checked = checkMergeOptions(options);
  checkImages(out, me, size, checked.kernelSize);
  const result = Float32Array.from(out);
  mergeInPlace(result, me, size, checked);
  return result;
}

/**
 * Checks that `out` and `me` are images of side `size`, a multiple of k, of equal length.
 * @internal
 */
export function checkImages(out: Float32Array, me: Float32Array, size: number, k: number): void {
  if (!Number.isInteger(size) || size < k || size % k !== 0) {
    throw new MergingConfigError('size', `a multiple of the kernel size ${k}`, size);
  }
  if (out.length % (size * size) !== 0 || me.length !== out.length) {
    throw new MergingConfigError(
      'images',
      `two arrays of equal length, a multiple of ${size}×${size}`,
      `${out.length} and ${me.length}`,
    );
  }
}

/**
 * {@link mergeImages} in place on checked images and options, image after image.
 * @internal
 */
export function mergeInPlace(
  out: Float32Array,
  me: Float32Array,
  size: number,
  options: Required<MergeOptions>,
): void {
  const pixels = size * size;
  for (let base = 0; base < out.length; base += pixels) {
    mergeWindowsInPlace(
      out.subarray(base, base + pixels),
      me.subarray(base, base + pixels),
      size,
      options,
    );
  }
}

/**
 * The merge rule of {@link mergeImages} on one image, in place, visiting only windows that hold a
 * pixel at or above the cutoff.
 *
 * @remarks A window whose pixels are all below the cutoff is left as it is, which is what the rule
 * gives there: every hard part is 0, so n_out takes its least value and n_me ≥ n_out, the window is
 * allowed and each pixel becomes 0 + (o − 0) = o. Other windows get the rule in float64
 * arithmetic, rounded to float32 on store.
 * @internal
 */
export function mergeWindowsInPlace(
  out: Float32Array,
  me: Float32Array,
  size: number,
  options: Required<MergeOptions>,
): void {
  const { kernelSize: k, cutoff, hardThreshold } = options;
  const windows = size / k;
  for (let wy = 0; wy < windows; wy++) {
    for (let wx = 0; wx < windows; wx++) {
      const corner = wy * k * size + wx * k;
      let hard = false;
      for (let a = 0; a < k && !hard; a++) {
        for (let b = 0; b < k; b++) {
          if ((out[corner + a * size + b] as number) >= cutoff) {
            hard = true;
            break;
          }
        }
      }
      if (!hard) continue;
      let nOut = 0;
      let nMe = 0;
      let hardOutSum = 0;
      let outSum = 0;
      for (let a = 0; a < k; a++) {
        const row = corner + a * size;
        for (let b = 0; b < k; b++) {
          const o = out[row + b] as number;
          const ho = hardPart(o, cutoff);
          nOut += step(ho - hardThreshold);
          nMe += step(hardPart(me[row + b] as number, cutoff) - hardThreshold);
          hardOutSum += ho;
          outSum += o;
        }
      }
      const allowed = nOut <= nMe;
      const ratio = hardOutSum / (outSum + 1e-5);
      for (let a = 0; a < k; a++) {
        const row = corner + a * size;
        for (let b = 0; b < k; b++) {
          const o = out[row + b] as number;
          const ho = hardPart(o, cutoff);
          const soft = o - ho;
          out[row + b] = allowed
            ? ho + soft
            : soft + hardPart(me[row + b] as number, cutoff) * ratio;
        }
      }
    }
  }
}
