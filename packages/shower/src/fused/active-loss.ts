import { ShowerError } from '../errors.js';
import { type FusedArray, type FusedPrecision, makeFusedArray } from './network.js';

/** Keras' epsilon. */
const EPSILON = 1e-7;

/**
 * sign(v) is computed as v/(|v| + TINY) in the dense loops: exactly ±1 for any float32 value
 * (|v| ≥ 1.4e-45 ≫ TINY, so |v| + TINY rounds to |v|) and 0 at 0, without a data-dependent branch
 * (the signs of a prediction are close to random, and mispredicted branches dominated).
 */
const TINY = 1e-300;

/** Options of {@link FusedActiveLoss}. */
export interface FusedActiveLossOptions {
  /** Weights w_s of the Gaussian smearings s = 1..n (normalised). @defaultValue [100, 10, 1] */
  readonly weights?: readonly number[];
  /**
   * Use the original's hard-coded 64·64 for the inactive pixel count instead of N².
   * @defaultValue false
   */
  readonly legacy64?: boolean;
  /** Workspace precision. @defaultValue 'float32' */
  readonly precision?: FusedPrecision;
}

/**
 * The 1-D factor h of the s×s Gaussian of activeLoss: G_s = h hᵀ with h_j ∝ exp(−½ t_j²),
 * t_j = (j + ½)/(s/2) − 1, normalised so that Σ h = 1 (hence Σ G = 1).
 *
 * @param size - the Gaussian's side s ≥ 1
 * @returns h, length s
 *
 * @example
 * ```ts
 * gaussianFactor(2); // Float64Array [0.5, 0.5]
 * ```
 */
export function gaussianFactor(size: number): Float64Array {
  const h = new Float64Array(size);
  let sum = 0;
  for (let j = 0; j < size; j++) {
    const t = (j + 0.5) / (size / 2) - 1;
    h[j] = Math.exp(-0.5 * t * t);
    sum += h[j] as number;
  }
  for (let j = 0; j < size; j++) h[j] = (h[j] as number) / sum;
  return h;
}

/**
 * activeLoss of APEMEN, forward and backward, for one event at a time on preallocated arrays.
 *
 * @remarks
 * Per smearing s: X = target ⊛ G_s, Y = prediction ⊛ G_s ('same', TensorFlow padding, done as two
 * 1-D passes since G_s = h hᵀ), active = step(X − 10ε), n_act = Σ active + ε,
 * n_inact = N² − n_act (64·64 − n_act with `legacy64`), loss_s = ½·[Σ(X − active·Y)²/n_act +
 * (Σ(1 − active)|Y|)²/n_inact]; the event loss is Σ_s w_s loss_s / Σ_s w_s and the batch loss
 * its mean. The gradient of |Y| at Y = 0 is taken as 0 (TensorFlow's convention; tfjs' abs says
 * −1). The target is smeared by scattering its non-zero pixels only. No gradient flows to the
 * target (it is the data).
 *
 * @example
 * ```ts
 * const loss = new FusedActiveLoss(64);
 * const value = loss.event(target, targetNonZero, nNonZero, prediction, gradient, 1 / batch);
 * ```
 */
export class FusedActiveLoss {
  /** Image side N. */
  readonly pixels: number;
  /** Normalised weights w_s. */
  readonly weights: Float64Array;
  /** Number of pixels used for the inactive count (N², or 4096 with legacy64). */
  readonly inactivePixels: number;
  private readonly factors: Float64Array[];
  private readonly reversedFactors: Float64Array[];
  private readonly smearedTarget: FusedArray;
  private readonly smearedPrediction: FusedArray;
  private readonly scratch: FusedArray;
  private readonly smearedGradient: FusedArray;
  private readonly support: Int32Array;
  private readonly smearedPrediction3: FusedArray;
  private readonly scratch3: FusedArray;
  private readonly paddedT2: FusedArray;
  private readonly paddedT3: FusedArray;
  private readonly paddedS2: FusedArray;
  private readonly paddedS3: FusedArray;
  private readonly sums = new Float64Array(3);
  private readonly inactiveFactors: Float64Array;
  private readonly stamp: Int32Array;
  private stampCounter = 0;

  /**
   * @param pixels - image side N
   * @param options - weights, legacy64, precision
   * @throws {@link ShowerError} `BAD_INPUT` when a weight is negative or all are zero
   */
  constructor(pixels: number, options: FusedActiveLossOptions = {}) {
    const weights = options.weights ?? [100, 10, 1];
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0)) {
        throw new ShowerError('BAD_INPUT', `loss weights must be ≥ 0, got ${weights.join(', ')}`);
      }
      total += w;
    }
    if (!(total > 0) || weights.length === 0) {
      throw new ShowerError('BAD_INPUT', 'loss weights must not all be zero');
    }
    this.pixels = pixels;
    this.weights = Float64Array.from(weights, (w) => w / total);
    this.inactivePixels = options.legacy64 === true ? 64 * 64 : pixels * pixels;
    this.factors = weights.map((_, i) => gaussianFactor(i + 1));
    this.reversedFactors = this.factors.map((h) => h.slice().reverse());
    const precision = options.precision ?? 'float32';
    const area = pixels * pixels;
    this.smearedTarget = makeFusedArray(precision, area);
    this.smearedPrediction = makeFusedArray(precision, area);
    this.scratch = makeFusedArray(precision, area);
    this.smearedGradient = makeFusedArray(precision, area);
    this.support = new Int32Array(area);
    this.smearedPrediction3 = makeFusedArray(precision, area);
    this.scratch3 = makeFusedArray(precision, area);
    this.paddedT2 = makeFusedArray(precision, area + 2 * pixels);
    this.paddedT3 = makeFusedArray(precision, area + 2 * pixels);
    this.paddedS2 = makeFusedArray(precision, area + 2 * pixels);
    this.paddedS3 = makeFusedArray(precision, area + 2 * pixels);
    this.inactiveFactors = new Float64Array(weights.length);
    this.stamp = new Int32Array(area);
  }

  /**
   * Loss of one event; adds scale·dLoss/dPrediction to `gradient`.
   *
   * @param target - the target image (N²)
   * @param targetNonZero - indices of the target's non-zero pixels
   * @param nonZeroCount - how many of `targetNonZero` are used
   * @param prediction - the predicted image (N²)
   * @param gradient - accumulator for the gradient with respect to the prediction, or undefined
   * @param scale - factor applied to the gradient (1/batch for a batch mean)
   * @returns the event's loss (before any scale)
   */
  event(
    target: FusedArray,
    targetNonZero: Int32Array,
    nonZeroCount: number,
    prediction: FusedArray,
    gradient: FusedArray | undefined,
    scale: number,
  ): number {
    const N = this.pixels;
    const area = N * N;
    let loss = 0;
    // Default weights (three smearings): the three Y and their |·| sums in two fused passes.
    const fast = this.weights.length === 3 && N >= 3;
    const sums = this.sums;
    const inactiveFactors = this.inactiveFactors;
    if (fast) this.smearThree(prediction);
    inactiveFactors.fill(0);
    for (let si = 0; si < this.weights.length; si++) {
      const weight = this.weights[si] as number;
      if (weight === 0) continue;
      const size = si + 1;
      const h = this.factors[si] as Float64Array;
      const pad = (size - 1) >> 1;
      // The smeared target is non-zero only on `support`, a short list: everywhere else the pixel
      // is inactive and contributes |Y| to the inactive sum and sign(Y) to the gradient.
      const X = this.smearedTarget;
      const support = this.support;
      const stamp = this.stamp;
      const st = ++this.stampCounter;
      let nSupport = 0;
      for (let i = 0; i < nonZeroCount; i++) {
        const q = targetNonZero[i] as number;
        const ty = (q / N) | 0;
        const tx = q - ty * N;
        const v = target[q] as number;
        for (let a = 0; a < size; a++) {
          const y = ty - a + pad;
          if (y < 0 || y >= N) continue;
          const va = v * (h[a] as number);
          for (let b = 0; b < size; b++) {
            const x = tx - b + pad;
            if (x < 0 || x >= N) continue;
            const p = y * N + x;
            if (stamp[p] !== st) {
              stamp[p] = st;
              support[nSupport++] = p;
              X[p] = va * (h[b] as number);
            } else {
              X[p] = (X[p] as number) + va * (h[b] as number);
            }
          }
        }
      }
      let Y: FusedArray;
      let sumAbs: number;
      if (fast) {
        Y = size === 1 ? prediction : size === 2 ? this.smearedPrediction : this.smearedPrediction3;
        sumAbs = sums[si] as number;
      } else if (size === 1) {
        Y = prediction;
        sumAbs = 0;
        for (let p = 0; p < area; p++) sumAbs += Math.abs(prediction[p] as number);
      } else {
        Y = this.smearedPrediction;
        sumAbs = smear(prediction, this.scratch, Y, this.smearedGradient, N, h, pad);
      }
      let nAct = 0;
      let sumSquares = 0;
      let activeAbs = 0;
      for (let i = 0; i < nSupport; i++) {
        const p = support[i] as number;
        const xv = X[p] as number;
        const yv = Y[p] as number;
        const a = xv > 10 * EPSILON ? 1 : xv === 10 * EPSILON ? 0.5 : 0;
        nAct += a;
        const diff = xv - a * yv;
        sumSquares += diff * diff;
        activeAbs += a * Math.abs(yv);
      }
      const sumInactive = sumAbs - activeAbs;
      const nActive = nAct + EPSILON;
      const nInactive = this.inactivePixels - nActive;
      loss += weight * 0.5 * (sumSquares / nActive + (sumInactive * sumInactive) / nInactive);
      if (gradient === undefined) continue;
      const cActive = (scale * weight) / nActive;
      const cInactive = (scale * weight * sumInactive) / nInactive;
      // Dense part: cInactive·sign(Y) at every pixel; the support corrects it where active.
      const dY = this.smearedGradient;
      inactiveFactors[si] = cInactive;
      if (size === 1) {
        for (let p = 0; p < area && !fast; p++) {
          const yv = Y[p] as number;
          if (yv > 0) gradient[p] = (gradient[p] as number) + cInactive;
          else if (yv < 0) gradient[p] = (gradient[p] as number) - cInactive;
        }
        for (let i = 0; i < nSupport; i++) {
          const p = support[i] as number;
          const xv = X[p] as number;
          const yv = Y[p] as number;
          const a = xv > 10 * EPSILON ? 1 : xv === 10 * EPSILON ? 0.5 : 0;
          if (a === 0) continue;
          const sign = yv > 0 ? 1 : yv < 0 ? -1 : 0;
          gradient[p] =
            (gradient[p] as number) - a * (xv - a * yv) * cActive - a * sign * cInactive;
        }
      } else {
        // dY holds sign(Y) from the forward smear: the dense part is cInactive·smearᵀ(sign Y).
        if (!fast)
          smearTransposed(
            dY,
            this.scratch,
            gradient,
            cInactive,
            N,
            this.reversedFactors[si] as Float64Array,
            pad,
          );
        for (let i = 0; i < nSupport; i++) {
          const p = support[i] as number;
          const xv = X[p] as number;
          const yv = Y[p] as number;
          const a = xv > 10 * EPSILON ? 1 : xv === 10 * EPSILON ? 0.5 : 0;
          if (a === 0) continue;
          const sign = yv > 0 ? 1 : yv < 0 ? -1 : 0;
          const g = -a * (xv - a * yv) * cActive - a * sign * cInactive;
          const py = (p / N) | 0;
          const px = p - py * N;
          for (let a2 = 0; a2 < size; a2++) {
            const y = py + a2 - pad;
            if (y < 0 || y >= N) continue;
            const ga = g * (h[a2] as number);
            for (let b = 0; b < size; b++) {
              const x = px + b - pad;
              if (x < 0 || x >= N) continue;
              gradient[y * N + x] = (gradient[y * N + x] as number) + ga * (h[b] as number);
            }
          }
        }
      }
    }
    if (fast && gradient !== undefined) this.smearThreeTransposed(prediction, gradient);
    return loss;
  }

  /**
   * Y₂ = pred ⊛ G₂ and Y₃ = pred ⊛ G₃ in one horizontal and one vertical pass, with sign(Y₂),
   * sign(Y₃) and the sums Σ|pred|, Σ|Y₂|, Σ|Y₃| (into `sums`). G₂ = ¼ on a 2×2 block (padding
   * after), G₃ = h hᵀ with h = (h₀, h₁, h₀) (padding 1 on each side).
   */
  private smearThree(prediction: FusedArray): void {
    const N = this.pixels;
    const h3 = this.factors[2] as Float64Array;
    const e = h3[0] as number;
    const m = h3[1] as number;
    // Padded buffers: rows −1 and N are zero and never written, so the vertical passes need no
    // boundary tests; the horizontal passes treat the first and last column apart.
    const t2 = this.paddedT2;
    const t3 = this.paddedT3;
    let abs1 = 0;
    for (let y = 0; y < N; y++) {
      const row = y * N;
      const out = row + N;
      let left = 0;
      let centre = prediction[row] as number;
      for (let x = 0; x < N - 1; x++) {
        const right = prediction[row + x + 1] as number;
        t2[out + x] = 0.5 * (centre + right);
        t3[out + x] = e * (left + right) + m * centre;
        abs1 += Math.abs(centre);
        left = centre;
        centre = right;
      }
      t2[out + N - 1] = 0.5 * centre;
      t3[out + N - 1] = e * left + m * centre;
      abs1 += Math.abs(centre);
    }
    const y2 = this.smearedPrediction;
    const y3 = this.smearedPrediction3;
    const s2 = this.paddedS2;
    const s3 = this.paddedS3;
    let abs2 = 0;
    let abs3 = 0;
    for (let y = 0; y < N; y++) {
      const row = y * N;
      const centre = row + N;
      const up = row;
      const down = row + 2 * N;
      for (let x = 0; x < N; x++) {
        const v2 = 0.5 * ((t2[centre + x] as number) + (t2[down + x] as number));
        const v3 =
          e * ((t3[up + x] as number) + (t3[down + x] as number)) + m * (t3[centre + x] as number);
        y2[row + x] = v2;
        y3[row + x] = v3;
        const r2 = y2[row + x] as number;
        const r3 = y3[row + x] as number;
        s2[centre + x] = r2 / (Math.abs(r2) + TINY);
        s3[centre + x] = r3 / (Math.abs(r3) + TINY);
        abs2 += Math.abs(r2);
        abs3 += Math.abs(r3);
      }
    }
    this.sums[0] = abs1;
    this.sums[1] = abs2;
    this.sums[2] = abs3;
  }

  /**
   * gradient += Σ_s c_s·smear_sᵀ(sign Y_s) for s = 1, 2, 3 (c_s = the inactive factors), the
   * adjoint of {@link FusedActiveLoss.smearThree}: a vertical then a horizontal pass.
   */
  private smearThreeTransposed(prediction: FusedArray, gradient: FusedArray): void {
    const N = this.pixels;
    const h3 = this.factors[2] as Float64Array;
    const e = h3[0] as number;
    const m = h3[1] as number;
    const c1 = this.inactiveFactors[0] as number;
    const c2 = 0.5 * (this.inactiveFactors[1] as number);
    const c3 = this.inactiveFactors[2] as number;
    const s2 = this.paddedS2;
    const s3 = this.paddedS3;
    const t2 = this.scratch;
    const t3 = this.scratch3;
    // Vertical adjoints: 2 taps with padding after → rows y and y − 1; symmetric 3 taps → itself.
    for (let y = 0; y < N; y++) {
      const row = y * N;
      const centre = row + N;
      const up = row;
      const down = row + 2 * N;
      for (let x = 0; x < N; x++) {
        t2[row + x] = c2 * ((s2[centre + x] as number) + (s2[up + x] as number));
        t3[row + x] =
          c3 *
          (e * ((s3[up + x] as number) + (s3[down + x] as number)) +
            m * (s3[centre + x] as number));
      }
    }
    // Horizontal adjoints, plus the s = 1 term c₁·sign(pred); first and last column apart.
    for (let row = 0; row < N * N; row += N) {
      const first = prediction[row] as number;
      gradient[row] =
        (gradient[row] as number) +
        0.5 * (t2[row] as number) +
        e * (t3[row + 1] as number) +
        m * (t3[row] as number) +
        (c1 * first) / (Math.abs(first) + TINY);
      for (let p = row + 1; p < row + N - 1; p++) {
        const v = prediction[p] as number;
        gradient[p] =
          (gradient[p] as number) +
          0.5 * ((t2[p] as number) + (t2[p - 1] as number)) +
          e * ((t3[p - 1] as number) + (t3[p + 1] as number)) +
          m * (t3[p] as number) +
          (c1 * v) / (Math.abs(v) + TINY);
      }
      const p = row + N - 1;
      const last = prediction[p] as number;
      gradient[p] =
        (gradient[p] as number) +
        0.5 * ((t2[p] as number) + (t2[p - 1] as number)) +
        e * (t3[p - 1] as number) +
        m * (t3[p] as number) +
        (c1 * last) / (Math.abs(last) + TINY);
    }
  }
}

/**
 * One 1-D filter line: dst[i·stride] (=|+=) factor·Σ_j h_j src[(i + j − pad)·stride] for
 * i = 0..n−1, taps outside the line dropped (zero padding). Unrolled for 2 and 3 taps.
 */
function filterLine(
  src: FusedArray,
  srcStart: number,
  dst: FusedArray,
  dstStart: number,
  stride: number,
  n: number,
  h: Float64Array,
  pad: number,
  factor: number,
  accumulate: boolean,
): void {
  const s = h.length;
  const h0 = (h[0] as number) * factor;
  const h1 = (h[1] ?? 0) * factor;
  const h2 = (h[2] ?? 0) * factor;
  // Interior: i with every tap inside, i − pad ≥ 0 and i − pad + s − 1 ≤ n − 1.
  const lo = pad;
  const hi = n - (s - 1 - pad);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    if (i >= lo && i < hi) {
      const b = srcStart + (i - pad) * stride;
      if (s === 2) {
        sum = h0 * (src[b] as number) + h1 * (src[b + stride] as number);
      } else if (s === 3) {
        sum =
          h0 * (src[b] as number) +
          h1 * (src[b + stride] as number) +
          h2 * (src[b + 2 * stride] as number);
      } else {
        for (let j = 0; j < s; j++)
          sum += (h[j] as number) * factor * (src[b + j * stride] as number);
      }
    } else {
      for (let j = 0; j < s; j++) {
        const t = i + j - pad;
        if (t < 0 || t >= n) continue;
        sum += (h[j] as number) * factor * (src[srcStart + t * stride] as number);
      }
    }
    const d = dstStart + i * stride;
    dst[d] = accumulate ? (dst[d] as number) + sum : sum;
  }
}

/**
 * out = in ⊛ (h hᵀ) with TensorFlow 'same' padding (pad before = `pad`): a horizontal then a
 * vertical 1-D pass; also writes sign(out) into `sign` and returns Σ|out|.
 */
function smear(
  input: FusedArray,
  scratch: FusedArray,
  out: FusedArray,
  sign: FusedArray,
  N: number,
  h: Float64Array,
  pad: number,
): number {
  for (let y = 0; y < N; y++) filterLine(input, y * N, scratch, y * N, 1, N, h, pad, 1, false);
  for (let x = 0; x < N; x++) filterLine(scratch, x, out, x, N, N, h, pad, 1, false);
  let total = 0;
  const area = N * N;
  for (let p = 0; p < area; p++) {
    const v = out[p] as number;
    if (v > 0) {
      total += v;
      sign[p] = 1;
    } else if (v < 0) {
      total -= v;
      sign[p] = -1;
    } else {
      sign[p] = 0;
    }
  }
  return total;
}

/**
 * gradient += factor·(adjoint of {@link smear}) applied to dOut, given the reversed taps: the
 * adjoint of a 1-D filter with taps h and padding `pad` is the filter with reversed taps and
 * padding s − 1 − pad.
 */
function smearTransposed(
  dOut: FusedArray,
  scratch: FusedArray,
  gradient: FusedArray,
  factor: number,
  N: number,
  reversed: Float64Array,
  pad: number,
): void {
  const padT = reversed.length - 1 - pad;
  for (let x = 0; x < N; x++) filterLine(dOut, x, scratch, x, N, N, reversed, padT, factor, false);
  for (let y = 0; y < N; y++)
    filterLine(scratch, y * N, gradient, y * N, 1, N, reversed, padT, 1, true);
}
