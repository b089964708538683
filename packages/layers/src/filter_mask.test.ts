import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { convolutionBank } from './convolution_bank.js';
import {
  FilterMask,
  filterMask,
  filterMaskOp,
  filterMaskUniforms,
  uniqueWinnerCounts,
} from './filter_mask.js';
import { BACKENDS, useBackend, values } from './test-backends.js';

const SEED = 140280;

/** Builds a mask layer for C channels and sets its probabilities. */
function maskWithProbabilities(probs: number[], seed = SEED): FilterMask {
  const layer = filterMask({ seed });
  layer.build([null, null, null, probs.length]);
  layer.setWeights([tf.tensor1d(probs)]);
  return layer;
}

function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}

/** P(argmax_c u_c·p_c = c) for independent u_c ~ U(0, 1), by midpoint integration in float64. */
function winProbabilities(p: number[]): number[] {
  return p.map((pc, c) => {
    // X_c = p_c·u_c is uniform on [0, p_c]; P(c wins) = ∫ (1/p_c) Π_{j≠c} min(x/p_j, 1) dx.
    const steps = 200_000;
    let total = 0;
    for (let s = 0; s < steps; s++) {
      const x = ((s + 0.5) / steps) * pc;
      let prod = 1;
      p.forEach((pj, j) => {
        if (j !== c) prod *= Math.min(x / pj, 1);
      });
      total += prod;
    }
    return total / steps;
  });
}

describe.each(BACKENDS)('FilterMask on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });
  afterEach(() => {
    tf.disposeVariables();
  });

  it('keeps unique winners, ties pick argmax u·p, and ε-close responses tie', () => {
    // Responses o, one pixel per row, C = 3 (B = 1, H = 1, W = 5):
    //  [0.5, −2, 1]        a = |o| = [0.5, 2, 1]: channel 1 wins alone → mask [0, 1, 0]
    //  [0, 0, 0]           all tie → argmax_c u_c·p_c over all three
    //  [3, −3, 1]          a = [3, 3, 1]: 0 and 1 tie → argmax over {0, 1} of u_c·p_c
    //  [1, 0.99999994, .5] a_1 − max + ε = −5.96e-8 + 1e-7 > 0: 0 and 1 tie (within ε)
    //  [−4, 1, 2]          channel 0 wins alone
    const o = tf.tensor4d(
      [0.5, -2, 1, 0, 0, 0, 3, -3, 1, 1, 0.99999994, 0.5, -4, 1, 2],
      [1, 1, 5, 3],
    );
    const p = [0.2, 0.3, 0.5];
    const layer = maskWithProbabilities(p);
    const mask = values(layer.apply(o) as tf.Tensor);
    const u = values(filterMaskUniforms([1, 1, 5, 3], SEED, 0));
    const up = (pixel: number, c: number): number =>
      (u[pixel * 3 + c] as number) * (p[c] as number);
    const oneHot = (c: number): number[] => [0, 1, 2].map((i) => (i === c ? 1 : 0));
    expect(mask.slice(0, 3)).toEqual([0, 1, 0]);
    expect(mask.slice(3, 6)).toEqual(oneHot(argmax([up(1, 0), up(1, 1), up(1, 2)])));
    expect(mask.slice(6, 9)).toEqual(oneHot(argmax([up(2, 0), up(2, 1), -1])));
    expect(mask.slice(9, 12)).toEqual(oneHot(argmax([up(3, 0), up(3, 1), -1])));
    expect(mask.slice(12, 15)).toEqual([1, 0, 0]);
    expect(layer.calls).toBe(1);
  });

  it('reproduces the quirk: a lone winner with p = 0 sets every channel', () => {
    // o = [5, 1, 0]: channel 0 wins alone, but p_0 = 0 so r = w·u·p = [0, 0, 0]; then
    // r − max r + ε = ε > 0 in every channel, so the mask is [1, 1, 1].
    const layer = maskWithProbabilities([0, 0.5, 0.5]);
    const mask = values(layer.apply(tf.tensor4d([5, 1, 0], [1, 1, 1, 3])) as tf.Tensor);
    expect(mask).toEqual([1, 1, 1]);
  });

  it('picks tied channels with the frequencies of the argmax u·p rule', () => {
    // 100×100 empty pixels, p = [0.2, 0.3, 0.5]. Each pixel's choice must equal the argmax of its
    // own u·p (exact), and the counts must match the integrated probabilities within 5 binomial
    // standard deviations (√(q(1−q)/n) ≤ 0.005 for n = 10⁴; seeded, so the test is deterministic).
    const p = [0.2, 0.3, 0.5];
    const layer = maskWithProbabilities(p, 7);
    const shape = [1, 100, 100, 3];
    const mask = values(layer.apply(tf.zeros(shape)) as tf.Tensor);
    const u = values(filterMaskUniforms(shape, 7, 0));
    const counts = [0, 0, 0];
    let mismatches = 0;
    for (let pixel = 0; pixel < 10_000; pixel++) {
      const chosen = argmax(mask.slice(pixel * 3, pixel * 3 + 3));
      const rule = argmax([0, 1, 2].map((c) => (u[pixel * 3 + c] as number) * (p[c] as number)));
      if (chosen !== rule) mismatches++;
      counts[chosen] = (counts[chosen] as number) + 1;
      expect(mask.slice(pixel * 3, pixel * 3 + 3).reduce((a, b) => a + b, 0)).toBe(1);
    }
    expect(mismatches).toBe(0);
    const expected = winProbabilities(p);
    // By hand: P(0) = ∫_0^0.2 (1/0.2)(x/0.3)(x/0.5) dx = 0.2³/3/(0.2·0.15) = 0.088889;
    // P(1) = (1/0.3)[∫_0^0.2 x²/0.1 dx + ∫_0.2^0.3 x/0.5 dx] = (0.026667 + 0.05)/0.3 = 0.255556;
    // P(2) = 1 − P(0) − P(1) = 0.655556.
    [0.0888889, 0.2555556, 0.6555556].forEach((q, c) => {
      expect(expected[c]).toBeCloseTo(q, 6);
    });
    counts.forEach((n, c) => {
      const q = expected[c] as number;
      const sigma = Math.sqrt((q * (1 - q)) / 10_000);
      expect(Math.abs(n / 10_000 - q)).toBeLessThan(5 * sigma);
    });
  });

  it('updates the probabilities by the moving average in training only', () => {
    // Pixels: [1, 0, 0] → 0 alone; [−3, 1, 0] → 0 alone; [0, 2, 0] → 1 alone; [0, 0, 0] → tie.
    // counts = [2, 1, 0], Σ = 3, so p ← 0.9·[1, 1, 1] + 0.1·[2/3, 1/3, 0]
    //                                 = [0.966667, 0.933333, 0.9].
    const o = tf.tensor4d([1, 0, 0, -3, 1, 0, 0, 2, 0, 0, 0, 0], [1, 2, 2, 3]);
    const layer = filterMask({ seed: 1 });
    layer.apply(o);
    expect(values(layer.probabilities())).toEqual([1, 1, 1]);
    layer.apply(o, { training: true });
    const once = values(layer.probabilities());
    [0.9 + 0.1 * (2 / 3), 0.9 + 0.1 * (1 / 3), 0.9].forEach((v, i) => {
      expect(once[i]).toBeCloseTo(v, 6);
    });
    // A second training pass: p ← 0.9·p + 0.1·[2/3, 1/3, 0] = [0.936667, 0.873333, 0.81].
    layer.apply(o, { training: true });
    const twice = values(layer.probabilities());
    [0.9 * (0.9 + 0.2 / 3) + 0.2 / 3, 0.9 * (0.9 + 0.1 / 3) + 0.1 / 3, 0.81].forEach((v, i) => {
      expect(twice[i]).toBeCloseTo(v, 6);
    });
    // A batch with no unique winner leaves p as it is (Keras would have made it NaN).
    layer.apply(tf.zeros([1, 2, 2, 3]), { training: true });
    expect(values(layer.probabilities())).toEqual(twice);
  });

  it('moves the probabilities during model.fit and keeps them in predict', async () => {
    // A 1×1 bank with kernels [1, 2, 3]: every non-zero pixel is won by channel 2 alone and
    // empty pixels tie, so each training batch has counts ∝ [0, 0, 1]: p ← 0.9·p + 0.1·[0, 0, 1].
    const input = tfl.input({ shape: [2, 2, 1] });
    const bank = convolutionBank({ kernelSize: 1, filters: 3 });
    const maskLayer = filterMask({ seed: 3 });
    const output = maskLayer.apply(bank.apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    bank.setWeights([tf.tensor4d([1, 2, 3], [1, 1, 1, 3])]);
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const x = tf.tensor4d([1, 0, 0, 2, 0, 3, 0, 0], [2, 2, 2, 1]);
    await model.fit(x, tf.zeros([2, 2, 2, 3]), { epochs: 1, batchSize: 1, shuffle: false });
    // Two batches: p = [0.81, 0.81, 1] (third: 0.9·(0.9 + 0.1) + 0.1 = 1).
    const fitted = values(maskLayer.probabilities());
    [0.81, 0.81, 1].forEach((v, i) => {
      expect(fitted[i]).toBeCloseTo(v, 6);
    });
    model.predict(x);
    await model.evaluate(x, tf.zeros([2, 2, 2, 3]));
    expect(values(maskLayer.probabilities())).toEqual(fitted);
  });

  it('is reproducible from its seed and passes no gradient', () => {
    const o = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 5);
    const zeros = tf.concat([o, tf.zeros([2, 4, 4, 3])], 0);
    const a = filterMask({ seed: 11 });
    const b = filterMask({ seed: 11 });
    const first = values(a.apply(zeros) as tf.Tensor);
    expect(values(b.apply(zeros) as tf.Tensor)).toEqual(first);
    // The second pass draws stream index 1, so the tied (empty) pixels change.
    expect(values(a.apply(zeros) as tf.Tensor)).not.toEqual(first);
    b.calls = 0;
    expect(values(b.apply(zeros) as tf.Tensor)).toEqual(first);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(a.apply(x) as tf.Tensor, x)))(o);
    // d/do Σ mask·o = mask (the product rule's other term, o·dmask/do, is zero).
    const c = filterMask({ seed: 11 });
    c.calls = 3; // a has made three passes (two above and the one inside tf.grad)
    expect(values(gradient)).toEqual(values(c.apply(o) as tf.Tensor));
  });
});

it('serialises its options and rejects bad ones', () => {
  const layer = filterMask({ seed: 9, momentum: 0.8, name: 'm' });
  const config = layer.getConfig();
  expect(config.seed).toBe(9);
  expect(config.momentum).toBe(0.8);
  expect(config.name).toBe('m');
  expect(FilterMask.className).toBe('Apemen>FilterMask');
  expect(() => filterMask({ momentum: 1.5 })).toThrow(/momentum: expected a number in \[0, 1\]/);
});

it('exposes the mask and the winner counts as pure tensor functions', async () => {
  await useBackend('cpu');
  // All tie; u·p = [0.9·0.2, 0.1·0.3, 0.5·0.5] = [0.18, 0.03, 0.25] → channel 2.
  const p = tf.tensor1d([0.2, 0.3, 0.5]);
  expect(values(filterMaskOp(tf.zeros([1, 3]), p, tf.tensor2d([[0.9, 0.1, 0.5]])))).toEqual([
    0, 0, 1,
  ]);
  // Pixels [1, 0], [0, −2], [0, 0]: unique winners 0 and 1, the last is a tie → counts [1, 1].
  expect(
    values(
      uniqueWinnerCounts(
        tf.tensor2d([
          [1, 0],
          [0, -2],
          [0, 0],
        ]),
      ),
    ),
  ).toEqual([1, 1]);
});
