import { ShowerError } from './errors.js';
import { showerGeometry } from './geometry.js';

/**
 * Every number of a shower network as plain data: the shared kernel banks and the per-level
 * filter probabilities.
 *
 * @remarks
 * Kernels are k×k, row-major: element `[a * k + b]` is K[a, b], a the row (rapidity direction,
 * the image's first axis) and b the column (azimuth). This is the order of Keras' kernel arrays
 * `[k, k, 1, 1]` and of tfjs' `[k, k, 1, 1]` conv kernels, so both copy straight in.
 * `filterProbabilities[0]` belongs to the finest level (Keras' `filter_mask_1`), the last one to the
 * coarsest. Decoder level i uses the masks of encoder level L + 1 − i.
 */
export interface ShowerWeights {
  /** Kernel side k. */
  kernelSize: number;
  /** Image side N = k^(levels + 1). */
  pixels: number;
  /** Number of kernels C in each bank. */
  convolutions: number;
  /** Number of levels L. */
  levels: number;
  /** The C encoder kernels, each k² numbers, row-major. */
  convKernels: Float32Array[];
  /** The C decoder (transposed-convolution, stride k) kernels, each k² numbers, row-major. */
  deconvKernels: Float32Array[];
  /** Per level (finest first), the C filter probabilities of that level's FilterMask. */
  filterProbabilities: Float32Array[];
}

/**
 * Checks that a weight set is consistent and returns it unchanged.
 *
 * @param weights - the weights to check
 * @returns the same object
 * @throws {@link ShowerError} `BAD_GEOMETRY` if N is not k^(L+1); `BAD_WEIGHTS` if a kernel or a
 *   probability vector has the wrong length, a number is not finite, or L does not match N and k
 * @example
 * ```ts
 * checkShowerWeights(await loadKerasWeights('k2.h5')); // passes
 * ```
 */
export function checkShowerWeights(weights: ShowerWeights): ShowerWeights {
  const { kernelSize: k, pixels, convolutions: c, levels } = weights;
  const geometry = showerGeometry(pixels, k);
  if (geometry.levels !== levels) {
    throw new ShowerError(
      'BAD_WEIGHTS',
      `${pixels} pixels with k = ${k} need ${geometry.levels} levels, the weights have ${levels}`,
    );
  }
  if (!Number.isInteger(c) || c < 1) {
    throw new ShowerError('BAD_WEIGHTS', `number of kernels must be ≥ 1, got ${c}`);
  }
  const checkList = (name: string, list: Float32Array[], count: number, length: number): void => {
    if (list.length !== count) {
      throw new ShowerError('BAD_WEIGHTS', `expected ${count} ${name}, got ${list.length}`);
    }
    list.forEach((values, i) => {
      if (values.length !== length) {
        throw new ShowerError(
          'BAD_WEIGHTS',
          `${name}[${i}] must have ${length} numbers, has ${values.length}`,
        );
      }
      for (const v of values) {
        if (!Number.isFinite(v)) {
          throw new ShowerError('BAD_WEIGHTS', `${name}[${i}] holds a non-finite number ${v}`);
        }
      }
    });
  };
  checkList('convKernels', weights.convKernels, c, k * k);
  checkList('deconvKernels', weights.deconvKernels, c, k * k);
  checkList('filterProbabilities', weights.filterProbabilities, levels, c);
  return weights;
}

/**
 * A deep copy of a weight set (new typed arrays), so callers may change it freely.
 *
 * @param weights - the weights to copy
 * @returns an equal, independent weight set
 * @example
 * ```ts
 * const w = cloneShowerWeights(published); w.convKernels[0][0] = 1; // published is unchanged
 * ```
 */
export function cloneShowerWeights(weights: ShowerWeights): ShowerWeights {
  return {
    kernelSize: weights.kernelSize,
    pixels: weights.pixels,
    convolutions: weights.convolutions,
    levels: weights.levels,
    convKernels: weights.convKernels.map((kernel) => Float32Array.from(kernel)),
    deconvKernels: weights.deconvKernels.map((kernel) => Float32Array.from(kernel)),
    filterProbabilities: weights.filterProbabilities.map((p) => Float32Array.from(p)),
  };
}

/**
 * The activation entropy of one level's filter probabilities, in units of log C.
 *
 * @param probabilities - the C filter probabilities (summing to about 1)
 * @returns −(1/ln C)·Σ p_c ln p_c: 0 when one kernel is always chosen, 1 when all are equally likely
 * @remarks
 * Terms with p_c ≤ 0 contribute nothing (the limit of p ln p). With C = 1 the result is 0.
 * @example
 * ```ts
 * levelActivationBits(Float32Array.of(0.5, 0.5)); // 1
 * ```
 */
export function levelActivationBits(probabilities: ArrayLike<number>): number {
  const c = probabilities.length;
  if (c < 2) return 0;
  let sum = 0;
  for (let i = 0; i < c; i++) {
    const p = probabilities[i] as number;
    if (p > 0) sum -= p * Math.log(p);
  }
  return sum / Math.log(c);
}

/**
 * The original's "activation bits" monitor: the activation entropy summed over levels.
 *
 * @param weights - a weight set (only `filterProbabilities` is read)
 * @returns Σ over levels of {@link levelActivationBits}; between 0 and L
 * @remarks
 * The published k = 2 weights give about 1.70 (0.270, 0.272, 0.336, 0.388, 0.432 from the
 * finest level to the coarsest).
 * @see arXiv:1807.03685
 * @example
 * ```ts
 * activationBits(await loadKerasWeights('k2.h5')); // ≈ 1.698
 * ```
 */
export function activationBits(weights: Pick<ShowerWeights, 'filterProbabilities'>): number {
  let total = 0;
  for (const p of weights.filterProbabilities) total += levelActivationBits(p);
  return total;
}
