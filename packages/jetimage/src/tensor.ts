import { JetImageError } from './errors.js';

/**
 * The one function of a tfjs namespace that {@link toTensor} needs; `@tensorflow/tfjs-core`'s
 * namespace (`import * as tf from '@tensorflow/tfjs-core'`) fits it.
 */
export interface Tensor4dFactory<T> {
  /** Makes a rank-4 tensor from values and a shape. */
  tensor4d(values: Float32Array, shape: [number, number, number, number], dtype?: 'float32'): T;
}

/** The parts of a tfjs tensor that {@link imagesFromTensor} reads. */
export interface TensorLike {
  /** The tensor's shape. */
  readonly shape: readonly number[];
  /** Its values, synchronously. */
  dataSync(): ArrayLike<number>;
}

/**
 * Makes a tfjs tensor [n, N, N, 1] (channels last) of a batch of images.
 *
 * @param images - n·N·N pixels as {@link pixeliseEvents} lays them out
 * @param count - n
 * @param pixels - N
 * @param tf - the tfjs namespace (tfjs-core is an optional peer: this package never imports it)
 * @returns `tf.tensor4d(images, [n, N, N, 1])`
 * @throws JetImageError `JETIMAGE_INPUT` if the array does not hold n·N·N values
 * @remarks
 * tfjs is passed in rather than imported so that the rest of the package works where tfjs is
 * not installed, and so that the caller's tfjs instance (with its registered backend) is used.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * const batch = pixeliseEvents(events);
 * const x = toTensor(batch.images, batch.count, batch.pixels, tf); // shape [n, 64, 64, 1]
 * ```
 */
export function toTensor<T>(
  images: Float32Array,
  count: number,
  pixels: number,
  tf: Tensor4dFactory<T>,
): T {
  if (images.length !== count * pixels * pixels) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `images hold ${images.length} values, expected n·N·N = ${count}·${pixels}·${pixels} = ${count * pixels * pixels}`,
    );
  }
  return tf.tensor4d(images, [count, pixels, pixels, 1], 'float32');
}

/**
 * Reads a tensor of images [n, N, N] or [n, N, N, 1] back into a flat array.
 *
 * @param tensor - a tfjs tensor of square images
 * @returns the pixels (a copy as float32), n and N
 * @throws JetImageError `JETIMAGE_INPUT` if the shape is not [n, N, N] or [n, N, N, 1]
 * @example
 * ```ts
 * const { images, count, pixels } = imagesFromTensor(model.predict(x) as tf.Tensor);
 * ```
 */
export function imagesFromTensor(tensor: TensorLike): {
  images: Float32Array;
  count: number;
  pixels: number;
} {
  const shape = tensor.shape;
  const square = shape.length >= 3 && shape[1] === shape[2];
  const channels = shape.length === 3 || (shape.length === 4 && shape[3] === 1);
  if (!square || !channels) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `expected a tensor of square images [n, N, N] or [n, N, N, 1], got [${shape.join(', ')}]`,
    );
  }
  return {
    images: Float32Array.from(tensor.dataSync()),
    count: shape[0] as number,
    pixels: shape[1] as number,
  };
}
