import type { MathLib } from '../math.js';

/**
 * √a for a ≥ 0 whose tensor gradient at a = 0 is 0 instead of +∞.
 *
 * @param m - math library
 * @param a - a non-negative quantity
 * @returns √a
 * @remarks The double where: √ is taken of 1 where a = 0, and 0 is selected afterwards, so no
 * infinite partial derivative ever enters the chain rule.
 * @example `safeSqrt(numberMath, 9)` is `3`.
 */
export function safeSqrt<T, B>(m: MathLib<T, B>, a: T): T {
  const zero = m.eq(a, 0);
  return m.where(zero, 0, m.sqrt(m.where(zero, 1, a)));
}

/**
 * copysign(√|a|, a): the signed square root used for masses of spacelike vectors.
 *
 * @param m - math library
 * @param a - any real number
 * @returns √a for a ≥ 0, −√(−a) for a < 0
 * @remarks Gradient 0 at a = 0 (see {@link safeSqrt}); finite (if large) everywhere else.
 * @example `signedSqrt(numberMath, -4)` is `-2`.
 */
export function signedSqrt<T, B>(m: MathLib<T, B>, a: T): T {
  const zero = m.eq(a, 0);
  const negative = m.lt(a, 0);
  const magnitude = m.where(zero, 1, m.where(negative, m.neg(a), a));
  const root = m.sqrt(magnitude);
  return m.where(zero, 0, m.where(negative, m.neg(root), root));
}
