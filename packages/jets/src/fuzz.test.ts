import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cluster, type JetAlgorithm } from './cluster.js';
import { JetsError } from './errors.js';
import {
  clusterJets,
  exclusiveJetCount,
  exclusiveJets,
  exclusiveYmerge,
  inclusiveJets,
} from './jets.js';
import { durham, nsubjettiness } from './observables.js';
import { thrust } from './thrust.js';

// Fuzzing of the particles and parameters jets takes from files and command lines: any numbers
// (NaN, ±Infinity, E < |p|, E < 0, coincident particles) give jets with finite momenta or a
// JetsError; no other error escapes and nothing loops.

/** Fuzzing depth: APEMEN_FUZZ=20 runs twenty times as many cases from a random seed. */
const DEPTH = Number(process.env.APEMEN_FUZZ ?? 1);
const settings = (numRuns: number, seed: number): fc.Parameters<unknown> =>
  DEPTH > 1 ? { numRuns: numRuns * DEPTH } : { numRuns, seed };

const component = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -500, max: 500, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
      -0,
      5e-324,
      1e-300,
    ),
  },
);
const particle = fc.record({ px: component, py: component, pz: component, e: component });
/** Particles, sometimes with copies (exact ties in every distance). */
const particles = fc
  .tuple(fc.array(particle, { maxLength: 25 }), fc.array(fc.nat(), { maxLength: 4 }))
  .map(([list, copies]) =>
    list.length === 0
      ? list
      : [...list, ...copies.map((i) => list[i % list.length] as (typeof list)[number])],
  );
const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, 0, -1, 0.4, 1, 3, Number.POSITIVE_INFINITY),
);

function onlyJetsError(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof JetsError)) throw error;
    expect(typeof error.code).toBe('string');
  }
}

const finiteJet = (j: { px: number; py: number; pz: number; e: number }): boolean =>
  [j.px, j.py, j.pz, j.e].every(Number.isFinite);

describe('jets on any particles and parameters', () => {
  it('clusterJets (anti-kt, kt, Cambridge/Aachen): finite jets or JetsError', () => {
    fc.assert(
      fc.property(
        particles,
        fc.constantFrom<Exclude<JetAlgorithm, 'ee_kt'>>('antikt', 'kt', 'cambridge'),
        anyNumber,
        anyNumber,
        (ps, algorithm, R, ptMin) => {
          onlyJetsError(() => {
            const jets = clusterJets(ps, { algorithm, R, ptMin });
            expect(jets.every(finiteJet)).toBe(true);
            expect(jets.reduce((n, j) => n + j.constituents.length, 0)).toBeLessThanOrEqual(
              ps.length,
            );
          });
        },
      ),
      settings(300, 1401),
    );
  });

  it('cluster sequences: inclusive and exclusive jets, merging scales', () => {
    fc.assert(
      fc.property(particles, fc.integer({ min: -2, max: 30 }), anyNumber, (ps, njets, dcut) => {
        onlyJetsError(() => {
          const seq = cluster(ps, { algorithm: 'kt', R: 0.7 });
          onlyJetsError(() => void inclusiveJets(seq, dcut));
          onlyJetsError(() => void exclusiveJets(seq, { njets }));
          onlyJetsError(() => void exclusiveJets(seq, { dcut }));
          expect(Number.isInteger(exclusiveJetCount(seq, Math.abs(dcut)))).toBe(true);
          onlyJetsError(() => void exclusiveYmerge(cluster(ps, { algorithm: 'ee_kt' }), njets));
        });
      }),
      settings(200, 1402),
    );
  });

  it('thrust, Durham resolutions and N-subjettiness: finite numbers or JetsError', () => {
    fc.assert(
      fc.property(particles, fc.integer({ min: -1, max: 5 }), (ps, n) => {
        onlyJetsError(() => {
          const t = thrust(ps);
          expect(Number.isFinite(t.thrust) || ps.length === 0).toBe(true);
        });
        onlyJetsError(() => void durham(ps));
        onlyJetsError(() => void nsubjettiness(ps, n));
      }),
      settings(200, 1403),
    );
  });
});
