import { FourVector, FourVectorArray } from '@apemen/fourvec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cluster, type JetAlgorithm } from './cluster.js';
import { JetsError } from './errors.js';
import {
  clusterJets,
  constituentsOf,
  exclusiveJets,
  exclusiveYmerge,
  inclusiveJets,
} from './jets.js';
import { deltaR2, fastjetRapidity, phi02pi } from './kinematics.js';

/** A massless particle from (pt, y, φ). */
function massless(pt: number, y: number, phi: number) {
  return {
    px: pt * Math.cos(phi),
    py: pt * Math.sin(phi),
    pz: pt * Math.sinh(y),
    e: pt * Math.cosh(y),
  };
}

/**
 * Textbook O(N³) sequential recombination: at every step compute every d_ij and d_iB from
 * scratch, take the smallest. An independent check of the tiled bookkeeping (no ties occur in
 * random continuous events).
 */
function naiveInclusive(
  particles: { px: number; py: number; pz: number; e: number }[],
  algorithm: 'antikt' | 'kt' | 'cambridge',
  R: number,
): { pt: number; constituents: number[] }[] {
  const live = particles.map((p, i) => ({ ...p, constituents: [i] }));
  const done: { pt: number; constituents: number[] }[] = [];
  const weight = (p: { px: number; py: number }) => {
    const kt2 = p.px * p.px + p.py * p.py;
    return algorithm === 'kt' ? kt2 : algorithm === 'cambridge' ? 1 : 1 / kt2;
  };
  const coords = (p: { px: number; py: number; pz: number; e: number }) => ({
    y: fastjetRapidity(p.px, p.py, p.pz, p.e),
    phi: phi02pi(p.px, p.py),
  });
  while (live.length > 0) {
    let best = Number.POSITIVE_INFINITY;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < live.length; i++) {
      const a = live[i]!;
      const diB = weight(a) * R * R;
      if (diB < best) {
        best = diB;
        bi = i;
        bj = -1;
      }
      for (let j = i + 1; j < live.length; j++) {
        const b = live[j]!;
        const ca = coords(a);
        const cb = coords(b);
        const dr2 = deltaR2(ca.y, ca.phi, cb.y, cb.phi);
        if (dr2 >= R * R) continue;
        const d = Math.min(weight(a), weight(b)) * dr2;
        if (d < best) {
          best = d;
          bi = i;
          bj = j;
        }
      }
    }
    const a = live[bi]!;
    if (bj < 0) {
      done.push({
        pt: Math.hypot(a.px, a.py),
        constituents: [...a.constituents].sort((x, y) => x - y),
      });
      live.splice(bi, 1);
    } else {
      const b = live[bj]!;
      live[bi] = {
        px: a.px + b.px,
        py: a.py + b.py,
        pz: a.pz + b.pz,
        e: a.e + b.e,
        constituents: [...a.constituents, ...b.constituents],
      };
      live.splice(bj, 1);
    }
  }
  return done.sort((x, y) => y.pt - x.pt);
}

const particleArb = fc.record({
  pt: fc.double({ min: 0.5, max: 200, noNaN: true }),
  y: fc.double({ min: -4, max: 4, noNaN: true }),
  phi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
});
const eventArb = fc
  .array(particleArb, { minLength: 1, maxLength: 60 })
  .map((list) => list.map((p) => massless(p.pt, p.y, p.phi)));
const algorithmArb = fc.constantFrom<'antikt' | 'kt' | 'cambridge'>('antikt', 'kt', 'cambridge');

describe('cluster: hand-computed cases', () => {
  it('merges two particles closer than R and keeps apart two farther than R (anti-kt, R = 0.4)', () => {
    // Both pt = 10 GeV at y = 0. At Δφ = 0.3: ΔR² = 0.09 < R² = 0.16, and
    // d_12 = min(1/10², 1/10²)·0.09/0.16 = 0.005625 < d_iB = 1/10² = 0.01: one jet, pt = 2·10·cos(0.15).
    const close = clusterJets([massless(10, 0, 0), massless(10, 0, 0.3)], {
      algorithm: 'antikt',
      R: 0.4,
    });
    expect(close.length).toBe(1);
    expect(close[0]?.constituents).toEqual([0, 1]);
    expect(close[0]?.pt).toBeCloseTo(20 * Math.cos(0.15), 12);
    expect(close[0]?.phi).toBeCloseTo(0.15, 12);
    // At Δφ = 0.5: ΔR² = 0.25 ≥ 0.16, no pair distance exists; two jets of 10 GeV.
    const apart = clusterJets([massless(10, 0, 0), massless(12, 0, 0.5)], {
      algorithm: 'antikt',
      R: 0.4,
    });
    expect(apart.map((j) => j.constituents)).toEqual([[1], [0]]);
    expect(apart[0]?.pt).toBeCloseTo(12, 12);
  });

  it('separates in rapidity as in φ: ΔR² = Δy² + Δφ²', () => {
    // Δy = 0.3, Δφ = 0.3: ΔR² = 0.18 > 0.16 (R = 0.4) apart, < 0.25 (R = 0.5) merged.
    const pair = [massless(10, 0, 0), massless(10, 0.3, 0.3)];
    expect(clusterJets(pair, { algorithm: 'cambridge', R: 0.4 }).length).toBe(2);
    expect(clusterJets(pair, { algorithm: 'cambridge', R: 0.5 }).length).toBe(1);
  });

  it('wraps φ: particles at φ = 0.1 and φ = −0.1 (2π − 0.1) are 0.2 apart', () => {
    const jets = clusterJets([massless(10, 0, 0.1), massless(10, 0, -0.1)], {
      algorithm: 'kt',
      R: 0.4,
    });
    expect(jets.length).toBe(1);
    expect(jets[0]?.phi).toBeCloseTo(0, 12);
  });

  it('orders merges by algorithm: anti-kt grows the hard particle, kt and C/A join the soft pair', () => {
    // A: pt 100 at φ 0; B: pt 1 at φ 0.35; C: pt 1 at φ 0.65; all y = 0, R = 0.4.
    // ΔR²: AB = 0.1225, BC = 0.09, AC = 0.4225 (≥ R² = 0.16, never a pair).
    // anti-kt: d_AB = 0.1225/(10⁴·0.16) ≈ 7.7e-5 < d_BC = 0.09/0.16 = 0.5625 and < d_AB's
    //   d_iB = 10⁻⁴: A+B merge; the AB jet sits at φ ≈ 0.0035, 0.65 from C: C stays alone.
    // kt: d_BC = 1·0.09/0.16 = 0.5625 < d_AB = 1·0.1225/0.16 = 0.7656 and < d_B = d_C = 1:
    //   B+C merge; BC at φ 0.5 is 0.5 from A: apart. C/A: ΔR² alone decides, BC first likewise.
    const event = [massless(100, 0, 0), massless(1, 0, 0.35), massless(1, 0, 0.65)];
    const constituents = (algorithm: 'antikt' | 'kt' | 'cambridge') =>
      clusterJets(event, { algorithm, R: 0.4 }).map((j) => j.constituents);
    expect(constituents('antikt')).toEqual([[0, 1], [2]]);
    expect(constituents('kt')).toEqual([[0], [1, 2]]);
    expect(constituents('cambridge')).toEqual([[0], [1, 2]]);
    const kt = cluster(event, { algorithm: 'kt', R: 0.4 });
    // The first step is B+C with d = min(1, 1)·ΔR²/R² = 0.09/0.16 (ΔR² from the computed φ).
    expect(kt.parent1[3]).toBe(1);
    expect(kt.parent2[3]).toBe(2);
    expect(kt.dij[3]).toBeCloseTo(0.5625, 12);
  });

  it('applies the pt threshold with ≥, as FastJet', () => {
    const jets = clusterJets([massless(20, 0, 0), massless(19.999, 0, 2)], {
      algorithm: 'antikt',
      R: 0.4,
      ptMin: 20,
    });
    expect(jets.map((j) => j.constituents)).toEqual([[0]]);
  });

  it('computes Durham y23 by hand for three massless particles', () => {
    // E1 = 10 along +z, E2 = 6 along −z, E3 = 3 at 60° to +z. d_ij = 2 min(Ei², Ej²)(1 − cos θij):
    // d13 = 2·9·(1 − ½) = 9, d23 = 2·9·(1 + ½) = 27, d12 = 2·36·2 = 144. 1+3 merge first;
    // Q = 19 GeV, so y23 = 9/361. Then (13) = (3 sin60°, 0, 11.5, 13) and 2 = (0, 0, −6, 6):
    // cos θ = −11.5/√139, d = 2·36·(1 + 11.5/√139), y12 = d/361.
    const s60 = Math.sin(Math.PI / 3);
    const event = [
      { px: 0, py: 0, pz: 10, e: 10 },
      { px: 0, py: 0, pz: -6, e: 6 },
      { px: 3 * s60, py: 0, pz: 3 * 0.5, e: 3 },
    ];
    const seq = cluster(event, { algorithm: 'ee_kt' });
    expect(exclusiveYmerge(seq, 2)).toBeCloseTo(9 / 361, 14);
    expect(exclusiveYmerge(seq, 1)).toBeCloseTo((72 * (1 + 11.5 / Math.sqrt(139))) / 361, 12);
    expect(exclusiveJets(seq, { njets: 2 }).map((j) => j.constituents)).toEqual([[0, 2], [1]]);
  });

  it('gives FastJet rapidities to particles along the beam and still clusters them', () => {
    const event = [
      { px: 0, py: 0, pz: 50, e: 50 },
      { px: 0, py: 0, pz: -30, e: 30 },
      massless(40, 0, 1),
    ];
    const seq = cluster(event, { algorithm: 'antikt', R: 0.4 });
    // The two beam particles have pt = 0; they come after the 40 GeV jet in either order.
    const jets = inclusiveJets(seq);
    expect(jets[0]?.constituents).toEqual([2]);
    const byFirst = [...jets].sort((a, b) => (a.constituents[0] ?? 0) - (b.constituents[0] ?? 0));
    expect(byFirst.map((j) => j.constituents)).toEqual([[0], [1], [2]]);
    expect(byFirst[0]?.rapidity).toBe(100050);
    expect(byFirst[1]?.rapidity).toBe(-100030);
  });

  it('handles no particles and a single particle', () => {
    expect(clusterJets([], { algorithm: 'antikt' })).toEqual([]);
    const one = clusterJets([massless(5, 1, 2)], { algorithm: 'kt', R: 0.7 });
    expect(one.length).toBe(1);
    expect(one[0]?.pt).toBeCloseTo(5, 12);
    expect(one[0]?.rapidity).toBeCloseTo(1, 12);
    expect(one[0]?.phi).toBeCloseTo(2, 12);
  });

  it('accepts a structure of arrays and four-vector objects alike', () => {
    const list = [massless(10, 0, 0), massless(10, 0.2, 0.2), massless(30, -1, 3)];
    const arrays = {
      px: Float64Array.from(list, (p) => p.px),
      py: Float64Array.from(list, (p) => p.py),
      pz: Float64Array.from(list, (p) => p.pz),
      e: Float64Array.from(list, (p) => p.e),
    };
    expect(clusterJets(arrays, { algorithm: 'antikt' })).toEqual(
      clusterJets(list, { algorithm: 'antikt' }),
    );
    // @apemen/fourvec's batched form is such a structure of arrays.
    const batch = FourVectorArray.fromVectors(
      list.map((p) => FourVector.fromPxPyPzE(p.px, p.py, p.pz, p.e)),
    );
    expect(clusterJets(batch, { algorithm: 'antikt' })).toEqual(
      clusterJets(list, { algorithm: 'antikt' }),
    );
  });
});

describe('cluster: bad input', () => {
  it('names the particle with a non-finite component', () => {
    const bad = [massless(10, 0, 0), { px: 1, py: Number.NaN, pz: 0, e: 2 }];
    expect(() => cluster(bad, { algorithm: 'antikt' })).toThrow(/particle 1: expected finite/);
    try {
      cluster(bad, { algorithm: 'antikt' });
    } catch (error) {
      expect(error).toBeInstanceOf(JetsError);
      expect((error as JetsError).code).toBe('JETS_BAD_PARTICLE');
    }
  });

  it('rejects arrays of different lengths, R ≤ 0, negative ptMin and too many exclusive jets', () => {
    const arrays = { px: [1, 2], py: [0, 0], pz: [0], e: [1, 2] };
    expect(() => cluster(arrays, { algorithm: 'kt' })).toThrow(/differ in length/);
    expect(() => cluster([], { algorithm: 'kt', R: 0 })).toThrow(/R must be/);
    expect(() => cluster([], { algorithm: 'kt', R: Number.NaN })).toThrow(/R must be/);
    const seq = cluster([massless(1, 0, 0)], { algorithm: 'kt' });
    expect(() => inclusiveJets(seq, -1)).toThrow(/ptMin/);
    expect(() => exclusiveJets(seq, { njets: 2 })).toThrow(/njets/);
    expect(() => exclusiveJets(seq, { dcut: Number.NaN })).toThrow(/dcut/);
  });
});

describe('cluster: properties', () => {
  it('agrees with a textbook O(N³) implementation for any R, including R > π', () => {
    fc.assert(
      fc.property(
        eventArb,
        algorithmArb,
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (event, algorithm, R) => {
          const ours = clusterJets(event, { algorithm, R });
          const naive = naiveInclusive(event, algorithm, R);
          expect(ours.map((j) => j.constituents)).toEqual(naive.map((j) => j.constituents));
          ours.forEach((j, i) => {
            expect(Math.abs(j.pt - (naive[i]?.pt ?? 0))).toBeLessThanOrEqual(1e-9 * j.pt);
          });
        },
      ),
      { numRuns: 150, seed: 20261204 },
    );
  });

  it('is infrared safe: a 1e-10 GeV particle anywhere changes no jet above 5 GeV', () => {
    fc.assert(
      fc.property(eventArb, algorithmArb, particleArb, (event, algorithm, soft) => {
        const before = clusterJets(event, { algorithm, R: 0.4, ptMin: 5 });
        const withSoft = [...event, massless(1e-10, soft.y, soft.phi)];
        const after = clusterJets(withSoft, { algorithm, R: 0.4, ptMin: 5 });
        const softIndex = event.length;
        expect(after.map((j) => j.constituents.filter((i) => i !== softIndex))).toEqual(
          before.map((j) => j.constituents),
        );
        after.forEach((j, i) => {
          // Adding 1e-10 GeV moves a jet's pt by at most 1e-10 GeV.
          expect(Math.abs(j.pt - (before[i]?.pt ?? 0))).toBeLessThanOrEqual(2e-10);
        });
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('is collinear safe: splitting a particle into two parallel pieces changes no jet', () => {
    fc.assert(
      fc.property(
        eventArb,
        algorithmArb,
        fc.nat(),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (event, algorithm, which, z) => {
          const k = which % event.length;
          const p = event[k]!;
          const split = [...event];
          split[k] = { px: z * p.px, py: z * p.py, pz: z * p.pz, e: z * p.e };
          split.push({
            px: (1 - z) * p.px,
            py: (1 - z) * p.py,
            pz: (1 - z) * p.pz,
            e: (1 - z) * p.e,
          });
          const before = clusterJets(event, { algorithm, R: 0.4 });
          const after = clusterJets(split, { algorithm, R: 0.4 });
          const extra = event.length;
          expect(after.map((j) => j.constituents.filter((i) => i !== extra))).toEqual(
            before.map((j) => j.constituents),
          );
          after.forEach((j, i) => {
            expect(Math.abs(j.pt - (before[i]?.pt ?? 0))).toBeLessThanOrEqual(1e-9 * j.pt);
          });
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it('does not depend on the order of the input particles', () => {
    fc.assert(
      fc.property(eventArb, algorithmArb, fc.nat(), (event, algorithm, seed) => {
        const order = event.map((_, i) => i);
        let state = seed + 1;
        for (let i = order.length - 1; i > 0; i--) {
          state = (state * 1103515245 + 12345) % 2147483648;
          const j = state % (i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const shuffled = order.map((i) => event[i]!);
        const a = clusterJets(event, { algorithm, R: 0.6 });
        const b = clusterJets(shuffled, { algorithm, R: 0.6 });
        expect(b.map((j) => j.constituents.map((i) => order[i]!).sort((x, y) => x - y))).toEqual(
          a.map((j) => j.constituents),
        );
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('keeps four-momentum: the inclusive jets (pt ≥ 0) add up to the event', () => {
    fc.assert(
      fc.property(eventArb, algorithmArb, (event, algorithm) => {
        const seq = cluster(event, { algorithm, R: 0.4 });
        const jets = inclusiveJets(seq);
        const sum = (
          f: (p: { px: number; e: number }) => number,
          list: { px: number; e: number }[],
        ) => list.reduce((s, p) => s + f(p), 0);
        const total = sum((p) => p.e, event);
        expect(Math.abs(sum((j) => j.e, jets) - total)).toBeLessThanOrEqual(1e-12 * total);
        expect(jets.flatMap((j) => j.constituents).sort((x, y) => x - y)).toEqual(
          event.map((_, i) => i),
        );
        // Jet 0 is the first particle itself.
        expect(constituentsOf(seq, 0)).toEqual([0]);
      }),
      { numRuns: 60, seed: 5 },
    );
  });
});

describe('cluster: every algorithm name', () => {
  it.each<JetAlgorithm>(['antikt', 'kt', 'cambridge', 'ee_kt'])(
    '%s records 2N history entries',
    (algorithm) => {
      const event = [
        massless(10, 0, 0),
        massless(20, 1, 1),
        massless(5, -1, 2),
        massless(1, 0.1, 0.1),
      ];
      const seq = cluster(event, { algorithm, R: 0.5 });
      expect(seq.parent1.length).toBe(8);
      // The last entry is always a jet merging with the beam.
      expect(seq.parent2[7]).toBe(-1);
    },
  );
});
