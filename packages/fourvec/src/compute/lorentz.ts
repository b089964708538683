import type { MathLib } from '../math.js';
import { pt, pt2 } from './azimuthal.js';
import { signedSqrt } from './safe.js';
import { p, p2 } from './spatial.js';

/**
 * Minkowski product a · b = Ea Eb − pa · pb, metric (+,−,−,−).
 * @param m - math library
 * @param x1 - px of a
 * @param y1 - py of a
 * @param z1 - pz of a
 * @param t1 - E of a
 * @param x2 - px of b
 * @param y2 - py of b
 * @param z2 - pz of b
 * @param t2 - E of b
 * @returns a · b, GeV²
 * @example `dot(numberMath, 1, 0, 0, 2, 1, 0, 0, 3)` is `5`.
 */
export function dot<T, B>(
  m: MathLib<T, B>,
  x1: T,
  y1: T,
  z1: T,
  t1: T,
  x2: T,
  y2: T,
  z2: T,
  t2: T,
): T {
  const spatial = m.add(m.add(m.mul(x1, x2), m.mul(y1, y2)), m.mul(z1, z2));
  return m.sub(m.mul(t1, t2), spatial);
}

/**
 * Invariant mass squared E² − |p|².
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @returns m², GeV² (negative for spacelike vectors)
 * @example `mass2(numberMath, 0, 0, 3, 5)` is `16`.
 */
export function mass2<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T): T {
  return m.sub(m.mul(t, t), p2(m, x, y, z));
}

/**
 * Signed invariant mass copysign(√|m²|, m²).
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @returns m, GeV: negative for spacelike vectors (scikit-hep vector's τ)
 * @remarks Gradient 0 for exactly lightlike vectors (the true derivative is infinite there).
 * @example `mass(numberMath, 0, 0, 5, 3)` is `-4`.
 */
export function mass<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T): T {
  return signedSqrt(m, mass2(m, x, y, z, t));
}

/**
 * Transverse mass squared E² − pz² (ROOT's `Mt2`).
 * @param m - math library
 * @param z - pz
 * @param t - E
 * @returns mT², GeV²
 * @example `mt2(numberMath, 3, 5)` is `16`.
 */
export function mt2<T, B>(m: MathLib<T, B>, z: T, t: T): T {
  return m.sub(m.mul(t, t), m.mul(z, z));
}

/**
 * Transverse mass √(E² − pz²), signed like ROOT's `Mt`.
 * @param m - math library
 * @param z - pz
 * @param t - E
 * @returns mT, GeV; −√(pz² − E²) when E² < pz²
 * @example `mt(numberMath, 5, 3)` is `-4`.
 */
export function mt<T, B>(m: MathLib<T, B>, z: T, t: T): T {
  return signedSqrt(m, mt2(m, z, t));
}

/**
 * Transverse energy E · pt / |p| (ROOT's `Et`).
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @returns ET, GeV, with the sign of E; 0 when pt = 0
 * @example `et(numberMath, 3, 0, 4, 10)` is `6`.
 */
export function et<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T): T {
  const r2 = pt2(m, x, y);
  const zero = m.eq(r2, 0);
  const safeP = m.sqrt(m.where(zero, 1, p2(m, x, y, z)));
  return m.where(zero, 0, m.div(m.mul(t, pt(m, x, y)), safeP));
}

/**
 * Rapidity ½ ln((E + pz)/(E − pz)).
 * @param m - math library
 * @param z - pz
 * @param t - E
 * @returns y
 * @remarks For E = |pz| ≠ 0 (massless along the beam): ±∞ by the sign of pz. For E = pz = 0: 0,
 * like η of the zero vector. For E² < pz²: NaN, as in ROOT and scikit-hep vector (no real
 * rapidity exists). Gradients are 0 on all three edges instead of ∞ or NaN.
 * @example `rapidity(numberMath, 3, 5)` is `Math.log(2)` (½ ln(8/2)).
 */
export function rapidity<T, B>(m: MathLib<T, B>, z: T, t: T): T {
  const plus = m.add(t, z);
  const minus = m.sub(t, z);
  const ok = m.gt(m.mul(plus, minus), 0);
  const regular = m.mul(0.5, m.log(m.div(m.where(ok, plus, 1), m.where(ok, minus, 1))));
  const onCone = m.eq(m.mul(plus, minus), 0);
  const edge = m.where(
    onCone,
    m.where(m.gt(z, 0), Number.POSITIVE_INFINITY, m.where(m.lt(z, 0), -Infinity, 0)),
    Number.NaN,
  );
  return m.where(ok, regular, edge);
}

/**
 * Speed |p| / E.
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @returns β (1 for lightlike, > 1 for spacelike vectors)
 * @remarks 0 for the zero vector (ROOT); +∞ when E = 0 and |p| > 0.
 * @example `beta(numberMath, 0, 0, 3, 5)` is `0.6`.
 */
export function beta<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T): T {
  const mag = p(m, x, y, z);
  const still = m.eq(t, 0);
  return m.where(
    still,
    m.where(m.eq(mag, 0), 0, Number.POSITIVE_INFINITY),
    m.div(mag, m.where(still, 1, t)),
  );
}

/**
 * Lorentz factor E / m.
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @returns γ
 * @remarks scikit-hep vector's t/τ with the signed mass, so spacelike vectors get a negative γ;
 * ±∞ for lightlike vectors; 1 for the zero vector (ROOT: β = 0).
 * @example `gamma(numberMath, 0, 0, 3, 5)` is `1.25`.
 */
export function gamma<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T): T {
  const tau = mass(m, x, y, z, t);
  const lightlike = m.eq(tau, 0);
  const zeroVector = m.and(lightlike, m.eq(t, 0));
  const edge = m.where(
    zeroVector,
    1,
    m.where(m.lt(t, 0), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
  );
  return m.where(lightlike, edge, m.div(t, m.where(lightlike, 1, tau)));
}
