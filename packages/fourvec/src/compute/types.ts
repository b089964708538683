/**
 * A mutable (px, py, pz, E) record that transformation formulas write their result into, so the
 * batched form can reuse one scratch record for a whole loop.
 */
export interface Vec4<T> {
  /** px */
  x: T;
  /** py */
  y: T;
  /** pz */
  z: T;
  /** E */
  t: T;
}
