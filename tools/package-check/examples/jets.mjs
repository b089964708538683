// @apemen/jets from its tarball (with @apemen/fourvec from its own): clustering and observables.
import assert from 'node:assert/strict';
import { FourVector } from '@apemen/fourvec';
import {
  cluster,
  clusterJets,
  deltaPhi,
  exclusiveJets,
  invariantMass,
  JetsError,
  jetMultiplicity,
  thrust,
} from '@apemen/jets';

const close = (a, b, tolerance = 1e-12) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

// Two 10 GeV massless particles at y = 0, φ = 0 and φ = 0.1 (ΔR = 0.1 < R = 0.4) and a 5 GeV one
// at φ = −π/2. Anti-kt merges the first two: E-scheme sum (10 + 10cos 0.1, 10 sin 0.1, 0, 20), so
// pt = 20cos(0.05) = 19.97500…, φ = 0.05 and m = 20 sin(0.05) = 0.99958….
const particles = [
  FourVector.fromPxPyPzE(10, 0, 0, 10),
  FourVector.fromPxPyPzE(10 * Math.cos(0.1), 10 * Math.sin(0.1), 0, 10),
  FourVector.fromPxPyPzE(0, -5, 0, 5),
];
const jets = clusterJets(particles, { algorithm: 'antikt', R: 0.4 });
assert.equal(jets.length, 2);
assert.ok(close(jets[0].pt, 20 * Math.cos(0.05)));
assert.ok(close(jets[0].phi, 0.05));
assert.ok(close(jets[0].mass, 20 * Math.sin(0.05), 1e-9));
assert.deepEqual(jets[0].constituents, [0, 1]);
assert.ok(close(jets[1].pt, 5));
assert.ok(close(jets[1].phi, -Math.PI / 2));
assert.deepEqual(jetMultiplicity(jets, [1, 10, 30]), [2, 1, 0]);
// Δφ between φ = 0.05 and −π/2 is π/2 + 0.05.
assert.ok(close(deltaPhi(jets[0], jets[1]), Math.PI / 2 + 0.05));

// kt with R = 2 merges the 5 GeV particle into the pair too: d_ij = 5²·(π/2 + 0.05)²/2² ≈ 16.4 is
// below its d_iB = 5² = 25. One exclusive jet then holds everything: E = 10 + 10 + 5.
const [one] = exclusiveJets(cluster(particles, { algorithm: 'kt', R: 2 }), { njets: 1 });
assert.deepEqual(one.constituents, [0, 1, 2]);
assert.ok(close(one.e, 25));

// Back to back: m = 2·10 = 20 and thrust 1.
const pair = [FourVector.fromPxPyPzE(0, 0, 10, 10), FourVector.fromPxPyPzE(0, 0, -10, 10)];
assert.ok(close(invariantMass(pair[0], pair[1]), 20));
assert.ok(close(thrust(pair).thrust, 1));
assert.throws(() => clusterJets(particles, { algorithm: 'antikt', R: -1 }), JetsError);
console.log(`jets: ${jets.length} anti-kt jets, pt ${jets.map((j) => j.pt.toFixed(5)).join(', ')}`);
