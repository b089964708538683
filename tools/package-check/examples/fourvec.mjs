// @apemen/fourvec from its tarball: the value type, the batched form and the tensor form.
import assert from 'node:assert/strict';
import { FourVector, FourVectorArray, FourVectorError } from '@apemen/fourvec';
import { mass } from '@apemen/fourvec/tf';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

// pt = √(3² + 4²) = 5; m² = 13.5² − (9 + 16 + 144) = 182.25 − 169 = 13.25.
const mu = FourVector.fromPxPyPzE(3, 4, 12, 13.5);
assert.equal(mu.pt, 5);
assert.ok(Math.abs(mu.mass2 - 13.25) < 1e-12);
// A boost keeps the mass; boosting into the rest frame leaves E = m.
const boosted = mu.boostZ(0.6);
assert.ok(Math.abs(boosted.mass2 - 13.25) < 1e-9);
assert.ok(Math.abs(mu.boostCMOf(mu).e - Math.sqrt(13.25)) < 1e-12);
assert.throws(() => mu.boostZ(1), FourVectorError);

// Two vectors (E = 5, pz = ±3) make a pair of mass 10.
const pair = FourVectorArray.fromVectors([
  FourVector.fromPxPyPzE(0, 0, 3, 5),
  FourVector.fromPxPyPzE(0, 0, -3, 5),
]);
assert.deepEqual(Array.from(pair.invariantMassOfSets([0, 2], [0, 1])), [10]);

await tf.setBackend('cpu');
const m = mass(tf.tensor2d([[0, 0, 3, 5]])).dataSync();
assert.equal(m[0], 4);
console.log(`fourvec: pt ${mu.pt}, boosted pt ${boosted.pt}, tensor mass ${m[0]}`);
