import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Momentum } from './kinematics.js';
import {
  boost,
  finalFinalKinematics,
  masslessProjection,
  minkowskiDot,
  transverseBasis,
} from './kinematics.js';

/** A massless momentum from energy and direction (cos θ, φ). */
function massless(e: number, cosTheta: number, phi: number): Momentum {
  const s = Math.sqrt(1 - cosTheta * cosTheta);
  return { px: e * s * Math.cos(phi), py: e * s * Math.sin(phi), pz: e * cosTheta, e };
}

const momentumArb = fc
  .record({
    e: fc.double({ min: 0.5, max: 3000, noNaN: true }),
    cosTheta: fc.double({ min: -1, max: 1, noNaN: true }),
    phi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
  })
  .map(({ e, cosTheta, phi }) => massless(e, cosTheta, phi));

/** Pairs that are not collinear (Q² well above zero relative to the energies). */
const dipoleArb = fc
  .tuple(momentumArb, momentumArb)
  .filter(([a, b]) => minkowskiDot(a, b) > 1e-3 * a.e * b.e);

describe('transverseBasis', () => {
  it('is orthonormal and orthogonal to both dipole momenta', () => {
    fc.assert(
      fc.property(dipoleArb, ([p, k]) => {
        const [n1, n2] = transverseBasis(p, k);
        const scale = p.e * k.e;
        expect(minkowskiDot(n1, n1)).toBeCloseTo(-1, 9);
        expect(minkowskiDot(n2, n2)).toBeCloseTo(-1, 9);
        expect(Math.abs(minkowskiDot(n1, n2))).toBeLessThan(1e-9);
        for (const n of [n1, n2]) {
          expect(Math.abs(minkowskiDot(n, p)) / p.e).toBeLessThan(1e-9);
          expect(Math.abs(minkowskiDot(n, k)) / k.e).toBeLessThan(1e-9);
        }
        expect(scale).toBeGreaterThan(0);
      }),
    );
  });
});

describe('finalFinalKinematics', () => {
  it('conserves momentum, keeps partons massless and reproduces (y, z, kT²)', () => {
    fc.assert(
      fc.property(
        dipoleArb,
        fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        ([pij, pk], z, y, phi) => {
          const [pi, pj, pkNew] = finalFinalKinematics(pij, pk, z, y, phi);
          const energy = pij.e + pk.e;
          for (const c of ['px', 'py', 'pz', 'e'] as const) {
            expect(Math.abs(pi[c] + pj[c] + pkNew[c] - pij[c] - pk[c]) / energy).toBeLessThan(
              1e-12,
            );
          }
          const q2 = 2 * minkowskiDot(pij, pk);
          for (const p of [pi, pj, pkNew]) {
            expect(Math.abs(minkowskiDot(p, p)) / q2).toBeLessThan(1e-9);
          }
          const pipj = minkowskiDot(pi, pj);
          const pipk = minkowskiDot(pi, pkNew);
          const pjpk = minkowskiDot(pj, pkNew);
          // CS definitions: y = pi·pj/(pi·pj + pi·pk + pj·pk), z = pi·pk/(pi·pk + pj·pk).
          expect(pipj / (pipj + pipk + pjpk)).toBeCloseTo(y, 7);
          expect(pipk / (pipk + pjpk)).toBeCloseTo(z, 7);
          // kT² = 2 pi·pj z(1 − z) = y z (1 − z) Q²
          expect((2 * pipj * z * (1 - z)) / q2).toBeCloseTo(y * z * (1 - z), 7);
        },
      ),
    );
  });

  it('splits a back-to-back dipole along z with kT = 4.5 GeV in a hand-checked way', () => {
    // Q² = 2·(45·45 + 45·45) = 8100; z = 0.5, y = 0.01: kT² = 0.01·0.25·8100 = 20.25, kT = 4.5.
    const [pi, pj, pk] = finalFinalKinematics(
      { px: 0, py: 0, pz: 45, e: 45 },
      { px: 0, py: 0, pz: -45, e: 45 },
      0.5,
      0.01,
      0,
    );
    expect(Math.hypot(pi.px, pi.py)).toBeCloseTo(4.5, 12);
    expect(Math.hypot(pj.px, pj.py)).toBeCloseTo(4.5, 12);
    // pk = (1 − y) p̃k: energy 0.99·45 = 44.55
    expect(pk.e).toBeCloseTo(44.55, 12);
    // pi = 0.5·p̃ij + 0.5·0.01·p̃k + k⊥: energy 22.5 + 0.225 = 22.725
    expect(pi.e).toBeCloseTo(22.725, 12);
  });
});

describe('boost', () => {
  it('gives a particle at rest the velocity β (hand-checked) and preserves the mass', () => {
    // β = 0.6: γ = 1.25, so (0, 0, 0, 1) → (0, 0, γβ, γ) = (0, 0, 0.75, 1.25).
    const p = boost({ px: 0, py: 0, pz: 0, e: 1 }, 0, 0, 0.6);
    expect(p.pz).toBeCloseTo(0.75, 14);
    expect(p.e).toBeCloseTo(1.25, 14);
    fc.assert(
      fc.property(momentumArb, fc.double({ min: -0.9, max: 0.9, noNaN: true }), (q, b) => {
        const massive = { ...q, e: q.e + 1 };
        const r = boost(boost(massive, b / 2, 0, b / 2), -b / 2, 0, -b / 2);
        expect(minkowskiDot(r, r) / (massive.e * massive.e)).toBeCloseTo(
          minkowskiDot(massive, massive) / (massive.e * massive.e),
          9,
        );
        expect(r.e).toBeCloseTo(massive.e, 8);
      }),
    );
  });
});

function sumOf(list: Momentum[]): Momentum {
  return list.reduce(
    (s, p) => ({ px: s.px + p.px, py: s.py + p.py, pz: s.pz + p.pz, e: s.e + p.e }),
    {
      px: 0,
      py: 0,
      pz: 0,
      e: 0,
    },
  );
}

describe('masslessProjection', () => {
  it('maps a back-to-back massive pair onto massless momenta with the same sum (hand-checked)', () => {
    // Two b quarks with |p| = 3, E = 5 (m = 4) at rest overall: ξ = 10/6, |p'| = 5.
    const out = masslessProjection([
      { px: 0, py: 0, pz: 3, e: 5 },
      { px: 0, py: 0, pz: -3, e: 5 },
    ]);
    expect(out[0]!.pz).toBeCloseTo(5, 12);
    expect(out[1]!.pz).toBeCloseTo(-5, 12);
    expect(out[0]!.e).toBeCloseTo(5, 12);
  });

  it('keeps the total four-momentum and makes every momentum massless', () => {
    fc.assert(
      fc.property(
        fc.array(momentumArb, { minLength: 2, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (ps, masses) => {
          const massive = ps.map((p, i) => ({ ...p, e: Math.sqrt(p.e * p.e + masses[i]! ** 2) }));
          const out = masslessProjection(massive);
          const total = massive.reduce((s, p) => s + p.e, 0);
          const m2 = minkowskiDot(sumOf(massive), sumOf(massive));
          // Nearly collinear systems are left alone by design; check only well-conditioned ones.
          fc.pre(m2 > 1e-2 * total * total);
          const sum = (list: Momentum[]) =>
            list.reduce(
              (s, p) => ({ px: s.px + p.px, py: s.py + p.py, pz: s.pz + p.pz, e: s.e + p.e }),
              { px: 0, py: 0, pz: 0, e: 0 },
            );
          const a = sum(massive);
          const b = sum(out);
          for (const c of ['px', 'py', 'pz', 'e'] as const)
            expect(Math.abs(a[c] - b[c]) / a.e).toBeLessThan(1e-9);
          for (const p of out)
            expect(Math.abs(minkowskiDot(p, p)) / (a.e * a.e)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});
