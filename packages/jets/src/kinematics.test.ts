import { FourVector } from '@apemen/fourvec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JetsError } from './errors.js';
import {
  deltaR2,
  fastjetRapidity,
  MAX_RAPIDITY,
  phi02pi,
  phiStd,
  signedMass,
  toColumns,
} from './kinematics.js';

describe('FastJet kinematics', () => {
  it('gives rapidity ½ ln((E + pz)/(E − pz)) for ordinary momenta', () => {
    // (3, 4, 12, 13): massless, E + pz = 25, E − pz = 1, y = ½ ln 25 = ln 5.
    expect(fastjetRapidity(3, 4, 12, 13)).toBeCloseTo(Math.log(5), 14);
    expect(fastjetRapidity(3, 4, -12, 13)).toBeCloseTo(-Math.log(5), 14);
    expect(fastjetRapidity(3, 4, 0, 13)).toBe(0);
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (pt, y, m) => {
          const mt = Math.hypot(pt, m);
          const v = FourVector.fromPxPyPzE(pt, 0, mt * Math.sinh(y), mt * Math.cosh(y));
          // Rounding of sinh/cosh at |y| = 6 (E ≈ 200 mt) costs about 1e-13 in y.
          expect(fastjetRapidity(v.px, v.py, v.pz, v.e)).toBeCloseTo(y, 11);
          expect(fastjetRapidity(v.px, v.py, v.pz, v.e)).toBeCloseTo(v.rapidity, 9);
        },
      ),
      { numRuns: 200, seed: 1 },
    );
  });

  it('gives ±(10⁵ + |pz|) along the beam (pt = 0, E = |pz|), as FastJet', () => {
    expect(fastjetRapidity(0, 0, 7, 7)).toBe(MAX_RAPIDITY + 7);
    expect(fastjetRapidity(0, 0, -7, 7)).toBe(-(MAX_RAPIDITY + 7));
    // A particle at rest: pz = 0 = E? No: E = m > |pz| = 0, so y = ½ ln(m²/m²) = 0.
    expect(fastjetRapidity(0, 0, 0, 1)).toBe(0);
  });

  it('treats a spacelike momentum as massless for its rapidity', () => {
    // (3, 4, 12, 12.5): m² = 156.25 − 169 < 0, forced to 0: y = −½ ln(25/24.5²) · sign(pz).
    expect(fastjetRapidity(3, 4, 12, 12.5)).toBeCloseTo(-0.5 * Math.log(25 / (24.5 * 24.5)), 14);
  });

  it('maps φ into [0, 2π) and (−π, π]', () => {
    expect(phi02pi(1, 0)).toBe(0);
    expect(phi02pi(0, -1)).toBeCloseTo(1.5 * Math.PI, 15);
    expect(phi02pi(0, 0)).toBe(0);
    expect(phiStd(-1, 0)).toBeCloseTo(Math.PI, 15);
    // atan2(−1e-300, −1) rounds to −π, which [0, 2π) maps to π: (−π, π] never gives −π.
    expect(phiStd(-1, -1e-300)).toBe(Math.PI);
    expect(phiStd(0, -1)).toBeCloseTo(-Math.PI / 2, 15);
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (x, y) => {
          const a = phi02pi(x, y);
          const b = phiStd(x, y);
          expect(a >= 0 && a < 2 * Math.PI).toBe(true);
          expect(b > -Math.PI && b <= Math.PI).toBe(true);
        },
      ),
      { numRuns: 200, seed: 2 },
    );
  });

  it('signs the mass of spacelike momenta', () => {
    expect(signedMass(0, 0, 3, 5)).toBe(4);
    expect(signedMass(0, 0, 5, 3)).toBe(-4);
    expect(signedMass(3, 4, 0, 5)).toBe(0);
  });

  it('folds Δφ across 0 = 2π in ΔR²', () => {
    // φ = 0.1 and 6.2: |Δφ| = 6.1 > π, folded to 2π − 6.1 ≈ 0.183; Δy = 0.3.
    expect(deltaR2(0, 0.1, 0.3, 6.2)).toBeCloseTo(0.09 + (2 * Math.PI - 6.1) ** 2, 14);
    expect(deltaR2(1, 2, 1, 2)).toBe(0);
  });
});

describe('toColumns', () => {
  it('copies four-vectors and arrays alike, with room to spare', () => {
    const c = toColumns([FourVector.fromPxPyPzE(1, 2, 3, 4)], (n) => 2 * n);
    expect(c.n).toBe(1);
    expect(c.px.length).toBe(2);
    expect([c.px[0], c.py[0], c.pz[0], c.e[0]]).toEqual([1, 2, 3, 4]);
    const d = toColumns({ px: [1], py: [2], pz: [3], e: [4] });
    expect([d.px[0], d.py[0], d.pz[0], d.e[0]]).toEqual([1, 2, 3, 4]);
  });

  it('names the particle and component that is not finite', () => {
    expect(() => toColumns({ px: [1, 2], py: [0, 0], pz: [0, Infinity], e: [1, 2] })).toThrow(
      'particle 1: expected finite (px, py, pz, E), got (2, 0, Infinity, 2)',
    );
    expect(() => toColumns({ px: [1, 2], py: [0, 0], pz: [0, 0], e: [1] })).toThrow(JetsError);
  });
});
