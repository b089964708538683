import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FourVectorError } from './errors.js';
import { FourVector, wrapPhi } from './vector.js';

const v = FourVector.fromPxPyPzE;

/** Asserts all four components to `digits` decimal places (toBeCloseTo semantics). */
function expectComponents(
  got: FourVector,
  want: readonly [number, number, number, number],
  digits = 12,
): void {
  expect(got.px).toBeCloseTo(want[0], digits);
  expect(got.py).toBeCloseTo(want[1], digits);
  expect(got.pz).toBeCloseTo(want[2], digits);
  expect(got.e).toBeCloseTo(want[3], digits);
}

describe('FourVector constructors', () => {
  it('fromPxPyPzE, fromXYZT and the constructor store components; x y z t are aliases', () => {
    const a = FourVector.fromXYZT(1, 2, 3, 4);
    expect([a.px, a.py, a.pz, a.e]).toEqual([1, 2, 3, 4]);
    expect([a.x, a.y, a.z, a.t]).toEqual([1, 2, 3, 4]);
    expect(new FourVector(1, 2, 3, 4)).toEqual(v(1, 2, 3, 4));
  });

  it('fromPtEtaPhiM: pt 3, η 0, φ 0, m 4 gives E = √(9 + 16) = 5', () => {
    expectComponents(FourVector.fromPtEtaPhiM(3, 0, 0, 4), [3, 0, 0, 5]);
  });

  it('fromPtEtaPhiM rebuilds (3, 4, 12, 13.5) from pt 5, η ln 5, φ atan2(4, 3), m √13.25', () => {
    // pz = 5 sinh(ln 5) = 5 (5 − 1/5)/2 = 12; E = √(169 + 13.25) = √182.25 = 13.5
    const a = FourVector.fromPtEtaPhiM(5, Math.log(5), Math.atan2(4, 3), Math.sqrt(13.25));
    expectComponents(a, [3, 4, 12, 13.5]);
  });

  it('fromPtEtaPhiM with a negative mass makes a spacelike vector', () => {
    // E² = |p|² − m² = 9 − 4 = 5
    const a = FourVector.fromPtEtaPhiM(3, 0, 0, -2);
    expect(a.e).toBeCloseTo(Math.sqrt(5), 14);
    expect(a.mass).toBeCloseTo(-2, 14);
    expect(a.isSpacelike()).toBe(true);
  });

  it('fromPtEtaPhiM clamps E at 0 when a spacelike mass exceeds |p| (scikit-hep vector)', () => {
    // E² = 1 − 4 < 0 → E = 0, so m² = −|p|² = −1
    const a = FourVector.fromPtEtaPhiM(1, 0, 0, -2);
    expect(a.e).toBe(0);
    expect(a.mass).toBe(-1);
  });

  it('fromPtEtaPhiE keeps the given energy', () => {
    const a = FourVector.fromPtEtaPhiE(5, Math.log(5), Math.atan2(4, 3), 13.5);
    expectComponents(a, [3, 4, 12, 13.5]);
  });

  it('fromPtRapidityPhiM: mT = √(pt² + m²), pz = mT sinh y, E = mT cosh y', () => {
    // pt 3, m 4 → mT 5; y = ln 2 → sinh = (2 − ½)/2 = 0.75, cosh = (2 + ½)/2 = 1.25
    const a = FourVector.fromPtRapidityPhiM(3, Math.log(2), Math.PI / 2, 4);
    expectComponents(a, [0, 3, 3.75, 6.25]);
    expect(a.mass).toBeCloseTo(4, 13);
    expect(a.rapidity).toBeCloseTo(Math.log(2), 14);
  });

  it('fromPtRapidityPhiM with a negative mass: mT² = pt² − m² = 9 − 4', () => {
    const a = FourVector.fromPtRapidityPhiM(3, 0.5, 0, -2);
    expect(a.mt).toBeCloseTo(Math.sqrt(5), 14);
    expect(a.mass).toBeCloseTo(-2, 13);
  });

  it('fromPtRapidityPhiM rejects a spacelike mass larger than pt', () => {
    expect(() => FourVector.fromPtRapidityPhiM(1, 0, 0, -2)).toThrow(FourVectorError);
    expect(() => FourVector.fromPtRapidityPhiM(1, 0, 0, -2)).toThrow(/no real rapidity/);
  });
});

describe('FourVector quantities of (3, 4, 12, 13.5)', () => {
  const a = v(3, 4, 12, 13.5);

  it('pt = 5, p = 13, phi = atan2(4, 3), theta = atan2(5, 12)', () => {
    expect(a.pt).toBe(5);
    expect(a.p).toBe(13); // √(9 + 16 + 144) = √169
    expect(a.phi).toBe(Math.atan2(4, 3));
    expect(a.theta).toBeCloseTo(Math.acos(12 / 13), 15);
  });

  it('eta = asinh(12/5) = ln(2.4 + 2.6) = ln 5', () => {
    expect(a.eta).toBeCloseTo(Math.log(5), 15);
  });

  it('rapidity = ½ ln(25.5 / 1.5) = ½ ln 17', () => {
    expect(a.rapidity).toBeCloseTo(0.5 * Math.log(17), 15);
  });

  it('mass2 = 182.25 − 169 = 13.25, mass = √13.25', () => {
    expect(a.mass2).toBe(13.25);
    expect(a.mass).toBe(Math.sqrt(13.25));
  });

  it('mt2 = 182.25 − 144 = 38.25, mt = √38.25 (ROOT: E² − pz²)', () => {
    expect(a.mt2).toBe(38.25);
    expect(a.mt).toBe(Math.sqrt(38.25));
  });

  it('et = E pt / p = 13.5 · 5 / 13', () => {
    expect(a.et).toBeCloseTo(67.5 / 13, 14);
  });

  it('beta = 13 / 13.5, gamma = 13.5 / √13.25, beta3 = p⃗ / 13.5', () => {
    expect(a.beta).toBeCloseTo(13 / 13.5, 15);
    expect(a.gamma).toBeCloseTo(13.5 / Math.sqrt(13.25), 14);
    expect(a.beta3).toEqual([3 / 13.5, 4 / 13.5, 12 / 13.5]);
    // γ = 1/√(1 − β²): (13.5² − 13²)/13.5² = 13.25/182.25
    expect(a.gamma).toBeCloseTo(1 / Math.sqrt(1 - a.beta ** 2), 12);
  });

  it('toString shows the components', () => {
    expect(v(1, 2, 3, 4).toString()).toBe('FourVector(px=1, py=2, pz=3, E=4)');
  });
});

describe('FourVector edge cases', () => {
  it('eta at pt = 0 is ±Infinity by the sign of pz, 0 for the zero vector', () => {
    expect(v(0, 0, 1, 1).eta).toBe(Number.POSITIVE_INFINITY);
    expect(v(0, 0, -1, 1).eta).toBe(Number.NEGATIVE_INFINITY);
    expect(v(0, 0, 0, 0).eta).toBe(0);
    expect(v(0, 0, 0, 5).eta).toBe(0);
  });

  it('phi is in (−π, π]: (−1, 0) gives +π, also for py = −0; the zero vector gives 0', () => {
    expect(v(-1, 0, 0, 1).phi).toBe(Math.PI);
    expect(v(-1, -0, 0, 1).phi).toBe(Math.PI); // Math.atan2(-0, -1) is −π
    expect(v(0, 0, 3, 5).phi).toBe(0);
    expect(v(-0, 0, 3, 5).phi).toBe(0); // Math.atan2(0, -0) is π
    expect(v(0, -1, 0, 1).phi).toBe(-Math.PI / 2);
  });

  it('theta is 0 for the zero vector and π along −z', () => {
    expect(v(0, 0, 0, 0).theta).toBe(0);
    expect(v(0, 0, -1, 1).theta).toBe(Math.PI);
  });

  it('spacelike vectors have negative mass and mt (copysign convention)', () => {
    const s = v(0, 0, 5, 3); // m² = 9 − 25 = −16
    expect(s.mass2).toBe(-16);
    expect(s.mass).toBe(-4);
    expect(s.mt2).toBe(-16);
    expect(s.mt).toBe(-4);
    expect(s.beta).toBeCloseTo(5 / 3, 15);
    expect(s.gamma).toBe(-0.75); // E / m = 3 / −4
  });

  it('lightlike vectors: mass 0, beta 1, gamma +Infinity, rapidity ±Infinity along z', () => {
    expect(v(0, 0, 1, 1).mass).toBe(0);
    expect(v(0, 0, 1, 1).beta).toBe(1);
    expect(v(0, 0, 1, 1).gamma).toBe(Number.POSITIVE_INFINITY);
    expect(v(0, 0, 1, 1).rapidity).toBe(Number.POSITIVE_INFINITY);
    expect(v(0, 0, -1, 1).rapidity).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rapidity of the zero vector is 0 and of E² < pz² is NaN (ROOT, scikit-hep vector)', () => {
    expect(v(0, 0, 0, 0).rapidity).toBe(0);
    expect(v(0, 0, 5, 3).rapidity).toBeNaN();
  });

  it('zero vector: beta 0 and gamma 1 (ROOT), et 0, mass 0', () => {
    const z = v(0, 0, 0, 0);
    expect(z.beta).toBe(0);
    expect(z.gamma).toBe(1);
    expect(z.et).toBe(0);
    expect(z.mass).toBe(0);
  });

  it('et is 0 at pt = 0 and has the sign of E', () => {
    expect(v(0, 0, 3, 5).et).toBe(0);
    expect(v(3, 0, 4, 10).et).toBe(6); // 10 · 3 / 5
    expect(v(3, 0, 4, -10).et).toBe(-6);
  });

  it('beta is +Infinity when E = 0 and |p| > 0', () => {
    expect(v(1, 0, 0, 0).beta).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('FourVector arithmetic and angular differences', () => {
  it('add, subtract, scale act componentwise', () => {
    expect(v(1, 2, 3, 4).add(v(10, 20, 30, 40))).toEqual(v(11, 22, 33, 44));
    expect(v(1, 2, 3, 4).subtract(v(10, 20, 30, 40))).toEqual(v(-9, -18, -27, -36));
    expect(v(1, 2, 3, 4).scale(-2)).toEqual(v(-2, -4, -6, -8));
  });

  it('dot uses (+,−,−,−): 10·20 − (1·4 + 2·5 + 3·6) = 200 − 32 = 168', () => {
    expect(v(1, 2, 3, 10).dot(v(4, 5, 6, 20))).toBe(168);
    expect(v(3, 4, 12, 13.5).dot(v(3, 4, 12, 13.5))).toBe(13.25);
  });

  it('deltaPhi is wrapped into [−π, π): a difference of exactly π becomes −π', () => {
    expect(v(-1, 0, 0, 1).deltaPhi(v(1, 0, 0, 1))).toBe(-Math.PI);
    expect(v(1, 0, 0, 1).deltaPhi(v(-1, 0, 0, 1))).toBe(-Math.PI);
    // φ = 3 and φ = −3: 6 − 2π = −0.28318…
    const a = FourVector.fromPtEtaPhiM(1, 0, 3, 0);
    const b = FourVector.fromPtEtaPhiM(1, 0, -3, 0);
    expect(a.deltaPhi(b)).toBeCloseTo(6 - 2 * Math.PI, 14);
    expect(b.deltaPhi(a)).toBeCloseTo(2 * Math.PI - 6, 14);
  });

  it('wrapPhi maps 3π/2 to −π/2 and π to −π', () => {
    expect(wrapPhi((3 * Math.PI) / 2)).toBeCloseTo(-Math.PI / 2, 15);
    expect(wrapPhi(Math.PI)).toBe(-Math.PI);
    expect(wrapPhi(-Math.PI)).toBe(-Math.PI);
  });

  it('deltaEta, deltaR2 and deltaR: Δη 0.3, Δφ 0.4 → ΔR² 0.25, ΔR 0.5', () => {
    const a = FourVector.fromPtEtaPhiM(10, 0.3, 0.4, 0);
    const b = FourVector.fromPtEtaPhiM(20, 0, 0, 0);
    expect(a.deltaEta(b)).toBeCloseTo(0.3, 14);
    expect(a.deltaR2(b)).toBeCloseTo(0.25, 14);
    expect(a.deltaR(b)).toBeCloseTo(0.5, 14);
    expect(a.deltaR(a)).toBe(0);
  });

  it('deltaRapidityPhi uses rapidity, not pseudorapidity: Δy 0.3, Δφ 0.4 → 0.5', () => {
    const a = FourVector.fromPtRapidityPhiM(2, 0.3, 0.4, 5);
    const b = FourVector.fromPtRapidityPhiM(7, 0, 0, 3);
    expect(a.deltaRapidityPhi(b)).toBeCloseTo(0.5, 14);
    // With heavy masses η differs from y, so ΔR in η is not 0.5.
    expect(Math.abs(a.deltaR(b) - 0.5)).toBeGreaterThan(0.01);
  });

  it('deltaAngle: π/2, π/4, π, 0 for a zero vector, and accurate for tiny angles', () => {
    expect(v(1, 0, 0, 1).deltaAngle(v(0, 1, 0, 1))).toBe(Math.PI / 2);
    expect(v(1, 0, 0, 1).deltaAngle(v(1, 1, 0, 2))).toBeCloseTo(Math.PI / 4, 15);
    expect(v(1, 0, 0, 1).deltaAngle(v(-2, 0, 0, 2))).toBe(Math.PI);
    expect(v(0, 0, 0, 1).deltaAngle(v(1, 0, 0, 1))).toBe(0);
    // acos(1/√(1 + 1e-18)) rounds to acos(1) = 0; atan2(|a×b|, a·b) keeps 1e-9.
    expect(v(1, 0, 0, 1).deltaAngle(v(1, 1e-9, 0, 1))).toBeCloseTo(1e-9, 22);
  });
});

describe('FourVector rotations', () => {
  it('rotateX/Y/Z by π/2 are right-handed: y → z, z → x, x → y; E unchanged', () => {
    expectComponents(v(0, 1, 0, 7).rotateX(Math.PI / 2), [0, 0, 1, 7], 15);
    expectComponents(v(0, 0, 1, 7).rotateY(Math.PI / 2), [1, 0, 0, 7], 15);
    expectComponents(v(1, 0, 0, 7).rotateZ(Math.PI / 2), [0, 1, 0, 7], 15);
  });

  it('rotateZ adds the angle to phi and keeps pt, pz', () => {
    const a = v(3, 4, 12, 13.5).rotateZ(0.25);
    expect(a.phi).toBeCloseTo(Math.atan2(4, 3) + 0.25, 14);
    expect(a.pt).toBeCloseTo(5, 14);
    expect(a.pz).toBe(12);
  });

  it('rotateAxis about (0, 0, 2) equals rotateZ; about (1, 1, 1) by 2π/3 maps x → y → z', () => {
    const a = v(3, 4, 12, 13.5);
    expectComponents(a.rotateAxis([0, 0, 2], 0.7), [
      a.rotateZ(0.7).px,
      a.rotateZ(0.7).py,
      a.rotateZ(0.7).pz,
      13.5,
    ]);
    expectComponents(v(1, 0, 0, 1).rotateAxis([1, 1, 1], (2 * Math.PI) / 3), [0, 1, 0, 1], 14);
    expectComponents(v(0, 1, 0, 1).rotateAxis([1, 1, 1], (2 * Math.PI) / 3), [0, 0, 1, 1], 14);
  });

  it('rotateAxis rejects a zero axis', () => {
    expect(() => v(1, 0, 0, 1).rotateAxis([0, 0, 0], 1)).toThrow(FourVectorError);
  });

  it('rotateEuler follows ROOT EulerAngles (Goldstein ZXZ, passive matrix)', () => {
    // (φ, 0, 0): rows (cφ, sφ, 0), (−sφ, cφ, 0): x̂ → (0, −1, 0) for φ = π/2
    expectComponents(v(1, 0, 0, 1).rotateEuler(Math.PI / 2, 0, 0), [0, -1, 0, 1], 15);
    // (0, θ, 0): y' = cθ y + sθ z, z' = −sθ y + cθ z: ŷ → (0, 0, −1) for θ = π/2
    expectComponents(v(0, 1, 0, 1).rotateEuler(0, Math.PI / 2, 0), [0, 0, -1, 1], 15);
    // ROOT matrix row 3 is (sθ sφ, −sθ cφ, cθ): for φ = θ = π/2, ψ = 0 it maps x̂ to z' = 1
    expectComponents(v(1, 0, 0, 1).rotateEuler(Math.PI / 2, Math.PI / 2, 0), [0, 0, 1, 1], 15);
  });

  it('rotateEuler(φ, θ, ψ) = rotateZ(−ψ) ∘ rotateX(−θ) ∘ rotateZ(−φ)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        (phi, theta, psi) => {
          const a = v(3, 4, 12, 13.5);
          const direct = a.rotateEuler(phi, theta, psi);
          const composed = a.rotateZ(-phi).rotateX(-theta).rotateZ(-psi);
          // 13-GeV components, a few roundings each: 1e-12 GeV is ~400 ε·|p|.
          for (const k of ['px', 'py', 'pz', 'e'] as const) {
            expect(Math.abs(direct[k] - composed[k])).toBeLessThan(1e-12);
          }
        },
      ),
    );
  });
});

describe('FourVector boosts', () => {
  const rest = v(0, 0, 0, 1);

  it('boostX/Y/Z(0.6) of a particle at rest: γ = 1.25, γβ = 0.75', () => {
    expectComponents(rest.boostX(0.6), [0.75, 0, 0, 1.25], 15);
    expectComponents(rest.boostY(0.6), [0, 0.75, 0, 1.25], 15);
    expectComponents(rest.boostZ(0.6), [0, 0, 0.75, 1.25], 15);
    expectComponents(rest.boostZ(-0.6), [0, 0, -0.75, 1.25], 15);
  });

  it('boostBeta3 matches ROOT’s TLorentzVector::Boost written with (γ − 1)/β²', () => {
    // ROOT: p⃗' = p⃗ + ((γ − 1)/β² · β⃗·p⃗ + γE) β⃗, E' = γ(E + β⃗·p⃗); β⃗ = (0.1, 0.2, 0.3):
    // β² = 0.14, γ = 1/√0.86 = 1.07832773…, β⃗·p⃗ = 0.1 + 0.4 + 0.9 = 1.4 for p⃗ = (1, 2, 3)
    const b = [0.1, 0.2, 0.3] as const;
    const g = 1 / Math.sqrt(0.86);
    const bp = 1.4;
    const shift = ((g - 1) / 0.14) * bp + g * 10;
    const want = [1 + shift * 0.1, 2 + shift * 0.2, 3 + shift * 0.3, g * 11.4] as const;
    expectComponents(v(1, 2, 3, 10).boostBeta3(b), want, 13);
    expect(v(1, 2, 3, 10).boostBeta3(b).e).toBeCloseTo(12.292936145191979, 12);
  });

  it('boostBeta3 by zero is the identity', () => {
    expect(v(1, 2, 3, 10).boostBeta3([0, 0, 0])).toEqual(v(1, 2, 3, 10));
  });

  it('boostP4 takes a rest-frame vector to the frame of p4; boostCMOf undoes it', () => {
    const parent = v(0, 0, 3, 5); // m = 4, β = 0.6 along z
    expectComponents(v(0, 0, 0, 4).boostP4(parent), [0, 0, 3, 5], 14);
    expectComponents(parent.boostCMOf(parent), [0, 0, 0, 4], 14);
  });

  it('rejects |β| ≥ 1 and frames that are not timelike with E > 0', () => {
    expect(() => rest.boostZ(1)).toThrow(FourVectorError);
    expect(() => rest.boostZ(-1.2)).toThrow(/\|β\| < 1/);
    expect(() => rest.boostBeta3([0.6, 0.6, 0.6])).toThrow(FourVectorError);
    expect(() => rest.boostBeta3([Number.NaN, 0, 0])).toThrow(FourVectorError);
    expect(() => rest.boostCMOf(v(0, 0, 1, 1))).toThrow(/timelike/);
    expect(() => rest.boostP4(v(0, 0, 0, -1))).toThrow(FourVectorError);
    try {
      rest.boostZ(2);
    } catch (err) {
      expect((err as FourVectorError).code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('FourVector light-cone predicates', () => {
  it('classify timelike, spacelike and lightlike vectors exclusively', () => {
    const cases = [
      [v(0, 0, 0, 1), 'time'],
      [v(0, 0, 2, 1), 'space'],
      [v(0, 0, 1, 1), 'light'],
      [v(0, 0, 0, 0), 'light'],
    ] as const;
    for (const [a, kind] of cases) {
      expect([a.isTimelike(), a.isSpacelike(), a.isLightlike()]).toEqual([
        kind === 'time',
        kind === 'space',
        kind === 'light',
      ]);
    }
  });

  it('the default band absorbs rounding of massless vectors built from (pt, η, φ)', () => {
    const a = FourVector.fromPtEtaPhiM(7, 1.3, 0.2, 0);
    expect(a.isLightlike()).toBe(true);
    expect(a.isLightlike(0)).toBe(a.mass2 === 0);
  });

  it('the tolerance is relative to E² + |p|²', () => {
    const a = v(0, 0, 1, 1.001); // m² = 0.002001, E² + p² = 2.002001
    expect(a.isTimelike(1e-3)).toBe(false); // 0.002001 ≤ 0.002002
    expect(a.isLightlike(1e-3)).toBe(true);
    expect(a.isTimelike(9e-4)).toBe(true);
  });
});

/** Timelike vectors with moderate boosts, in GeV. */
const timelike = fc
  .record({
    pt: fc.double({ min: 0.5, max: 200, noNaN: true }),
    eta: fc.double({ min: -3, max: 3, noNaN: true }),
    phi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
    mass: fc.double({ min: 1, max: 100, noNaN: true }),
  })
  .map(({ pt, eta, phi, mass }) => FourVector.fromPtEtaPhiM(pt, eta, phi, mass));

/** Any sign of m²: masses from −pt (spacelike) to +100 GeV, including 0. */
const anyVector = fc
  .record({
    pt: fc.double({ min: 0.5, max: 200, noNaN: true }),
    eta: fc.double({ min: -3, max: 3, noNaN: true }),
    phi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
    mass: fc.oneof(fc.constant(0), fc.double({ min: -100, max: 100, noNaN: true })),
  })
  .map(({ pt, eta, phi, mass }) => FourVector.fromPtEtaPhiM(pt, eta, phi, mass));

/** Boost velocities with |β| ≤ 0.95, so γ ≤ 3.2. */
const velocity = fc
  .record({
    theta: fc.double({ min: 0, max: Math.PI, noNaN: true }),
    phi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
    speed: fc.double({ min: 0, max: 0.95, noNaN: true }),
  })
  .map(
    ({ theta, phi, speed }) =>
      [
        speed * Math.sin(theta) * Math.cos(phi),
        speed * Math.sin(theta) * Math.sin(phi),
        speed * Math.cos(theta),
      ] as const,
  );

describe('FourVector properties', () => {
  it('m² is invariant under boosts (any sign of m²)', () => {
    fc.assert(
      fc.property(anyVector, velocity, (a, b) => {
        const boosted = a.boostBeta3(b);
        // m² = E² − |p|² cancels terms of size E'² ≤ (2γ)² E² and |p'|²; each carries a few ε of
        // rounding, so allow 1e-13 (≈ 450 ε) of E'² + E² + |p'|² + |p|² (|p|² dominates for
        // spacelike vectors).
        const scale = boosted.e ** 2 + a.e ** 2 + boosted.p ** 2 + a.p ** 2;
        expect(Math.abs(boosted.mass2 - a.mass2)).toBeLessThanOrEqual(1e-13 * scale);
      }),
    );
  });

  it('m², E and |p| are invariant under rotations', () => {
    fc.assert(
      fc.property(
        anyVector,
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.tuple(
          fc.double({ min: -1, max: 1, noNaN: true }),
          fc.double({ min: -1, max: 1, noNaN: true }),
          fc.double({ min: 0.1, max: 1, noNaN: true }),
        ),
        (a, angle, axis) => {
          for (const r of [
            a.rotateX(angle),
            a.rotateY(angle),
            a.rotateZ(angle),
            a.rotateAxis(axis, angle),
            a.rotateEuler(angle, 0.5 * angle, -angle),
          ]) {
            expect(r.e).toBe(a.e);
            // |p|² of ~1e4 GeV-scale vectors: 1e-13 relative is ~450 ε.
            expect(Math.abs(r.p - a.p)).toBeLessThanOrEqual(1e-13 * a.p);
            expect(Math.abs(r.mass2 - a.mass2)).toBeLessThanOrEqual(1e-13 * (a.e ** 2 + a.p ** 2));
          }
        },
      ),
    );
  });

  it('boost then inverse boost is the identity', () => {
    fc.assert(
      fc.property(anyVector, velocity, (a, b) => {
        const back = a.boostBeta3(b).boostBeta3([-b[0], -b[1], -b[2]]);
        // Intermediate components reach 2γE ≤ 6.4 E; 1e-13 E is ~450 ε of E.
        const tol = 1e-13 * (a.e + a.p);
        for (const k of ['px', 'py', 'pz', 'e'] as const) {
          expect(Math.abs(back[k] - a[k])).toBeLessThanOrEqual(tol);
        }
      }),
    );
  });

  it('boostCMOf(p) of p has E = p.mass and zero 3-momentum; boostP4 brings it back', () => {
    fc.assert(
      fc.property(timelike, (a) => {
        const cm = a.boostCMOf(a);
        // E' = γ(E − β⃗·p⃗) cancels terms of size γE = γ² m (γ ≤ cosh 3 · √(1 + (200/1)²) for
        // these inputs); rounding is a few ε of γE, so allow 64 ε γ E.
        const tol = 64 * Number.EPSILON * a.gamma * a.e;
        expect(Math.abs(cm.mass - a.mass)).toBeLessThanOrEqual(tol);
        expect(Math.abs(cm.e - a.mass)).toBeLessThanOrEqual(tol);
        expect(cm.p).toBeLessThanOrEqual(tol);
        // Boosting back multiplies the rest-frame rounding by up to 2γ again.
        const back = cm.boostP4(a);
        for (const k of ['px', 'py', 'pz', 'e'] as const) {
          expect(Math.abs(back[k] - a[k])).toBeLessThanOrEqual(2 * a.gamma * tol);
        }
      }),
    );
  });

  it('phi stays in (−π, π], deltaPhi in [−π, π), eta = −ln tan(θ/2)', () => {
    fc.assert(
      fc.property(anyVector, anyVector, (a, b) => {
        expect(a.phi).toBeGreaterThan(-Math.PI);
        expect(a.phi).toBeLessThanOrEqual(Math.PI);
        const d = a.deltaPhi(b);
        expect(d).toBeGreaterThanOrEqual(-Math.PI);
        expect(d).toBeLessThan(Math.PI);
        // |η| ≤ 3: tan(θ/2) ≥ 0.05, so the two forms agree to ~1e-14 absolute.
        expect(a.eta).toBeCloseTo(-Math.log(Math.tan(a.theta / 2)), 12);
      }),
    );
  });
});
