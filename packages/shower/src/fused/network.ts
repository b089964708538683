import { ShowerError } from '../errors.js';
import { argmaxLaw, GuideTable, PairTable } from './mask-sampling.js';
import type { FusedRandom } from './rng.js';

/** Keras' epsilon, the tolerance of FilterMask's comparisons. */
const EPSILON = 1e-7;

/** For a 2×2 patch's set of non-zero entries (bit j = entry j): the entry if it is alone, else −1. */
const ONE_OF_FOUR = Int8Array.from({ length: 16 }, (_, m) =>
  m !== 0 && (m & (m - 1)) === 0 ? 31 - Math.clz32(m) : -1,
);

/** Floating-point type of the fused network's workspaces: float32 as tfjs, float64 for checks. */
export type FusedPrecision = 'float32' | 'float64';

/** A workspace or parameter array of the fused network. */
export type FusedArray = Float32Array | Float64Array;

/**
 * How the fused network draws the filter mask on pixels where all kernels tie.
 *
 * - `perChannel`: one uniform per channel, r_c = u_c·p_c, mask = channels within ε of max r
 *   (FilterMask step 4 literally).
 * - `categorical`: one uniform per pixel from the exact law of argmax_c u_c·p_c (see
 *   {@link argmaxLaw}); the same law up to events of probability ≈ C·ε/max p.
 */
export type MaskSampling = 'perChannel' | 'categorical';

/**
 * Sizes of the recursive autoencoder.
 *
 * @remarks `sizes[l]` is the side of encoder level l's input (l = 0..L): sizes[0] = N, sizes[L] = k
 * (the bottleneck). Decoder level d writes the children at side sizes[L − 1 − d].
 */
export interface FusedGeometry {
  /** Image side N. */
  readonly pixels: number;
  /** Kernel size k. */
  readonly kernelSize: number;
  /** Number of kernels C. */
  readonly convolutions: number;
  /** Number of levels L = log_k N − 1. */
  readonly levels: number;
  /** Side of each encoder level's input, N, N/k, …, k. */
  readonly sizes: readonly number[];
}

/**
 * Checks and derives the geometry of the network.
 *
 * @param pixels - image side N, a power k^(L+1) of the kernel size with L ≥ 1
 * @param kernelSize - kernel size k ≥ 2
 * @param convolutions - number of kernels C, 1 to 32 (masks are 32-bit sets)
 * @returns the geometry
 * @throws {@link ShowerError} `BAD_GEOMETRY` when N is not a power of k or a size is out of range
 *
 * @example
 * ```ts
 * fusedGeometry(64, 2, 9).levels; // 5
 * fusedGeometry(64, 2, 9).sizes; // [64, 32, 16, 8, 4, 2]
 * ```
 */
export function fusedGeometry(
  pixels: number,
  kernelSize: number,
  convolutions: number,
): FusedGeometry {
  if (!Number.isInteger(kernelSize) || kernelSize < 2) {
    throw new ShowerError('BAD_GEOMETRY', `kernel size must be an integer ≥ 2, got ${kernelSize}`);
  }
  if (!Number.isInteger(convolutions) || convolutions < 1 || convolutions > 32) {
    throw new ShowerError(
      'BAD_GEOMETRY',
      `number of convolutions must be an integer in 1..32, got ${convolutions}`,
    );
  }
  const sizes = [pixels];
  let side = pixels;
  while (side > kernelSize && side % kernelSize === 0) {
    side /= kernelSize;
    sizes.push(side);
  }
  if (!Number.isInteger(pixels) || side !== kernelSize || sizes.length < 2) {
    throw new ShowerError(
      'BAD_GEOMETRY',
      `pixels must be a power k^n of the kernel size k = ${kernelSize} with n ≥ 2, got ${pixels}`,
    );
  }
  return { pixels, kernelSize, convolutions, levels: sizes.length - 1, sizes };
}

/**
 * Allocates a zeroed float array of the given precision.
 *
 * @param precision - 'float32' or 'float64'
 * @param length - number of elements
 * @returns a Float32Array or Float64Array
 *
 * @example
 * ```ts
 * makeFusedArray('float64', 3); // Float64Array [0, 0, 0]
 * ```
 */
export function makeFusedArray(precision: FusedPrecision, length: number): FusedArray {
  return precision === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** Options of one forward pass of {@link FusedShowerNetwork}. */
export interface FusedForwardOptions {
  /**
   * Compute every pixel of every decoder level and resolve every mask (needed for gradients);
   * otherwise only the children of non-zero parents are visited (generation).
   * @defaultValue true
   */
  readonly dense?: boolean;
  /**
   * Masks to use instead of drawing them: one Uint32Array per encoder level holding the masks of
   * the whole batch, event b at offset b·sizes[l]². A zero entry is drawn as usual.
   */
  readonly fixedMasks?: readonly Uint32Array[];
  /** Event index into `fixedMasks`. @defaultValue 0 */
  readonly event?: number;
  /** Accumulates the number of unique winners per level and channel (length L·C). */
  readonly counts?: Float64Array;
  /**
   * Called after each decoder level d = 1 … L with its output (side k^(d+1)) and the encoder's input
   * of the same side (the unshowered image at that resolution); may change `decoded` in place but
   * not `encoderInput`. The place where `@apemen/merging`'s CKKW-like veto plugs into generation.
   */
  readonly merge?: FusedMergeHook;
}

/**
 * An in-place merge step of the fused forward pass: see {@link FusedForwardOptions.merge}.
 *
 * @param decoded - the decoder level's output, side × side, row-major (changed in place)
 * @param encoderInput - the encoder's input of the same side
 * @param side - the image side
 * @param level - the decoder level, 1 (output side k²) … L (output side N)
 * @param bound - an upper bound on |v| for every value v of `decoded` (+∞ when not known), so a
 *   hook can skip levels where nothing can pass its threshold
 */
export type FusedMergeHook = (
  decoded: FusedArray,
  encoderInput: FusedArray,
  side: number,
  level: number,
  bound: number,
) => void;

/**
 * The whole APEMEN network for one event at a time on preallocated typed arrays: encoder (conv
 * bank, maximum, FilterMask, max-pooling per level), decoder (masked transposed convolutions) and
 * the backward pass to the conv and deconv kernels.
 *
 * @remarks
 * Kernel layouts: `convKernels[c·k² + dy·k + dx]` is Keras' conv2d_(c+1) kernel[dy, dx, 0, 0];
 * `deconvKernels[c·k² + a·k + b]` is conv2d_transpose_(c+1) kernel[a, b, 0, 0], which writes
 * parent(y, x)·K_c[a, b] into child (k·y + a, k·x + b). Filter probabilities: `probabilities[l·C + c]`
 * for encoder level l (0 = finest). Padding is TensorFlow's 'same' (the extra row and column of an
 * even kernel after). Masks are stored as bit sets (bit c = channel c), 0 meaning "not drawn yet".
 *
 * Exact shortcuts: conv responses are computed only at pixels whose receptive field holds a
 * non-zero input (elsewhere all responses are 0, all kernels tie, x = 0); the encoder's backward
 * pass follows only the argmax chain of non-zero pooled pixels (a zero pooled pixel either comes
 * from an empty receptive field or from an exact zero response, whose gradient to the kernels is
 * zero). Ties in the channel maximum and in max-pooling go to the first index (as tfjs' maxPool).
 *
 * @example
 * ```ts
 * const net = new FusedShowerNetwork(fusedGeometry(64, 2, 9));
 * net.setParameters(conv, deconv, probabilities);
 * net.forwardEvent(images, 0, rng);
 * net.output; // 64×64 reconstruction of the first image
 * ```
 */
export class FusedShowerNetwork {
  /** The network's sizes. */
  readonly geometry: FusedGeometry;
  /** The workspace precision. */
  readonly precision: FusedPrecision;
  /** How tied masks are drawn. */
  readonly maskSampling: MaskSampling;
  /** Encoder level inputs: xIn[0] the image, xIn[L] the bottleneck. */
  readonly levelInputs: FusedArray[];
  /**
   * Masks per encoder level of the current event (bit sets). After a dense pass every entry is
   * set; after a sparse (generation) pass with k = 2 and categorical sampling only the encoder's
   * own masks (pixels with a non-empty receptive field) are: the decoder draws the tied masks of
   * the other children in pairs without storing them.
   */
  readonly masks: Uint32Array[];
  /** Decoder outputs per decoder level; the last is the network output. */
  readonly decoded: FusedArray[];
  /** Gradient of the loss with respect to the output (N²), filled by the caller or the loss. */
  readonly outputGradient: FusedArray;

  private conv: FusedArray;
  private deconv: FusedArray;
  /** Σ_{c in m} K_c[j] for every mask m (row m·k² + j), when 2^C is small enough (C ≤ 12). */
  private maskSums: Float64Array | undefined;
  /** Pair weights for k = 2: row o = a·C + b holds K_a[0], K_b[1], K_a[2], K_b[3]. */
  private pairWeights: Float64Array;
  /** Largest |decoder weight| of any mask and child position (bounds a level's output). */
  private maxAbsWeight = Number.POSITIVE_INFINITY;
  private probabilities: Float64Array;
  private readonly tables: GuideTable[] = [];
  /** Per level, the pair law of two tied children (k = 2, categorical sampling), if usable. */
  private readonly pairTables: (PairTable | undefined)[] = [];
  /** Whether masks of level l may be set outside the encoder's active pixels (then cleared densely). */
  private readonly masksDirty: Uint8Array;
  /** Whether the non-zero list of decoder level d's output is valid. */
  private readonly decodedListValid: Uint8Array;
  /** The buffer of the last float32 input, and a float64 view of it. */
  private sourceBuffer: ArrayBufferLike | undefined;
  private sourceWords: Float64Array | undefined;
  /** Whether uniforms are drawn in blocks (dense passes) or one at a time (sparse passes). */
  private blockDraws = true;
  /**
   * Per kernel position j (6 entries each): the largest W_c[j] and the largest below it, the
   * smallest and the smallest above it, the largest |W_c[j]| and the largest below it (NaN where
   * there is none).
   */
  private readonly singleTable: Float64Array;
  /**
   * Per kernel position j (4 entries each): the first channel holding the largest W_c[j], the first
   * holding the smallest, the set of channels holding the largest |W_c[j]| and its size.
   */
  private readonly singleIndex: Int32Array;
  private readonly nonZero: Int32Array[];
  private readonly nonZeroCount: Int32Array;
  private readonly maxResponse: FusedArray[];
  private readonly argChannel: Uint8Array[];
  private readonly active: Int32Array[];
  private readonly activeCount: Int32Array;
  private readonly stamp: Int32Array[];
  private readonly poolStamp: Int32Array[];
  private readonly poolArg: Int32Array[];
  private readonly decodedNonZero: Int32Array[];
  private readonly decodedNonZeroCount: Int32Array;
  private readonly decodedGradient: FusedArray[];
  private readonly bottleneckGradient: FusedArray;
  private readonly inputGradient: FusedArray[];
  private readonly responses: FusedArray;
  private readonly patch: Float64Array;
  private readonly draws: Float64Array;
  private stampCounter = 0;
  private rng: FusedRandom | undefined;
  private readonly uniforms = new Float64Array(1024);
  private uniformIndex = 1024;

  /**
   * @param geometry - from {@link fusedGeometry}
   * @param precision - workspace precision @defaultValue 'float32'
   * @param maskSampling - how tied masks are drawn @defaultValue 'categorical'
   */
  constructor(
    geometry: FusedGeometry,
    precision: FusedPrecision = 'float32',
    maskSampling: MaskSampling = 'categorical',
  ) {
    this.geometry = geometry;
    this.precision = precision;
    this.maskSampling = maskSampling;
    const { sizes, levels: L, kernelSize: k, convolutions: C } = geometry;
    const area = (l: number): number => (sizes[l] as number) ** 2;
    this.levelInputs = sizes.map((s) => makeFusedArray(precision, s * s));
    this.nonZero = sizes.map((s) => new Int32Array(s * s));
    this.nonZeroCount = new Int32Array(L + 1);
    this.maxResponse = [];
    this.argChannel = [];
    this.active = [];
    this.stamp = [];
    this.poolStamp = [];
    this.poolArg = [];
    this.masks = [];
    this.inputGradient = [];
    for (let l = 0; l < L; l++) {
      this.maxResponse.push(makeFusedArray(precision, area(l)));
      this.argChannel.push(new Uint8Array(area(l)));
      this.active.push(new Int32Array(area(l)));
      this.stamp.push(new Int32Array(area(l)));
      this.poolStamp.push(new Int32Array(area(l + 1)));
      this.poolArg.push(new Int32Array(area(l + 1)));
      this.masks.push(new Uint32Array(area(l)));
      this.inputGradient.push(makeFusedArray(precision, area(l)));
    }
    this.activeCount = new Int32Array(L);
    this.masksDirty = new Uint8Array(L);
    this.decodedListValid = new Uint8Array(L);
    this.decoded = [];
    this.decodedGradient = [];
    this.decodedNonZero = [];
    for (let d = 0; d < L; d++) {
      this.decoded.push(makeFusedArray(precision, area(L - 1 - d)));
      this.decodedGradient.push(makeFusedArray(precision, area(L - 1 - d)));
      this.decodedNonZero.push(new Int32Array(area(L - 1 - d)));
    }
    this.decodedNonZeroCount = new Int32Array(L);
    this.outputGradient = this.decodedGradient[L - 1] as FusedArray;
    this.bottleneckGradient = makeFusedArray(precision, k * k);
    this.responses = makeFusedArray(precision, C);
    this.patch = new Float64Array(k * k);
    this.draws = new Float64Array(C);
    this.conv = makeFusedArray(precision, C * k * k);
    this.deconv = makeFusedArray(precision, C * k * k);
    this.pairWeights = new Float64Array(k === 2 ? C * C * 4 : 0);
    this.singleTable = new Float64Array(k * k * 6);
    this.singleIndex = new Int32Array(k * k * 4);
    this.probabilities = new Float64Array(L * C).fill(1);
    this.refreshTables();
    this.refreshKernelTables();
  }

  /**
   * Indices of the non-zero pixels of an encoder level's input in the current event.
   *
   * @param level - 0 (the image) to L (the bottleneck)
   * @returns the index array; only the first {@link FusedShowerNetwork.nonZeroCountAt} are valid
   */
  nonZeroIndices(level: number): Int32Array {
    return this.nonZero[level] as Int32Array;
  }

  /**
   * Number of non-zero pixels of an encoder level's input in the current event.
   *
   * @param level - 0 (the image) to L (the bottleneck)
   * @returns the count
   */
  nonZeroCountAt(level: number): number {
    return this.nonZeroCount[level] as number;
  }

  /** The network output of the current event (N², row-major, row = rapidity bin). */
  get output(): FusedArray {
    return this.decoded[this.geometry.levels - 1] as FusedArray;
  }

  /**
   * Sets the kernels and filter probabilities used by the following passes (copied).
   *
   * @param convKernels - C·k² encoder kernels
   * @param deconvKernels - C·k² decoder kernels
   * @param probabilities - L·C filter probabilities, level-major
   * @throws {@link ShowerError} `BAD_WEIGHTS` on wrong lengths
   */
  setParameters(
    convKernels: ArrayLike<number>,
    deconvKernels: ArrayLike<number>,
    probabilities: ArrayLike<number>,
  ): void {
    const { levels: L, kernelSize: k, convolutions: C } = this.geometry;
    if (convKernels.length !== C * k * k || deconvKernels.length !== C * k * k) {
      throw new ShowerError(
        'BAD_WEIGHTS',
        `expected ${C * k * k} conv and deconv kernel values (C·k²), got ${convKernels.length} and ${deconvKernels.length}`,
      );
    }
    if (probabilities.length !== L * C) {
      throw new ShowerError(
        'BAD_WEIGHTS',
        `expected ${L * C} filter probabilities (L·C), got ${probabilities.length}`,
      );
    }
    for (let i = 0; i < C * k * k; i++) {
      this.conv[i] = convKernels[i] as number;
      this.deconv[i] = deconvKernels[i] as number;
    }
    for (let i = 0; i < L * C; i++) this.probabilities[i] = probabilities[i] as number;
    this.refreshTables();
    this.refreshKernelTables();
  }

  /**
   * Tables derived from the kernels: the output bound's weight sum, the k = 2 pair weights, the
   * encoder's one-entry shortcut and the mask-sum table.
   */
  private refreshKernelTables(): void {
    const { kernelSize: k, convolutions: C } = this.geometry;
    const kk = k * k;
    // |child| ≤ |parent|·max_j Σ_c |K_c[j]| whatever the mask (a sum over a set of channels).
    let bound = 0;
    for (let j = 0; j < kk; j++) {
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.abs(this.deconv[c * kk + j] as number);
      bound = Math.max(bound, sum);
    }
    this.maxAbsWeight = bound;
    this.refreshSingleEntry();
    if (k === 2) {
      const T = this.pairWeights;
      for (let a = 0; a < C; a++) {
        for (let b = 0; b < C; b++) {
          const o = (a * C + b) * 4;
          T[o] = this.deconv[a * 4] as number;
          T[o + 1] = this.deconv[b * 4 + 1] as number;
          T[o + 2] = this.deconv[a * 4 + 2] as number;
          T[o + 3] = this.deconv[b * 4 + 3] as number;
        }
      }
    }
    if (C > 12) {
      this.maskSums = undefined;
      return;
    }
    const sums = this.maskSums ?? new Float64Array((1 << C) * kk);
    for (let m = 1; m < 1 << C; m++) {
      for (let j = 0; j < kk; j++) sums[m * kk + j] = maskedKernel(this.deconv, m, j, kk);
    }
    this.maskSums = sums;
  }

  /**
   * Tables of the encoder's one-entry shortcut. For a patch whose only non-zero entry is x at
   * position j, response c is round(x·W_c[j]) (round: to float32 in float32 precision; the product
   * of two float32 numbers is exact in float64). Rounding is monotone and sign-symmetric, so for
   * x > 0 the maximum is round(x·max_c W_c[j]) and its first channel is the first holding that
   * weight, provided the next lower weight does not round to the same value; likewise for x < 0
   * with the smallest weight; the largest |response| is round(|x|·max|W|), every channel holding
   * that |W| wins, and no other does provided the next lower |W| misses the ε window. Where a
   * proviso fails (or the maximum is ±0) the encoder computes every response.
   */
  private refreshSingleEntry(): void {
    const { kernelSize: k, convolutions: C } = this.geometry;
    const kk = k * k;
    const W = this.conv;
    for (let j = 0; j < kk; j++) {
      let top = Number.NEGATIVE_INFINITY;
      let bottom = Number.POSITIVE_INFINITY;
      let absTop = 0;
      for (let c = 0; c < C; c++) {
        const w = W[c * kk + j] as number;
        top = Math.max(top, w);
        bottom = Math.min(bottom, w);
        absTop = Math.max(absTop, Math.abs(w));
      }
      let belowTop = Number.NaN;
      let aboveBottom = Number.NaN;
      let absBelow = Number.NaN;
      let topIndex = -1;
      let bottomIndex = -1;
      let set = 0;
      let count = 0;
      for (let c = 0; c < C; c++) {
        const w = W[c * kk + j] as number;
        if (w === top && topIndex < 0) topIndex = c;
        if (w === bottom && bottomIndex < 0) bottomIndex = c;
        if (w < top && !(w <= belowTop)) belowTop = w;
        if (w > bottom && !(w >= aboveBottom)) aboveBottom = w;
        const a = Math.abs(w);
        if (a === absTop) {
          set |= 1 << c;
          count++;
        } else if (!(a <= absBelow)) {
          absBelow = a;
        }
      }
      this.singleTable.set([top, belowTop, bottom, aboveBottom, absTop, absBelow], j * 6);
      this.singleIndex.set([topIndex, bottomIndex, set, count], j * 4);
    }
  }

  private refreshTables(): void {
    const { levels: L, convolutions: C } = this.geometry;
    this.tables.length = 0;
    this.pairTables.length = 0;
    for (let l = 0; l < L; l++) {
      const law = argmaxLaw(this.probabilities.subarray(l * C, (l + 1) * C));
      const table = new GuideTable(law);
      this.tables.push(table);
      this.pairTables.push(
        this.geometry.kernelSize === 2 &&
          C > 1 &&
          this.maskSampling === 'categorical' &&
          table.cdf.length > 0
          ? new PairTable(law)
          : undefined,
      );
    }
  }

  /**
   * FilterMask steps 1–4 for one pixel whose winners (channels within ε of the largest |o_c|) are
   * given: r_c = u_c·p_c on winners, 0 elsewhere; the mask is every channel within ε of max r.
   */
  private drawMask(level: number, winners: number): number {
    const C = this.geometry.convolutions;
    const p = this.probabilities;
    const base = level * C;
    const draws = this.draws;
    let rMax = 0;
    for (let c = 0; c < C; c++) {
      if ((winners >>> c) & 1) {
        const r = this.nextUniform() * (p[base + c] as number);
        draws[c] = r;
        if (r > rMax) rMax = r;
      } else {
        draws[c] = 0;
      }
    }
    let mask = 0;
    for (let c = 0; c < C; c++) if ((draws[c] as number) - rMax + EPSILON > 0) mask |= 1 << c;
    return mask >>> 0;
  }

  /** The next uniform of the mask stream, drawn from the stream in blocks. */
  private nextUniform(): number {
    if (!this.blockDraws) return (this.rng as FusedRandom).uniform();
    if (this.uniformIndex === this.uniforms.length) {
      (this.rng as FusedRandom).fillUniform(this.uniforms);
      this.uniformIndex = 0;
    }
    return this.uniforms[this.uniformIndex++] as number;
  }

  /** Whether tied masks of a level can be drawn inline from the guide table. */
  private canInlineTiedDraws(level: number): boolean {
    const table = this.tables[level] as GuideTable;
    return (
      this.maskSampling === 'categorical' &&
      this.geometry.convolutions > 1 &&
      table.cdf.length > 0 &&
      this.maskSums !== undefined
    );
  }

  /**
   * One dense decoder level for k = 2, drawing tied masks as it goes (categorical sampling):
   * child (2y + a, 2x + b) = parent(y, x)·K_mask[a, b].
   */
  private decodeDenseTwo(
    level: number,
    parent: FusedArray,
    child: FusedArray,
    P: number,
    CS: number,
  ): void {
    const masks = this.masks[level] as Uint32Array;
    const sums = this.maskSums as Float64Array;
    const table = this.tables[level] as GuideTable;
    const guide = table.guide;
    const buckets = guide.length;
    const uniforms = this.uniforms;
    let ui = this.uniformIndex;
    for (let y = 0; y < P; y++) {
      const top = 2 * y * CS;
      for (let xx = 0; xx < P; xx++) {
        const v = parent[y * P + xx] as number;
        const base = top + 2 * xx;
        for (let j = 0; j < 4; j++) {
          const cp = base + (j >> 1) * CS + (j & 1);
          let m = masks[cp] as number;
          if (m === 0) {
            if (ui === uniforms.length) {
              (this.rng as FusedRandom).fillUniform(uniforms);
              ui = 0;
            }
            const u = uniforms[ui++] as number;
            let c = guide[(u * buckets) | 0] as number;
            if (c < 0) c = table.draw(u);
            m = (1 << c) >>> 0;
            masks[cp] = m;
          }
          child[cp] = v * (sums[m * 4 + j] as number);
        }
      }
    }
    this.uniformIndex = ui;
  }

  /**
   * One sparse decoder level for k = 2 and categorical sampling: every child of the level written in
   * one raster sweep, zero under a zero parent; the two children in a row of a non-zero parent take
   * their masks from one pair draw (12 bits of one 32-bit random number per row), then the children
   * whose mask the encoder set are written again with it.
   *
   * @returns the largest |parent| of the level
   */
  private decodePairs(
    level: number,
    table: PairTable,
    parent: FusedArray,
    child: FusedArray,
    P: number,
    CS: number,
  ): number {
    const rng = this.rng as FusedRandom;
    const guide = table.guide;
    const weights = this.pairWeights;
    let largest = 0;
    for (let y = 0; y < P; y++) {
      const top = 2 * y * CS;
      const row = y * P;
      for (let xx = 0; xx < P; xx++) {
        const v = parent[row + xx] as number;
        const base = top + 2 * xx;
        if (v === 0) {
          child[base] = 0;
          child[base + 1] = 0;
          child[base + CS] = 0;
          child[base + CS + 1] = 0;
          continue;
        }
        largest = Math.max(largest, Math.abs(v));
        const r = rng.nextUint32();
        const upper = r >>> 20;
        let o1 = guide[upper] as number;
        const lower = (r >>> 8) & 4095;
        let o2 = guide[lower] as number;
        // A bucket straddling a CDF boundary (rare): 32 fresh bits place u inside it.
        if (o1 < 0) o1 = table.straddle(upper, rng.nextUint32());
        if (o2 < 0) o2 = table.straddle(lower, rng.nextUint32());
        child[base] = v * (weights[4 * o1] as number);
        child[base + 1] = v * (weights[4 * o1 + 1] as number);
        child[base + CS] = v * (weights[4 * o2 + 2] as number);
        child[base + CS + 1] = v * (weights[4 * o2 + 3] as number);
      }
    }
    // Children whose mask the encoder set (its active pixels) take that mask; the pair drawn for
    // their row stays valid for a tied sibling (its marginal law is q).
    const masks = this.masks[level] as Uint32Array;
    const sums = this.maskSums;
    const act = this.active[level] as Int32Array;
    const nAct = this.activeCount[level] as number;
    for (let i = 0; i < nAct; i++) {
      const cp = act[i] as number;
      const cy = (cp / CS) | 0;
      const cx = cp - cy * CS;
      const v = parent[(cy >> 1) * P + (cx >> 1)] as number;
      const m = masks[cp] as number;
      const j = ((cy & 1) << 1) | (cx & 1);
      child[cp] =
        sums !== undefined
          ? v * (sums[m * 4 + j] as number)
          : v * maskedKernel(this.deconv, m, j, 4);
    }
    return largest;
  }

  /** Draws every mask of level l that is still 0 (pixels where all kernels tie). */
  private resolveTiedMasks(level: number): void {
    const masks = this.masks[level] as Uint32Array;
    const n = masks.length;
    const C = this.geometry.convolutions;
    const table = this.tables[level] as GuideTable;
    if (this.maskSampling !== 'categorical' || C === 1 || table.cdf.length === 0) {
      for (let i = 0; i < n; i++) if (masks[i] === 0) masks[i] = this.drawTiedMask(level);
      return;
    }
    // Inverse-CDF draw through a guide table: almost every bucket of u lies inside one CDF
    // interval (a predictable branch); the few straddling ones search the CDF.
    const guide = table.guide;
    const cdf = table.cdf;
    const buckets = guide.length;
    const uniforms = this.uniforms;
    let ui = this.uniformIndex;
    for (let i = 0; i < n; i++) {
      if (masks[i] !== 0) continue;
      if (ui === uniforms.length) {
        (this.rng as FusedRandom).fillUniform(uniforms);
        ui = 0;
      }
      const u = uniforms[ui++] as number;
      let c = guide[(u * buckets) | 0] as number;
      if (c < 0) {
        c = 0;
        while (c < C - 1 && u >= (cdf[c] as number)) c++;
      }
      masks[i] = (1 << c) >>> 0;
    }
    this.uniformIndex = ui;
  }

  /** The mask of a pixel where every kernel ties. */
  private drawTiedMask(level: number): number {
    const C = this.geometry.convolutions;
    if (C === 1) return 1;
    if (this.maskSampling === 'categorical') {
      const table = this.tables[level] as GuideTable;
      const u = this.nextUniform();
      let c = table.guide[(u * table.guide.length) | 0] as number;
      if (c < 0) c = table.draw(u);
      return c < 0 ? (C === 32 ? 0xffffffff : (1 << C) - 1) >>> 0 : (1 << c) >>> 0;
    }
    return this.drawMask(level, C === 32 ? 0xffffffff : (1 << C) - 1);
  }

  /**
   * Runs the network on one image; the result is in {@link FusedShowerNetwork.output} and the
   * masks of every level in {@link FusedShowerNetwork.masks}.
   *
   * @param images - a batch of N×N images, row-major
   * @param offset - index of the first pixel of the image in `images`
   * @param rng - the mask random stream; a dense pass takes uniforms from it in blocks of 1024 and
   *   drops the unused rest of the last block at the end of the event, a sparse pass takes them one
   *   at a time, so an event's masks depend only on the stream's state when the event starts
   * @param options - density, fixed masks, winner counts, merge hook
   * @remarks A sparse pass with k = 2 and categorical sampling draws the masks of the two children
   * in a row of a non-zero parent together (12 random bits per pair, see the pair law in
   * `mask-sampling.ts`) and writes every child of the level in one raster sweep; then the children
   * whose mask the encoder set (its active pixels) are written again with that mask.
   */
  forwardEvent(
    images: ArrayLike<number>,
    offset: number,
    rng: FusedRandom,
    options: FusedForwardOptions = {},
  ): void {
    this.rng = rng;
    this.uniformIndex = this.uniforms.length;
    const dense = options.dense ?? true;
    this.blockDraws = dense;
    const fixed = options.fixedMasks;
    const event = options.event ?? 0;
    const counts = options.counts;
    const { sizes, levels: L, kernelSize: k, convolutions: C } = this.geometry;
    const kk = k * k;
    const pad = (k - 1) >> 1;
    const W = this.conv;
    const resp = this.responses;
    const probabilities = this.probabilities;
    const allChannels = C === 32 ? 0xffffffff : (1 << C) - 1;
    const singleTable = this.singleTable;
    const singleIndex = this.singleIndex;
    const round32 = this.precision === 'float32';

    const image = this.levelInputs[0] as FusedArray;
    const n0 = image.length;
    const nz0 = this.nonZero[0] as Int32Array;
    let count0 = 0;
    // Float32 input into a float32 workspace, starting on an 8-byte boundary (every image of a
    // batch does), is scanned eight floats at a time as four float64 words: a word compares equal
    // to 0 exactly when its two floats are +0 or −0 in the high half and +0 in the low half (−0 in
    // the low half reads as a denormal, non-zero: the floats are then looked at one by one).
    const first = images instanceof Float32Array ? (images.byteOffset >> 2) + offset : 1;
    if (round32 && images instanceof Float32Array && (first & 1) === 0) {
      // The workspace is zero but at the previous event's non-zero pixels: clear those, then copy
      // only the new ones, so a sparse image costs a read and not a copy.
      const previous = this.nonZeroCount[0] as number;
      for (let i = 0; i < previous; i++) image[nz0[i] as number] = 0;
      const firstWord = first >> 1;
      const blocks = n0 & ~7;
      // A view over the whole buffer, made again for a new buffer or one that has grown.
      if (
        images.buffer !== this.sourceBuffer ||
        firstWord + (blocks >> 1) > (this.sourceWords as Float64Array).length
      ) {
        this.sourceBuffer = images.buffer;
        this.sourceWords = new Float64Array(images.buffer, 0, images.buffer.byteLength >> 3);
      }
      const words = this.sourceWords as Float64Array;
      for (let i = 0; i < blocks; i += 8) {
        const w = firstWord + (i >> 1);
        if (words[w] === 0 && words[w + 1] === 0 && words[w + 2] === 0 && words[w + 3] === 0) {
          continue;
        }
        for (let j = i; j < i + 8; j++) {
          const v = images[offset + j] as number;
          if (v !== 0) {
            image[j] = v;
            nz0[count0++] = j;
          }
        }
      }
      for (let j = blocks; j < n0; j++) {
        const v = images[offset + j] as number;
        if (v !== 0) {
          image[j] = v;
          nz0[count0++] = j;
        }
      }
    } else {
      // −0 is stored as +0, so the workspace is +0 away from its non-zero list whatever path
      // filled it.
      for (let i = 0; i < n0; i++) {
        const v = images[offset + i] as number;
        if (v !== 0) {
          image[i] = v;
          nz0[count0++] = i;
        } else {
          image[i] = 0;
        }
      }
    }
    this.nonZeroCount[0] = count0;

    for (let l = 0; l < L; l++) {
      const S = sizes[l] as number;
      const T = sizes[l + 1] as number;
      const x = this.levelInputs[l] as FusedArray;
      const nz = this.nonZero[l] as Int32Array;
      const nNz = this.nonZeroCount[l] as number;
      const xp = this.maxResponse[l] as FusedArray;
      const argC = this.argChannel[l] as Uint8Array;
      const masks = this.masks[l] as Uint32Array;
      const act = this.active[l] as Int32Array;
      const stamp = this.stamp[l] as Int32Array;
      // Row of a pixel index by a shift where the side is a power of two (every k = 2 level).
      const shift = (S & (S - 1)) === 0 ? 31 - Math.clz32(S) : -1;
      // The previous event wrote the channel maxima, and (unless a decoder pass drew masks
      // everywhere) the masks, only at its active pixels: clear just those.
      const previousActive = this.activeCount[l] as number;
      for (let i = 0; i < previousActive; i++) xp[act[i] as number] = 0;
      if (fixed !== undefined) {
        const source = fixed[l] as Uint32Array;
        masks.set(source.subarray(event * S * S, (event + 1) * S * S));
        this.masksDirty[l] = 1;
      } else if (this.masksDirty[l] !== 0) {
        masks.fill(0);
        this.masksDirty[l] = 0;
      } else {
        for (let i = 0; i < previousActive; i++) masks[act[i] as number] = 0;
      }

      const st = ++this.stampCounter;
      let nAct = 0;
      for (let i = 0; i < nNz; i++) {
        const q = nz[i] as number;
        const qy = shift >= 0 ? q >> shift : (q / S) | 0;
        const qx = q - qy * S;
        for (let dy = 0; dy < k; dy++) {
          const y = qy - dy + pad;
          if (y < 0 || y >= S) continue;
          for (let dx = 0; dx < k; dx++) {
            const xx = qx - dx + pad;
            if (xx < 0 || xx >= S) continue;
            const p = y * S + xx;
            if (stamp[p] !== st) {
              stamp[p] = st;
              act[nAct++] = p;
            }
          }
        }
      }
      this.activeCount[l] = nAct;
      const patch = this.patch;
      for (let i = 0; i < nAct; i++) {
        const p = act[i] as number;
        const y = shift >= 0 ? p >> shift : (p / S) | 0;
        const xx = p - y * S;
        // Gather the receptive field once (zeros outside the image), then the C dot products.
        // A patch with one non-zero entry x (isolated partons: most of generation's pixels): every
        // response is x·W_c[j] for the same j, so the maxima and the winners follow from the
        // sorted column j of the kernels (see singleEntry), unless rounding or ε makes it close.
        let single = -1;
        if (kk === 4) {
          // k = 2 ('same' padding adds a row and a column after): rows y, y + 1, columns x, x + 1.
          const at = y * S + xx;
          const right = xx + 1 < S;
          const down = y + 1 < S;
          const q0 = x[at] as number;
          const q1 = right ? (x[at + 1] as number) : 0;
          const q2 = down ? (x[at + S] as number) : 0;
          const q3 = right && down ? (x[at + S + 1] as number) : 0;
          patch[0] = q0;
          patch[1] = q1;
          patch[2] = q2;
          patch[3] = q3;
          const occupied =
            (q0 !== 0 ? 1 : 0) | (q1 !== 0 ? 2 : 0) | (q2 !== 0 ? 4 : 0) | (q3 !== 0 ? 8 : 0);
          single = ONE_OF_FOUR[occupied] as number;
        } else {
          for (let dy = 0; dy < k; dy++) {
            const iy = y + dy - pad;
            const inside = iy >= 0 && iy < S;
            for (let dx = 0; dx < k; dx++) {
              const ix = xx + dx - pad;
              patch[dy * k + dx] = inside && ix >= 0 && ix < S ? (x[iy * S + ix] as number) : 0;
            }
          }
          for (let j = 0; j < kk; j++) {
            if (patch[j] !== 0) single = single === -1 ? j : -2;
          }
        }
        if (single >= 0) {
          const value = patch[single] as number;
          const t = single * 6;
          const top = (value > 0 ? singleTable[t] : singleTable[t + 2]) as number;
          const second = (value > 0 ? singleTable[t + 1] : singleTable[t + 3]) as number;
          const bestValue = round32 ? Math.fround(value * top) : value * top;
          const runnerUp = round32 ? Math.fround(value * second) : value * second;
          const magnitude = Math.abs(value);
          const aMax = round32
            ? Math.fround(magnitude * (singleTable[t + 4] as number))
            : magnitude * (singleTable[t + 4] as number);
          const a2 = round32
            ? Math.fround(magnitude * (singleTable[t + 5] as number))
            : magnitude * (singleTable[t + 5] as number);
          if (bestValue !== 0 && runnerUp !== bestValue && !(a2 - aMax + EPSILON > 0)) {
            xp[p] = bestValue;
            argC[p] = (value > 0 ? singleIndex[single * 4] : singleIndex[single * 4 + 1]) as number;
            if (fixed !== undefined && masks[p] !== 0) continue;
            const nWinners = singleIndex[single * 4 + 3] as number;
            const winners = singleIndex[single * 4 + 2] as number;
            if (nWinners === 1) {
              const unique = 31 - Math.clz32(winners);
              if (counts !== undefined)
                counts[l * C + unique] = (counts[l * C + unique] as number) + 1;
              const r = this.nextUniform() * (probabilities[l * C + unique] as number);
              masks[p] = r < EPSILON ? allChannels : (1 << unique) >>> 0;
            } else {
              masks[p] = this.drawMask(l, winners >>> 0);
            }
            continue;
          }
        }
        const p0 = patch[0] as number;
        const p1 = patch[1] ?? 0;
        const p2 = patch[2] ?? 0;
        const p3 = patch[3] ?? 0;
        // Branch-free maxima (the winning channel is close to random, so compare-and-branch
        // mispredicts); the argmax is recovered after as the first channel equal to the maximum.
        let bestValue = Number.NEGATIVE_INFINITY;
        let aMax = 0;
        for (let c = 0; c < C; c++) {
          let sum = 0;
          const wBase = c * kk;
          if (kk === 4) {
            sum =
              p0 * (W[wBase] as number) +
              p1 * (W[wBase + 1] as number) +
              p2 * (W[wBase + 2] as number) +
              p3 * (W[wBase + 3] as number);
          } else {
            for (let j = 0; j < kk; j++) sum += (patch[j] as number) * (W[wBase + j] as number);
          }
          resp[c] = sum;
          const v = resp[c] as number;
          bestValue = Math.max(bestValue, v);
          aMax = Math.max(aMax, Math.abs(v));
        }
        let best = 0;
        while (best < C - 1 && resp[best] !== bestValue) best++;
        xp[p] = bestValue;
        argC[p] = best;
        if (fixed !== undefined && masks[p] !== 0) continue;
        let winners = 0;
        let nWinners = 0;
        for (let c = 0; c < C; c++) {
          const w = Math.abs(resp[c] as number) - aMax + EPSILON > 0 ? 1 : 0;
          winners |= w << c;
          nWinners += w;
        }
        const unique = 31 - Math.clz32(winners);
        if (nWinners === 1) {
          if (counts !== undefined) counts[l * C + unique] = (counts[l * C + unique] as number) + 1;
          // r = u·p on the winner, 0 elsewhere: the winner alone unless r < ε (then all channels).
          const r = this.nextUniform() * (probabilities[l * C + unique] as number);
          masks[p] = r < EPSILON ? allChannels : (1 << unique) >>> 0;
        } else {
          masks[p] = this.drawMask(l, winners >>> 0);
        }
      }
      if (C === 1 && counts !== undefined) counts[l] = (counts[l] as number) + S * S - nAct;

      const pooled = this.levelInputs[l + 1] as FusedArray;
      const nzNext = this.nonZero[l + 1] as Int32Array;
      const pStamp = this.poolStamp[l] as Int32Array;
      const pArg = this.poolArg[l] as Int32Array;
      // Only the previous event's non-zero pooled pixels can be non-zero.
      const previousNext = this.nonZeroCount[l + 1] as number;
      for (let i = 0; i < previousNext; i++) pooled[nzNext[i] as number] = 0;
      const st2 = ++this.stampCounter;
      let nNext = 0;
      for (let i = 0; i < nAct; i++) {
        const p = act[i] as number;
        const py = shift >= 0 ? p >> shift : (p / S) | 0;
        const wy = k === 2 ? py >> 1 : (py / k) | 0;
        const wx = k === 2 ? (p - py * S) >> 1 : ((p - py * S) / k) | 0;
        const w = wy * T + wx;
        if (pStamp[w] === st2) continue;
        pStamp[w] = st2;
        let bestValue = Number.NEGATIVE_INFINITY;
        const top = wy * k * S + wx * k;
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++)
            bestValue = Math.max(bestValue, xp[top + a * S + b] as number);
        }
        // The first position (row-major) holding the maximum, as tfjs' maxPool picks it.
        let bestPos = top;
        search: for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            if (xp[top + a * S + b] === bestValue) {
              bestPos = top + a * S + b;
              break search;
            }
          }
        }
        pooled[w] = bestValue;
        pArg[w] = bestPos;
        if (bestValue !== 0) nzNext[nNext++] = w;
      }
      this.nonZeroCount[l + 1] = nNext;
    }

    const Kd = this.deconv;
    const sums = this.maskSums;
    const merge = options.merge;
    for (let d = 0; d < L; d++) {
      const l = L - 1 - d;
      const CS = sizes[l] as number;
      const P = sizes[l + 1] as number;
      const parent =
        d === 0 ? (this.levelInputs[L] as FusedArray) : (this.decoded[d - 1] as FusedArray);
      const child = this.decoded[d] as FusedArray;
      const masks = this.masks[l] as Uint32Array;
      const pairs = this.pairTables[l];
      if (!dense && fixed === undefined && pairs !== undefined) {
        const largest = this.decodePairs(l, pairs, parent, child, P, CS);
        this.decodedListValid[d] = 0;
        // |child| ≤ |parent|·max weight; the margin covers rounding of the float32 products.
        if (merge)
          merge(
            child,
            this.levelInputs[l] as FusedArray,
            CS,
            d + 1,
            largest * this.maxAbsWeight * (1 + 2 ** -20),
          );
        continue;
      }
      this.masksDirty[l] = 1;
      if (d > 0 && this.decodedListValid[d - 1] === 0) {
        const parentNz = this.decodedNonZero[d - 1] as Int32Array;
        let n = 0;
        for (let i = 0; i < parent.length; i++) if (parent[i] !== 0) parentNz[n++] = i;
        this.decodedNonZeroCount[d - 1] = n;
      }
      const nParent =
        d === 0 ? (this.nonZeroCount[L] as number) : (this.decodedNonZeroCount[d - 1] as number);
      // Generation visits only children of non-zero parents, unless most parents are non-zero
      // (then the dense loop is cheaper; the children's non-zero list is collected after it).
      const denseLevel = dense || 4 * nParent > P * P;
      if (denseLevel && k === 2 && this.canInlineTiedDraws(l)) {
        this.decodeDenseTwo(l, parent, child, P, CS);
      } else if (denseLevel) {
        this.resolveTiedMasks(l);
        for (let y = 0; y < P; y++) {
          for (let xx = 0; xx < P; xx++) {
            const v = parent[y * P + xx] as number;
            for (let a = 0; a < k; a++) {
              const row = (k * y + a) * CS + k * xx;
              for (let b = 0; b < k; b++) {
                const m = masks[row + b] as number;
                const ab = a * k + b;
                child[row + b] =
                  (m & (m - 1)) === 0
                    ? v * (Kd[(31 - Math.clz32(m)) * kk + ab] as number)
                    : v * maskedKernel(Kd, m, ab, kk);
              }
            }
          }
        }
      }
      if (denseLevel && !dense && d < L - 1) {
        const childNz = this.decodedNonZero[d] as Int32Array;
        let nChild = 0;
        for (let i = 0; i < child.length; i++) if (child[i] !== 0) childNz[nChild++] = i;
        this.decodedNonZeroCount[d] = nChild;
      } else if (!denseLevel) {
        child.fill(0);
        const parentNz =
          d === 0 ? (this.nonZero[L] as Int32Array) : (this.decodedNonZero[d - 1] as Int32Array);
        const childNz = this.decodedNonZero[d] as Int32Array;
        let nChild = 0;
        for (let i = 0; i < nParent; i++) {
          const q = parentNz[i] as number;
          const y = (q / P) | 0;
          const xx = q - y * P;
          const v = parent[q] as number;
          for (let a = 0; a < k; a++) {
            const row = (k * y + a) * CS + k * xx;
            for (let b = 0; b < k; b++) {
              const cp = row + b;
              let m = masks[cp] as number;
              if (m === 0) {
                m = this.drawTiedMask(l);
                masks[cp] = m;
              }
              const ab = a * k + b;
              const value =
                sums !== undefined
                  ? v * (sums[m * kk + ab] as number)
                  : (m & (m - 1)) === 0
                    ? v * (Kd[(31 - Math.clz32(m)) * kk + ab] as number)
                    : v * maskedKernel(Kd, m, ab, kk);
              child[cp] = value;
              if (value !== 0) childNz[nChild++] = cp;
            }
          }
        }
        this.decodedNonZeroCount[d] = nChild;
      }
      this.decodedListValid[d] = 1;
      if (merge) {
        merge(child, this.levelInputs[l] as FusedArray, CS, d + 1, Number.POSITIVE_INFINITY);
        // The merge may move pT into pixels whose parents were empty: list the non-zero children
        // again for the next level's sparse pass.
        const childNz = this.decodedNonZero[d] as Int32Array;
        let nChild = 0;
        for (let i = 0; i < child.length; i++) if (child[i] !== 0) childNz[nChild++] = i;
        this.decodedNonZeroCount[d] = nChild;
      }
    }
  }

  /**
   * Back-propagates {@link FusedShowerNetwork.outputGradient} through the event of the last
   * dense forward pass, adding dLoss/dKernel to the accumulators.
   *
   * @param convGradient - accumulator of C·k² encoder-kernel gradients
   * @param deconvGradient - accumulator of C·k² decoder-kernel gradients
   */
  backwardEvent(convGradient: Float64Array, deconvGradient: Float64Array): void {
    const { sizes, levels: L, kernelSize: k } = this.geometry;
    const kk = k * k;
    const pad = (k - 1) >> 1;
    const Kd = this.deconv;
    const W = this.conv;
    const sums = this.maskSums;
    for (let d = L - 1; d >= 0; d--) {
      const l = L - 1 - d;
      const CS = sizes[l] as number;
      const P = sizes[l + 1] as number;
      const parent =
        d === 0 ? (this.levelInputs[L] as FusedArray) : (this.decoded[d - 1] as FusedArray);
      const dParent =
        d === 0 ? this.bottleneckGradient : (this.decodedGradient[d - 1] as FusedArray);
      const g = this.decodedGradient[d] as FusedArray;
      const masks = this.masks[l] as Uint32Array;
      if (k === 2 && sums !== undefined) {
        // k = 2 unrolled: dParent from the mask-sum table, dK per single-kernel child.
        for (let y = 0; y < P; y++) {
          const top = 2 * y * CS;
          for (let xx = 0; xx < P; xx++) {
            const q = y * P + xx;
            const v = parent[q] as number;
            const base = top + 2 * xx;
            let acc = 0;
            for (let j = 0; j < 4; j++) {
              const cp = base + (j >> 1) * CS + (j & 1);
              const gc = g[cp] as number;
              const m = masks[cp] as number;
              acc += gc * (sums[m * 4 + j] as number);
              if ((m & (m - 1)) === 0) {
                const i = (31 - Math.clz32(m)) * 4 + j;
                deconvGradient[i] = (deconvGradient[i] as number) + gc * v;
              } else {
                for (let c = 0; m >>> c !== 0; c++) {
                  if ((m >>> c) & 1)
                    deconvGradient[c * 4 + j] = (deconvGradient[c * 4 + j] as number) + gc * v;
                }
              }
            }
            dParent[q] = acc;
          }
        }
        continue;
      }
      for (let y = 0; y < P; y++) {
        for (let xx = 0; xx < P; xx++) {
          const q = y * P + xx;
          const v = parent[q] as number;
          let acc = 0;
          for (let a = 0; a < k; a++) {
            const row = (k * y + a) * CS + k * xx;
            for (let b = 0; b < k; b++) {
              const gc = g[row + b] as number;
              if (gc === 0) continue;
              const m = masks[row + b] as number;
              const ab = a * k + b;
              if ((m & (m - 1)) === 0) {
                const c = 31 - Math.clz32(m);
                acc += gc * (Kd[c * kk + ab] as number);
                deconvGradient[c * kk + ab] = (deconvGradient[c * kk + ab] as number) + gc * v;
              } else {
                for (let c = 0; m >>> c !== 0; c++) {
                  if ((m >>> c) & 1) {
                    acc += gc * (Kd[c * kk + ab] as number);
                    deconvGradient[c * kk + ab] = (deconvGradient[c * kk + ab] as number) + gc * v;
                  }
                }
              }
            }
          }
          dParent[q] = acc;
        }
      }
    }

    let gPooled: FusedArray = this.bottleneckGradient;
    for (let l = L - 1; l >= 0; l--) {
      const S = sizes[l] as number;
      const x = this.levelInputs[l] as FusedArray;
      const dIn = l > 0 ? (this.inputGradient[l] as FusedArray) : undefined;
      if (dIn !== undefined) dIn.fill(0);
      const nz = this.nonZero[l + 1] as Int32Array;
      const nNz = this.nonZeroCount[l + 1] as number;
      const pArg = this.poolArg[l] as Int32Array;
      const argC = this.argChannel[l] as Uint8Array;
      for (let i = 0; i < nNz; i++) {
        const w = nz[i] as number;
        const g = gPooled[w] as number;
        if (g === 0) continue;
        const p = pArg[w] as number;
        const wBase = (argC[p] as number) * kk;
        const y = (p / S) | 0;
        const xx = p - y * S;
        for (let dy = 0; dy < k; dy++) {
          const iy = y + dy - pad;
          if (iy < 0 || iy >= S) continue;
          for (let dx = 0; dx < k; dx++) {
            const ix = xx + dx - pad;
            if (ix < 0 || ix >= S) continue;
            const j = iy * S + ix;
            convGradient[wBase + dy * k + dx] =
              (convGradient[wBase + dy * k + dx] as number) + g * (x[j] as number);
            if (dIn !== undefined)
              dIn[j] = (dIn[j] as number) + g * (W[wBase + dy * k + dx] as number);
          }
        }
      }
      if (dIn !== undefined) gPooled = dIn;
    }
  }
}

/** Σ_{c in mask} K_c[ab]: the decoder weight of one child offset under a mask. */
function maskedKernel(K: FusedArray, mask: number, ab: number, kk: number): number {
  if ((mask & (mask - 1)) === 0) return K[(31 - Math.clz32(mask)) * kk + ab] as number;
  let sum = 0;
  for (let c = 0; mask >>> c !== 0; c++) if ((mask >>> c) & 1) sum += K[c * kk + ab] as number;
  return sum;
}
