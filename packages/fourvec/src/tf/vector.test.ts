import '@tensorflow/tfjs-backend-cpu';
import './test-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FourVectorError } from '../errors.js';
import { FourVector } from '../vector.js';
import * as t4 from './index.js';

/** The tensor functions by quantity name (a plain record, so lookups by name type-check). */
const single = {
  pt: t4.pt,
  p: t4.p,
  eta: t4.eta,
  rapidity: t4.rapidity,
  phi: t4.phi,
  theta: t4.theta,
  mass2: t4.mass2,
  mass: t4.mass,
  mt2: t4.mt2,
  mt: t4.mt,
  et: t4.et,
  beta: t4.beta,
  gamma: t4.gamma,
} as const;
const pairwise = {
  deltaPhi: t4.deltaPhi,
  deltaEta: t4.deltaEta,
  deltaR2: t4.deltaR2,
  deltaR: t4.deltaR,
  deltaRapidityPhi: t4.deltaRapidityPhi,
  deltaAngle: t4.deltaAngle,
} as const;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const v = FourVector.fromPxPyPzE;

/** Edge cases: pt = 0, lightlike along ±z, spacelike, zero, φ = π, negative energy. */
const specials = [
  v(3, 4, 12, 13.5),
  v(0, 0, 3, 5),
  v(0, 0, 1, 1),
  v(0, 0, -1, 1),
  v(0, 0, 5, 3),
  v(0, 0, 0, 0),
  v(-1, 0, 0, 1),
  v(1, 2, 3, 10),
  v(3, 0, 4, -10),
];

function tensorOf(vectors: readonly FourVector[]): tf.Tensor2D {
  return tf.tensor2d(vectors.map((a) => [a.px, a.py, a.pz, a.e]));
}

function values(t: tf.Tensor): number[] {
  const out = Array.from(t.dataSync());
  t.dispose();
  return out;
}

/**
 * Float32 against float64: non-finite values must match exactly; finite ones within
 * `relative` · max(|want|, 1). tfjs tensors are float32 (ε ≈ 6e-8).
 */
function expectClose(got: number, want: number, relative: number): void {
  if (!Number.isFinite(want)) {
    expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))).toBe(true);
    return;
  }
  expect(Math.abs(got - want)).toBeLessThanOrEqual(relative * Math.max(Math.abs(want), 1));
}

// Moderate kinematics keep float32 cancellation in m² = E² − |p|² small: E²/m² ≤ ~200. A grid
// (not arbitrary doubles) keeps float32 away from subnormal numbers, which it flushes to zero.
const grid = (min: number, max: number, step: number) =>
  fc.integer({ min: Math.round(min / step), max: Math.round(max / step) }).map((k) => k * step);
const moderate = fc
  .record({
    pt: grid(0.5, 20, 0.01),
    eta: grid(-1.5, 1.5, 0.001),
    phi: grid(-3.1, 3.1, 0.001),
    mass: grid(5, 50, 0.01),
    sign: fc.boolean(),
  })
  .map(({ pt, eta, phi, mass, sign }) => {
    // Spacelike masses stay below pt/2 so that E² = |p|² − m² ≥ ¾ pt² is well away from 0.
    const a = FourVector.fromPtEtaPhiM(pt, eta, phi, sign ? mass : -Math.min(mass, pt / 2));
    // Round through float32 so both forms see identical inputs.
    return v(Math.fround(a.px), Math.fround(a.py), Math.fround(a.pz), Math.fround(a.e));
  });

describe('tensor form agrees with FourVector', () => {
  const tolerances = [
    ['pt', 1e-5],
    ['p', 1e-5],
    ['eta', 1e-5],
    ['rapidity', 1e-4],
    ['phi', 1e-5],
    ['theta', 1e-5],
    ['mass2', 1e-4],
    ['mass', 1e-4],
    ['mt2', 1e-4],
    ['mt', 1e-4],
    ['et', 1e-5],
    ['beta', 1e-5],
    ['gamma', 1e-4],
  ] as const;
  // ^ 1e-5 ≈ 160 float32 ε for direct formulas; 1e-4 where E² − p² or E − pz cancel.

  it('for every single-vector quantity, edge cases included', () => {
    fc.assert(
      fc.property(fc.array(moderate, { maxLength: 10 }), (random) => {
        const vectors = [...specials, ...random];
        const x = tensorOf(vectors);
        for (const [q, tol] of tolerances) {
          const got = values(single[q](x));
          vectors.forEach((a, i) => {
            expectClose(got[i]!, a[q], tol);
          });
        }
        const b3 = values(t4.beta3(x));
        vectors.forEach((a, i) => {
          if (a.e === 0) return;
          a.beta3.forEach((b, k) => {
            expectClose(b3[3 * i + k]!, b, 1e-5);
          });
        });
        x.dispose();
      }),
      { numRuns: 20 },
    );
  });

  it('for every pairwise quantity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(moderate, moderate), { minLength: 1, maxLength: 10 }),
        (pairs) => {
          const a = tensorOf(pairs.map((p) => p[0]));
          const b = tensorOf(pairs.map((p) => p[1]));
          for (const q of [
            'deltaPhi',
            'deltaEta',
            'deltaR2',
            'deltaR',
            'deltaRapidityPhi',
            'deltaAngle',
          ] as const) {
            const got = values(pairwise[q](a, b));
            pairs.forEach(([u, w], i) => {
              expectClose(got[i]!, u[q](w), 1e-4);
            });
          }
          const dots = values(t4.dot(a, b));
          pairs.forEach(([u, w], i) => {
            expect(Math.abs(dots[i]! - u.dot(w))).toBeLessThanOrEqual(
              1e-6 * (u.e * w.e + u.p * w.p),
            );
          });
          a.dispose();
          b.dispose();
        },
      ),
      { numRuns: 20 },
    );
  });

  it('for boosts, rotations and constructors', () => {
    fc.assert(
      fc.property(
        fc.array(moderate, { minLength: 1, maxLength: 8 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -0.8, max: 0.8, noNaN: true }),
        (vectors, angle, b) => {
          const x = tensorOf(vectors);
          const frame = v(1, -2, 3, 10);
          const f = tf.tensor1d([1, -2, 3, 10]);
          const cases: [tf.Tensor, (a: FourVector) => FourVector][] = [
            [t4.boostX(x, b), (a) => a.boostX(b)],
            [t4.boostY(x, b), (a) => a.boostY(b)],
            [t4.boostZ(x, b), (a) => a.boostZ(b)],
            [
              t4.boostBeta3(x, tf.tensor1d([b / 2, -b / 2, b / 2])),
              (a) => a.boostBeta3([b / 2, -b / 2, b / 2]),
            ],
            [t4.boostP4(x, f), (a) => a.boostP4(frame)],
            [t4.boostCMOf(x, f), (a) => a.boostCMOf(frame)],
            [t4.rotateX(x, angle), (a) => a.rotateX(angle)],
            [t4.rotateY(x, angle), (a) => a.rotateY(angle)],
            [t4.rotateZ(x, angle), (a) => a.rotateZ(angle)],
            [
              t4.rotateAxis(x, tf.tensor1d([1, -2, 0.5]), angle),
              (a) => a.rotateAxis([1, -2, 0.5], angle),
            ],
            [t4.rotateEuler(x, angle, 1, -angle), (a) => a.rotateEuler(angle, 1, -angle)],
          ];
          for (const [got, want] of cases) {
            const flat = values(got);
            vectors.forEach((a, i) => {
              const w = want(a);
              // Components are linear in the input: float32 error ≈ few ε · (E + |p|) · γ².
              const tol = 2e-6 * 3 * (a.e + a.p);
              [w.px, w.py, w.pz, w.e].forEach((c, k) => {
                expect(Math.abs(flat[4 * i + k]! - c)).toBeLessThanOrEqual(tol);
              });
            });
          }
          f.dispose();
          x.dispose();
        },
      ),
      { numRuns: 20 },
    );
  });

  it('constructors from (pt, η, φ, m), (pt, η, φ, E), (pt, y, φ, m)', () => {
    const rows = [
      [3, 0, 0, 4],
      [5, Math.log(5), Math.atan2(4, 3), Math.sqrt(13.25)],
      [3, 0, 0, -2],
      [1, 0, 0, -2],
    ];
    const check = (got: tf.Tensor, want: (r: number[]) => FourVector) => {
      const flat = values(got);
      rows.forEach((r, i) => {
        const w = want(r);
        [w.px, w.py, w.pz, w.e].forEach((c, k) => {
          expectClose(flat[4 * i + k]!, c, 1e-5);
        });
      });
    };
    const input = tf.tensor2d(rows);
    check(t4.fromPtEtaPhiM(input), (r) => FourVector.fromPtEtaPhiM(r[0]!, r[1]!, r[2]!, r[3]!));
    check(t4.fromPtEtaPhiE(input), (r) => FourVector.fromPtEtaPhiE(r[0]!, r[1]!, r[2]!, r[3]!));
    const ok = tf.tensor2d(rows.slice(0, 3));
    const flat = values(t4.fromPtRapidityPhiM(ok));
    rows.slice(0, 3).forEach((r, i) => {
      const w = FourVector.fromPtRapidityPhiM(r[0]!, r[1]!, r[2]!, r[3]!);
      [w.px, w.py, w.pz, w.e].forEach((c, k) => {
        expectClose(flat[4 * i + k]!, c, 1e-5);
      });
    });
    // mass −2 < −pt = −1: the tensor form clamps mT to 0 (the value type throws).
    expect(values(t4.fromPtRapidityPhiM(tf.tensor2d([[1, 0.3, 0, -2]])))).toEqual([1, 0, 0, 0]);
    input.dispose();
    ok.dispose();
  });

  it('light-cone predicates and wrapPhi', () => {
    const x = tensorOf([v(0, 0, 0, 1), v(0, 0, 2, 1), v(0, 0, 1, 1)]);
    expect(values(t4.isTimelike(x))).toEqual([1, 0, 0]);
    expect(values(t4.isSpacelike(x))).toEqual([0, 1, 0]);
    expect(values(t4.isLightlike(x))).toEqual([0, 0, 1]);
    const wrapped = values(t4.wrapPhi(tf.tensor1d([Math.PI, 1.5 * Math.PI, -4])));
    // π → −π; 3π/2 → −π/2; −4 → 2π − 4 = 2.2831853…
    expect(wrapped[0]).toBeCloseTo(-Math.PI, 6);
    expect(wrapped[1]).toBeCloseTo(-Math.PI / 2, 6);
    expect(wrapped[2]).toBeCloseTo(2 * Math.PI - 4, 6);
    x.dispose();
  });

  it('hand-checked values: boostZ(0.6) of a rest mass, boostCMOf(p, p)', () => {
    expect(
      values(t4.boostZ(tf.tensor2d([[0, 0, 0, 1]]), 0.6)).map((c) => Number(c.toFixed(6))),
    ).toEqual([0, 0, 0.75, 1.25]);
    const p = tf.tensor2d([[0, 0, 3, 5]]);
    expect(values(t4.boostCMOf(p, p)).map((c) => Number(c.toFixed(5)))).toEqual([0, 0, 0, 4]);
    p.dispose();
  });

  it('rejects tensors whose last axis is not 4 (or 3 for β⃗ and axes)', () => {
    expect(() => t4.mass(tf.tensor2d([[1, 2, 3]]))).toThrow(FourVectorError);
    expect(() => t4.mass(tf.scalar(1))).toThrow(/shape \[\.\.\., 4\]/);
    expect(() => t4.boostBeta3(tf.tensor1d([0, 0, 0, 1]), tf.tensor1d([0, 0, 0, 0]))).toThrow(
      /beta3/,
    );
  });

  it('does not leak tensors', () => {
    const x = tensorOf(specials);
    const before = tf.memory().numTensors;
    t4.mass(x).dispose();
    t4.boostCMOf(x, tf.tensor1d([1, 2, 3, 10])).dispose();
    t4.rotateEuler(x, 0.1, 0.2, 0.3).dispose();
    // The frame tensor literal above is the one tensor the caller created and did not dispose.
    expect(tf.memory().numTensors).toBe(before + 1);
    x.dispose();
  });
});

describe('tensor form gradients stay finite at the edge cases', () => {
  /** d(sum f(x))/dx at the rows of `vectors`, flattened. */
  function gradient(f: (x: tf.Tensor) => tf.Tensor, vectors: readonly FourVector[]): number[] {
    const x = tensorOf(vectors);
    const g = tf.grad((y: tf.Tensor) => tf.sum(f(y)))(x);
    x.dispose();
    return values(g);
  }

  const edge = [
    v(0, 0, 1, 1), // lightlike along z: pt = 0, m = 0, y = +∞
    v(0, 0, -1, 1), // lightlike along −z
    v(3, 4, 0, 5), // lightlike in the transverse plane
    v(0, 0, 5, 3), // spacelike at pt = 0: rapidity NaN
    v(3, 4, 12, 5), // spacelike
    v(0, 0, 0, 0), // zero vector
    v(0, 0, 0, 2), // at rest: pt = 0, |p| = 0
  ];

  it('the naive formulas do blow up there (so the checks below can fail)', () => {
    const naiveMass = gradient((x) => tf.sqrt(t4.mass2(x)), edge);
    expect(naiveMass.some((g) => !Number.isFinite(g))).toBe(true);
    const naivePt = gradient(
      (x) => tf.sqrt(tf.sum(tf.square(tf.slice(x, [0, 0], [-1, 2])), -1)),
      edge,
    );
    expect(naivePt.some((g) => !Number.isFinite(g))).toBe(true);
  });

  for (const q of [
    'pt',
    'p',
    'eta',
    'rapidity',
    'phi',
    'theta',
    'mass',
    'mass2',
    'mt',
    'mt2',
    'et',
    'beta',
    'gamma',
  ] as const) {
    it(`${q} has finite gradients for lightlike, spacelike, zero and pt = 0 vectors`, () => {
      // Edge values that are ±∞ or NaN by convention are masked out before summing, as a loss
      // would; the gradient must still be finite everywhere.
      const g = gradient((x) => {
        const y = single[q](x);
        return tf.where(tf.isFinite(y), y, tf.zerosLike(y));
      }, edge);
      expect(g.every(Number.isFinite)).toBe(true);
    });
  }

  it('the chosen subgradient on the edge itself is exactly 0', () => {
    // (0, 0, 1, 1): pt = 0, m = 0, y = +∞, η = +∞ — all four partial derivatives set to 0.
    for (const q of ['pt', 'phi', 'eta', 'rapidity', 'mass', 'gamma'] as const) {
      const g = gradient(
        (x) => {
          const y = single[q](x);
          return tf.where(tf.isFinite(y), y, tf.zerosLike(y));
        },
        [v(0, 0, 1, 1)],
      );
      expect(g.map(Math.abs)).toEqual([0, 0, 0, 0]);
    }
    // The zero vector: p = 0, θ = 0, η = 0, β = 0, γ = 1, ET = 0, m = 0.
    for (const q of ['p', 'theta', 'eta', 'beta', 'gamma', 'et', 'mass'] as const) {
      expect(gradient(single[q], [v(0, 0, 0, 0)]).map(Math.abs)).toEqual([0, 0, 0, 0]);
    }
  });

  it('mass gradient of a timelike vector is (−p⃗, E)/m', () => {
    // ∂m/∂E = E/m, ∂m/∂p⃗ = −p⃗/m; for (0, 0, 3, 5), m = 4: (0, 0, −0.75, 1.25)
    expect(gradient(t4.mass, [v(0, 0, 3, 5)]).map((c) => Number(c.toFixed(5)))).toEqual([
      0, 0, -0.75, 1.25,
    ]);
  });

  it('spacelike mass gradient is finite: for (0, 0, 5, 3), m = −4: ∂m/∂E = E/|m|… ', () => {
    // m = −√(p² − E²): ∂m/∂E = E/√(p² − E²) = 3/4, ∂m/∂pz = −pz/√(p² − E²) = −5/4
    expect(gradient(t4.mass, [v(0, 0, 5, 3)]).map((c) => Number(c.toFixed(5)))).toEqual([
      0, 0, -1.25, 0.75,
    ]);
  });

  it('deltaR has finite gradients for coincident vectors', () => {
    const a = tensorOf([v(3, 4, 12, 13.5)]);
    const b = tensorOf([v(3, 4, 12, 13.5)]);
    const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(t4.deltaR(x, y)))([a, b]);
    for (const g of grads) expect(values(g).every(Number.isFinite)).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('boosts and rotations are differentiable in the vector and in β⃗ / the angle', () => {
    const x = tensorOf(edge);
    const b = tf.tensor1d([0.3, -0.2, 0.5]);
    const [gx, gb] = tf.grads((p: tf.Tensor, beta: tf.Tensor) =>
      tf.sum(t4.mass2(t4.boostBeta3(p, beta))),
    )([x, b]);
    // m² is boost invariant, so ∂/∂β⃗ vanishes (float32 rounding aside) and ∂/∂p = 2(−p⃗, E).
    // Terms of size (E'² + |p'|²)·γ cancel in float32 (ε ≈ 6e-8): allow 16 ε of their sum.
    const g2 = 1 / (1 - (0.3 ** 2 + 0.2 ** 2 + 0.5 ** 2));
    const scale = edge.reduce((acc, a) => acc + a.e ** 2 + a.p ** 2, 0) * 4 * g2;
    for (const g of values(gb!)) expect(Math.abs(g)).toBeLessThanOrEqual(1e-6 * scale);
    const gxv = values(gx!);
    edge.forEach((a, i) => {
      [-2 * a.px, -2 * a.py, -2 * a.pz, 2 * a.e].forEach((c, k) => {
        expect(Math.abs(gxv[4 * i + k]! - c)).toBeLessThan(1e-4 * (1 + Math.abs(c)));
      });
    });
    const angle = tf.scalar(0.4);
    const ga = tf.grad((a: tf.Tensor) =>
      tf.sum(t4.phi(t4.rotateZ(tensorOf([v(3, 4, 12, 13.5)]), a))),
    )(angle);
    // φ increases one-for-one with a rotation about z.
    expect(values(ga)[0]).toBeCloseTo(1, 5);
    x.dispose();
    b.dispose();
    angle.dispose();
  });

  it('boost gradient in β matches finite differences (boostZ, E component)', () => {
    // E' = γ(E + β pz); for (0, 0, 3, 5) at β = 0.6: dE'/dβ = γ³ β E + γ³ pz = γ³(βE + pz)
    // = 1.953125 · (3 + 3) = 11.71875
    const x = tensorOf([v(0, 0, 3, 5)]);
    const g = tf.grad((beta: tf.Tensor) => tf.sum(tf.slice(t4.boostZ(x, beta), [0, 3], [1, 1])))(
      tf.tensor1d([0.6]),
    );
    expect(values(g)[0]).toBeCloseTo(11.71875, 3);
    x.dispose();
  });

  it('boostCMOf is differentiable in the frame (finite for any timelike frame)', () => {
    const x = tensorOf([v(0, 0, 0, 1), v(0, 0, 1, 1), v(0, 0, 5, 3)]);
    const frame = tf.tensor1d([1, 2, 3, 10]);
    const g = tf.grad((f: tf.Tensor) => tf.sum(t4.boostCMOf(x, f)))(frame);
    expect(values(g).every(Number.isFinite)).toBe(true);
    x.dispose();
    frame.dispose();
  });
});
