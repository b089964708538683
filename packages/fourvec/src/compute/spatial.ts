import type { MathLib } from '../math.js';
import { pt2 } from './azimuthal.js';
import { safeSqrt } from './safe.js';

/**
 * Squared 3-momentum px² + py² + pz².
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @returns |p|², GeV²
 * @example `p2(numberMath, 1, 2, 2)` is `9`.
 */
export function p2<T, B>(m: MathLib<T, B>, x: T, y: T, z: T): T {
  return m.add(pt2(m, x, y), m.mul(z, z));
}

/**
 * Magnitude of the 3-momentum.
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @returns |p| ≥ 0, GeV
 * @remarks Gradient 0 at the zero vector.
 * @example `p(numberMath, 1, 2, 2)` is `3`.
 */
export function p<T, B>(m: MathLib<T, B>, x: T, y: T, z: T): T {
  return safeSqrt(m, p2(m, x, y, z));
}

/**
 * Pseudorapidity asinh(pz / pt).
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @returns η
 * @remarks At pt = 0: +∞ for pz > 0, −∞ for pz < 0, 0 for the zero vector (scikit-hep vector).
 * asinh(pz/pt) equals −ln tan(θ/2) and stays accurate at large |η|. Gradient 0 at pt = 0.
 * @example `eta(numberMath, 1, 0, Math.sinh(2))` is `2` (to rounding).
 */
export function eta<T, B>(m: MathLib<T, B>, x: T, y: T, z: T): T {
  const r2 = pt2(m, x, y);
  const zero = m.eq(r2, 0);
  const regular = m.asinh(m.div(z, m.sqrt(m.where(zero, 1, r2))));
  const edge = m.where(m.gt(z, 0), Number.POSITIVE_INFINITY, m.where(m.lt(z, 0), -Infinity, 0));
  return m.where(zero, edge, regular);
}

/**
 * Polar angle atan2(pt, pz) in [0, π].
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @returns θ, radians
 * @remarks θ = 0 for the zero vector (ROOT). Gradient 0 there.
 * @example `theta(numberMath, 1, 0, 0)` is `Math.PI / 2`.
 */
export function theta<T, B>(m: MathLib<T, B>, x: T, y: T, z: T): T {
  const r2 = pt2(m, x, y);
  const zero = m.and(m.eq(r2, 0), m.eq(z, 0));
  return m.where(zero, 0, m.atan2(safeSqrt(m, r2), m.where(zero, 1, z)));
}

/**
 * Angle between two 3-momenta, atan2(|a × b|, a · b) in [0, π].
 * @param m - math library
 * @param x1 - px of a
 * @param y1 - py of a
 * @param z1 - pz of a
 * @param x2 - px of b
 * @param y2 - py of b
 * @param z2 - pz of b
 * @returns the opening angle, radians
 * @remarks Same value as ROOT's `Angle` (acos of the normalised dot product) but accurate for
 * nearly (anti)parallel vectors, where acos loses half the digits. 0 when either vector is zero.
 * @example `deltaAngle(numberMath, 1, 0, 0, 0, 1, 0)` is `Math.PI / 2`.
 */
export function deltaAngle<T, B>(m: MathLib<T, B>, x1: T, y1: T, z1: T, x2: T, y2: T, z2: T): T {
  const cx = m.sub(m.mul(y1, z2), m.mul(z1, y2));
  const cy = m.sub(m.mul(z1, x2), m.mul(x1, z2));
  const cz = m.sub(m.mul(x1, y2), m.mul(y1, x2));
  const cross = p(m, cx, cy, cz);
  const dot = m.add(m.add(m.mul(x1, x2), m.mul(y1, y2)), m.mul(z1, z2));
  const zero = m.and(m.eq(cross, 0), m.eq(dot, 0));
  return m.where(zero, 0, m.atan2(cross, m.where(zero, 1, dot)));
}
