/**
 * Initial kernels of a fresh training run: the original's glorot-normal ones, or a "splitting"
 * start that already behaves like a shower (a departure from the original, for short runs).
 */
import { createRng } from '@apemen/jetimage';
import type { ShowerWeights } from '@apemen/shower';
import type { ModelSettings } from './gradients.js';

/** How `apemen train` initialises a fresh network. */
export const INIT_CHOICES = ['glorot', 'splitting'] as const;
/** An initialisation. */
export type InitChoice = (typeof INIT_CHOICES)[number];

/**
 * The numbers of the splitting start.
 * @defaultValue keep 0.7, emit 0.02, noise 0.05
 */
export const SPLITTING_INIT = {
  /** Decoder weight of the "keep" kernel: the share of its parent a winning child gets. */
  keep: 0.7,
  /** Decoder weight of every other kernel: the share of its parent a losing child gets. */
  emit: 0.02,
  /** Standard deviation of the Gaussian noise added to every weight (|noise| on the decoder). */
  noise: 0.05,
} as const;

/**
 * The "splitting" initial weights: the untrained network is already a crude parton shower.
 *
 * @param settings - sizes (N, k, C) and the seed of the noise
 * @returns kernels and filter probabilities (all 1, as the original's)
 * @remarks
 * Three kinds of kernel. Kernel 0, "keep": encoder a delta on the pixel itself, decoder
 * {@link SPLITTING_INIT}.keep everywhere, so a pixel that holds the most pT of its receptive field
 * takes that share of its parent. Kernel 1, "zero": encoder 1/(k² − 1) on the k² − 1 neighbours
 * of the field (right and lower, as TensorFlow's 'same' padding puts them), decoder
 * {@link SPLITTING_INIT}.emit, so an empty pixel beside a hotter one gets almost nothing. Kernels
 * c ≥ 2: encoder the average 1/k² of the field (they lose to one of the first two and fade out of
 * the filter probabilities), decoder emit. Every encoder kernel sums to 1, where the
 * energy-conservation regulariser wants it. Pixels with an empty field tie and draw their kernel
 * from the filter probabilities: keep with roughly the share of pixels that keep wins, which is
 * how the network makes new emissions. One "zero" kernel rather than k² − 1 directional ones
 * matters: the draw is argmax_c u_c·p_c, so one kernel holding the zero share leaves keep a
 * smaller chance (p_keep/(2·p_zero) = 0.21 for shares 0.3 and 0.7) than three holding a third each
 * (0.25), and every extra emission is copied down the levels. Gaussian noise
 * (σ = {@link SPLITTING_INIT}.noise, seeded) breaks the symmetry between kernels; decoder weights
 * stay ≥ 0. This is the structure the published k = 2 weights learnt (one kernel copying about 0.7
 * of its parent, one dominant kernel giving 0), built in rather than learnt: the original starts
 * from glorot-normal kernels, which short runs cannot train away from (see docs/demo.md).
 * @example
 * ```ts
 * const w = splittingWeights({ pixels: 64, kernelSize: 2, convolutions: 9, seed: 140280, … });
 * w.convKernels[0]; // ≈ [1, 0, 0, 0]
 * w.convKernels[1]; // ≈ [0, 1/3, 1/3, 1/3]
 * ```
 */
export function splittingWeights(settings: ModelSettings): ShowerWeights {
  const { pixels, kernelSize: k, convolutions: C, seed } = settings;
  const kk = k * k;
  let levels = 0;
  for (let side = pixels; side > k; side /= k) levels += 1;
  const rng = createRng(BigInt(seed) ^ 0x5711771ecn);
  const { keep, emit, noise } = SPLITTING_INIT;
  const convKernels: Float32Array[] = [];
  const deconvKernels: Float32Array[] = [];
  for (let c = 0; c < C; c++) {
    const conv = new Float32Array(kk);
    const deconv = new Float32Array(kk);
    for (let j = 0; j < kk; j++) {
      const base = c === 0 ? (j === 0 ? 1 : 0) : c === 1 ? (j === 0 ? 0 : 1 / (kk - 1)) : 1 / kk;
      conv[j] = base + noise * rng.normal();
      deconv[j] = (c === 0 ? keep : emit) + noise * Math.abs(rng.normal());
    }
    convKernels.push(conv);
    deconvKernels.push(deconv);
  }
  return {
    kernelSize: k,
    pixels,
    convolutions: C,
    levels,
    convKernels,
    deconvKernels,
    filterProbabilities: Array.from({ length: levels }, () => new Float32Array(C).fill(1)),
  };
}
