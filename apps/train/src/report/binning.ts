/**
 * Common binning of the samples of a report, chosen from the reference (truth) sample.
 */
import type { WeightedSample } from './stats.js';

/**
 * Weighted quantiles of a sample.
 *
 * @param sample - values and weights (NaN values are ignored)
 * @param probabilities - the probabilities p in [0, 1], any order
 * @returns for each p, the smallest value x with F(x) ≥ p, F the cumulative distribution of the
 *   weights' magnitudes; NaN for every p when the sample has no finite value
 * @remarks
 * Magnitudes |w| make the quantiles of samples with negative weights still well defined; they
 * only choose plot ranges, never enter a metric.
 * @example `weightedQuantiles({ values: [1, 2, 3, 4] }, [0, 0.5, 1])` is `[1, 2, 4]`.
 */
export function weightedQuantiles(
  sample: WeightedSample,
  probabilities: readonly number[],
): number[] {
  const order: number[] = [];
  for (let i = 0; i < sample.values.length; i++) {
    if (Number.isFinite(sample.values[i] as number)) order.push(i);
  }
  if (order.length === 0) return probabilities.map(() => Number.NaN);
  order.sort((i, j) => (sample.values[i] as number) - (sample.values[j] as number));
  const weightOf = (i: number): number =>
    sample.weights ? Math.abs(sample.weights[i] as number) : 1;
  let total = 0;
  for (const i of order) total += weightOf(i);
  return probabilities.map((p) => {
    if (total === 0) return sample.values[order[0] as number] as number;
    const target = p * total;
    let cumulative = 0;
    for (const i of order) {
      cumulative += weightOf(i);
      if (cumulative >= target) return sample.values[i] as number;
    }
    return sample.values[order[order.length - 1] as number] as number;
  });
}

/** Options of {@link chooseEdges}. */
export interface BinningOptions {
  /**
   * Number of bins of a continuous observable.
   * @defaultValue 30
   */
  bins?: number;
  /**
   * Fraction of the weight left out at each end of a continuous observable's range.
   * @defaultValue 0.005
   */
  tail?: number;
  /**
   * Most bins of a count observable; wider integer bins are used beyond.
   * @defaultValue 60
   */
  maxCountBins?: number;
}

/**
 * Bin edges for an observable, from the reference sample.
 *
 * @param reference - the truth sample (NaN values ignored)
 * @param kind - `'continuous'`: equal bins between the `tail` and 1 − `tail` quantiles;
 *   `'count'`: bins centred on whole numbers from the smallest to the largest value
 * @param options - bin count and tails
 * @returns ascending edges, or `undefined` when the reference has no finite value
 * @remarks
 * Every sample of a report is filled with these edges, so bins compare one to one; what falls
 * outside goes to under- and overflow and still counts in the normalisation (and in W1, which does
 * not bin at all). A reference with a single value gets one bin of width 1 around it.
 * @example `chooseEdges({ values: [0, 1, 1, 3] }, 'count')` is `[-0.5, 0.5, 1.5, 2.5, 3.5]`.
 */
export function chooseEdges(
  reference: WeightedSample,
  kind: 'continuous' | 'count',
  options: BinningOptions = {},
): Float64Array | undefined {
  const tail = options.tail ?? 0.005;
  if (kind === 'count') {
    const [lo, hi] = weightedQuantiles(reference, [0, 1]) as [number, number];
    if (Number.isNaN(lo)) return undefined;
    const first = Math.floor(lo);
    const span = Math.floor(hi) - first + 1;
    const step = Math.ceil(span / (options.maxCountBins ?? 60));
    const bins = Math.ceil(span / step);
    return Float64Array.from({ length: bins + 1 }, (_, i) => first - 0.5 + i * step);
  }
  let [lo, hi] = weightedQuantiles(reference, [tail, 1 - tail]) as [number, number];
  if (Number.isNaN(lo)) return undefined;
  if (!(hi > lo)) [lo, hi] = weightedQuantiles(reference, [0, 1]) as [number, number];
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const bins = options.bins ?? 30;
  const width = (hi - lo) / bins;
  return Float64Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
}
