// Test helpers of the fused path (not exported): seeded data and conversions to the plain-loop
// reference's weight layout.
import type { ShowerWeights } from '../weights.js';
import type { FusedParameters } from './trainer.js';

/** mulberry32: seeded uniforms in [0, 1) for test data (independent of the fused generator). */
export function testUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random weights: kernels uniform in [−0.5, 1), probabilities in [0.05, 1). */
export function randomWeights(
  pixels: number,
  kernelSize: number,
  convolutions: number,
  levels: number,
  seed: number,
): ShowerWeights {
  const u = testUniform(seed);
  const kernel = (): Float32Array =>
    Float32Array.from({ length: kernelSize * kernelSize }, () => -0.5 + 1.5 * u());
  return {
    pixels,
    kernelSize,
    convolutions,
    levels,
    convKernels: Array.from({ length: convolutions }, kernel),
    deconvKernels: Array.from({ length: convolutions }, kernel),
    filterProbabilities: Array.from({ length: levels }, () =>
      Float32Array.from({ length: convolutions }, () => 0.05 + 0.95 * u()),
    ),
  };
}

/** The fused path's flat parameter layout of a {@link ShowerWeights}. */
export function flatParameters(weights: ShowerWeights): Required<FusedParameters> {
  const flat = (arrays: Float32Array[]): Float64Array => {
    const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
    let i = 0;
    for (const a of arrays) for (const v of a) out[i++] = v;
    return out;
  };
  return {
    convKernels: flat(weights.convKernels),
    deconvKernels: flat(weights.deconvKernels),
    probabilities: flat(weights.filterProbabilities),
  };
}

/** B images of side n with `hits` pixels each, pT = 1/(0.05 + u)² (a falling spectrum). */
export function sparseTestImages(
  batch: number,
  n: number,
  hits: number,
  seed: number,
): Float64Array {
  const u = testUniform(seed);
  const images = new Float64Array(batch * n * n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < hits; h++) {
      const pixel = b * n * n + Math.floor(u() * n * n);
      images[pixel] = (images[pixel] as number) + 1 / (0.05 + u()) ** 2;
    }
  }
  return images;
}

/** B dense images of side n, every pixel uniform in [0.1, 2). */
export function denseTestImages(batch: number, n: number, seed: number): Float64Array {
  const u = testUniform(seed);
  return Float64Array.from({ length: batch * n * n }, () => 0.1 + 1.9 * u());
}

/** Channel-last float masks (B×n×n×C) as the fused path's bit sets (B×n×n). */
export function maskBits(masks: Float32Array, channels: number): Uint32Array {
  const out = new Uint32Array(masks.length / channels);
  for (let p = 0; p < out.length; p++) {
    let bits = 0;
    for (let c = 0; c < channels; c++)
      if ((masks[p * channels + c] as number) !== 0) bits |= 1 << c;
    out[p] = bits >>> 0;
  }
  return out;
}
