import { heaviside } from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { MergingError } from './errors.js';
import { checkMergeOptions, type MergeOptions } from './merge.js';

let layerCount = 0;

/** Options of {@link mergeShower}: the merge options plus the usual layer options. */
export interface MergeShowerArgs extends MergeOptions, LayerArgs {}

function hard(x: tf.Tensor, cutoff: number): tf.Tensor {
  return tf.add(tf.relu(tf.sub(x, cutoff)), tf.mul(heaviside(tf.sub(x, cutoff)), cutoff));
}

/** Sums each k×k window: [B, r, r, 1] → [B, r/k, 1, r/k, 1], broadcastable against the window view. */
function windowSums(x: tf.Tensor, r: number, k: number): tf.Tensor {
  const b = x.shape[0] as number;
  return tf.sum(tf.reshape(x, [b, r / k, k, r / k, k]), [2, 4], true);
}

/**
 * The CKKW-like merging step on tensors: what {@link mergeImages} computes, with tfjs ops.
 *
 * @param out - network output [B, r, r, 1], r a multiple of k
 * @param me - matrix-element image of the same shape
 * @param options - kernel size, cutoff (GeV) and hard-pixel threshold (GeV, default 1)
 * @returns the merged images [B, r, r, 1]
 * @throws {@link MergingError} `MERGING_BAD_INPUT` for shapes that do not fit
 * @example
 * ```ts
 * const merged = mergeShowerOp(out, me, { kernelSize: 2, cutoff: 20 });
 * ```
 */
export function mergeShowerOp(out: tf.Tensor, me: tf.Tensor, options: MergeOptions): tf.Tensor {
  const { kernelSize: k, cutoff: c, hardThreshold } = checkMergeOptions(options);
  const [b, r, w, ch] = out.shape;
  if (out.rank !== 4 || r !== w || ch !== 1 || (r as number) % k !== 0) {
    throw new MergingError(
      'MERGING_BAD_INPUT',
      `MergeShower: expected out of shape [B, r, r, 1] with r a multiple of ${k}, got [${out.shape.join(', ')}]`,
    );
  }
  if (me.shape.join(',') !== out.shape.join(',')) {
    throw new MergingError(
      'MERGING_BAD_INPUT',
      `MergeShower: expected me of shape [${out.shape.join(', ')}], got [${me.shape.join(', ')}]`,
    );
  }
  const size = r as number;
  return tf.tidy(() => {
    const window = [b as number, size / k, k, size / k, k];
    const hardOut = hard(out, c);
    const hardMe = hard(me, c);
    const soft = tf.sub(out, hardOut);
    const nOut = windowSums(heaviside(tf.sub(hardOut, hardThreshold)), size, k);
    const nMe = windowSums(heaviside(tf.sub(hardMe, hardThreshold)), size, k);
    const allowed = tf.cast(tf.lessEqual(nOut, nMe), 'float32');
    const vetoed = tf.sub(1, allowed);
    const ratio = tf.div(windowSums(hardOut, size, k), tf.add(windowSums(out, size, k), 1e-5));
    const merged = tf.add(
      tf.add(tf.mul(tf.reshape(hardOut, window), allowed), tf.reshape(soft, window)),
      tf.mul(tf.reshape(hardMe, window), tf.mul(vetoed, ratio)),
    );
    return tf.reshape(merged, out.shape);
  });
}

/**
 * The CKKW-like merging step as a tfjs layer: the network's output at one decoder level merged
 * with the matrix-element image of the same resolution.
 *
 * @remarks
 * Inputs `[out, me]`, both [B, r, r, 1] with r a multiple of k; output [B, r, r, 1]. Computes
 * exactly what {@link mergeImages} computes (see there for the rule), with tfjs ops so that it runs
 * inside a generation model on any backend. It has no weights and passes no useful gradient: it
 * is used at generation time only. Registered as `Apemen>MergeShower`.
 */
export class MergeShower extends tfl.layers.Layer {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>MergeShower';
  /** Kernel size k. */
  readonly kernelSize: number;
  /** Cutoff c of this level, GeV. */
  readonly cutoff: number;
  /** Hard-pixel threshold, GeV. */
  readonly hardThreshold: number;

  /**
   * @param args - see {@link MergeShowerArgs}
   * @throws {@link MergingConfigError} for invalid options
   */
  constructor(args: MergeShowerArgs) {
    // tfjs derives default names from className, whose '>' is not valid in tensor names.
    super({ ...args, name: args.name ?? `merge_shower_${++layerCount}` });
    const checked = checkMergeOptions(args);
    this.kernelSize = checked.kernelSize;
    this.cutoff = checked.cutoff;
    this.hardThreshold = checked.hardThreshold;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shapes = inputShape as tfl.Shape[];
    return shapes[0] as tfl.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const [out, me] = Array.isArray(inputs) ? inputs : [inputs];
    if (out === undefined || me === undefined) {
      throw new MergingError('MERGING_BAD_INPUT', 'MergeShower: expected inputs [out, me]');
    }
    return mergeShowerOp(out, me, this);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      cutoff: this.cutoff,
      hardThreshold: this.hardThreshold,
    };
  }
}
tf.serialization.registerClass(MergeShower);

/**
 * Creates a {@link MergeShower} layer.
 *
 * @param args - kernel size, cutoff (GeV), hard-pixel threshold (GeV, default 1) and layer options
 * @returns the layer
 * @throws {@link MergingConfigError} for invalid options
 * @example
 * ```ts
 * const merge = mergeShower({ kernelSize: 2, cutoff: 68.3 });
 * const merged = merge.apply([out, me]) as tf.Tensor; // same shape as out
 * ```
 */
export function mergeShower(args: MergeShowerArgs): MergeShower {
  return new MergeShower(args);
}
