import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activeLoss, gaussianKernel } from './active_loss.js';
import { BACKENDS, useBackend, values } from './test-backends.js';

const image = (v: number[], n: number): tf.Tensor4D =>
  tf.tensor4d(v, [v.length / (n * n), n, n, 1]);

// Target [[2, 0], [0, 0]] and prediction [[1, 0.5], [0, −0.25]] (2×2 pixels).
const TARGET = [2, 0, 0, 0];
const PREDICTION = [1, 0.5, 0, -0.25];

it('builds the Gaussian smearing kernels of the original', () => {
  // s = 1: t = 0, g = [1] → G = [1]. s = 2: t = ∓½, g equal → G = ¼ everywhere.
  expect(Array.from(gaussianKernel(1))).toEqual([1]);
  expect(Array.from(gaussianKernel(2))).toEqual([0.25, 0.25, 0.25, 0.25]);
  // s = 3: t = −2/3, 0, 2/3, g = [e, 1, e] with e = exp(−2/9); G = g gᵀ/(1 + 2e)².
  const e = Math.exp(-2 / 9);
  const norm = (1 + 2 * e) ** 2;
  const g3 = Array.from(gaussianKernel(3));
  [e * e, e, e * e, e, 1, e, e * e, e, e * e].forEach((v, i) => {
    expect(g3[i]).toBeCloseTo(v / norm, 15);
  });
  expect(() => gaussianKernel(0)).toThrow(/size: expected a positive integer/);
});

describe.each(BACKENDS)('activeLoss on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('matches the formula on a hand-computed 2×2 example', () => {
    const t = image(TARGET, 2);
    const p = image(PREDICTION, 2);
    // s = 1: X = target, Y = prediction, active = [1, 0, 0, 0], n_act = 1 + 1e-7, n_inact = 3.
    // inside = (2 − 1)²/n_act = 1; outside = (0.5 + 0 + 0.25)²/3 = 0.1875; ½·(1 + 0.1875) = 0.59375.
    expect(values(activeLoss([1])(t, p))[0]).toBeCloseTo(0.59375, 6);
    // s = 2 (G = ¼, padding after): X = [0.5, 0, 0, 0];
    // Y = ¼·[1 + 0.5 + 0 − 0.25, 0.5 − 0.25, 0 − 0.25, −0.25] = [0.3125, 0.0625, −0.0625, −0.0625];
    // inside = (0.5 − 0.3125)² = 0.03515625; outside = (3·0.0625)²/3 = 0.01171875;
    // loss_2 = ½·(0.03515625 + 0.01171875) = 0.0234375.
    expect(values(activeLoss([0, 1])(t, p))[0]).toBeCloseTo(0.0234375, 6);
    // Weights [1, 1] normalise to ½ each: ½·0.59375 + ½·0.0234375 = 0.30859375.
    expect(values(activeLoss([1, 1])(t, p))[0]).toBeCloseTo(0.30859375, 6);
    // The same with [10, 10]: only the ratio of the weights matters.
    expect(values(activeLoss([10, 10])(t, p))[0]).toBeCloseTo(0.30859375, 6);
  });

  it('uses N² inactive pixels by default, 64·64 with legacy64, and gives one value per event', () => {
    const t = image(TARGET, 2);
    const p = image(PREDICTION, 2);
    // legacy64: outside = 0.5625/(4096 − 1) → ½·(1 + 1.373626e-4) = 0.50006868.
    expect(values(activeLoss([1], { legacy64: true })(t, p))[0]).toBeCloseTo(0.50006868, 6);
    // pixels: 8 → n_inact = 64 − 1: ½·(1 + 0.5625/63) = 0.50446429.
    expect(values(activeLoss([1], { pixels: 8 })(t, p))[0]).toBeCloseTo(0.50446429, 6);
    // Two events: the second is the first with the prediction equal to the target (loss 0).
    const both = activeLoss([1])(
      image([...TARGET, ...TARGET], 2),
      image([...PREDICTION, ...TARGET], 2),
    );
    expect(both.shape).toEqual([2]);
    const [first, second] = values(both);
    expect(first).toBeCloseTo(0.59375, 6);
    expect(second).toBe(0);
  });

  it('is exactly 0 when the prediction equals the target', () => {
    // Sparse non-negative 8×8 images (values 0.5–2 in ~10% of pixels): every smeared pixel is
    // either 0 or far above 10ε, so both terms vanish exactly.
    const u = values(tf.randomUniform([3 * 64], 0, 1, 'float32', 4));
    const x = image(
      u.map((v) => (v < 0.1 ? 0.5 + 15 * v : 0)),
      8,
    );
    expect(values(activeLoss([100, 10, 1])(x, x))).toEqual([0, 0, 0]);
  });

  it('has the gradient of finite differences, and TensorFlow’s zero gradient of |Y| at Y = 0', () => {
    // 4×4 images, prediction > 0 everywhere (Y away from the kink of |Y|); the loss is then
    // quadratic in the prediction, so central differences are exact up to float32 rounding:
    // with h = 1e-2 and loss ≈ 1, rounding error ≈ 1e-7/1e-2 = 1e-5; tolerance 1e-3.
    const target = image(
      values(tf.randomUniform([16], 0, 1, 'float32', 5)).map((v) => (v < 0.4 ? 3 * v : 0)),
      4,
    );
    const pred = values(tf.randomUniform([16], 0.1, 1, 'float32', 6));
    const loss = activeLoss([100, 10, 1]);
    const f = (p: number[]): number => values(loss(target, image(p, 4)))[0] as number;
    const grad = values(tf.grad((p: tf.Tensor) => tf.mean(loss(target, p)))(image(pred, 4)));
    const h = 1e-2;
    pred.forEach((_, i) => {
      const up = [...pred];
      const down = [...pred];
      up[i] = (up[i] as number) + h;
      down[i] = (down[i] as number) - h;
      expect(grad[i]).toBeCloseTo((f(up) - f(down)) / (2 * h), 3);
    });
    // s = 1 only, target [[1, 0], [0, 0]], prediction [[1, 0], [0, 0.5]]: pixel (0, 1) has Y = 0,
    // where TensorFlow's d|Y|/dY = sign(0) = 0; tfjs's abs would give −1 there.
    // Pixel (1, 1): d/dY ½·(ΣΙ|Y|)²/n_inact = (0.5)/3 = 0.1666667.
    const g = values(
      tf.grad((p: tf.Tensor) => tf.mean(activeLoss([1])(image([1, 0, 0, 0], 2), p)))(
        image([1, 0, 0, 0.5], 2),
      ),
    );
    expect(g[1]).toBe(0);
    expect(g[2]).toBe(0);
    expect(g[3]).toBeCloseTo(0.5 / 3, 6);
  });

  it('stays finite when no pixel is inactive (Keras: 0/0 = NaN)', () => {
    // Target all ones, N = 2: active everywhere, n_inact = 4 − (4 + 1e-7) ≈ 0 and Σ inactive·|Y|
    // = 0 exactly; the second term is 0. inside = Σ(1 − 0.5)²/4 = 0.25 → loss ½·0.25 = 0.125.
    const l = activeLoss([1])(image([1, 1, 1, 1], 2), image([0.5, 0.5, 0.5, 0.5], 2));
    expect(values(l)[0]).toBeCloseTo(0.125, 6);
  });
});

it('rejects bad weights, options and shapes', () => {
  expect(() => activeLoss([])).toThrow(/weights: expected a non-empty list/);
  expect(() => activeLoss([0, 0])).toThrow(/weights: expected at least one positive weight/);
  expect(() => activeLoss([1, -1])).toThrow(/weights/);
  expect(() => activeLoss([1], { pixels: 0 })).toThrow(/pixels: expected a positive integer/);
  expect(() => activeLoss([1])(tf.zeros([1, 2, 2, 1]), tf.zeros([1, 2, 3, 1]))).toThrow(
    /activeLoss prediction: expected the target's shape \[1, 2, 2, 1\]/,
  );
});
