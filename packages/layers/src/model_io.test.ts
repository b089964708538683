import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, expect, it } from 'vitest';
import { activeLoss } from './active_loss.js';
import { channelMaximum } from './channel_maximum.js';
import { convolutionBank } from './convolution_bank.js';
import { type FilterMask, filterMask } from './filter_mask.js';
import { mergeDeconvolution } from './merge_deconvolution.js';
import { findFilterMasks } from './monitors.js';
import { Nadam, nadam } from './nadam.js';
import { EnergyConservation, energyConservation } from './regularizers.js';
import { useBackend, values } from './test-backends.js';

const N = 8;
const K = 2;
const C = 3;
const LEVELS = 2; // log_2 8 − 1

/** A small shower network (N = 8, k = 2, C = 3) built as docs/layers.md describes, all seeded. */
function buildShower(): tfl.LayersModel {
  const input = tfl.input({ shape: [N, N, 1] });
  const bank = convolutionBank({
    kernelSize: K,
    filters: C,
    seed: 1,
    kernelRegularizer: energyConservation(100),
  });
  const maximum = channelMaximum();
  const pool = tfl.layers.maxPooling2d({ poolSize: K });
  const deconv = mergeDeconvolution({ kernelSize: K, filters: C, seed: 2 });
  let x = input;
  const masks: tfl.SymbolicTensor[] = [];
  for (let i = 0; i < LEVELS; i++) {
    const o = bank.apply(x) as tfl.SymbolicTensor;
    masks.push(filterMask({ seed: 3 + i }).apply(o) as tfl.SymbolicTensor);
    x = pool.apply(maximum.apply(o)) as tfl.SymbolicTensor;
  }
  for (let i = 0; i < LEVELS; i++) {
    x = deconv.apply([x, masks[LEVELS - 1 - i] as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
  }
  const model = tfl.model({ inputs: input, outputs: x });
  model.compile({ optimizer: nadam({ learningRate: 0.01 }), loss: activeLoss([100, 10, 1]) });
  return model;
}

/** Sparse non-negative images: ~20% of pixels hold 1–5. */
function images(count: number): tf.Tensor4D {
  const u = values(tf.randomUniform([count * N * N], 0, 1, 'float32', 12));
  return tf.tensor4d(
    u.map((v) => (v < 0.2 ? 1 + 20 * v : 0)),
    [count, N, N, 1],
  );
}

function resetStreams(model: tfl.LayersModel): void {
  for (const mask of findFilterMasks(model)) mask.calls = 0;
}

async function saveToMemory(
  model: tfl.LayersModel,
  includeOptimizer = false,
): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
  if (saved === undefined) throw new Error('nothing saved');
  return saved;
}

afterEach(() => {
  tf.disposeVariables();
});

it('saves and loads a trained shower network that predicts the same', async () => {
  await useBackend('cpu');
  const model = buildShower();
  const x = images(8);
  await model.fit(x, x, { epochs: 1, batchSize: 4, shuffle: false });
  resetStreams(model);
  const before = values(model.predict(x, { batchSize: 8 }) as tf.Tensor);
  const artifacts = await saveToMemory(model);
  const topology = JSON.stringify(artifacts.modelTopology);
  for (const name of [
    'Apemen>ConvolutionBank',
    'Apemen>FilterMask',
    'Apemen>MergeDeconvolution',
    'Apemen>ChannelMaximum',
    'Apemen>EnergyConservation',
  ]) {
    expect(topology).toContain(name);
  }
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  expect(values(loaded.predict(x, { batchSize: 8 }) as tf.Tensor)).toEqual(before);
  // Same weights, in the same order, including the trained filter probabilities (≠ 1).
  const original = model.getWeights().map(values);
  const reloaded = loaded.getWeights().map(values);
  expect(reloaded).toEqual(original);
  const masks = findFilterMasks(loaded);
  expect(masks).toHaveLength(LEVELS);
  expect(masks.map((m) => m.seed)).toEqual([3, 4]);
  expect(values((masks[0] as FilterMask).probabilities()).some((p) => p !== 1)).toBe(true);
  const bank = loaded.layers.find(
    (l) => l.getClassName() === 'Apemen>ConvolutionBank',
  ) as ReturnType<typeof convolutionBank>;
  expect(bank.kernelRegularizer).toBeInstanceOf(EnergyConservation);
  expect(loaded.trainableWeights.map((w) => w.shape)).toEqual([
    [K, K, 1, C],
    [K, K, 1, C],
  ]);
});

it('resumes training exactly from a model saved with its Nadam state', async () => {
  await useBackend('cpu');
  const model = buildShower();
  const x = images(8);
  await model.fit(x, x, { epochs: 1, batchSize: 4, shuffle: false });
  const artifacts = await saveToMemory(model, true);
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  expect(loaded.optimizer).toBeInstanceOf(Nadam);
  expect(loaded.optimizer.iterations).toBe(2);
  // A function loss is not serialisable: recompile with the restored optimiser.
  loaded.compile({ optimizer: loaded.optimizer, loss: activeLoss([100, 10, 1]) });
  resetStreams(model);
  resetStreams(loaded);
  const a = (await model.trainOnBatch(x, x)) as number;
  const b = (await loaded.trainOnBatch(x, x)) as number;
  expect(b).toBe(a);
  expect(loaded.getWeights().map(values)).toEqual(model.getWeights().map(values));
});

it.each(['cpu', 'wasm'])(
  'back-propagates through the whole network as finite differences say (%s)',
  async (backend) => {
    await useBackend(backend);
    const model = buildShower();
    const x = images(2);
    const loss = activeLoss([100, 10, 1]);
    // The masks are fixed by resetting their seeded streams before every evaluation; the loss is
    // then a smooth (piecewise polynomial) function of the kernels away from winner changes.
    const f = (): tf.Scalar => {
      resetStreams(model);
      return tf.mean(loss(x, model.apply(x) as tf.Tensor)) as tf.Scalar;
    };
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(f, variables);
    for (const [v, variable] of variables.entries()) {
      // Encoder kernels decide the winners: a step of 1e-2 already flips some pixels' kernel (a
      // jump of the loss), 1e-3 does not here. Decoder kernels do not touch the masks, so the
      // larger step (less float32 rounding) is safe for them.
      const h = variable.name.includes('convolution_bank') ? 1e-3 : 1e-2;
      const analytic = values(grads[variable.name] as tf.Tensor);
      const base = values(variable);
      for (const i of [0, 5, 10]) {
        const shifted = (delta: number): number => {
          const w = [...base];
          w[i] = (w[i] as number) + delta;
          model.trainableWeights[v]?.write(tf.tensor(w, variable.shape));
          const value = values(f())[0] as number;
          model.trainableWeights[v]?.write(tf.tensor(base, variable.shape));
          return value;
        };
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        // Float32 loss of O(1) differenced over 2h ≥ 2e-3: rounding ≲ 1e-7/2e-3 = 5e-5 per
        // evaluation, plus the curvature term h²·f‴/6; tolerance 2% of the gradient + 1e-3.
        expect(Math.abs((analytic[i] as number) - numeric)).toBeLessThan(
          0.02 * Math.abs(numeric) + 1e-3,
        );
      }
    }
  },
);

it('gives the same predictions and training step on cpu and wasm (float32 tolerance)', async () => {
  const run = async (
    backend: string,
  ): Promise<{ prediction: number[]; weights: number[][]; loss: number }> => {
    await useBackend(backend);
    const model = buildShower();
    const x = images(4);
    const prediction = values(model.predict(x) as tf.Tensor);
    const loss = (await model.trainOnBatch(x, x)) as number;
    const weights = model.getWeights().map(values);
    tf.disposeVariables();
    return { prediction, weights, loss };
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  // Outputs of O(1–10) and a loss of O(10): relative 1e-5 covers float32 summation-order noise.
  expect(cpu.prediction.some((v) => v !== 0)).toBe(true);
  wasm.prediction.forEach((v, i) => {
    expect(Math.abs(v - (cpu.prediction[i] as number))).toBeLessThan(
      1e-5 * Math.max(1, Math.abs(v)),
    );
  });
  expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-5 * Math.abs(cpu.loss));
  wasm.weights.forEach((w, i) => {
    w.forEach((v, j) => {
      expect(Math.abs(v - (cpu.weights[i]?.[j] as number))).toBeLessThan(1e-5);
    });
  });
});
