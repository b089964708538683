/**
 * The small math interface that every formula in `compute/` is written against, so that one
 * formula serves plain numbers, batched typed arrays (element by element) and tfjs tensors.
 *
 * @remarks
 * Binary operations accept a plain number on either side so that formulas can write constants
 * inline. `where` evaluates both branches: formulas rely on that to apply the "double where"
 * trick (substitute a harmless value before a singular operation, then select the edge-case value
 * after it), which keeps tensor gradients finite at pt = 0, E = |pz| and m² = 0.
 *
 * @typeParam T - the scalar type (number, or a tfjs Tensor)
 * @typeParam B - the boolean type (boolean, or a tfjs bool Tensor)
 *
 * @example
 * ```ts
 * import { numberMath } from '@apemen/fourvec';
 * numberMath.where(numberMath.gt(2, 1), 10, 20); // 10
 * ```
 */
export interface MathLib<T, B> {
  /** a + b */
  add(a: T | number, b: T | number): T;
  /** a − b */
  sub(a: T | number, b: T | number): T;
  /** a · b */
  mul(a: T | number, b: T | number): T;
  /** a / b */
  div(a: T | number, b: T | number): T;
  /** −a */
  neg(a: T): T;
  /** √a (NaN for a < 0) */
  sqrt(a: T): T;
  /** atan2(y, x) in (−π, π] */
  atan2(y: T | number, x: T | number): T;
  /** Natural logarithm. */
  log(a: T): T;
  /** Inverse hyperbolic sine. */
  asinh(a: T): T;
  /** Hyperbolic sine. */
  sinh(a: T | number): T;
  /** Hyperbolic cosine. */
  cosh(a: T | number): T;
  /** Sine. */
  sin(a: T | number): T;
  /** Cosine. */
  cos(a: T | number): T;
  /** Largest integer ≤ a (zero gradient). */
  floor(a: T): T;
  /** Elementwise select: `c ? a : b`. */
  where(c: B, a: T | number, b: T | number): T;
  /** a > b */
  gt(a: T | number, b: T | number): B;
  /** a < b */
  lt(a: T | number, b: T | number): B;
  /** a ≤ b */
  le(a: T | number, b: T | number): B;
  /** a == b */
  eq(a: T | number, b: T | number): B;
  /** Logical and. */
  and(a: B, b: B): B;
  /** Logical or. */
  or(a: B, b: B): B;
}

/** The `MathLib` over plain JavaScript numbers, used by `FourVector` and `FourVectorArray`. */
export const numberMath: MathLib<number, boolean> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  sqrt: Math.sqrt,
  atan2: Math.atan2,
  log: Math.log,
  asinh: Math.asinh,
  sinh: Math.sinh,
  cosh: Math.cosh,
  sin: Math.sin,
  cos: Math.cos,
  floor: Math.floor,
  where: (c, a, b) => (c ? a : b),
  gt: (a, b) => a > b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  eq: (a, b) => a === b,
  and: (a, b) => a && b,
  or: (a, b) => a || b,
};
