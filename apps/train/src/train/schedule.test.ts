import { FusedNadam } from '@apemen/shower';
import { describe, expect, it } from 'vitest';
import { COSINE_FLOOR, learningRateFactor, scaleStep } from './schedule.js';

describe('learningRateFactor', () => {
  it('is 1 without a schedule and for a constant one without warm-up', () => {
    expect(learningRateFactor(undefined, 123)).toBe(1);
    expect(learningRateFactor({ kind: 'constant', warmupSteps: 0, totalSteps: 10 }, 7)).toBe(1);
  });

  it('warms up linearly over warmupSteps: (step + 1)/warmupSteps, then 1', () => {
    const s = { kind: 'constant', warmupSteps: 10, totalSteps: 100 } as const;
    expect(learningRateFactor(s, 0)).toBeCloseTo(0.1, 15);
    expect(learningRateFactor(s, 4)).toBeCloseTo(0.5, 15);
    expect(learningRateFactor(s, 9)).toBe(1);
    expect(learningRateFactor(s, 50)).toBe(1);
  });

  it('decays as a cosine from 1 to the floor over totalSteps and stays there', () => {
    const s = { kind: 'cosine', warmupSteps: 0, totalSteps: 100 } as const;
    expect(learningRateFactor(s, 0)).toBe(1);
    // half-way: 0.01 + 0.99·½(1 + cos(π/2)) = 0.01 + 0.495 = 0.505
    expect(learningRateFactor(s, 50)).toBeCloseTo(0.505, 12);
    // a quarter: 0.01 + 0.99·½(1 + √2/2) = 0.01 + 0.99·0.853553 = 0.855018
    expect(learningRateFactor(s, 25)).toBeCloseTo(0.855018, 6);
    expect(learningRateFactor(s, 100)).toBeCloseTo(COSINE_FLOOR, 15);
    expect(learningRateFactor(s, 250)).toBeCloseTo(COSINE_FLOOR, 15);
  });

  it('multiplies warm-up and cosine', () => {
    const s = { kind: 'cosine', warmupSteps: 4, totalSteps: 100 } as const;
    // step 1: warm-up 2/4; cosine at 1/100: 0.01 + 0.99·½(1 + cos(0.01π)) = 0.999756
    expect(learningRateFactor(s, 1)).toBeCloseTo(0.5 * 0.999756, 6);
  });
});

describe('scaleStep', () => {
  it('moves each parameter by factor × the step taken', () => {
    const params = [3, 2, -1];
    scaleStep(params, [1, 2, 1], 0.25);
    // 1 + 0.25·2, 2 + 0, 1 + 0.25·(−2)
    expect(params).toEqual([1.5, 2, 0.5]);
  });

  it('scaling a Nadam step equals Nadam at the scaled learning rate (moments do not depend on lr)', () => {
    const gradients = [
      [0.3, -2, 1e-3, 0],
      [-0.5, 0.7, 4, -1e-4],
      [0.1, 0.1, -3, 2],
    ];
    const full = new FusedNadam([4], { learningRate: 0.01 });
    const scaled = new FusedNadam([4], { learningRate: 0.01 });
    const reference = new FusedNadam([4], { learningRate: 0.01 });
    const a = new Float64Array([1, -0.5, 0.25, 2]);
    const b = Float64Array.from(a);
    const factors = [0.3, 1, 0.05];
    gradients.forEach((g, t) => {
      const f = factors[t] as number;
      const before = Float64Array.from(b);
      scaled.update([b], [g]);
      scaleStep(b, before, f);
      // the reference: the same moments, but the step at lr·f taken by hand through a fresh
      // optimiser state copy at learning rate 0.01·f
      const lrF = new FusedNadam([4], { learningRate: 0.01 * f });
      lrF.setState(reference.getState());
      lrF.update([a], [g]);
      reference.setState(lrF.getState());
      full.update([new Float64Array(4)], [g]);
    });
    b.forEach((v, i) => {
      expect(v).toBeCloseTo(a[i] as number, 14);
    });
    // the moments are the same whatever the rates
    expect(scaled.getState().m).toEqual(full.getState().m);
  });
});
