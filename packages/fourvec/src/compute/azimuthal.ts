import type { MathLib } from '../math.js';
import { safeSqrt } from './safe.js';

/**
 * Squared transverse momentum px² + py².
 * @param m - math library
 * @param x - px
 * @param y - py
 * @returns pt², GeV²
 * @example `pt2(numberMath, 3, 4)` is `25`.
 */
export function pt2<T, B>(m: MathLib<T, B>, x: T, y: T): T {
  return m.add(m.mul(x, x), m.mul(y, y));
}

/**
 * Transverse momentum √(px² + py²).
 * @param m - math library
 * @param x - px
 * @param y - py
 * @returns pt ≥ 0, GeV
 * @remarks Gradient 0 (not NaN) at pt = 0.
 * @example `pt(numberMath, 3, 4)` is `5`.
 */
export function pt<T, B>(m: MathLib<T, B>, x: T, y: T): T {
  return safeSqrt(m, pt2(m, x, y));
}

/**
 * Azimuth atan2(py, px) in (−π, π].
 * @param m - math library
 * @param x - px
 * @param y - py
 * @returns φ, radians
 * @remarks φ = 0 when px = py = 0 (ROOT's TVector3::Phi; `Math.atan2(0, -0)` would give π).
 * Gradient 0 there instead of 0/0. atan2(−0, x < 0) = −π is mapped to +π so that the range is
 * (−π, π] as documented.
 * @example `phi(numberMath, 0, 1)` is `Math.PI / 2`.
 */
export function phi<T, B>(m: MathLib<T, B>, x: T, y: T): T {
  const zero = m.eq(pt2(m, x, y), 0);
  const angle = m.atan2(m.where(zero, 0, y), m.where(zero, 1, x));
  return m.where(zero, 0, m.where(m.eq(angle, -Math.PI), Math.PI, angle));
}

/**
 * Wraps an angle difference into [−π, π).
 * @param m - math library
 * @param d - any angle, radians
 * @returns d − 2πk in [−π, π)
 * @remarks Same as scikit-hep vector's `(d + π) % 2π − π` with a floored modulo, so +π maps
 * to −π; guarded so that rounding never leaves the half-open interval.
 * @example `wrapAngle(numberMath, Math.PI)` is `-Math.PI`.
 */
export function wrapAngle<T, B>(m: MathLib<T, B>, d: T): T {
  const twoPi = 2 * Math.PI;
  const turns = m.floor(m.div(m.add(d, Math.PI), twoPi));
  const wrapped = m.sub(d, m.mul(turns, twoPi));
  // (d + π)/2π can round up to an integer when d is an ulp below π, leaving the result an ulp
  // outside [−π, π); one correction step puts it back.
  const low = m.where(m.lt(wrapped, -Math.PI), m.add(wrapped, twoPi), wrapped);
  return m.where(m.lt(low, Math.PI), low, m.sub(low, twoPi));
}

/**
 * Azimuthal difference φ₁ − φ₂ wrapped into [−π, π).
 * @param m - math library
 * @param x1 - px of the first vector
 * @param y1 - py of the first vector
 * @param x2 - px of the second vector
 * @param y2 - py of the second vector
 * @returns Δφ, radians
 * @example `deltaPhi(numberMath, 1, 0, 0, 1)` is `-Math.PI / 2`.
 */
export function deltaPhi<T, B>(m: MathLib<T, B>, x1: T, y1: T, x2: T, y2: T): T {
  return wrapAngle(m, m.sub(phi(m, x1, y1), phi(m, x2, y2)));
}
