import type { ShowerWeights } from '../weights.js';
import type { FusedParameters } from './trainer.js';

/**
 * The fused path's flat parameters from a {@link ShowerWeights} (e.g. a built, loaded or
 * Keras-imported model's `kernels()`).
 *
 * @param weights - kernels per channel (k² each, row-major) and probabilities per level
 * @returns `convKernels[c·k² + j]`, `deconvKernels[c·k² + j]`, `probabilities[l·C + c]` as float64
 *
 * @example
 * ```ts
 * const trainer = new FusedTrainer(fusedParameters(shower.kernels()));
 * ```
 */
export function fusedParameters(weights: ShowerWeights): Required<FusedParameters> {
  const flatten = (arrays: readonly Float32Array[]): Float64Array => {
    const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
    let i = 0;
    for (const a of arrays) for (const v of a) out[i++] = v;
    return out;
  };
  return {
    convKernels: flatten(weights.convKernels),
    deconvKernels: flatten(weights.deconvKernels),
    probabilities: flatten(weights.filterProbabilities),
  };
}

/**
 * A {@link ShowerWeights} from the fused path's flat parameters (to hand trained numbers back to
 * the tfjs model with `setWeights`, or to save them).
 *
 * @param parameters - flat kernels and probabilities (probabilities default to 1)
 * @param geometry - N, k, C and L of the network
 * @returns per-channel Float32Array kernels and per-level probabilities
 *
 * @example
 * ```ts
 * shower.setWeights(showerWeightsFromFused(trainer, { pixels: 64, kernelSize: 2, convolutions: 9, levels: 5 }));
 * ```
 */
export function showerWeightsFromFused(
  parameters: FusedParameters,
  geometry: Pick<ShowerWeights, 'pixels' | 'kernelSize' | 'convolutions' | 'levels'>,
): ShowerWeights {
  const { pixels, kernelSize: k, convolutions: c, levels } = geometry;
  const kk = k * k;
  const slice = (flat: ArrayLike<number>, start: number, n: number): Float32Array =>
    Float32Array.from({ length: n }, (_, i) => flat[start + i] ?? 1);
  const probabilities = parameters.probabilities ?? new Float64Array(levels * c).fill(1);
  return {
    pixels,
    kernelSize: k,
    convolutions: c,
    levels,
    convKernels: Array.from({ length: c }, (_, ch) => slice(parameters.convKernels, ch * kk, kk)),
    deconvKernels: Array.from({ length: c }, (_, ch) =>
      slice(parameters.deconvKernels, ch * kk, kk),
    ),
    filterProbabilities: Array.from({ length: levels }, (_, l) => slice(probabilities, l * c, c)),
  };
}
