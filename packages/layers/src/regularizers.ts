import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LayersConfigError } from './errors.js';
import type { Regularizer } from './tfjs_types.js';

// tfjs-layers does not export its Regularizer base class, but its L1L2 class extends it; extending
// the very same class keeps tfjs-layers' `instanceof Regularizer` checks working.
const RegularizerBase = Object.getPrototypeOf(
  tfl.regularizers.l1().constructor,
) as abstract new () => Regularizer;

function checkMultiplier(multiplier: number): number {
  if (!Number.isFinite(multiplier)) {
    throw new LayersConfigError('multiplier', 'a finite number', multiplier);
  }
  return multiplier;
}

function checkCount(n: number): number {
  if (!(Number.isInteger(n) && n >= 2)) {
    throw new LayersConfigError('n', 'an integer ≥ 2 (the number of kernels)', n);
  }
  return n;
}

/**
 * Penalises kernels whose weights do not sum to 1: λ·Σ_c (1 − Σ W_c)², one term per filter.
 *
 * @remarks
 * W_c is the slice `W[..., c]` along the last axis (the filter axis of a [k, k, 1, C] bank); for
 * a single-filter [k, k, 1, 1] kernel this is exactly the original λ·(1 − ΣW)². "Training only"
 * as in the original (`K.in_train_phase`): tfjs-layers adds regularisation losses only in
 * `fit`/`trainOnBatch`, never in `evaluate` or the validation loss. `apply` itself always returns
 * the penalty.
 */
export class EnergyConservation extends RegularizerBase {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>EnergyConservation';
  /** λ. */
  readonly multiplier: number;

  /** @param args - `{multiplier}`: λ (default 100) */
  constructor(args: { multiplier?: number } = {}) {
    super();
    this.multiplier = checkMultiplier(args.multiplier ?? 100);
  }

  /**
   * @param x - kernel tensor, filters along the last axis
   * @returns the scalar penalty
   */
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const filters = x.rank === 0 ? 1 : (x.shape[x.rank - 1] as number);
      const sums = tf.sum(tf.reshape(x, [-1, filters]), 0);
      return tf.mul(tf.sum(tf.square(tf.sub(1, sums))), this.multiplier) as tf.Scalar;
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { multiplier: this.multiplier };
  }

  /** @internal */
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({ multiplier: config.multiplier });
  }
}
tf.serialization.registerClass(EnergyConservation);

/**
 * Pulls every weight towards 1/n: λ·Σ(W − 1/n)²/n.
 *
 * @remarks
 * The original attached it to the filter probabilities (`uniformProbabilities(λ, nConvs)`).
 * Elementwise, so it does not matter how the weights are grouped into filters. Unlike Keras (where
 * it also entered the validation loss), tfjs adds it in training only.
 */
export class UniformProbabilities extends RegularizerBase {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>UniformProbabilities';
  /** λ. */
  readonly multiplier: number;
  /** n, the number of kernels. */
  readonly n: number;

  /** @param args - `{multiplier, n}`: λ and the number of kernels n ≥ 2 */
  constructor(args: { multiplier: number; n: number }) {
    super();
    this.multiplier = checkMultiplier(args.multiplier);
    this.n = checkCount(args.n);
  }

  /**
   * @param x - the weights
   * @returns the scalar penalty
   */
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(
      () =>
        tf.div(
          tf.mul(tf.sum(tf.square(tf.sub(x, 1 / this.n))), this.multiplier),
          this.n,
        ) as tf.Scalar,
    );
  }

  getConfig(): tf.serialization.ConfigDict {
    return { multiplier: this.multiplier, n: this.n };
  }

  /** @internal */
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({ multiplier: config.multiplier, n: config.n });
  }
}
tf.serialization.registerClass(UniformProbabilities);

/**
 * Rewards spread-out weights: (λ/ln n)·Σ W ln W (minimising it maximises the Shannon entropy).
 *
 * @remarks
 * As in the original, W ≤ 0 gives NaN (0·ln 0 and ln of a negative number are not defined), so it
 * only suits probabilities that stay positive. Training only in tfjs (see
 * {@link UniformProbabilities}).
 */
export class MaximiseEntropy extends RegularizerBase {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>MaximiseEntropy';
  /** λ. */
  readonly multiplier: number;
  /** n, the number of kernels (the base of the logarithm). */
  readonly n: number;

  /** @param args - `{multiplier, n}`: λ and the number of kernels n ≥ 2 */
  constructor(args: { multiplier: number; n: number }) {
    super();
    this.multiplier = checkMultiplier(args.multiplier);
    this.n = checkCount(args.n);
  }

  /**
   * @param x - the weights (positive)
   * @returns the scalar penalty
   */
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(
      () => tf.mul(tf.sum(tf.mul(x, tf.log(x))), this.multiplier / Math.log(this.n)) as tf.Scalar,
    );
  }

  getConfig(): tf.serialization.ConfigDict {
    return { multiplier: this.multiplier, n: this.n };
  }

  /** @internal */
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({ multiplier: config.multiplier, n: config.n });
  }
}
tf.serialization.registerClass(MaximiseEntropy);

/**
 * Creates an {@link EnergyConservation} regulariser: λ·Σ_c (1 − Σ W_c)², in training only.
 *
 * @param multiplier - λ
 * @returns the regulariser
 * @throws {@link LayersConfigError} when λ is not finite
 * @defaultValue multiplier = 100 (the scripts also used 50 and 500)
 * @example
 * ```ts
 * energyConservation(100).apply(tf.fill([2, 2, 1, 1], 0.2)).dataSync(); // [4]: 100·(1 − 0.8)²
 * ```
 */
export function energyConservation(multiplier = 100): EnergyConservation {
  return new EnergyConservation({ multiplier });
}

/**
 * Creates a {@link UniformProbabilities} regulariser: λ·Σ(W − 1/n)²/n.
 *
 * @param multiplier - λ
 * @param n - number of kernels, ≥ 2
 * @returns the regulariser
 * @throws {@link LayersConfigError} on a non-finite λ or n < 2
 * @example
 * ```ts
 * uniformProbabilities(2, 4).apply(tf.tensor1d([1, 0, 0, 0])).dataSync(); // [0.375]
 * ```
 */
export function uniformProbabilities(multiplier: number, n: number): UniformProbabilities {
  return new UniformProbabilities({ multiplier, n });
}

/**
 * Creates a {@link MaximiseEntropy} regulariser: (λ/ln n)·Σ W ln W.
 *
 * @param multiplier - λ
 * @param n - number of kernels, ≥ 2
 * @returns the regulariser
 * @throws {@link LayersConfigError} on a non-finite λ or n < 2
 * @example
 * ```ts
 * maximiseEntropy(1, 2).apply(tf.tensor1d([0.5, 0.5])).dataSync(); // [-1]
 * ```
 */
export function maximiseEntropy(multiplier: number, n: number): MaximiseEntropy {
  return new MaximiseEntropy({ multiplier, n });
}
