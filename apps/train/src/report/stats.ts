/**
 * Statistics for comparing distributions of an observable between samples of weighted events.
 */

/** A weighted sample of one observable. */
export interface WeightedSample {
  /** Observable values, one per event (or per jet). */
  values: ArrayLike<number>;
  /** Event weights, as many as values; all 1 when omitted. */
  weights?: ArrayLike<number>;
}

function sortedWithWeights(sample: WeightedSample): {
  x: Float64Array;
  w: Float64Array;
  total: number;
} {
  const n = sample.values.length;
  const weights = sample.weights;
  if (weights && weights.length !== n) {
    throw new RangeError(`sample has ${n} values but ${weights.length} weights`);
  }
  let uniform = true;
  if (weights) {
    for (let i = 1; i < n && uniform; i++) uniform = weights[i] === weights[0];
  }
  if (uniform) {
    // Equal weights need no index sort: the engine's numeric sort of the values is far faster
    // (about 15× for a million values).
    const x = Float64Array.from(sample.values);
    x.sort();
    const weight = weights && n > 0 ? (weights[0] as number) : 1;
    return { x, w: new Float64Array(n).fill(weight), total: weight * n };
  }
  const values = sample.values;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (values[i] as number) - (values[j] as number),
  );
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    x[r] = values[i] as number;
    w[r] = weights ? (weights[i] as number) : 1;
    total += w[r] as number;
  }
  return { x, w, total };
}

/**
 * The Wasserstein-1 (earth mover's) distance between two weighted one-dimensional samples.
 *
 * @param a - first sample
 * @param b - second sample
 * @returns W1 = ∫ |F_a(x) − F_b(x)| dx with F the weight-normalised cumulative distributions, in
 * the unit of the observable
 * @throws RangeError if a sample is empty, has a total weight of 0, or non-finite values
 * @remarks
 * Exact for the empirical distributions (no binning): the integral is a sum over the gaps between
 * consecutive distinct values of both samples. Negative weights (NLO samples) are allowed; the
 * cumulative distributions are then not monotone but the integral is still defined.
 * @example
 * ```ts
 * wasserstein1({ values: [0, 0, 1] }, { values: [0, 1, 1] }); // 1/3
 * ```
 */
export function wasserstein1(a: WeightedSample, b: WeightedSample): number {
  const sa = sortedWithWeights(a);
  const sb = sortedWithWeights(b);
  for (const [name, s] of [
    ['first', sa],
    ['second', sb],
  ] as const) {
    if (s.x.length === 0) throw new RangeError(`the ${name} sample is empty`);
    if (s.total === 0) throw new RangeError(`the ${name} sample has a total weight of 0`);
    for (const v of s.x)
      if (!Number.isFinite(v)) throw new RangeError(`the ${name} sample has a non-finite value`);
  }
  let i = 0;
  let j = 0;
  let cdfA = 0;
  let cdfB = 0;
  let distance = 0;
  let x = Math.min(sa.x[0] as number, sb.x[0] as number);
  while (i < sa.x.length || j < sb.x.length) {
    const nextA = i < sa.x.length ? (sa.x[i] as number) : Number.POSITIVE_INFINITY;
    const nextB = j < sb.x.length ? (sb.x[j] as number) : Number.POSITIVE_INFINITY;
    const next = Math.min(nextA, nextB);
    distance += Math.abs(cdfA - cdfB) * (next - x);
    x = next;
    while (i < sa.x.length && sa.x[i] === next) cdfA += (sa.w[i++] as number) / sa.total;
    while (j < sb.x.length && sb.x[j] === next) cdfB += (sb.w[j++] as number) / sb.total;
  }
  return distance;
}

/** A filled histogram with statistical errors. */
export interface Histogram {
  /** Bin edges, ascending, one more than bins. */
  edges: Float64Array;
  /** Sum of weights per bin. */
  sumW: Float64Array;
  /** Sum of squared weights per bin (the variance of sumW). */
  sumW2: Float64Array;
  /** Sum of weights below the first edge. */
  underflow: number;
  /** Sum of weights at or above the last edge. */
  overflow: number;
  /** Total weight, including under- and overflow. */
  total: number;
}

/**
 * Fills a histogram.
 *
 * @param sample - values and weights
 * @param edges - ascending bin edges; bin i is [edges[i], edges[i+1])
 * @returns the histogram; values outside go to under- and overflow, NaN values are skipped
 * @throws RangeError if the edges are fewer than two or not strictly ascending
 */
export function fillHistogram(sample: WeightedSample, edges: ArrayLike<number>): Histogram {
  const e = Float64Array.from(edges as ArrayLike<number>);
  if (e.length < 2) throw new RangeError('a histogram needs at least two edges');
  for (let k = 1; k < e.length; k++) {
    if (!((e[k] as number) > (e[k - 1] as number)))
      throw new RangeError('histogram edges must ascend');
  }
  const bins = e.length - 1;
  const h: Histogram = {
    edges: e,
    sumW: new Float64Array(bins),
    sumW2: new Float64Array(bins),
    underflow: 0,
    overflow: 0,
    total: 0,
  };
  const lo = e[0] as number;
  const hi = e[bins] as number;
  for (let n = 0; n < sample.values.length; n++) {
    const v = sample.values[n] as number;
    if (Number.isNaN(v)) continue;
    const w = sample.weights ? (sample.weights[n] as number) : 1;
    h.total += w;
    if (v < lo) {
      h.underflow += w;
      continue;
    }
    if (v >= hi) {
      h.overflow += w;
      continue;
    }
    // Binary search for the bin: edges need not be uniform.
    let a = 0;
    let b = bins;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (v >= (e[m] as number)) a = m;
      else b = m;
    }
    (h.sumW as Float64Array)[a] = (h.sumW[a] as number) + w;
    (h.sumW2 as Float64Array)[a] = (h.sumW2[a] as number) + w * w;
  }
  return h;
}

/**
 * Normalised bin contents and errors: the density 1/W · dW/dx, with W the total weight.
 * @param h - a filled histogram
 * @returns density and its statistical error per bin
 */
export function density(h: Histogram): { value: Float64Array; error: Float64Array } {
  const bins = h.sumW.length;
  const value = new Float64Array(bins);
  const error = new Float64Array(bins);
  if (h.total === 0) return { value, error };
  for (let k = 0; k < bins; k++) {
    const width = (h.edges[k + 1] as number) - (h.edges[k] as number);
    value[k] = (h.sumW[k] as number) / (h.total * width);
    error[k] = Math.sqrt(h.sumW2[k] as number) / (Math.abs(h.total) * width);
  }
  return { value, error };
}

/**
 * The closure of a generated sample towards the truth, relative to a baseline.
 *
 * @param generatedToTruth - W1(generated, truth)
 * @param baselineToTruth - W1(baseline, truth)
 * @returns 1 − W1(gen, truth)/W1(baseline, truth): 1 is perfect, 0 is no better than the baseline,
 * negative is worse; NaN when the baseline already equals the truth
 */
export function closure(generatedToTruth: number, baselineToTruth: number): number {
  if (baselineToTruth === 0) return Number.NaN;
  return 1 - generatedToTruth / baselineToTruth;
}
