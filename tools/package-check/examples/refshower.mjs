// @apemen/refshower from its tarball (with @apemen/eventio and @apemen/fourvec from theirs).
import assert from 'node:assert/strict';
import { finalState } from '@apemen/eventio';
import {
  betaCoefficients,
  colourFlowProblems,
  createAlphaS,
  createRandom,
  eeToQuarks,
  generateEvent,
  momentumImbalance,
  RefShowerError,
  showerPartons,
} from '@apemen/refshower';

// Two-loop αs: 0.118 at the Z mass by construction; b0(nf = 5) = (33 − 10)/(12π).
assert.ok(Math.abs(createAlphaS().value(91.1876 ** 2) - 0.118) < 1e-12);
assert.ok(Math.abs(betaCoefficients(5).b0 - 23 / (12 * Math.PI)) < 1e-15);

// e+e− → qq̄ at √s = 91.2 GeV (s = 8317.44 GeV²), showered with exact spectator recoil: the
// partons' momenta still add up to (0, 0, 0, 91.2) and every colour line closes.
const random = createRandom(1);
const hard = eeToQuarks(random);
assert.deepEqual(
  hard.partons.map((p) => p.pdgId),
  [5, -5],
); // a b b̄ pair with this seed
assert.ok(Math.abs(hard.startScale - 91.2 ** 2) < 1e-9);
const { partons, emissions } = showerPartons(hard.partons, hard.startScale, random);
assert.equal(partons.length, 2 + emissions.length);
assert.ok(momentumImbalance(hard.partons, partons) < 1e-9);
assert.deepEqual(colourFlowProblems(partons), []);

// A GenEvent, reproducible from (seed, index) alone, and its partner stopped at kT = 5 GeV.
const options = { process: 'ee', seed: 1, stopAtKt: 5 };
const { event, preShower } = generateEvent(2, options);
const final = finalState(event);
const energy = final.reduce((sum, p) => sum + p.momentum.e, 0);
assert.ok(Math.abs(energy - 91.2) < 1e-9);
assert.ok(finalState(preShower).length <= final.length);
assert.deepEqual(
  finalState(generateEvent(2, options).event).map((p) => p.momentum.e),
  final.map((p) => p.momentum.e),
);
assert.throws(() => generateEvent(-1, options), RefShowerError);
console.log(
  `refshower: ${emissions.length} emission(s) from the bb̄ pair; event 2 has ${final.length} partons, ΣE = ${energy}`,
);
