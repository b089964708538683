import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { bankInitializer } from './convolution_bank.js';
import { LayersShapeError } from './errors.js';
import { defaultLayerName } from './shapes.js';
import type { Initializer, Kwargs, LayerArgs } from './tfjs_types.js';
import { registerWasmKernels } from './wasm_kernels.js';

/** Options of {@link mergeDeconvolution}. */
export interface MergeDeconvolutionArgs extends LayerArgs {
  /** Side k of the kernels, which is also the stride (each pixel becomes k×k children). */
  kernelSize: number;
  /** Number C of kernels. */
  filters: number;
  /**
   * Seed of the default initialiser. Ignored when `kernelInitializer` is given.
   * @defaultValue null (not reproducible)
   */
  seed?: number | null;
  /**
   * Initialiser of the kernel tensor [k, k, 1, C]; not serialised.
   * @defaultValue truncated normal, mean 0, standard deviation 1/k (Keras 2.0.9 glorot_normal of
   * one [k, k, 1, 1] kernel)
   */
  kernelInitializer?: Initializer;
}

/**
 * One decoder level: x_child = Σ_c deconv_c(x_parent)·mask[c], the C transposed k×k convolutions
 * with stride k (no bias) merged by the mask that {@link FilterMask} chose.
 *
 * @remarks
 * Inputs: `[parent, mask]` with parent [B, h, w, 1] and mask [B, k·h, k·w, C]; output
 * [B, k·h, k·w, 1]. deconv_c writes parent(y, x)·K_c[a, b] into child (k·y + a, k·x + b), so
 * each child pixel takes the weight of the kernel its mask chose: every pixel splits its pT into
 * its k² children with the weights of one kernel.
 *
 * One instance holds the C kernels shared by all levels: call it at every decoder level. Its
 * weight `kernel` has shape [k, k, 1, C] and `kernel[:, :, 0, c]` is Keras'
 * `conv2d_transpose_{c+1}/kernel` [k, k, 1, 1]. (The original's `MergeDeconvolution` was only the
 * final Σ_c; here it owns the kernels too, so the mapping and the sharing live in one place.)
 */
export class MergeDeconvolution extends tfl.layers.Layer {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>MergeDeconvolution';

  /** Kernel side and stride k. */
  readonly kernelSize: number;
  /** Number C of kernels. */
  readonly filters: number;
  /** Seed of the default initialiser. */
  readonly seed: number | null;
  private readonly kernelInitializer: Initializer;
  private kernel: tfl.LayerVariable | null = null;

  /**
   * @param args - see {@link MergeDeconvolutionArgs}
   * @throws {@link LayersConfigError} when k or C is not a positive integer
   */
  constructor(args: MergeDeconvolutionArgs) {
    super({ ...args, name: args.name ?? defaultLayerName('merge_deconvolution') });
    this.kernelSize = args.kernelSize;
    this.filters = args.filters;
    this.seed = args.seed ?? null;
    const defaultInit = bankInitializer(args.kernelSize, args.filters, this.seed);
    this.kernelInitializer = args.kernelInitializer ?? defaultInit;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    this.checkShapes(inputShape);
    const k = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [k, k, 1, this.filters],
      'float32',
      this.kernelInitializer,
      undefined,
      true,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [, mask] = this.checkShapes(inputShape);
    return [mask[0] ?? null, mask[1] ?? null, mask[2] ?? null, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const [parent, mask] = Array.isArray(inputs) ? inputs : [inputs];
    if (parent === undefined || mask === undefined) {
      throw new LayersShapeError('MergeDeconvolution inputs', '[parent, mask]', []);
    }
    this.checkShapes([parent.shape, mask.shape]);
    const kernel = this.kernelVariable();
    // Training on wasm needs this package's kernels, which a later import of the wasm backend
    // can displace (see registerWasmKernels).
    registerWasmKernels();
    const k = this.kernelSize;
    const c = this.filters;
    return tf.tidy(() => {
      // [k, k, 1, C] and [k, k, C, 1] have the same memory order, so this reshape is free.
      const filter = tf.reshape(kernel.read(), [k, k, c, 1]) as tf.Tensor4D;
      const [b, h, w] = parent.shape as [number, number, number, number];
      const children = tf.conv2dTranspose(
        parent as tf.Tensor4D,
        filter,
        [b, h * k, w * k, c],
        k,
        'same',
      );
      return tf.sum(tf.mul(children, mask), 3, true);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      filters: this.filters,
      seed: this.seed,
    };
  }

  private checkShapes(inputShape: tfl.Shape | tfl.Shape[]): [tfl.Shape, tfl.Shape] {
    const shapes = inputShape as tfl.Shape[];
    const parent = shapes[0];
    const mask = shapes[1];
    if (!Array.isArray(parent) || !Array.isArray(mask)) {
      throw new LayersShapeError('MergeDeconvolution inputs', '[parent, mask]', []);
    }
    const k = this.kernelSize;
    if (parent.length !== 4 || parent[3] !== 1) {
      throw new LayersShapeError('MergeDeconvolution parent', 'rank 4 [B, h, w, 1]', parent);
    }
    const ok =
      mask.length === 4 &&
      mask[3] === this.filters &&
      (parent[1] == null || mask[1] == null || mask[1] === parent[1] * k) &&
      (parent[2] == null || mask[2] == null || mask[2] === parent[2] * k);
    if (!ok) {
      throw new LayersShapeError(
        'MergeDeconvolution mask',
        `[B, ${k}·h, ${k}·w, ${this.filters}] for parent [${parent.join(', ')}]`,
        mask,
      );
    }
    return [parent, mask];
  }

  private kernelVariable(): tfl.LayerVariable {
    if (this.kernel === null) {
      throw new LayersShapeError('MergeDeconvolution', 'a built layer (call it first)', []);
    }
    return this.kernel;
  }
}
tf.serialization.registerClass(MergeDeconvolution);

/**
 * Creates a {@link MergeDeconvolution} layer.
 *
 * @param args - options; see {@link MergeDeconvolutionArgs}
 * @returns the layer
 * @throws {@link LayersConfigError} when k or C is not a positive integer
 * @example
 * ```ts
 * const deconv = mergeDeconvolution({ kernelSize: 2, filters: 9 });
 * const child = deconv.apply([parent, mask]) as tf.Tensor; // [B, 2h, 2w, 1]
 * ```
 */
export function mergeDeconvolution(args: MergeDeconvolutionArgs): MergeDeconvolution {
  return new MergeDeconvolution(args);
}
