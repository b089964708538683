import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LayersShapeError } from './errors.js';
import { defaultLayerName, firstShape } from './shapes.js';
import type { Kwargs, LayerArgs } from './tfjs_types.js';

/**
 * max over the last axis, keeping it: [..., C] → [..., 1], with the gradient Keras' `maximum`
 * layer gives (all of it to the first channel that attains the maximum).
 *
 * @param responses - tensor of rank ≥ 1
 * @returns max_c responses[..., c] with the last axis kept (size 1)
 * @remarks
 * Keras folded `maximum(o_1, …, o_C)` pairwise, and TensorFlow's maximum sends the gradient to
 * its first argument on ties, so the first maximal channel takes it all; tfjs's `max` would
 * give the full gradient to every tied channel instead.
 * @example
 * ```ts
 * channelMaximumOp(tf.tensor2d([[1, -3, 2]])).dataSync(); // Float32Array [2] (plain max, not |·|)
 * ```
 */
export function channelMaximumOp(responses: tf.Tensor): tf.Tensor {
  const depth = responses.shape[responses.rank - 1] ?? 1;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const o = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([o]);
    return {
      value: tf.max(o, -1, true),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        // (oneHot straight to float32 is broken on wasm 4.22: it writes the int32 bit patterns.)
        const first = tf.cast(tf.oneHot(tf.argMax(saved[0] as tf.Tensor, -1), depth), 'float32');
        return tf.mul(dy, first);
      },
    };
  });
  return op(responses);
}

/**
 * The encoder's x ← max_c o_c: [B, H, W, C] → [B, H, W, 1] (plain maximum, not of |o|).
 *
 * @remarks
 * No weights; one instance may be shared by all levels. Gradient as in Keras: see
 * {@link channelMaximumOp}.
 */
export class ChannelMaximum extends tfl.layers.Layer {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>ChannelMaximum';

  /** @param args - standard layer options (name, …) */
  constructor(args: LayerArgs = {}) {
    super({ ...args, name: args.name ?? defaultLayerName('channel_maximum') });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = firstShape(inputShape);
    return [...shape.slice(0, -1), 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const o = Array.isArray(inputs) ? inputs[0] : inputs;
    if (o === undefined || o.rank < 1) {
      throw new LayersShapeError('ChannelMaximum input', 'rank ≥ 1', o?.shape ?? []);
    }
    return tf.tidy(() => channelMaximumOp(o));
  }
}
tf.serialization.registerClass(ChannelMaximum);

/**
 * Creates a {@link ChannelMaximum} layer.
 *
 * @param args - standard layer options
 * @returns the layer
 * @example
 * ```ts
 * const x = channelMaximum().apply(o) as tf.Tensor; // [B, H, W, 1]
 * ```
 */
export function channelMaximum(args: LayerArgs = {}): ChannelMaximum {
  return new ChannelMaximum(args);
}
