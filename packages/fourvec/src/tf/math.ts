import * as tf from '@tensorflow/tfjs-core';
import type { MathLib } from '../math.js';

function lift(a: tf.Tensor | number): tf.Tensor {
  return typeof a === 'number' ? tf.scalar(a) : a;
}

/**
 * Wraps a comparison (or a logical op on comparisons) so that backpropagation stops at it. Select sends a (zero) gradient to its
 * condition, and tfjs has no gradient for Equal/Less/Greater, so without this cut any `where`
 * over a differentiable input fails with "gradient function not found".
 */
function comparison(
  op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
): (a: tf.Tensor | number, b: tf.Tensor | number) => tf.Tensor {
  const cut = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b] = args as [tf.Tensor, tf.Tensor];
    return { value: op(a, b), gradFunc: () => [tf.zeros(a.shape), tf.zeros(b.shape)] };
  });
  return (a, b) => cut(lift(a), lift(b));
}

/**
 * The `MathLib` over tfjs tensors: the same formulas as `FourVector`, differentiable.
 *
 * @remarks Numbers are lifted to float32 scalars; everything broadcasts like tfjs ops. tfjs
 * tensors are float32, so results agree with the float64 forms to about 1e-6 relative.
 * Comparisons carry a zero gradient (they are cut from the tape), so `where` is differentiable
 * in its branches. Gradients themselves must be registered by the application (importing
 * `@tensorflow/tfjs` or `@tensorflow/tfjs-layers` does it; tfjs-core alone does not in Node).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * tensorMath.add(tf.tensor1d([1, 2]), 1); // [2, 3]
 * ```
 */
export const tensorMath: MathLib<tf.Tensor, tf.Tensor> = {
  add: (a, b) => tf.add(lift(a), lift(b)),
  sub: (a, b) => tf.sub(lift(a), lift(b)),
  mul: (a, b) => tf.mul(lift(a), lift(b)),
  div: (a, b) => tf.div(lift(a), lift(b)),
  neg: (a) => tf.neg(a),
  sqrt: (a) => tf.sqrt(a),
  atan2: (y, x) => tf.atan2(lift(y), lift(x)),
  log: (a) => tf.log(a),
  asinh: (a) => tf.asinh(a),
  sinh: (a) => tf.sinh(lift(a)),
  cosh: (a) => tf.cosh(lift(a)),
  sin: (a) => tf.sin(lift(a)),
  cos: (a) => tf.cos(lift(a)),
  floor: (a) => tf.floor(a),
  where: (c, a, b) => tf.where(c, lift(a), lift(b)),
  gt: comparison(tf.greater),
  lt: comparison(tf.less),
  le: comparison(tf.lessEqual),
  eq: comparison(tf.equal),
  and: comparison(tf.logicalAnd),
  or: comparison(tf.logicalOr),
};
