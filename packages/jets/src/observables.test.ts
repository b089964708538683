import { FourVector } from '@apemen/fourvec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';
import { JetsError } from './errors.js';
import { clusterJets, inclusiveJets } from './jets.js';
import {
  constituentMomenta,
  deltaPhi,
  dijet,
  durham,
  invariantMass,
  jetMultiplicity,
  nsubjettiness,
  tau21,
} from './observables.js';
import {
  durhamReference,
  hepmcEvents,
  nsubjettinessReference,
  singleEvent,
} from './test-fixtures.js';
import { thrust } from './thrust.js';

function massless(pt: number, y: number, phi: number): FourVector {
  return FourVector.fromPxPyPzE(
    pt * Math.cos(phi),
    pt * Math.sin(phi),
    pt * Math.sinh(y),
    pt * Math.cosh(y),
  );
}

describe('jet multiplicity and dijet observables', () => {
  it('counts jets at or above each threshold', () => {
    const jets = [{ pt: 120 }, { pt: 50 }, { pt: 20 }, { pt: 19.99 }];
    expect(jetMultiplicity(jets, [20, 50, 100, 200])).toEqual([3, 2, 1, 0]);
  });

  it('gives Δφ = π and m = 100 GeV for two massless 50 GeV jets back to back', () => {
    const a = FourVector.fromPxPyPzE(50, 0, 0, 50);
    const b = FourVector.fromPxPyPzE(-50, 0, 0, 50);
    expect(deltaPhi(a, b)).toBeCloseTo(Math.PI, 15);
    // m² = (50 + 50)² − 0 = 100².
    expect(invariantMass(a, b)).toBeCloseTo(100, 12);
  });

  it('folds Δφ across φ = ±π: jets at φ = 3 and φ = −3 are 2π − 6 apart', () => {
    expect(deltaPhi(massless(10, 0, 3), massless(10, 0, -3))).toBeCloseTo(2 * Math.PI - 6, 12);
  });

  it('describes the two hardest jets, or nothing with fewer than two', () => {
    // Jets pt 100 at (y, φ) = (1, 0) and pt 80 at (−0.5, 2): Δy = 1.5, Δφ = 2, and for massless
    // jets m² = 2 pt₁ pt₂ (cosh Δy − cos Δφ).
    const jets = clusterJets([massless(100, 1, 0), massless(80, -0.5, 2)], { algorithm: 'antikt' });
    const pair = dijet(jets);
    expect(pair?.deltaPhi).toBeCloseTo(2, 12);
    expect(pair?.deltaRapidity).toBeCloseTo(1.5, 12);
    expect(pair?.mass).toBeCloseTo(Math.sqrt(2 * 100 * 80 * (Math.cosh(1.5) - Math.cos(2))), 9);
    expect(dijet(jets.slice(0, 1))).toBeUndefined();
  });
});

describe('N-subjettiness', () => {
  it('is computed by hand for a two-particle jet', () => {
    // pt 10 at (0, 0) and (0, 0.2): the one kt axis is their sum, at (y, φ) = (0, 0.1), 0.1 from
    // each: τ₁ = 10·0.1 + 10·0.1 = 2 GeV; normalised by Σ pt R0 = 20·1: 0.1. τ₂ = 0 (N ≥ n).
    const jet = [massless(10, 0, 0), massless(10, 0, 0.2)];
    expect(nsubjettiness(jet, 1)).toBeCloseTo(2, 12);
    expect(nsubjettiness(jet, 1, { R0: 1 })).toBeCloseTo(0.1, 12);
    expect(nsubjettiness(jet, 1, { beta: 2 })).toBeCloseTo(2 * 10 * 0.01, 12);
    expect(nsubjettiness(jet, 2)).toBe(0);
    expect(tau21(jet)).toBe(0);
    expect(tau21([massless(10, 0, 0)])).toBeNaN();
  });

  it('matches τ₁, τ₂, τ₃ computed with FastJet for the three hardest anti-kt R = 1 jets', () => {
    const reference = nsubjettinessReference();
    expect(reference.length).toBe(21);
    const events = new Map<string, ReturnType<typeof singleEvent>>([['single', singleEvent()]]);
    hepmcEvents().forEach((ev, k) => {
      events.set(String(k), ev);
    });
    for (const row of reference) {
      const particles = events.get(row.event);
      if (particles === undefined) throw new Error(`no event ${row.event}`);
      const jet = inclusiveJets(cluster(particles, { algorithm: 'antikt', R: 1 }))[row.rank];
      if (jet === undefined) throw new Error(`no jet ${row.rank}`);
      expect(Math.abs(jet.pt - row.pt) / row.pt).toBeLessThanOrEqual(1e-12);
      const constituents = constituentMomenta(particles, jet.constituents);
      row.tau.forEach((expected, k) => {
        const tau = nsubjettiness(constituents, k + 1);
        // Sums of pt·ΔR over ≤ 400 particles with V8's log/atan2: 1e-10 relative (or absolute
        // for τ = 0, a jet with no more constituents than axes).
        expect(Math.abs(tau - expected)).toBeLessThanOrEqual(1e-10 * Math.max(expected, 1));
      });
      const ratio = tau21(constituents);
      expect(ratio).toBeCloseTo((row.tau[1] as number) / (row.tau[0] as number), 10);
    }
  });

  it('rejects bad parameters and indices', () => {
    const jet = [massless(10, 0, 0), massless(10, 0, 0.2)];
    expect(() => nsubjettiness(jet, 0)).toThrow(JetsError);
    expect(() => nsubjettiness(jet, 1, { beta: 0 })).toThrow(/beta/);
    expect(() => nsubjettiness(jet, 1, { R0: -1 })).toThrow(/R0/);
    expect(() => constituentMomenta(jet, [0, 2])).toThrow(/constituent index 2/);
  });
});

describe('Durham resolutions', () => {
  it("gives FastJet's ee_kt y23 and y34", () => {
    const reference = durhamReference();
    const { y23, y34 } = durham(reference.particles);
    const ref23 = reference.ymerge.get(2)?.y ?? Number.NaN;
    const ref34 = reference.ymerge.get(3)?.y ?? Number.NaN;
    expect(Math.abs(y23 - ref23) / ref23).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(y34 - ref34) / ref34).toBeLessThanOrEqual(1e-12);
    expect(y23).toBeGreaterThanOrEqual(y34);
  });

  it('gives 0 where there are too few particles to resolve', () => {
    expect(
      durham([FourVector.fromPxPyPzE(0, 0, 5, 5), FourVector.fromPxPyPzE(0, 0, -5, 5)]),
    ).toEqual({
      y23: 0,
      y34: 0,
    });
    // Three particles: y34 needs a fourth, so 0; y23 is the one merge 3 → 2 (see cluster.test.ts).
    const three = durham([
      FourVector.fromPxPyPzE(0, 0, 5, 5),
      FourVector.fromPxPyPzE(0, 3, -4, 5),
      FourVector.fromPxPyPzE(0, -3, -1, Math.sqrt(10)),
    ]);
    expect(three.y23).toBeGreaterThan(0);
    expect(three.y34).toBe(0);
  });
});

/** Exhaustive thrust: every subset S, T = max |2 P_S − P| / Σ|p|. */
function bruteForceThrust(p: { px: number; py: number; pz: number }[]): number {
  let total = [0, 0, 0];
  let sumAbs = 0;
  for (const q of p) {
    total = [total[0]! + q.px, total[1]! + q.py, total[2]! + q.pz];
    sumAbs += Math.hypot(q.px, q.py, q.pz);
  }
  if (sumAbs === 0) return 0;
  let best = 0;
  for (let mask = 0; mask < 1 << p.length; mask++) {
    const s = [0, 0, 0];
    p.forEach((q, k) => {
      if (mask & (1 << k)) {
        s[0]! += q.px;
        s[1]! += q.py;
        s[2]! += q.pz;
      }
    });
    best = Math.max(
      best,
      Math.hypot(2 * s[0]! - total[0]!, 2 * s[1]! - total[1]!, 2 * s[2]! - total[2]!),
    );
  }
  return best / sumAbs;
}

// Whole-number components in [−20, 20] make many exactly coplanar and collinear sets, the
// degenerate cases of the algorithm.
const componentArb = fc.integer({ min: -20, max: 20 });
const momentumArb = fc.record({ px: componentArb, py: componentArb, pz: componentArb });

describe('thrust', () => {
  it('is 1 for two particles back to back, along their line', () => {
    const t = thrust([FourVector.fromPxPyPzE(3, 4, 0, 5), FourVector.fromPxPyPzE(-3, -4, 0, 5)]);
    expect(t.thrust).toBeCloseTo(1, 15);
    expect(Math.abs(t.axis[0] * 0.6 + t.axis[1] * 0.8)).toBeCloseTo(1, 15);
  });

  it('is 2/3 for three equal momenta at 120° (the Mercedes event)', () => {
    // Any one particle against the other two: |2p − 0| / 3|p| = 2/3.
    const event = [0, 1, 2].map((k) => {
      const a = (2 * Math.PI * k) / 3;
      return FourVector.fromPxPyPzE(10 * Math.cos(a), 10 * Math.sin(a), 0, 10);
    });
    expect(thrust(event).thrust).toBeCloseTo(2 / 3, 14);
  });

  it('is 1 for one particle and 0 for none', () => {
    expect(thrust([FourVector.fromPxPyPzE(1, 2, 3, 4)]).thrust).toBeCloseTo(1, 15);
    expect(thrust([]).thrust).toBe(0);
  });

  it('equals the exhaustive maximum over all 2^N hemispheres (3D events, N ≤ 10)', () => {
    fc.assert(
      fc.property(fc.array(momentumArb, { minLength: 1, maxLength: 10 }), (event) => {
        const e = event.map((q) => ({ ...q, e: Math.hypot(q.px, q.py, q.pz) }));
        expect(thrust(e).thrust).toBeCloseTo(bruteForceThrust(event), 12);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('equals the exhaustive maximum for exactly planar events (pz = 0)', () => {
    fc.assert(
      fc.property(fc.array(momentumArb, { minLength: 1, maxLength: 10 }), (event) => {
        const flat = event.map((q) => ({ px: q.px, py: q.py, pz: 0, e: Math.hypot(q.px, q.py) }));
        expect(thrust(flat).thrust).toBeCloseTo(bruteForceThrust(flat), 12);
      }),
      { numRuns: 200, seed: 43 },
    );
  });

  it('has an axis that attains the thrust: Σ|p·n|/Σ|p| = T', () => {
    fc.assert(
      fc.property(fc.array(momentumArb, { minLength: 2, maxLength: 30 }), (event) => {
        const e = event.map((q) => ({ ...q, e: Math.hypot(q.px, q.py, q.pz) }));
        const t = thrust(e);
        const [nx, ny, nz] = t.axis;
        let projected = 0;
        let sumAbs = 0;
        for (const q of e) {
          projected += Math.abs(q.px * nx + q.py * ny + q.pz * nz);
          sumAbs += q.e;
        }
        expect(projected / sumAbs).toBeCloseTo(t.thrust, 12);
      }),
      { numRuns: 100, seed: 44 },
    );
  });
});
