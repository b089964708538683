import { nadam } from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { FusedNadam } from './nadam.js';

describe('FusedNadam (Keras 2.0.9 Nadam)', () => {
  it('first step on f(θ) = ½θ² from θ = 1 matches the update worked by hand', () => {
    // t = 1: 0.96^0.004 = exp(0.004·ln 0.96) = 0.999836727, μ₁ = 0.9·(1 − ½·0.999836727)
    // = 0.450073472; 0.96^0.008 = 0.999673481, μ₂ = 0.9·(1 − ½·0.999673481) = 0.450146934.
    // m_sched = μ₁; g = θ = 1; ĝ = 1/(1 − μ₁) = 1.818424781; m = 0.1, m̂ = 0.1/(1 − μ₁μ₂)
    // = 0.1/0.797400792 = 0.125407453; v = 0.001, v̂ = 0.001/(1 − 0.999) = 1;
    // m̄ = (1 − μ₁)·ĝ + μ₂·m̂ = 1 + 0.056451779 = 1.056451779;
    // θ₁ = 1 − 0.002·1.056451779/(1 + 1e-8) = 0.997887096.
    const nadam = new FusedNadam([1], { learningRate: 0.002 });
    const theta = Float64Array.of(1);
    nadam.update([theta], [Float64Array.of(theta[0] as number)]);
    expect(theta[0]).toBeCloseTo(0.997887096, 8);
  });

  it('five steps on a quadratic follow the Keras update rule', () => {
    // f(θ) = Σ a_i θ_i²/2, g = a·θ; the expected values come from Keras' code transcribed
    // line by line (names as in keras/optimizers.py, Nadam.get_updates).
    const a = [1, 3, 0.5];
    const start = [1, -2, 0.5];
    const lr = 0.01;
    const nadam = new FusedNadam([3], { learningRate: lr });
    const theta = Float64Array.from(start);
    const p = start.slice();
    const ms = [0, 0, 0];
    const vs = [0, 0, 0];
    let mSchedule = 1;
    for (let iterations = 0; iterations < 5; iterations++) {
      nadam.update([theta], [theta.map((x, i) => (a[i] as number) * x)]);
      const t = iterations + 1;
      const momentumCacheT = 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004));
      const momentumCacheT1 = 0.9 * (1 - 0.5 * 0.96 ** ((t + 1) * 0.004));
      const mScheduleNew = mSchedule * momentumCacheT;
      const mScheduleNext = mSchedule * momentumCacheT * momentumCacheT1;
      mSchedule = mScheduleNew;
      for (let i = 0; i < 3; i++) {
        const g = (a[i] as number) * (p[i] as number);
        const gPrime = g / (1 - mScheduleNew);
        const mT = 0.9 * (ms[i] as number) + 0.1 * g;
        const mTPrime = mT / (1 - mScheduleNext);
        const vT = 0.999 * (vs[i] as number) + 0.001 * g * g;
        const vTPrime = vT / (1 - 0.999 ** t);
        const mTBar = (1 - momentumCacheT) * gPrime + momentumCacheT1 * mTPrime;
        ms[i] = mT;
        vs[i] = vT;
        p[i] = (p[i] as number) - (lr * mTBar) / (Math.sqrt(vTPrime) + 1e-8);
      }
      p.forEach((v, i) => {
        expect(theta[i]).toBeCloseTo(v, 12);
      });
    }
    // Each step moves every θ towards 0 by about lr.
    expect(Math.abs(theta[0] as number)).toBeLessThan(1);
    expect(Math.abs(theta[1] as number)).toBeLessThan(2);
  });

  it('resumes from a saved state exactly', () => {
    const one = new FusedNadam([2], { learningRate: 0.1 });
    const x = Float64Array.of(1, 2);
    one.update([x], [Float64Array.of(1, 2)]);
    const two = new FusedNadam([2], { learningRate: 0.1 });
    two.setState(one.getState());
    const y = x.slice();
    one.update([x], [Float64Array.of(0.5, -1)]);
    two.update([y], [Float64Array.of(0.5, -1)]);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it("agrees with @apemen/layers' tfjs Nadam over ten steps (float32 tolerance)", async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const a = [1, 3, 0.5, 2];
    const start = [1, -2, 0.5, 0.25];
    const fused = new FusedNadam([4], { learningRate: 0.01 });
    const theta = Float64Array.from(start);
    const optimizer = nadam({ learningRate: 0.01 });
    const x = tf.variable(tf.tensor1d(start));
    for (let step = 0; step < 10; step++) {
      fused.update([theta], [theta.map((v, i) => (a[i] as number) * v)]);
      const g = tf.mul(x, tf.tensor1d(a));
      optimizer.applyGradients({ [x.name]: g });
      g.dispose();
    }
    // tfjs runs in float32 (m_sched kept in float32 as Keras did): agreement to ~1e-6.
    const got = x.dataSync();
    theta.forEach((v, i) => {
      expect(Math.abs((got[i] as number) - v)).toBeLessThanOrEqual(2e-6);
    });
    x.dispose();
    optimizer.dispose();
  });
});
