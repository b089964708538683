import { describe, expect, it } from 'vitest';
import {
  denseTestImages,
  flatParameters,
  randomWeights,
  sparseTestImages,
} from './test-helpers.js';
import { eventSeed, FusedTrainer, updateProbabilities } from './trainer.js';

/**
 * Checks the analytic gradients of loss = mean activeLoss + Σ_c λ(1 − ΣW_c)² against central
 * finite differences in float64. Masks are piecewise constant in the kernels and are redrawn from
 * the same per-event seeds at every evaluation, so the loss is smooth in a small neighbourhood.
 */
function checkGradients(
  pixels: number,
  k: number,
  c: number,
  images: Float64Array,
  batch: number,
  lossWeights: number[],
  maskSampling: 'perChannel' | 'categorical' = 'perChannel',
): void {
  const levels = Math.round(Math.log(pixels) / Math.log(k)) - 1;
  const flat = flatParameters(randomWeights(pixels, k, c, levels, 7 * pixels + k));
  const trainer = new FusedTrainer(flat, {
    pixels,
    kernelSize: k,
    convolutions: c,
    lossWeights,
    kernelRegularisation: 2,
    precision: 'float64',
    maskSampling,
    seed: 17,
  });
  const analytic = trainer.computeGradients(images, batch);
  expect(analytic.loss).toBeGreaterThan(0);
  const h = 1e-6;
  const groups = [
    [trainer.convKernels, analytic.convGradient],
    [trainer.deconvKernels, analytic.deconvGradient],
  ] as const;
  let checked = 0;
  for (const [params, gradient] of groups) {
    for (let i = 0; i < params.length; i++) {
      const saved = params[i] as number;
      params[i] = saved + h;
      const plus = trainer.computeGradients(images, batch).loss;
      params[i] = saved - h;
      const minus = trainer.computeGradients(images, batch).loss;
      params[i] = saved;
      const numeric = (plus - minus) / (2 * h);
      // Central differences in float64 with h = 1e-6: truncation ~h²·f''' and rounding
      // ~1e-16·|f|/h, both far below 1e-6 relative for losses of order 1–1000.
      expect(Math.abs(numeric - (gradient[i] as number))).toBeLessThanOrEqual(
        1e-6 * Math.max(1, Math.abs(numeric)),
      );
      checked++;
    }
  }
  expect(checked).toBe(2 * c * k * k);
  // The gradient must not be trivially zero.
  expect(analytic.convGradient.some((g) => Math.abs(g) > 1e-3)).toBe(true);
  expect(analytic.deconvGradient.some((g) => Math.abs(g) > 1e-3)).toBe(true);
}

describe('FusedTrainer gradients against finite differences (float64)', () => {
  it('8×8, k = 2, C = 3, sparse images, weights [1, 0.5, 0.25]', () => {
    checkGradients(8, 2, 3, sparseTestImages(3, 8, 6, 21), 3, [1, 0.5, 0.25]);
  });
  it('8×8, k = 2, C = 3, sparse images, categorical tie draws (the k = 2 decoder fast path)', () => {
    checkGradients(8, 2, 3, sparseTestImages(3, 8, 6, 25), 3, [100, 10, 1], 'categorical');
  });
  it('8×8, k = 2, C = 1 (every pixel a unique winner)', () => {
    checkGradients(8, 2, 1, sparseTestImages(2, 8, 6, 26), 2, [1, 0.5, 0.25], 'categorical');
  });
  it('8×8, k = 2, C = 14 (no mask-sum table: the generic decoder)', () => {
    checkGradients(8, 2, 14, sparseTestImages(2, 8, 6, 27), 2, [1, 0.5, 0.25], 'categorical');
  });
  it('8×8, k = 2, C = 3, dense images', () => {
    checkGradients(8, 2, 3, denseTestImages(2, 8, 22), 2, [100, 10, 1]);
  });
  it('9×9, k = 3, C = 3, sparse images', () => {
    checkGradients(9, 3, 3, sparseTestImages(3, 9, 5, 23), 3, [1, 0.5, 0.25]);
  });
  it('16×16, k = 2, C = 4, sparse images, four smearings', () => {
    checkGradients(16, 2, 4, sparseTestImages(2, 16, 12, 24), 2, [1, 1, 1, 1]);
  });
});

describe('FusedTrainer', () => {
  const flat = flatParameters(randomWeights(16, 2, 3, 3, 5));
  const options = { pixels: 16, kernelSize: 2, convolutions: 3, precision: 'float64' } as const;
  const images = sparseTestImages(4, 16, 8, 9);

  it('gives the same gradients for a batch and for its two halves averaged', () => {
    const whole = new FusedTrainer(flat, options).computeGradients(images, 4);
    const shards = new FusedTrainer(flat, options);
    const first = shards.computeGradients(images.subarray(0, 2 * 256), 2, 0);
    const second = shards.computeGradients(images.subarray(2 * 256), 2, 2);
    whole.convGradient.forEach((g, i) => {
      expect(
        (first.convGradient[i] as number) / 2 + (second.convGradient[i] as number) / 2,
      ).toBeCloseTo(g, 10);
    });
    whole.deconvGradient.forEach((g, i) => {
      expect(
        (first.deconvGradient[i] as number) / 2 + (second.deconvGradient[i] as number) / 2,
      ).toBeCloseTo(g, 10);
    });
    expect(first.activeLoss / 2 + second.activeLoss / 2).toBeCloseTo(whole.activeLoss, 10);
    whole.counts.forEach((n, i) => {
      expect((first.counts[i] as number) + (second.counts[i] as number)).toBe(n);
    });
  });

  it('steps: Nadam moves the kernels, probabilities follow the moving average, loss falls', () => {
    const trainer = new FusedTrainer(flat, { ...options, learningRate: 0.01 });
    const before = Array.from(trainer.convKernels);
    const first = trainer.step(images, 4);
    expect(trainer.stepCount).toBe(1);
    expect(Array.from(trainer.convKernels)).not.toEqual(before);
    // The probabilities after one step: the moving average of the step's unique-winner counts.
    const expected = Float64Array.from(flat.probabilities);
    updateProbabilities(expected, first.counts, 3);
    Array.from(trainer.probabilities).forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i] as number, 12);
    });
    let last = first.loss;
    for (let i = 0; i < 30; i++) last = trainer.step(images, 4).loss;
    expect(last).toBeLessThan(first.loss);
  });

  it('updateProbabilities: p ← 0.9 p + 0.1 counts/Σcounts per level; empty levels unchanged', () => {
    const p = Float64Array.of(1, 1, 0.5, 0.5);
    updateProbabilities(p, [3, 1, 0, 0], 2);
    // Level 0: 0.9 + 0.1·3/4 = 0.975, 0.9 + 0.1·1/4 = 0.925; level 1 had no unique winner.
    [0.975, 0.925, 0.5, 0.5].forEach((v, i) => {
      expect(p[i]).toBeCloseTo(v, 14);
    });
  });

  it('eventSeed depends on seed, step and event', () => {
    const seeds = new Set([
      eventSeed(1, 0, 0),
      eventSeed(2, 0, 0),
      eventSeed(1, 1, 0),
      eventSeed(1, 0, 1),
    ]);
    expect(seeds.size).toBe(4);
    expect(eventSeed(140280, 3, 7)).toBe(eventSeed(140280, 3, 7));
  });
});
