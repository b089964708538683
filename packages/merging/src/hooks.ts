import type { FusedMergeHook, ReferenceMergeHook, ShowerMergeHook } from '@apemen/shower';
import type * as tf from '@tensorflow/tfjs-core';
import { cutoffs } from './cutoffs.js';
import { MergingConfigError } from './errors.js';
import { checkImages, checkMergeOptions, mergeImages, mergeInPlace } from './merge.js';
import { mergeShowerOp } from './merge_shower.js';

/** Options of {@link showerMergeHook} and {@link referenceShowerMergeHook}. */
export interface MergeHookOptions {
  /** Kernel size k of the network. */
  kernelSize: number;
  /** Number L of decoder levels of the network (log_k N − 1). */
  levels: number;
  /** Cutoff of the first decoder level, GeV. @defaultValue 20 */
  baseCutoff?: number;
  /** Hard-pixel threshold, GeV. @defaultValue 1 */
  hardThreshold?: number;
}

/** The entry of decoder level ℓ (1 … L) of a per-level list. */
function atLevel<T>(perLevel: readonly T[], level: number): T {
  const value = perLevel[level - 1];
  if (value === undefined) {
    throw new MergingConfigError('level', `a decoder level from 1 to ${perLevel.length}`, level);
  }
  return value;
}

/**
 * Makes the merge hook that `@apemen/shower`'s tfjs generation calls after every decoder level.
 *
 * @param options - network geometry, base cutoff and hard-pixel threshold
 * @returns a {@link ShowerMergeHook} merging decoder level ℓ (1 … L) with cutoff_{ℓ−1}
 * @throws {@link MergingConfigError} for invalid options
 * @example
 * ```ts
 * const images = showerForward(kernels, x, 2, createRng(7), showerMergeHook({ kernelSize: 2, levels: 5 }));
 * ```
 */
export function showerMergeHook(options: MergeHookOptions): ShowerMergeHook {
  const levelCutoffs = cutoffs({
    kernelSize: options.kernelSize,
    levels: options.levels,
    baseCutoff: options.baseCutoff,
  });
  return (decoded, encoderInput, context) =>
    mergeShowerOp(decoded, encoderInput, {
      kernelSize: context.kernelSize,
      cutoff: atLevel(levelCutoffs, context.level),
      hardThreshold: options.hardThreshold,
    }) as tf.Tensor4D;
}

/**
 * Makes the merge hook for `@apemen/shower`'s plain-loop generation (the fast CPU path).
 *
 * @param options - network geometry, base cutoff and hard-pixel threshold
 * @returns a {@link ReferenceMergeHook} merging decoder level ℓ (1 … L) with cutoff_{ℓ−1}
 * @throws {@link MergingConfigError} for invalid options
 * @example
 * ```ts
 * const images = referenceDecode(weights, encoding, referenceShowerMergeHook({ kernelSize: 2, levels: 5 }));
 * ```
 */
export function referenceShowerMergeHook(options: MergeHookOptions): ReferenceMergeHook {
  const levelCutoffs = cutoffs({
    kernelSize: options.kernelSize,
    levels: options.levels,
    baseCutoff: options.baseCutoff,
  });
  return (decoded, encoderInput, context) =>
    mergeImages(decoded, encoderInput, context.side, {
      kernelSize: context.kernelSize,
      cutoff: atLevel(levelCutoffs, context.level),
      hardThreshold: options.hardThreshold,
    });
}

/**
 * Makes the merge hook for `@apemen/shower`'s fused generation (`FusedShowerNetwork.forwardEvent`
 * with `{ merge }`), the fast CPU path.
 *
 * @param options - network geometry, base cutoff and hard-pixel threshold
 * @returns a {@link FusedMergeHook} merging decoder level ℓ (1 … L) with cutoff_{ℓ−1}, in place
 * @throws {@link MergingConfigError} for invalid options
 * @remarks The fused network must work in float32 (its default precision).
 * @example
 * ```ts
 * net.forwardEvent(image, 0, rng, { dense: false, merge: fusedShowerMergeHook({ kernelSize: 2, levels: 5 }) });
 * ```
 */
export function fusedShowerMergeHook(options: MergeHookOptions): FusedMergeHook {
  const levelCutoffs = cutoffs({
    kernelSize: options.kernelSize,
    levels: options.levels,
    baseCutoff: options.baseCutoff,
  });
  const perLevel = levelCutoffs.map((cutoff) =>
    checkMergeOptions({
      kernelSize: options.kernelSize,
      cutoff,
      hardThreshold: options.hardThreshold,
    }),
  );
  return (decoded, encoderInput, side, level, bound) => {
    if (!(decoded instanceof Float32Array) || !(encoderInput instanceof Float32Array)) {
      throw new MergingConfigError('precision', 'a float32 fused network', 'float64');
    }
    const checked = atLevel(perLevel, level);
    // Nothing can reach the cutoff: every window is allowed and unchanged (see mergeWindowsInPlace).
    if (bound < checked.cutoff) return;
    checkImages(decoded, encoderInput, side, checked.kernelSize);
    mergeInPlace(decoded, encoderInput, side, checked);
  };
}
