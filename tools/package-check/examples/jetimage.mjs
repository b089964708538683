// @apemen/jetimage from its tarball (with @apemen/eventio, fourvec and plot from theirs).
import assert from 'node:assert/strict';
import { finalState } from '@apemen/eventio';
import {
  createRng,
  imagesFromTensor,
  JetImageError,
  pixelise,
  resolveGrid,
  rngFromState,
  toTensor,
  unpixelise,
} from '@apemen/jetimage';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

// pT 10 GeV at y = 0.3, φ = 1 on the default 64×64 grid:
// i = floor(64·(0.3 + π)/2π) = floor(35.06) = 35, j = floor(64·1/2π) = floor(10.19) = 10.
const pt = 10;
const momentum = {
  px: pt * Math.cos(1),
  py: pt * Math.sin(1),
  pz: pt * Math.sinh(0.3),
  e: pt * Math.cosh(0.3),
};
const { image, stats } = pixelise([{ momentum }], { normalisation: 'none' });
assert.ok(Math.abs(image[35 * 64 + 10] - 10) < 1e-5);
assert.equal(stats.outside, 0);

// Back to particles: one gluon (PDG 21) carrying the pixel's 10 GeV.
const event = unpixelise(image, {}, createRng(140280), { eventNumber: 1 });
const gluons = finalState(event);
assert.equal(gluons.length, 1);
assert.equal(gluons[0].pdgId, 21);
assert.ok(Math.abs(gluons[0].momentum.pt - 10) < 1e-5);

// The generator resumes from its state.
const rng = createRng(7);
rng.uniform();
const resumed = rngFromState(rng.state());
assert.equal(resumed.uniform(), rng.uniform());
assert.throws(() => resolveGrid({ pixels: 0 }), JetImageError);

// Tensors through the caller's tfjs.
await tf.setBackend('cpu');
const x = toTensor(image, 1, 64, tf);
assert.deepEqual(x.shape, [1, 64, 64, 1]);
assert.deepEqual(imagesFromTensor(x).images, image);
console.log(
  `jetimage: pixel (35, 10) = ${image[35 * 64 + 10]} GeV, gluon pt ${gluons[0].momentum.pt}`,
);
