import { FusedTrainer } from '@apemen/shower';
import { describe, expect, it } from 'vitest';
import type { ModelSettings } from './gradients.js';
import { SPLITTING_INIT, splittingWeights } from './init.js';
import { fromShowerWeights } from './state.js';
import { sparseImages } from './test-helpers.js';

const SETTINGS: ModelSettings = {
  pixels: 64,
  kernelSize: 2,
  convolutions: 9,
  lossWeights: [100, 10, 1],
  kernelRegularisation: 100,
  learningRate: 5e-5,
  seed: 140280,
};

describe('splittingWeights', () => {
  it('has the geometry of the network and is fixed by the seed', () => {
    const w = splittingWeights(SETTINGS);
    expect([w.pixels, w.kernelSize, w.convolutions, w.levels]).toEqual([64, 2, 9, 5]);
    expect(w.convKernels).toHaveLength(9);
    expect(w.deconvKernels.every((k) => k.length === 4)).toBe(true);
    expect(w.filterProbabilities.map((p) => Array.from(p))).toEqual(
      Array.from({ length: 5 }, () => Array(9).fill(1)),
    );
    expect(splittingWeights(SETTINGS)).toEqual(w);
    expect(splittingWeights({ ...SETTINGS, seed: 1 }).convKernels).not.toEqual(w.convKernels);
  });

  it('encoder: self, neighbours, averages, each ≈ summing to 1; decoder: keep and emit, ≥ 0', () => {
    const w = splittingWeights(SETTINGS);
    const sigma = SPLITTING_INIT.noise;
    w.convKernels.forEach((kernel, c) => {
      const expected =
        c === 0 ? [1, 0, 0, 0] : c === 1 ? [0, 1 / 3, 1 / 3, 1 / 3] : [0.25, 0.25, 0.25, 0.25];
      // each weight is its base plus N(0, σ²): within 5σ
      kernel.forEach((v, j) => {
        expect(Math.abs(v - (expected[j] as number))).toBeLessThan(5 * sigma);
      });
    });
    w.deconvKernels.forEach((kernel, c) => {
      const base = c === 0 ? SPLITTING_INIT.keep : SPLITTING_INIT.emit;
      // base + |N(0, σ²)|: never below the base, within 5σ above it
      kernel.forEach((v) => {
        expect(v).toBeGreaterThanOrEqual(base - 1e-7);
        expect(v - base).toBeLessThan(5 * sigma);
      });
    });
  });

  it('for k = 3 the zero kernel spreads over the 8 neighbours of the field', () => {
    const w = splittingWeights({ ...SETTINGS, pixels: 81, kernelSize: 3 });
    expect(w.levels).toBe(3);
    expect(w.convKernels[0]?.[0]).toBeCloseTo(1, 0);
    Array.from(w.convKernels[1] ?? []).forEach((v, j) => {
      // 1/8 = 0.125 off the pixel itself, 0 on it; noise σ = 0.05, within 5σ
      expect(Math.abs(v - (j === 0 ? 0 : 0.125))).toBeLessThan(0.25);
    });
  });

  it('untrained, it reconstructs sparse event images far better than glorot-normal kernels', () => {
    // The loss of the original's start is that of spraying negative and positive pT everywhere;
    // the splitting start keeps the hard pixels' pT (0.7 per level) where it was.
    const images = sparseImages(16, 64, 7);
    for (let e = 0; e < 16; e++) {
      let sum = 0;
      for (let p = 0; p < 4096; p++) sum += images[e * 4096 + p] as number;
      for (let p = 0; p < 4096; p++)
        images[e * 4096 + p] = ((images[e * 4096 + p] as number) * 4096) / sum;
    }
    const lossOf = (flat: ReturnType<typeof fromShowerWeights>) =>
      new FusedTrainer(flat, SETTINGS).computeGradients(images, 16).activeLoss;
    const splitting = lossOf(fromShowerWeights(splittingWeights(SETTINGS)));
    // glorot-normal for a 2×2 single-filter kernel: σ = √(2/(4 + 4)) = 0.5
    const state = { s: 1 };
    const gauss = () => {
      state.s = (Math.imul(state.s, 1664525) + 1013904223) >>> 0;
      const u = state.s / 2 ** 32 + 1e-12;
      state.s = (Math.imul(state.s, 1664525) + 1013904223) >>> 0;
      return 0.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * state.s) / 2 ** 32);
    };
    const glorot = lossOf({
      convKernels: Float32Array.from({ length: 36 }, gauss),
      deconvKernels: Float32Array.from({ length: 36 }, gauss),
      probabilities: new Float64Array(45).fill(1),
    });
    expect(splitting).toBeLessThan(glorot / 2);
  });
});
