import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, it } from 'vitest';
import { convolutionBank } from './convolution_bank.js';
import { filterMask } from './filter_mask.js';
import {
  activationBits,
  activationBitsCallback,
  entropyBounds,
  filterEntropy,
  filterEntropyCallback,
  findFilterMasks,
} from './monitors.js';
import { useBackend } from './test-backends.js';

beforeAll(async () => {
  await useBackend('cpu');
});

it('counts activation bits per level', () => {
  // [½, ½]: −(1/ln 2)·2·½·ln ½ = 1; [1, 0]: 0 (with 0·ln 0 = 0); total 1.
  expect(
    activationBits([
      [0.5, 0.5],
      [1, 0],
    ]),
  ).toBeCloseTo(1, 12);
  // Uniform 1/9 over 9 kernels is 1 bit per level; the initial p = 1 everywhere is 0.
  expect(activationBits([new Array(9).fill(1 / 9), new Array(9).fill(1 / 9)])).toBeCloseTo(2, 12);
  expect(activationBits([new Array(9).fill(1)])).toBe(0);
  expect(() => activationBits([])).toThrow(/levels: expected at least one level/);
  expect(() => activationBits([[0.5, 0.5], [1]])).toThrow(/levels of equal length/);
});

it('normalises the log standard deviation between the bounds', () => {
  // std([0.3, 0.7]) = 0.2: (ln 0.2 − ln 0.1)/(ln 0.4 − ln 0.1) = ln 2/ln 4 = ½.
  const bounds = { hMin: Math.log(0.1), hMax: Math.log(0.4) };
  expect(filterEntropy([[0.3, 0.7]], bounds)).toBeCloseTo(0.5, 12);
  expect(
    filterEntropy(
      [
        [0.3, 0.7],
        [0.3, 0.7],
      ],
      bounds,
    ),
  ).toBeCloseTo(1, 12);
});

it('draws deterministic entropy bounds like the original', () => {
  const a = entropyBounds(9);
  expect(entropyBounds(9)).toEqual(a);
  // A population std of numbers in [0, 1] is at most ½, so h_max ≤ 0.95·ln ½ = −0.6585; with 10⁶
  // draws the extremes are far apart (min σ well below 0.1, max σ above 0.4).
  expect(a.hMax).toBeLessThanOrEqual(0.95 * Math.log(0.5));
  expect(a.hMax).toBeGreaterThan(0.95 * Math.log(0.4));
  expect(a.hMin).toBeLessThan(1.05 * Math.log(0.1));
  expect(entropyBounds(9, { draws: 1000, seed: 1 })).not.toEqual(a);
  expect(() => entropyBounds(1)).toThrow(/c: expected an integer ≥ 2/);
});

it('adds activation_bits and entropy to the logs of every epoch', async () => {
  // The 1×1 bank [1, 2, 3] makes channel 2 the lone winner of every non-zero pixel, so one
  // training batch moves p from [1, 1, 1] to [0.9, 0.9, 1]:
  // bits = −(1/ln 3)·(2·0.9·ln 0.9 + 1·ln 1) = −(1/1.0986123)·(−0.1896489) = 0.172627.
  const input = tfl.input({ shape: [2, 2, 1] });
  const bank = convolutionBank({ kernelSize: 1, filters: 3 });
  const output = filterMask({ seed: 1 }).apply(bank.apply(input)) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  bank.setWeights([tf.tensor4d([1, 2, 3], [1, 1, 1, 3])]);
  model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
  const bitsCallback = activationBitsCallback();
  const options = { draws: 10_000, seed: 3 };
  const history = await model.fit(tf.ones([1, 2, 2, 1]), tf.zeros([1, 2, 2, 3]), {
    epochs: 2,
    callbacks: [bitsCallback, filterEntropyCallback(options)],
  });
  const bits = history.history.activation_bits as number[];
  expect(bits[0]).toBeCloseTo(0.172627, 5);
  // Second epoch: p = [0.81, 0.81, 1]; bits = −(2·0.81·ln 0.81)/ln 3 = 0.310731.
  expect(bits[1]).toBeCloseTo(0.310731, 5);
  expect(bitsCallback.history).toEqual(bits);
  const [mask] = findFilterMasks(model);
  expect(mask).toBeDefined();
  const entropy = history.history.entropy as number[];
  expect(entropy[1]).toBeCloseTo(filterEntropy([[0.81, 0.81, 1]], entropyBounds(3, options)), 5);
});
