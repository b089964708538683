import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LayersConfigError, LayersShapeError } from './errors.js';
import { heaviside, KERAS_EPSILON } from './heaviside.js';
import { type RegularizerLike, resolveRegularizer, serialiseRegularizer } from './serial.js';
import { defaultLayerName, firstShape } from './shapes.js';
import type { Kwargs, LayerArgs, Regularizer } from './tfjs_types.js';

/** Options of {@link filterMask}. */
export interface FilterMaskArgs extends LayerArgs {
  /**
   * Seed of the mask's random stream; `null` draws from `Math.random` (not reproducible).
   * @defaultValue null
   */
  seed?: number | null;
  /**
   * Weight of the old probabilities in the moving average p ← m·p + (1 − m)·counts/Σcounts.
   * @defaultValue 0.9
   */
  momentum?: number;
  /**
   * Regulariser of the filter probabilities, as the original's `FilterMask(kernel_regularizer=…)`
   * (meant for {@link uniformProbabilities} or {@link maximiseEntropy}). The probabilities are not
   * trainable, so it only adds a constant to the training loss, exactly as in Keras.
   * @defaultValue null (none)
   */
  probabilityRegularizer?: RegularizerLike | null;
}

/**
 * The uniform numbers u that the `call`-th forward pass of a seeded {@link FilterMask} draws.
 *
 * @param shape - shape of the layer's input, [B, H, W, C]
 * @param seed - the layer's seed
 * @param call - 0-based index of the forward pass (the layer's {@link FilterMask.calls} before it)
 * @returns u ~ U(0, 1), float32, row-major over [B, H, W, C]
 * @remarks
 * Exactly `tf.randomUniform(shape, 0, 1, 'float32', \`${seed}:${call}\`)`: tfjs seeds its alea
 * generator with that string and fills the tensor in row-major order, on every backend alike.
 * Faster implementations of the mask (fused kernels) call this to reproduce the same shower.
 * @example
 * ```ts
 * const u = filterMaskUniforms([1, 2, 2, 3], 140280, 0); // same numbers on every run
 * ```
 */
export function filterMaskUniforms(
  shape: readonly number[],
  seed: number,
  call: number,
): tf.Tensor {
  return tf.randomUniform([...shape], 0, 1, 'float32', `${seed}:${call}`);
}

function winners(responses: tf.Tensor): tf.Tensor {
  const a = tf.abs(responses);
  return heaviside(tf.add(tf.sub(a, tf.max(a, -1, true)), KERAS_EPSILON));
}

/**
 * The mask of {@link FilterMask} for given responses, probabilities and uniform numbers
 * (steps 1 and 4 of its definition), as a pure tensor function.
 *
 * @param responses - o, [..., C]
 * @param probabilities - p, [C]
 * @param uniforms - u ~ U(0, 1), o's shape
 * @returns step(r − max_c r + ε) with r = w·u·p and w = step(|o| − max_c |o| + ε); no gradient
 * @example
 * ```ts
 * const p = tf.tensor1d([0.2, 0.3, 0.5]);
 * filterMaskOp(tf.tensor2d([[0, 0, 0]]), p, tf.tensor2d([[0.9, 0.1, 0.5]]));
 * // [[0, 0, 1]]: all tie, and u·p = [0.18, 0.03, 0.25] is largest in channel 2
 * ```
 */
export function filterMaskOp(
  responses: tf.Tensor,
  probabilities: tf.Tensor,
  uniforms: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const r = tf.mul(tf.mul(winners(responses), uniforms), probabilities);
    return heaviside(tf.add(tf.sub(r, tf.max(r, -1, true)), KERAS_EPSILON));
  });
}

/**
 * How often each kernel was the unique winner (steps 1–3 of {@link FilterMask}): counts_c =
 * Σ over all pixels of w_c·step(1 − Σ_c w_c + ε).
 *
 * @param responses - o, [..., C]
 * @returns counts, [C] (float32 integers)
 * @example
 * ```ts
 * uniqueWinnerCounts(tf.tensor2d([[1, 0], [0, -2], [0, 0]])); // [1, 1]: the last pixel is a tie
 * ```
 */
export function uniqueWinnerCounts(responses: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const w = winners(responses);
    const unique = tf.mul(w, heaviside(tf.add(tf.sub(1, tf.sum(w, -1, true)), KERAS_EPSILON)));
    const c = responses.shape[responses.rank - 1] as number;
    return tf.sum(tf.reshape(unique, [-1, c]), 0) as tf.Tensor1D;
  });
}

/**
 * Chooses, per pixel, which of the C kernels the decoder uses: the encoder's winner, or a random
 * kernel weighted by the learnt filter probabilities where kernels tie.
 *
 * @remarks
 * Input: the C responses o of the convolution bank, [B, H, W, C]; output: the mask, same shape,
 * with entries 0 or 1 (see below for the exception). With a = |o|, ε = 1e-7 and step(z) = 1, ½, 0
 * for z > 0, = 0, < 0 (as ½·sign + ½ in Keras):
 * 1. winners w_c = step(a_c − max_c a_c + ε);
 * 2. unique = w · step(1 − Σ_c w_c + ε) (one-hot where exactly one kernel wins, else 0);
 * 3. in training only (`training: true`, as `model.fit` passes): counts_c = Σ_{b,h,w} unique_c and
 *    p ← m·p + (1 − m)·counts/Σcounts, with m = 0.9 (the mask of this pass uses the old p);
 * 4. r_c = w_c·u_c·p_c with u ~ U(0, 1) per pixel and channel; mask = step(r − max_c r + ε).
 *
 * A unique winner keeps its kernel; ties (empty pixels, where every response is 0) pick
 * argmax_c u_c·p_c, which is how the shower makes new emissions. The original's quirk is kept:
 * where max_c r_c < ε (a lone winner whose p is ≈ 0, or a tie among such kernels) every channel
 * with r_c > max r − ε, i.e. all of them, is set, so the decoder sums all kernels there.
 *
 * Deliberate difference: a training batch with no unique winner at all (Σcounts = 0) leaves p
 * unchanged, where Keras divided by zero and made p NaN for good.
 *
 * Randomness: with a `seed`, the n-th forward pass of this layer instance (n = 0, 1, … counted
 * by {@link FilterMask.calls}, training and inference alike) draws
 * {@link filterMaskUniforms}(shape, seed, n). `calls` is not saved with the model; set it to resume
 * a stream. `model.predict` splits its input into batches (default 32) and runs one pass per
 * batch, so reproducing a shower needs the same batch size too.
 *
 * Weight: `filterProbs`, non-trainable, shape [C], initialised to 1 (Keras stored it as
 * [1, 1, 1, C] under `filter_mask_i/filter_mask_i_filterProbs:0`; reshape on import).
 *
 * Gradient: the mask is piecewise constant and passes no gradient to o, as in Keras, where sign
 * has zero gradient.
 *
 * @see ../shared/APEMEN.md "FilterMask"; arXiv:1807.03685
 */
export class FilterMask extends tfl.layers.Layer {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>FilterMask';

  /** Seed of the random stream (`null`: not reproducible). */
  readonly seed: number | null;
  /** Moving-average weight of the old probabilities. */
  readonly momentum: number;
  /**
   * Number of forward passes made so far; the next pass uses stream index `calls`.
   * Not serialised.
   */
  calls = 0;

  /** Regulariser of the probabilities, or null. */
  readonly probabilityRegularizer: Regularizer | null;

  private filterProbs: tfl.LayerVariable | null = null;

  /**
   * @param args - see {@link FilterMaskArgs}
   * @throws {@link LayersConfigError} when momentum is outside [0, 1] or seed is not finite
   */
  constructor(args: FilterMaskArgs = {}) {
    super({ ...args, name: args.name ?? defaultLayerName('filter_mask') });
    const momentum = args.momentum ?? 0.9;
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new LayersConfigError('momentum', 'a number in [0, 1]', momentum);
    }
    const seed = args.seed ?? null;
    if (seed !== null && !Number.isFinite(seed)) {
      throw new LayersConfigError('seed', 'a finite number or null', seed);
    }
    this.momentum = momentum;
    this.seed = seed;
    this.probabilityRegularizer = resolveRegularizer(
      args.probabilityRegularizer,
      'probabilityRegularizer',
    );
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = firstShape(inputShape);
    const channels = shape[3];
    if (shape.length !== 4 || channels == null) {
      throw new LayersShapeError('FilterMask input', 'rank 4 [B, H, W, C] with known C', shape);
    }
    this.filterProbs = this.addWeight(
      'filterProbs',
      [channels],
      'float32',
      tfl.initializers.ones(),
      this.probabilityRegularizer ?? undefined,
      false,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return firstShape(inputShape);
  }

  /** The current filter probabilities p (a copy the caller owns), shape [C]. */
  probabilities(): tf.Tensor1D {
    return this.probsVariable().read().clone() as tf.Tensor1D;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const responses = Array.isArray(inputs) ? inputs[0] : inputs;
    if (responses === undefined || responses.rank !== 4) {
      throw new LayersShapeError('FilterMask input', 'rank 4 [B, H, W, C]', responses?.shape ?? []);
    }
    const training = kwargs?.training === true;
    const probs = this.probsVariable();
    const call = this.calls;
    this.calls += 1;
    return tf.tidy(() => {
      const p = probs.read();
      if (training) {
        const counts = uniqueWinnerCounts(responses);
        const total = tf.sum(counts);
        const frequencies = tf.div(counts, tf.maximum(total, 1));
        // p − (p − v)(1 − m) is how TensorFlow's assign_moving_average orders the arithmetic.
        const averaged = tf.sub(p, tf.mul(tf.sub(p, frequencies), 1 - this.momentum));
        probs.write(tf.where(tf.greater(total, 0), averaged, p));
      }
      const u =
        this.seed === null
          ? tf.randomUniform(responses.shape, 0, 1, 'float32')
          : filterMaskUniforms(responses.shape, this.seed, call);
      return filterMaskOp(responses, p, u);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      seed: this.seed,
      momentum: this.momentum,
      probabilityRegularizer: serialiseRegularizer(this.probabilityRegularizer),
    };
  }

  private probsVariable(): tfl.LayerVariable {
    if (this.filterProbs === null) {
      throw new LayersShapeError('FilterMask', 'a built layer (call it on an input first)', []);
    }
    return this.filterProbs;
  }
}
tf.serialization.registerClass(FilterMask);

/**
 * Creates a {@link FilterMask} layer.
 *
 * @param args - options; see {@link FilterMaskArgs}
 * @returns the layer
 * @throws {@link LayersConfigError} on invalid options
 * @example
 * ```ts
 * const mask = filterMask({ seed: 140280 }).apply(responses) as tf.Tensor; // [B, H, W, C] of 0/1
 * ```
 */
export function filterMask(args: FilterMaskArgs = {}): FilterMask {
  return new FilterMask(args);
}
