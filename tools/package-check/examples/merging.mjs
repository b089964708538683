// @apemen/merging from its tarball (with eventio, fourvec, jetimage, layers and shower from theirs),
// on tfjs' cpu backend: the cutoffs, the veto on arrays and tensors, and one showered event.
import assert from 'node:assert/strict';
import { finalState } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';
import {
  cutoffs,
  eventRng,
  hardPart,
  MergingConfigError,
  mergeImages,
  mergeShowerOp,
  showerEvent,
} from '@apemen/merging';
import { checkShowerWeights } from '@apemen/shower';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

await tf.setBackend('cpu');
const close = (a, b, tolerance) => Math.abs(a - b) <= tolerance;

// 20 GeV / (1 − cos(π/2^(i+1))): 20/(1 − 0) = 20 and 20/(1 − cos(π/4)) = 20/0.292893 = 68.2843.
const [c0, c1] = cutoffs({ kernelSize: 2, levels: 2 });
assert.ok(close(c0, 20, 1e-12) && close(c1, 68.2843, 1e-4));
assert.throws(() => cutoffs({ kernelSize: 1, levels: 2 }), MergingConfigError);
assert.equal(hardPart(30, 20), 30);
assert.equal(hardPart(20, 20), 10);

// One 2×2 window: out has two hard pixels (60, 50 > 20 GeV), the matrix element one, so it is
// vetoed: 100 · Σhard(out)/(Σout + 1e-5) = 100 · 110/115.00001 = 95.6521…; the soft 5 GeV stays.
const out = new Float32Array([60, 50, 0, 5]);
const me = new Float32Array([100, 0, 0, 0]);
const merged = mergeImages(out, me, 2, { kernelSize: 2, cutoff: 20 });
assert.ok(close(merged[0], (100 * 110) / 115.00001, 1e-4));
assert.deepEqual(Array.from(merged.subarray(1)), [0, 0, 5]);
const tensor = mergeShowerOp(tf.tensor4d(out, [1, 2, 2, 1]), tf.tensor4d(me, [1, 2, 2, 1]), {
  kernelSize: 2,
  cutoff: 20,
});
for (const [i, value] of tensor.dataSync().entries()) assert.ok(close(value, merged[i], 1e-4));

// Each event's generator depends only on (seed, index).
assert.equal(eventRng(140280, 3).uniform(), eventRng(140280, 3).uniform());
assert.notEqual(eventRng(140280, 3).uniform(), eventRng(140280, 4).uniform());

// A 4×4 network (k = 2, one level) whose decoder spreads a pixel evenly over its 2×2 children:
// an 8 GeV gluon at y = −0.5, φ = 2 lands in pixel (1, 1) (floor(4·(−0.5 + π)/2π) = 1,
// floor(4·2/2π) = 1), pools into the bottleneck's (0, 0) and comes back as four 2 GeV pixels,
// all below the 20 GeV cutoff, so the merging keeps them: four gluons of pt 2.
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
const pt = 8;
const input = {
  eventNumber: 12,
  weights: [0.5],
  units: { momentum: 'GEV', length: 'MM' },
  particles: [
    {
      id: 1,
      pdgId: 21,
      status: 1,
      momentum: FourVector.fromPxPyPzE(
        pt * Math.cos(2),
        pt * Math.sin(2),
        pt * Math.sinh(-0.5),
        pt * Math.cosh(-0.5),
      ),
      generatedMass: 0,
      productionVertex: 0,
      endVertex: 0,
    },
  ],
  vertices: [],
};
const showered = showerEvent(weights, input, 0, { seed: 140280 });
assert.ok(close(showered.inputPt, 8, 1e-9));
assert.equal(showered.outsidePt, 0);
assert.ok(close(showered.outputPt, 8, 1e-5));
const gluons = finalState(showered.event);
assert.deepEqual(
  gluons.map((p) => p.pdgId),
  [21, 21, 21, 21],
);
for (const p of gluons) assert.ok(close(p.momentum.pt, 2, 1e-5));
assert.equal(showered.event.eventNumber, 12);
assert.deepEqual(showered.event.weights, [0.5]);
console.log(
  `merging: veto gives ${merged[0].toFixed(3)} GeV; 8 GeV gluon → ${gluons.length} gluons of pt 2`,
);
