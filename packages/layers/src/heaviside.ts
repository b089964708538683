import * as tf from '@tensorflow/tfjs-core';

/** Keras' `K.epsilon()`, the ε of every formula in the original model. */
export const KERAS_EPSILON = 1e-7;

/**
 * The step function of the original model: 1 for z > 0, ½ at z = 0, 0 for z < 0.
 *
 * @param z - any float tensor
 * @returns a tensor of z's shape holding step(z); its gradient is zero everywhere
 * @remarks
 * Keras wrote this as `0.5·sign(z) + 0.5`. The wasm backend's `Sign` returns 0 for |z| ≤ 1e-7, which
 * would turn every "within ε" comparison of the model into ½, so it is built from `tf.step`
 * (1 for z > 0, else 0) on z and −z instead: ½·(step(z) + 1 − step(−z)). Like TensorFlow's sign, it
 * passes no gradient.
 * @example
 * ```ts
 * heaviside(tf.tensor1d([-2, 0, 1e-9])).dataSync(); // Float32Array [0, 0.5, 1]
 * ```
 */
export function heaviside(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.add(tf.sub(tf.step(z), tf.step(tf.neg(z))), 1), 0.5));
}

/**
 * sign(z) as TensorFlow computes it (−1, 0, +1), robust on the wasm backend.
 *
 * @param z - any float tensor
 * @returns step(z) − step(−z), with zero gradient
 * @example
 * ```ts
 * signTF(tf.tensor1d([-3, 0, 1e-9])).dataSync(); // Float32Array [-1, 0, 1]
 * ```
 */
export function signTF(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.step(z), tf.step(tf.neg(z))));
}

/**
 * |z| with TensorFlow's gradient: sign(z), so 0 at z = 0.
 *
 * @param z - any float tensor
 * @returns |z|
 * @remarks
 * tfjs's own `abs` has gradient −1 at 0; in the loss the prediction is exactly 0 over most empty
 * pixels, so that would push every empty pixel upwards. z·sign(z) has the value |z| exactly and
 * the gradient sign(z) (the sign factor carries no gradient).
 * @example
 * ```ts
 * absTF(tf.tensor1d([-2, 0, 3])).dataSync(); // Float32Array [2, 0, 3]
 * ```
 */
export function absTF(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(z, signTF(z)));
}
