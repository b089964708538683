import { heaviside, KERAS_EPSILON } from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { UniformSource } from './reference.js';

/** The kernel tensors of the network, in the layers' layout. */
export interface ShowerKernelTensors {
  /** Encoder bank [k, k, 1, C]. */
  conv: tf.Tensor4D;
  /** Decoder bank [k, k, 1, C]. */
  deconv: tf.Tensor4D;
  /** Filter probabilities per level (finest first), each [C]. */
  probabilities: tf.Tensor1D[];
}

/** A decoder step's context, passed to a {@link ShowerMergeHook}. */
export interface ShowerMergeContext {
  /** Decoder level i: 1 for the first deconvolution (output side k²) up to L (output side N). */
  level: number;
  /** Side of the decoded images. */
  side: number;
  /** Kernel side k. */
  kernelSize: number;
}

/**
 * The place where a shower-merging scheme plugs into generation: called after each decoder level
 * with the decoded images [B, s, s, 1] and the encoder's input of the same side (the unshowered,
 * matrix-element image at that resolution); returns the images the next level starts from.
 *
 * @remarks
 * Runs inside `tf.tidy`: return a new tensor and do not keep the arguments. The network itself
 * never merges; `@apemen/merging` (issue 7) provides the CKKW-like scheme of the original.
 */
export type ShowerMergeHook = (
  decoded: tf.Tensor4D,
  encoderInput: tf.Tensor4D,
  context: ShowerMergeContext,
) => tf.Tensor4D;

/**
 * Draws the uniform numbers of one FilterMask pass from a uniform source, in row-major order.
 */
function drawUniforms(
  shape: [number, number, number, number],
  uniform: UniformSource,
): tf.Tensor4D {
  const n = shape[0] * shape[1] * shape[2] * shape[3];
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = uniform();
  return tf.tensor4d(values, shape);
}

/**
 * The whole network (encoder, masks, decoder) as tfjs operations on given kernels, with the
 * FilterMask randomness drawn from a caller's uniform source.
 *
 * @param kernels - the kernel tensors
 * @param x - images [B, N, N, 1]
 * @param kernelSize - k
 * @param uniform - the uniform numbers, drawn level by level (finest first), each level's
 *   [B, n, n, C] in row-major order, as the plain-loop reference draws them
 * @param merge - optional merge hook after each decoder level
 * @returns the generated images [B, N, N, 1]
 * @remarks
 * The same formulas as the layers model (see ../shared/APEMEN.md), written as plain tfjs ops so that
 * generation can take its randomness from any seeded source and fused kernels can replace it.
 * Runs inside `tf.tidy`; the caller owns (and disposes) the returned tensor.
 * @example
 * ```ts
 * const y = showerForward({ conv, deconv, probabilities }, x, 2, createRng(7)); // [B, N, N, 1]
 * ```
 */
export function showerForward(
  kernels: ShowerKernelTensors,
  x: tf.Tensor4D,
  kernelSize: number,
  uniform: UniformSource,
  merge?: ShowerMergeHook,
): tf.Tensor4D {
  return tf.tidy(() => {
    const k = kernelSize;
    const [, , , c] = kernels.conv.shape;
    const deconvFilter = tf.reshape(kernels.deconv, [k, k, c, 1]) as tf.Tensor4D;
    const masks: tf.Tensor4D[] = [];
    const inputs: tf.Tensor4D[] = [];
    let level = x;
    for (const p of kernels.probabilities) {
      inputs.push(level);
      const o = tf.conv2d(level, kernels.conv, 1, 'same');
      const a = tf.abs(o);
      const winners = heaviside(tf.add(tf.sub(a, tf.max(a, 3, true)), KERAS_EPSILON));
      const u = drawUniforms(o.shape, uniform);
      const r = tf.mul(tf.mul(winners, u), p);
      masks.push(heaviside(tf.add(tf.sub(r, tf.max(r, 3, true)), KERAS_EPSILON)) as tf.Tensor4D);
      level = tf.maxPool(tf.max(o, 3, true) as tf.Tensor4D, k, k, 'valid');
    }
    for (let i = masks.length - 1; i >= 0; i--) {
      const mask = masks[i] as tf.Tensor4D;
      const [b, h, w] = level.shape;
      const children = tf.conv2dTranspose(level, deconvFilter, [b, h * k, w * k, c], k, 'same');
      level = tf.sum(tf.mul(children, mask), 3, true) as tf.Tensor4D;
      if (merge) {
        level = merge(level, inputs[i] as tf.Tensor4D, {
          level: masks.length - i,
          side: h * k,
          kernelSize: k,
        });
      }
    }
    return level;
  });
}
