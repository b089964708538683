import * as tf from '@tensorflow/tfjs-core';
import { ShowerError } from './errors.js';

/** Images as the shower's functions take them: B×N×N numbers, or a tensor [B, N, N] or [B, N, N, 1]. */
export type ShowerImages = Float32Array | tf.Tensor;

/**
 * Turns images into the network's input tensor [B, N, N, 1] (the caller disposes it).
 *
 * @param images - B×N×N row-major numbers, or a tensor [B, N, N] or [B, N, N, 1]
 * @param pixels - the image side N
 * @returns a new float32 tensor [B, N, N, 1]
 * @throws {@link ShowerError} `BAD_INPUT` for the wrong length or shape
 * @example
 * ```ts
 * const x = imagesToTensor(new Float32Array(2 * 64 * 64), 64); // shape [2, 64, 64, 1]
 * ```
 */
export function imagesToTensor(images: ShowerImages, pixels: number): tf.Tensor4D {
  const area = pixels * pixels;
  if (images instanceof Float32Array) {
    if (images.length === 0 || images.length % area !== 0) {
      throw new ShowerError(
        'BAD_INPUT',
        `images must hold B×${pixels}×${pixels} numbers, got ${images.length}`,
      );
    }
    return tf.tensor4d(images, [images.length / area, pixels, pixels, 1], 'float32');
  }
  const shape = images.shape;
  const ok =
    (shape.length === 3 || (shape.length === 4 && shape[3] === 1)) &&
    shape[1] === pixels &&
    shape[2] === pixels &&
    (shape[0] ?? 0) > 0;
  if (!ok) {
    throw new ShowerError(
      'BAD_INPUT',
      `images must have shape [B, ${pixels}, ${pixels}] or [B, ${pixels}, ${pixels}, 1], got [${shape.join(', ')}]`,
    );
  }
  return tf.tidy(() => tf.cast(tf.reshape(images, [shape[0] ?? 1, pixels, pixels, 1]), 'float32'));
}
