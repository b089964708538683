// @apemen/layers from its tarball, on tfjs' cpu backend: pure functions, a layer with set kernels,
// and a save/load round trip through tfjs serialisation (the layers register on import).
import assert from 'node:assert/strict';
import {
  activationBits,
  bankToKernels,
  channelMaximumOp,
  convolutionBank,
  heaviside,
  kernelsToBank,
  LayersConfigError,
} from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

await tf.setBackend('cpu');

// −Σ p ln p / ln C per level: 1 for (½, ½), 0 for (1, 0).
assert.equal(
  activationBits([
    [0.5, 0.5],
    [1, 0],
  ]),
  1,
);
assert.throws(() => activationBits([]), LayersConfigError);
assert.deepEqual(Array.from(heaviside(tf.tensor1d([-2, 0, 1e-9])).dataSync()), [0, 0.5, 1]);
assert.deepEqual(Array.from(channelMaximumOp(tf.tensor2d([[1, -3, 2]])).dataSync()), [2]);

// A bank of two 2×2 kernels on a 4×4 image holding 8 at (1, 1). 'same' padding pads after, so
// out_c(i, j) = Σ_ab K_c[a, b]·x[i + a, j + b]: kernel [1, 0, 0, 0] copies the image, kernel
// [¼, ¼, ¼, ¼] gives 8/4 = 2 at (0, 0), (0, 1), (1, 0) and (1, 1).
const kernels = [
  [1, 0, 0, 0],
  [0.25, 0.25, 0.25, 0.25],
];
const input = tfl.input({ shape: [4, 4, 1] });
const bank = convolutionBank({ kernelSize: 2, filters: 2, name: 'bank' });
const model = tfl.model({ inputs: input, outputs: bank.apply(input) });
bank.setWeights([kernelsToBank(kernels, 2)]);
const image = new Float32Array(16);
image[1 * 4 + 1] = 8;
const out = model.predict(tf.tensor4d(image, [1, 4, 4, 1])).arraySync()[0];
const channel = (c) => out.flat().map((pixel) => pixel[c]);
assert.deepEqual(channel(0), Array.from(image));
assert.deepEqual(channel(1), [2, 2, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

// Save and load back: the class name is Apemen>ConvolutionBank, and the kernels survive.
let artifacts;
await model.save(
  tf.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }),
);
assert.match(JSON.stringify(artifacts.modelTopology), /"class_name":"Apemen>ConvolutionBank"/);
const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
const back = bankToKernels(loaded.getLayer('bank').getWeights()[0]).map((k) => Array.from(k));
assert.deepEqual(back, kernels);
console.log(`layers: bank output ${channel(1).slice(0, 2)}, round trip ${JSON.stringify(back)}`);
