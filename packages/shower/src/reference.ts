import { ShowerError } from './errors.js';
import { showerGeometry } from './geometry.js';
import { checkShowerWeights, type ShowerWeights } from './weights.js';

/**
 * A source of uniform random numbers in [0, 1), called once per number drawn.
 *
 * @remarks
 * `@apemen/jetimage`'s seeded `createRng` fits, as does `Math.random` (unseeded).
 */
export type UniformSource = () => number;

/** A generator object with a `uniform()` method, such as `@apemen/jetimage`'s `createRng(seed)`. */
export interface UniformGenerator {
  /** @returns the next uniform number in [0, 1) */
  uniform(): number;
}

/**
 * Turns a uniform source or generator into a uniform source.
 *
 * @param source - a function returning uniform numbers, or an object with `uniform()`
 * @returns a function returning the same numbers in the same order
 * @example
 * ```ts
 * const u = asUniformSource(createRng(140280)); u(); // as createRng(140280).uniform()
 * ```
 */
export function asUniformSource(source: UniformSource | UniformGenerator): UniformSource {
  return typeof source === 'function' ? source : () => source.uniform();
}

/** Keras' fuzz factor ε, the tie tolerance of FilterMask. */
export const KERAS_EPSILON = 1e-7;

const EPS32 = Math.fround(KERAS_EPSILON);
const f32 = Math.fround;

/** step(z) = ½·sign(z) + ½: 1 for z > 0, ½ at z = 0, 0 for z < 0. */
function step(z: number): number {
  return z > 0 ? 1 : z < 0 ? 0 : 0.5;
}

/** What the encoder produces for a batch of images. */
export interface ReferenceEncoding {
  /** Number of images B. */
  batch: number;
  /** The k×k bottleneck of each image, B×k×k row-major. */
  bottleneck: Float32Array;
  /** Per level (finest first) the FilterMask output, B×n×n×C (channels last), n = N/k^level. */
  masks: Float32Array[];
  /** Per level (finest first) the image that level received, B×n×n (level 0 is the input). */
  levelInputs: Float32Array[];
}

/** Options of the plain-loop reference network. */
export interface ReferenceOptions {
  /**
   * The uniform numbers u of FilterMask step 4, drawn level by level (finest first), then image,
   * row, column and channel: B·n²·C numbers per level, whether or not a pixel needs them.
   */
  uniform: UniformSource | UniformGenerator;
}

function checkImages(images: Float32Array, pixels: number): number {
  const area = pixels * pixels;
  if (images.length === 0 || images.length % area !== 0) {
    throw new ShowerError(
      'BAD_INPUT',
      `images must hold B×${pixels}×${pixels} numbers, got ${images.length}`,
    );
  }
  return images.length / area;
}

/**
 * Convolves one n×n image with one k×k kernel with TensorFlow's 'same' padding.
 *
 * @param image - holds the n×n row-major image at `imageOffset`
 * @param imageOffset - where the image starts in `image`
 * @param n - the image side
 * @param kernel - k×k row-major
 * @param k - the kernel side
 * @param out - n×n, overwritten
 * @remarks
 * Cross-correlation as in TensorFlow: out[y, x] = Σ_{a,b} K[a, b]·in[y + a − p, x + b − p] with
 * p = ⌊(k − 1)/2⌋ and zeros outside, so for even k the extra padding is after (bottom/right).
 * The sum runs in float64 and is rounded once to float32 on store.
 * @example
 * ```ts
 * const out = new Float32Array(4);
 * referenceConvolveSame(Float32Array.of(1, 0, 0, 0), 0, 2, Float32Array.of(1, 2, 3, 4), 2, out);
 * out; // [1, 0, 0, 0]: only K[0,0] sees the pixel from (0, 0)
 * ```
 */
export function referenceConvolveSame(
  image: Float32Array,
  imageOffset: number,
  n: number,
  kernel: Float32Array,
  k: number,
  out: Float32Array,
): void {
  const before = (k - 1) >> 1;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        const yy = y + a - before;
        if (yy < 0 || yy >= n) continue;
        for (let b = 0; b < k; b++) {
          const xx = x + b - before;
          if (xx < 0 || xx >= n) continue;
          sum += (kernel[a * k + b] as number) * (image[imageOffset + yy * n + xx] as number);
        }
      }
      out[y * n + x] = sum;
    }
  }
}

/**
 * FilterMask at one pixel (steps 1, 2 and 4 of the original; the probabilities are not updated).
 *
 * @param responses - the C convolution outputs o_c at the pixel
 * @param probabilities - the level's filter probabilities p_c
 * @param u - C uniform numbers
 * @param mask - C numbers, overwritten with the mask (1 for the chosen kernel)
 * @param unique - C numbers, overwritten with the unique-winner indicator (for the moving average)
 * @remarks
 * Evaluated in float32 steps, as TensorFlow does, so that ties within ε come out the same.
 * Step 4 uses all winners w (not only unique ones): a tie is broken by argmax_c u_c·p_c, and a
 * single winner whose p_c is 0 gives r = 0 everywhere, so every channel is set (the original's quirk).
 * @example
 * ```ts
 * const mask = new Float32Array(2);
 * referenceFilterMask([0, 0], [0.25, 0.75], [0.5, 0.5], mask);
 * mask; // [0, 1]: a tie, and 0.5·0.75 > 0.5·0.25
 * ```
 */
export function referenceFilterMask(
  responses: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  u: ArrayLike<number>,
  mask: Float32Array,
  unique?: Float32Array,
): void {
  const c = responses.length;
  let maxA = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < c; i++) maxA = Math.max(maxA, Math.abs(responses[i] as number));
  let winners = 0;
  const w = new Float64Array(c);
  for (let i = 0; i < c; i++) {
    w[i] = step(f32(f32(Math.abs(responses[i] as number) - maxA) + EPS32));
    winners = f32(winners + (w[i] as number));
  }
  if (unique) {
    const single = step(f32(f32(1 - winners) + EPS32));
    for (let i = 0; i < c; i++) unique[i] = (w[i] as number) * single;
  }
  let maxR = Number.NEGATIVE_INFINITY;
  const r = new Float64Array(c);
  for (let i = 0; i < c; i++) {
    r[i] = f32(f32((w[i] as number) * (u[i] as number)) * (probabilities[i] as number));
    maxR = Math.max(maxR, r[i] as number);
  }
  for (let i = 0; i < c; i++) mask[i] = step(f32(f32((r[i] as number) - maxR) + EPS32));
}

/**
 * The shower network's encoder, written as plain loops over the formulas of the original.
 *
 * @param weights - the network's numbers
 * @param images - B×N×N images, row-major (rapidity rows, azimuth columns)
 * @param options - the uniform numbers of FilterMask
 * @returns the bottleneck, the per-level masks and the per-level inputs
 * @throws {@link ShowerError} `BAD_INPUT` if the length is not a multiple of N²; `BAD_WEIGHTS` or
 *   `BAD_GEOMETRY` for inconsistent weights
 * @remarks
 * For each level: o_c = conv_c(x) ('same' padding), x ← max_c o_c (plain maximum, not |·|),
 * mask = FilterMask(o), x ← maxpool_k(x). The independent reference for the tfjs model's tests
 * and a dependency-free CPU path.
 * @example
 * ```ts
 * const enc = referenceEncode(weights, images, { uniform: createRng(1) });
 * enc.bottleneck.length; // B·k²
 * ```
 */
export function referenceEncode(
  weights: ShowerWeights,
  images: Float32Array,
  options: ReferenceOptions,
): ReferenceEncoding {
  checkShowerWeights(weights);
  const { kernelSize: k, convolutions: c, pixels } = weights;
  const batch = checkImages(images, pixels);
  const geometry = showerGeometry(pixels, k);
  const masks: Float32Array[] = [];
  const levelInputs: Float32Array[] = [];
  let x = Float32Array.from(images);
  const uniform = asUniformSource(options.uniform);
  const responses = new Float64Array(c);
  const u = new Float64Array(c);
  const maskPixel = new Float32Array(c);
  for (const n of geometry.sizes) {
    levelInputs.push(x);
    const area = n * n;
    const conv = weights.convKernels.map(() => new Float32Array(area));
    const mask = new Float32Array(batch * area * c);
    const maxed = new Float32Array(area);
    const half = n / k;
    const pooled = new Float32Array(batch * half * half);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < c; i++) {
        referenceConvolveSame(
          x,
          b * area,
          n,
          weights.convKernels[i] as Float32Array,
          k,
          conv[i] as Float32Array,
        );
      }
      for (let p = 0; p < area; p++) {
        let best = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < c; i++) {
          const o = (conv[i] as Float32Array)[p] as number;
          responses[i] = o;
          if (o > best) best = o;
          u[i] = uniform();
        }
        maxed[p] = best;
        referenceFilterMask(
          responses,
          weights.filterProbabilities[masks.length] as Float32Array,
          u,
          maskPixel,
        );
        mask.set(maskPixel, (b * area + p) * c);
      }
      for (let y = 0; y < half; y++) {
        for (let xx = 0; xx < half; xx++) {
          let best = Number.NEGATIVE_INFINITY;
          for (let a = 0; a < k; a++) {
            for (let bb = 0; bb < k; bb++) {
              best = Math.max(best, maxed[(k * y + a) * n + k * xx + bb] as number);
            }
          }
          pooled[b * half * half + y * half + xx] = best;
        }
      }
    }
    masks.push(mask);
    x = pooled;
  }
  return { batch, bottleneck: x, masks, levelInputs };
}

/** A decoder step's context, passed to a {@link ReferenceMergeHook}. */
export interface ReferenceMergeContext {
  /** Decoder level i, 1 for the first deconvolution (output side k²) up to L (output side N). */
  level: number;
  /** Side of the decoded image. */
  side: number;
  /** Kernel side k. */
  kernelSize: number;
  /** Number of images B. */
  batch: number;
}

/**
 * Called after each decoder level with the decoded images and the encoder's input of the same
 * resolution; returns the images the next level starts from. The place where a shower-merging
 * scheme (issue 7, `@apemen/merging`) plugs in; the network itself never merges.
 */
export type ReferenceMergeHook = (
  decoded: Float32Array,
  encoderInput: Float32Array,
  context: ReferenceMergeContext,
) => Float32Array;

/**
 * The shower network's decoder as plain loops: each pixel splits into its k² children with the
 * weights of the kernel that the mask chose at each child.
 *
 * @param weights - the network's numbers
 * @param encoding - the bottleneck and masks from {@link referenceEncode}
 * @param merge - optional hook applied after each level (see {@link ReferenceMergeHook})
 * @returns B×N×N images
 * @throws {@link ShowerError} `BAD_INPUT` if the encoding does not fit the weights
 * @remarks
 * Decoder level i: out[k·y + a, k·x + b] = Σ_c in[y, x]·K_c[a, b]·mask_{L+1−i}[k·y + a, k·x + b, c].
 * Each child pixel takes the kernel its own mask chose, so the total pT is conserved exactly when
 * all k² children of every parent choose kernels whose weights, taken at their own positions, sum
 * to 1 (for instance when a single kernel summing to 1 is always chosen); in general the original
 * network conserves pT only as far as training made it.
 * @example
 * ```ts
 * const images = referenceDecode(weights, referenceEncode(weights, input, { uniform }));
 * ```
 */
export function referenceDecode(
  weights: ShowerWeights,
  encoding: Pick<ReferenceEncoding, 'batch' | 'bottleneck' | 'masks'> &
    Partial<Pick<ReferenceEncoding, 'levelInputs'>>,
  merge?: ReferenceMergeHook,
): Float32Array {
  checkShowerWeights(weights);
  const { kernelSize: k, convolutions: c, levels } = weights;
  const { batch } = encoding;
  if (encoding.bottleneck.length !== batch * k * k || encoding.masks.length !== levels) {
    throw new ShowerError(
      'BAD_INPUT',
      `the encoding must have a B×${k}×${k} bottleneck and ${levels} masks`,
    );
  }
  let x = encoding.bottleneck;
  let side = k;
  for (let level = 1; level <= levels; level++) {
    const mask = encoding.masks[levels - level] as Float32Array;
    const out = side * k;
    if (mask.length !== batch * out * out * c) {
      throw new ShowerError(
        'BAD_INPUT',
        `mask of encoder level ${levels - level + 1} must hold B×${out}×${out}×${c} numbers`,
      );
    }
    const next = new Float32Array(batch * out * out);
    for (let b = 0; b < batch; b++) {
      for (let y = 0; y < side; y++) {
        for (let xx = 0; xx < side; xx++) {
          const parent = x[b * side * side + y * side + xx] as number;
          if (parent === 0) continue;
          for (let a = 0; a < k; a++) {
            for (let bb = 0; bb < k; bb++) {
              const child = b * out * out + (k * y + a) * out + k * xx + bb;
              let sum = 0;
              for (let i = 0; i < c; i++) {
                const m = mask[child * c + i] as number;
                if (m !== 0)
                  sum +=
                    parent * ((weights.deconvKernels[i] as Float32Array)[a * k + bb] as number) * m;
              }
              next[child] = sum;
            }
          }
        }
      }
    }
    x = next;
    side = out;
    const encoderInput = encoding.levelInputs?.[levels - level];
    if (merge && encoderInput) {
      x = merge(x, encoderInput, { level, side, kernelSize: k, batch });
    }
  }
  return x;
}

/**
 * Encodes and decodes images with the plain-loop reference: the shower network's whole forward
 * pass (the stochastic shower when the input is an unshowered event).
 *
 * @param weights - the network's numbers
 * @param images - B×N×N images
 * @param options - the uniform numbers of FilterMask, and an optional merge hook
 * @returns B×N×N images
 * @throws {@link ShowerError} as {@link referenceEncode} and {@link referenceDecode}
 * @example
 * ```ts
 * const out = referenceReconstruct(weights, images, { uniform: createRng(140280) });
 * ```
 */
export function referenceReconstruct(
  weights: ShowerWeights,
  images: Float32Array,
  options: ReferenceOptions & { merge?: ReferenceMergeHook },
): Float32Array {
  return referenceDecode(weights, referenceEncode(weights, images, options), options.merge);
}
