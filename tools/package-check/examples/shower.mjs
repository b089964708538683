// @apemen/shower from its tarball, on tfjs' cpu backend: a network with hand-set weights run as
// plain loops and as the tfjs model, the same numbers from both, and a save/load round trip.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  activationBits,
  buildShowerModel,
  checkShowerWeights,
  loadShowerModel,
  loadShowerWeights,
  referenceReconstruct,
  ShowerError,
  showerGeometry,
} from '@apemen/shower';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

await tf.setBackend('cpu');

// N = 4, k = 2: one level (L = log₂ 4 − 1 = 1), a 2×2 bottleneck.
assert.deepEqual(showerGeometry(4, 2).levels, 1);
// Encoder kernels [1, 0, 0, 0] (copies the image: 'same' padding pads after) and [½, 0, 0, 0]
// (half of it, never the larger where the image is positive); both decoder kernels spread a parent
// evenly over its 2×2 children. So 8 GeV at (1, 1) is max-pooled into bottleneck pixel (0, 0)
// and decodes to 8/4 = 2 GeV in each of (0, 0), (0, 1), (1, 0), (1, 1), whichever kernel the
// random mask picks (as long as it picks one: with equal probabilities and equal uniforms, a
// tie selects both and doubles the pixel, so the probabilities differ).
const weights = checkShowerWeights({
  kernelSize: 2,
  pixels: 4,
  convolutions: 2,
  levels: 1,
  convKernels: [new Float32Array([1, 0, 0, 0]), new Float32Array([0.5, 0, 0, 0])],
  deconvKernels: [
    new Float32Array([0.25, 0.25, 0.25, 0.25]),
    new Float32Array([0.25, 0.25, 0.25, 0.25]),
  ],
  filterProbabilities: [new Float32Array([0.75, 0.25])],
});
// −(¾ ln ¾ + ¼ ln ¼)/ln 2 = (0.215762 + 0.346574)/0.693147 = 0.811278 bits.
assert.ok(Math.abs(activationBits(weights) - 0.811278) < 1e-6);
const image = new Float32Array(16);
image[1 * 4 + 1] = 8;
const expected = [2, 2, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
assert.deepEqual(
  Array.from(referenceReconstruct(weights, image, { uniform: () => 0.3 })),
  expected,
);

// The tfjs model with the same numbers gives the same shower.
const shower = buildShowerModel({ pixels: 4, kernelSize: 2, convolutions: 2, seed: 1 });
shower.setWeights(weights);
assert.deepEqual(Array.from(shower.generate(image, 7)), expected);
assert.throws(() => buildShowerModel({ pixels: 6, kernelSize: 4 }), ShowerError);

// model.json + weights.bin and back.
const dir = await mkdtemp(join(tmpdir(), 'shower-example-'));
try {
  await shower.save(dir);
  const loaded = await loadShowerModel(dir);
  assert.deepEqual(Array.from(loaded.reconstruct(image)), expected);
  const numbers = await loadShowerWeights(dir);
  assert.deepEqual(Array.from(numbers.convKernels[1]), [0.5, 0, 0, 0]);
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(
  `shower: 8 GeV → ${expected.filter((v) => v > 0).length} pixels of 2 GeV, loops and tfjs agree`,
);
