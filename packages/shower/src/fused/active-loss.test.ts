import { activeLoss } from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { ShowerError } from '../errors.js';
import { FusedActiveLoss, gaussianFactor } from './active-loss.js';
import { denseTestImages, sparseTestImages } from './test-helpers.js';

/** Loss (and gradient w.r.t. the prediction) of a batch through the fused loss. */
function fusedLoss(
  loss: FusedActiveLoss,
  target: ArrayLike<number>,
  prediction: ArrayLike<number>,
  batch: number,
  precision: 'float32' | 'float64' = 'float64',
): { value: number; gradient: Float64Array } {
  const area = loss.pixels * loss.pixels;
  const make = (n: number) => (precision === 'float64' ? new Float64Array(n) : new Float32Array(n));
  const t = make(area);
  const p = make(area);
  const g = make(area);
  const nz = new Int32Array(area);
  const gradient = new Float64Array(batch * area);
  let value = 0;
  for (let b = 0; b < batch; b++) {
    let n = 0;
    for (let i = 0; i < area; i++) {
      t[i] = target[b * area + i] as number;
      p[i] = prediction[b * area + i] as number;
      if (t[i] !== 0) nz[n++] = i;
    }
    g.fill(0);
    value += loss.event(t, nz, n, p, g, 1 / batch) / batch;
    gradient.set(g, b * area);
  }
  return { value, gradient };
}

describe('gaussianFactor', () => {
  it('is the normalised 1-D factor of G_s', () => {
    expect(Array.from(gaussianFactor(1))).toEqual([1]);
    expect(Array.from(gaussianFactor(2))).toEqual([0.5, 0.5]);
    // s = 3: t = (−2/3, 0, 2/3), g = (e^(−2/9), 1, e^(−2/9)) = (0.8007374, 1, 0.8007374),
    // Σ = 2.6014748, h = (0.8007374/2.6014748, 1/2.6014748, …) = (0.3078013, 0.3843973, 0.3078013).
    const h = gaussianFactor(3);
    expect(h[0]).toBeCloseTo(0.3078013, 6);
    expect(h[1]).toBeCloseTo(0.3843973, 6);
    expect(h[2]).toBeCloseTo(0.3078013, 6);
  });
});

describe('FusedActiveLoss', () => {
  it('is 0 for identical target and prediction', () => {
    const loss = new FusedActiveLoss(16, { precision: 'float64' });
    const images = sparseTestImages(3, 16, 10, 1);
    const { value, gradient } = fusedLoss(loss, images, images, 3);
    // X (scattered from the target's pixels) and Y (two 1-D passes) round differently in
    // float64, so 0 up to ~1e-16 relative on pixel values of order 1–400.
    expect(value).toBeLessThan(1e-20);
    expect(Math.max(...gradient.map(Math.abs))).toBeLessThan(1e-12);
    // A prediction that differs gives a clearly positive loss.
    expect(
      fusedLoss(
        loss,
        images,
        images.map((v) => v * 1.1),
        3,
      ).value,
    ).toBeGreaterThan(1);
  });

  it('matches hand-computed values on a 2×2 image', () => {
    // target [[4, 0], [0, 0]], prediction [[3, 0], [0, 1]].
    const target = [4, 0, 0, 0];
    const prediction = [3, 0, 0, 1];
    // s = 1: X = target, active = (1, 0, 0, 0), n_act = 1 + 1e-7, n_inact = 4 − n_act;
    // Σ(X − aY)² = (4 − 3)² = 1, Σ(1 − a)|Y| = 1 → ½·(1/(1 + 1e-7) + 1/(3 − 1e-7)).
    const s1 = 0.5 * (1 / (1 + 1e-7) + 1 / (3 - 1e-7));
    expect(
      fusedLoss(
        new FusedActiveLoss(2, { weights: [1], precision: 'float64' }),
        target,
        prediction,
        1,
      ).value,
    ).toBeCloseTo(s1, 12);
    // s = 2 (G = ¼ everywhere, padding after): X = (1, 0, 0, 0), Y = ((3 + 1)/4, 1/4, 1/4, 1/4);
    // active = (1, 0, 0, 0); Σ(X − aY)² = 0, Σ(1 − a)|Y| = 3/4 → ½·(0.5625/(3 − 1e-7)).
    const s2 = 0.5 * (0.5625 / (3 - 1e-7));
    expect(
      fusedLoss(
        new FusedActiveLoss(2, { weights: [0, 1], precision: 'float64' }),
        target,
        prediction,
        1,
      ).value,
    ).toBeCloseTo(s2, 12);
    // Weights [1, 1] normalise to ½ each; a batch of two identical events has the same mean.
    expect(
      fusedLoss(
        new FusedActiveLoss(2, { weights: [1, 1], precision: 'float64' }),
        [...target, ...target],
        [...prediction, ...prediction],
        2,
      ).value,
    ).toBeCloseTo((s1 + s2) / 2, 12);
    // legacy64: n_inact = 4096 − n_act instead of 4 − n_act.
    expect(
      fusedLoss(
        new FusedActiveLoss(2, { weights: [1], legacy64: true, precision: 'float64' }),
        target,
        prediction,
        1,
      ).value,
    ).toBeCloseTo(0.5 * (1 / (1 + 1e-7) + 1 / (4095 - 1e-7)), 12);
  });

  it('rejects negative or all-zero weights', () => {
    expect(() => new FusedActiveLoss(4, { weights: [1, -1] })).toThrow(ShowerError);
    expect(() => new FusedActiveLoss(4, { weights: [0, 0] })).toThrow(ShowerError);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`equals @apemen/layers' composite activeLoss in value and gradient (${backend})`, async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const n = 16;
      const batch = 3;
      const cases = [
        { target: sparseTestImages(batch, n, 12, 31), prediction: denseTestImages(batch, n, 32) },
        { target: denseTestImages(batch, n, 33), prediction: sparseTestImages(batch, n, 20, 34) },
        {
          target: sparseTestImages(batch, n, 12, 35),
          // Mixed signs: the |Y| term's sign pattern matters.
          prediction: denseTestImages(batch, n, 36).map((v) => v - 1),
        },
      ];
      for (const { target, prediction } of cases) {
        const composite = activeLoss([100, 10, 1]);
        const t = tf.tensor4d(Float32Array.from(target), [batch, n, n, 1]);
        const p = tf.tensor4d(Float32Array.from(prediction), [batch, n, n, 1]);
        const f = (q: tf.Tensor) => tf.mean(composite(t, q));
        const { value, grad } = tf.valueAndGrad(f)(p);
        const fused = fusedLoss(
          new FusedActiveLoss(n),
          Float32Array.from(target),
          Float32Array.from(prediction),
          batch,
          'float32',
        );
        // float32 sums of ~256 terms: relative agreement ~1e-5.
        expect(fused.value).toBeCloseTo(value.dataSync()[0] as number, 3);
        expect(Math.abs(fused.value - (value.dataSync()[0] as number))).toBeLessThanOrEqual(
          2e-5 * Math.abs(fused.value),
        );
        const g = grad.dataSync();
        let scale = 0;
        for (const v of g) scale = Math.max(scale, Math.abs(v));
        fused.gradient.forEach((v, i) => {
          expect(Math.abs(v - (g[i] as number))).toBeLessThanOrEqual(2e-5 * scale);
        });
        tf.dispose([t, p, value, grad]);
      }
    });
  }
});
