import type { MathLib } from '../math.js';
import { mass2 } from './lorentz.js';
import { p2 } from './spatial.js';

/**
 * The tolerance band |m²| ≤ tol·(E² + |p|²) that separates lightlike from timelike and spacelike.
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @param tolerance - relative tolerance (dimensionless)
 * @returns m² and the band half-width tol·(E² + |p|²), GeV²
 * @remarks A relative band, because m² of a massless vector computed from rounded components is
 * of order ε·E², whatever E is. The three predicates it serves are exclusive and exhaustive.
 * @example For (0, 0, 1, 1) and tol = 0.1: m² = 0, band 0.2.
 */
export function lightconeBand<T, B>(
  m: MathLib<T, B>,
  x: T,
  y: T,
  z: T,
  t: T,
  tolerance: number,
): { m2: T; band: T } {
  const scale = m.add(m.mul(t, t), p2(m, x, y, z));
  return { m2: mass2(m, x, y, z, t), band: m.mul(tolerance, scale) };
}

/**
 * m² > tol·(E² + |p|²).
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @param tolerance - relative tolerance
 * @returns whether the vector is timelike beyond the tolerance band
 * @example `isTimelike(numberMath, 0, 0, 0, 1, 0)` is `true`.
 */
export function isTimelike<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T, tolerance: number): B {
  const { m2, band } = lightconeBand(m, x, y, z, t, tolerance);
  return m.gt(m2, band);
}

/**
 * m² < −tol·(E² + |p|²).
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @param tolerance - relative tolerance
 * @returns whether the vector is spacelike beyond the tolerance band
 * @example `isSpacelike(numberMath, 0, 0, 1, 0, 0)` is `true`.
 */
export function isSpacelike<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T, tolerance: number): B {
  const { m2, band } = lightconeBand(m, x, y, z, t, tolerance);
  return m.lt(m2, m.neg(band));
}

/**
 * |m²| ≤ tol·(E² + |p|²).
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @param tolerance - relative tolerance
 * @returns whether the vector lies within the band around the light cone (the zero vector does)
 * @example `isLightlike(numberMath, 0, 0, 1, 1, 0)` is `true`.
 */
export function isLightlike<T, B>(m: MathLib<T, B>, x: T, y: T, z: T, t: T, tolerance: number): B {
  const { m2, band } = lightconeBand(m, x, y, z, t, tolerance);
  return m.and(m.le(m2, band), m.le(m.neg(band), m2));
}
