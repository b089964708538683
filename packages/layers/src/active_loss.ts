import * as tf from '@tensorflow/tfjs-core';
import { LayersConfigError, LayersShapeError } from './errors.js';
import { absTF, heaviside, KERAS_EPSILON } from './heaviside.js';

/** Options of {@link activeLoss}. */
export interface ActiveLossOptions {
  /**
   * Image side N used for the inactive count n_inact = N² − n_act.
   * @defaultValue the side of the images the loss is given (N² = H·W)
   */
  pixels?: number;
  /**
   * Use the original's hard-coded n_inact = 64·64 − n_act whatever the image size (a quirk of the
   * Keras code; identical to the default for 64×64 images). Overrides `pixels`.
   * @defaultValue false
   */
  legacy64?: boolean;
}

/** A loss as `model.compile` takes it: (target, prediction) → per-event loss [B]. */
export type ActiveLossFunction = (target: tf.Tensor, prediction: tf.Tensor) => tf.Tensor;

/**
 * The s×s Gaussian smearing kernel G_s of the loss, row-major, normalised to sum 1.
 *
 * @param size - s ≥ 1
 * @returns s² float64 values: g_i·g_j / Σ, g_j = exp(−½ t_j²), t_j = (j + ½)/(s/2) − 1
 * @throws {@link LayersConfigError} when s is not a positive integer
 * @example
 * ```ts
 * gaussianKernel(2); // Float64Array [0.25, 0.25, 0.25, 0.25]
 * ```
 */
export function gaussianKernel(size: number): Float64Array {
  if (!Number.isInteger(size) || size < 1) {
    throw new LayersConfigError('size', 'a positive integer', size);
  }
  const g = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const t = (j + 0.5) / (0.5 * size) - 1;
    g[j] = Math.exp(-0.5 * t * t);
  }
  const kernel = new Float64Array(size * size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const v = (g[i] as number) * (g[j] as number);
      kernel[i * size + j] = v;
      total += v;
    }
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = (kernel[i] as number) / total;
  return kernel;
}

/**
 * The original's "active" loss: mean-squared error over the target's occupied pixels plus the
 * squared total of the prediction outside them, at several Gaussian smearings.
 *
 * @param weights - w_1..w_n, one per smearing width s = 1..n (normalised to sum 1)
 * @param options - see {@link ActiveLossOptions}
 * @returns a loss for `model.compile({loss})`, giving one value per event (tfjs averages them)
 * @throws {@link LayersConfigError} for empty, negative or all-zero weights, or bad `pixels`
 * @remarks
 * For each s: X = target ⊛ G_s, Y = prediction ⊛ G_s ('same' padding, extra after for even s),
 * active = step(X − 10ε), n_act = Σ active + ε, n_inact = N² − n_act (64·64 with `legacy64`),
 * loss_s = ½·[Σ (X − active·Y)² / n_act + (Σ (1 − active)·|Y|)² / n_inact];
 * loss = Σ_s w_s·loss_s / Σ_s w_s. |Y| has TensorFlow's gradient (0 at Y = 0). Deliberate
 * difference: when no pixel is inactive (every smeared target pixel occupied) the second term is
 * 0, where Keras computed 0/0 = NaN. Empty target
 * pixels count as one big pixel: energy sprayed anywhere outside the target costs the same as
 * one wrong emission of that total.
 * @example
 * ```ts
 * model.compile({ optimizer: nadam({ learningRate: 5e-5 }), loss: activeLoss([100, 10, 1]) });
 * ```
 * @see ../shared/APEMEN.md "Loss"
 */
export function activeLoss(
  weights: readonly number[] = [100, 10, 1],
  options: ActiveLossOptions = {},
): ActiveLossFunction {
  if (weights.length === 0 || weights.some((w) => !(Number.isFinite(w) && w >= 0))) {
    throw new LayersConfigError('weights', 'a non-empty list of finite numbers ≥ 0', weights);
  }
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (!(weightSum > 0)) {
    throw new LayersConfigError('weights', 'at least one positive weight', weights);
  }
  const { pixels, legacy64 = false } = options;
  if (pixels !== undefined && !(Number.isInteger(pixels) && pixels > 0)) {
    throw new LayersConfigError('pixels', 'a positive integer', pixels);
  }
  const normalised = weights.map((w) => w / weightSum);
  const kernels = normalised.map((_, i) => gaussianKernel(i + 1));

  return (target: tf.Tensor, prediction: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      if (target.rank !== 4 || target.shape[3] !== 1) {
        throw new LayersShapeError('activeLoss target', 'rank 4 [B, N, N, 1]', target.shape);
      }
      if (prediction.shape.join() !== target.shape.join()) {
        throw new LayersShapeError(
          'activeLoss prediction',
          `the target's shape [${target.shape.join(', ')}]`,
          prediction.shape,
        );
      }
      const area = legacy64
        ? 64 * 64
        : pixels !== undefined
          ? pixels * pixels
          : (target.shape[1] as number) * (target.shape[2] as number);
      let total: tf.Tensor = tf.zeros([target.shape[0] as number]);
      kernels.forEach((values, i) => {
        const s = i + 1;
        const g = tf.tensor4d(Float32Array.from(values), [s, s, 1, 1]);
        const x = tf.conv2d(target as tf.Tensor4D, g, 1, 'same');
        const y = tf.conv2d(prediction as tf.Tensor4D, g, 1, 'same');
        const active = heaviside(tf.sub(x, 10 * KERAS_EPSILON));
        const inactive = tf.sub(1, active);
        const nActive = tf.add(tf.sum(active, [1, 2, 3]), KERAS_EPSILON);
        const nInactive = tf.sub(area, nActive);
        const inside = tf.div(tf.sum(tf.square(tf.sub(x, tf.mul(active, y))), [1, 2, 3]), nActive);
        const outsideSum = tf.sum(tf.mul(inactive, absTF(y)), [1, 2, 3]);
        // Where nothing is inactive the sum is exactly 0 and Keras computed 0/0 = NaN; a unit
        // denominator there keeps the value 0 and the gradient finite.
        // (The sum is ≥ 0, so 1 − step(sum) flags exactly the zero case, with zero gradient.)
        const nothingOutside = tf.sub(1, tf.step(outsideSum));
        const safeInactive = tf.add(tf.mul(nInactive, tf.sub(1, nothingOutside)), nothingOutside);
        const outside = tf.div(tf.square(outsideSum), safeInactive);
        const perEvent = tf.mul(tf.add(inside, outside), 0.5);
        total = tf.add(total, tf.mul(perEvent, normalised[i] as number));
      });
      // Keras divided once more by the sum of the already normalised weights (1 up to rounding).
      return tf.div(
        total,
        normalised.reduce((a, b) => a + b, 0),
      );
    });
}
