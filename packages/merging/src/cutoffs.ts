import { MergingConfigError } from './errors.js';

/** Options of {@link cutoffs}. */
export interface CutoffOptions {
  /** Kernel size k of the shower network. */
  kernelSize: number;
  /**
   * Number of merged decoder levels: level i (0-based) is the output of the i-th decoder step,
   * images of k^(i+2) × k^(i+2) pixels, L = log_k N − 1 levels in all.
   */
  levels: number;
  /**
   * The cutoff at the coarsest level, GeV.
   * @defaultValue 20
   */
  baseCutoff?: number;
}

/**
 * The level-dependent hardness cutoffs of the CKKW-like merging.
 *
 * @param options - kernel size, number of levels and base cutoff
 * @returns cutoff_i = baseCutoff / (1 − cos(π / k^(i+1))) for i = 0 … levels − 1, in GeV
 * @throws {@link MergingConfigError} if k < 2, levels < 1 or the base cutoff is not positive
 * @remarks
 * Level i = 0 is the first decoder step, which splits the k × k bottleneck into k² × k² pixels.
 * At level i a merge window (the k × k children of one parent pixel) has an angular half-width of
 * π/k^(i+1), so an emission resolved inside it with energy E has a transverse momentum of order
 * E·(1 − cos(π/k^(i+1))); requiring that to exceed the base cutoff gives the energy cutoff above.
 * The cutoffs grow towards finer levels, where only very energetic pixels count as hard.
 * @example
 * ```ts
 * cutoffs({ kernelSize: 2, levels: 5 }).map((c) => c.toFixed(1));
 * // ['20.0', '68.3', '262.7', '1040.9', '4153.5']
 * ```
 * @see J. W. Monk, arXiv:1807.03685, section on merging.
 */
export function cutoffs(options: CutoffOptions): number[] {
  const { kernelSize: k, levels } = options;
  const base = options.baseCutoff ?? 20;
  if (!Number.isInteger(k) || k < 2)
    throw new MergingConfigError('kernelSize', 'a whole number ≥ 2', k);
  if (!Number.isInteger(levels) || levels < 1) {
    throw new MergingConfigError('levels', 'a whole number ≥ 1', levels);
  }
  if (!(base > 0) || !Number.isFinite(base)) {
    throw new MergingConfigError('baseCutoff', 'a positive number of GeV', base);
  }
  return Array.from({ length: levels }, (_, i) => base / (1 - Math.cos(Math.PI / k ** (i + 1))));
}
