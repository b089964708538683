import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { convolutionBank } from './convolution_bank.js';
import { filterMask } from './filter_mask.js';
import {
  EnergyConservation,
  energyConservation,
  MaximiseEntropy,
  maximiseEntropy,
  UniformProbabilities,
  uniformProbabilities,
} from './regularizers.js';
import { BACKENDS, useBackend, values } from './test-backends.js';

const scalar = (t: tf.Tensor): number => values(t)[0] as number;

describe.each(BACKENDS)('regularisers on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });
  afterEach(() => {
    tf.disposeVariables();
  });

  it('energyConservation penalises each filter’s deviation of its sum from 1', () => {
    // One [2, 2, 1, 1] kernel of 0.2's: 100·(1 − 0.8)² = 4.
    expect(scalar(energyConservation(100).apply(tf.fill([2, 2, 1, 1], 0.2)))).toBeCloseTo(4, 5);
    // Two filters in a [2, 2, 1, 2] bank, sums 1 and 2: 50·[(1 − 1)² + (1 − 2)²] = 50.
    const bank = tf.tensor4d([0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5], [2, 2, 1, 2]);
    expect(scalar(energyConservation(50).apply(bank))).toBeCloseTo(50, 5);
    // Default λ = 100 and a kernel that conserves energy: 0.
    expect(scalar(energyConservation().apply(tf.fill([3, 3, 1, 1], 1 / 9)))).toBeCloseTo(0, 5);
  });

  it('uniformProbabilities and maximiseEntropy follow their formulas', () => {
    // λ = 2, n = 4, W = [1, 0, 0, 0]: 2·[(0.75)² + 3·(0.25)²]/4 = 2·0.75/4 = 0.375.
    expect(scalar(uniformProbabilities(2, 4).apply(tf.tensor1d([1, 0, 0, 0])))).toBeCloseTo(
      0.375,
      6,
    );
    // λ = 1, n = 2, W = [½, ½]: (1/ln 2)·2·½·ln ½ = −1.
    expect(scalar(maximiseEntropy(1, 2).apply(tf.tensor1d([0.5, 0.5])))).toBeCloseTo(-1, 6);
    // λ = 3, n = 9, W = [0.2, 0.8]: (3/2.1972246)·(0.2·(−1.6094379) + 0.8·(−0.2231436))
    //   = 1.3653426·(−0.3218876 − 0.1785148) = −0.683229.
    const expected = (3 / Math.log(9)) * (0.2 * Math.log(0.2) + 0.8 * Math.log(0.8));
    expect(expected).toBeCloseTo(-0.683229, 6);
    expect(scalar(maximiseEntropy(3, 9).apply(tf.tensor1d([0.2, 0.8])))).toBeCloseTo(expected, 5);
  });

  it('is added to the training loss only, never to evaluate', async () => {
    // A 1×1 bank with kernels [0.5, 0.5] (penalty 100·2·0.25 = 50) and a zero target: the data
    // loss is mean((0.5·x)²) over the two channels, 0.25 for x = 1.
    const input = tfl.input({ shape: [1, 1, 1] });
    const bank = convolutionBank({
      kernelSize: 1,
      filters: 2,
      kernelRegularizer: energyConservation(100),
    });
    const model = tfl.model({ inputs: input, outputs: bank.apply(input) as tfl.SymbolicTensor });
    bank.setWeights([tf.tensor4d([0.5, 0.5], [1, 1, 1, 2])]);
    model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
    const x = tf.ones([1, 1, 1, 1]);
    const y = tf.zeros([1, 1, 1, 2]);
    const evaluated = scalar(model.evaluate(x, y) as tf.Scalar);
    expect(evaluated).toBeCloseTo(0.25, 6);
    const trained = (await model.trainOnBatch(x, y)) as number;
    expect(trained).toBeCloseTo(50.25, 4);
  });

  it('regularises the filter probabilities as the original FilterMask did (a constant)', async () => {
    // Bank 1×1 [1, 2, 3]: every pixel of a ones image is won by channel 2 alone, mask [0, 0, 1],
    // so the data loss MSE(mask, 0) = 1/3. The forward pass moves p to [0.9, 0.9, 1] before
    // tfjs adds the penalty: 2·[2·(0.9 − 1/3)² + (1 − 1/3)²]/3 = 2·(0.642222 + 0.444444)/3
    // = 0.724444, so trainOnBatch reports 1/3 + 0.724444 = 1.057778 and evaluate 1/3.
    const input = tfl.input({ shape: [2, 2, 1] });
    const bank = convolutionBank({ kernelSize: 1, filters: 3 });
    const mask = filterMask({ seed: 1, probabilityRegularizer: uniformProbabilities(2, 3) });
    const model = tfl.model({
      inputs: input,
      outputs: mask.apply(bank.apply(input)) as tfl.SymbolicTensor,
    });
    bank.setWeights([tf.tensor4d([1, 2, 3], [1, 1, 1, 3])]);
    model.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
    const x = tf.ones([1, 2, 2, 1]);
    const y = tf.zeros([1, 2, 2, 3]);
    expect((await model.trainOnBatch(x, y)) as number).toBeCloseTo(1 / 3 + 0.724444, 5);
    expect(scalar(model.evaluate(x, y) as tf.Scalar)).toBeCloseTo(1 / 3, 6);
    expect(mask.getConfig().probabilityRegularizer).toEqual({
      className: 'Apemen>UniformProbabilities',
      config: { multiplier: 2, n: 3 },
    });
  });

  it('round-trips through the model’s saved topology', async () => {
    const input = tfl.input({ shape: [4, 4, 1] });
    const bank = convolutionBank({
      kernelSize: 2,
      filters: 3,
      kernelRegularizer: energyConservation(500),
    });
    const model = tfl.model({ inputs: input, outputs: bank.apply(input) as tfl.SymbolicTensor });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const layer = loaded.layers[1] as ReturnType<typeof convolutionBank>;
    expect(layer.kernelRegularizer).toBeInstanceOf(EnergyConservation);
    expect((layer.kernelRegularizer as EnergyConservation).multiplier).toBe(500);
    expect(layer.losses).toHaveLength(1);
  });
});

it('serialises its parameters and rejects bad ones', () => {
  const check = (r: tf.serialization.Serializable, name: string, config: object): void => {
    expect(r.getClassName()).toBe(name);
    expect(r.getConfig()).toEqual(config);
  };
  check(energyConservation(50), 'Apemen>EnergyConservation', { multiplier: 50 });
  check(uniformProbabilities(2, 9), 'Apemen>UniformProbabilities', { multiplier: 2, n: 9 });
  check(maximiseEntropy(1, 7), 'Apemen>MaximiseEntropy', { multiplier: 1, n: 7 });
  const back = MaximiseEntropy.fromConfig(MaximiseEntropy, { multiplier: 1, n: 7 });
  expect(back).toBeInstanceOf(MaximiseEntropy);
  const uniform = UniformProbabilities.fromConfig(UniformProbabilities, { multiplier: 2, n: 9 });
  expect((uniform as UniformProbabilities).n).toBe(9);
  expect(() => uniformProbabilities(1, 1)).toThrow(/n: expected an integer ≥ 2/);
  expect(() => energyConservation(Number.NaN)).toThrow(/multiplier: expected a finite number/);
});
