import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LayersConfigError, LayersShapeError } from './errors.js';
import { type RegularizerLike, resolveRegularizer, serialiseRegularizer } from './serial.js';
import { defaultLayerName, firstShape } from './shapes.js';
import type { Initializer, Kwargs, LayerArgs, Regularizer } from './tfjs_types.js';
import { registerWasmKernels } from './wasm_kernels.js';

/** Options of {@link convolutionBank}. */
export interface ConvolutionBankArgs extends LayerArgs {
  /** Side k of the square kernels (the model's branching factor). */
  kernelSize: number;
  /** Number C of kernels. */
  filters: number;
  /**
   * Regulariser applied to the kernel tensor [k, k, 1, C]; the package's regularisers penalise each
   * filter (slice along the last axis) separately and add the penalties, as Keras did for its C
   * separate layers.
   * @defaultValue null (none)
   */
  kernelRegularizer?: RegularizerLike | null;
  /**
   * Seed of the default initialiser. Ignored when `kernelInitializer` is given.
   * @defaultValue null (not reproducible)
   */
  seed?: number | null;
  /**
   * Initialiser of the kernel tensor; not serialised (a loaded model has its weights anyway).
   * @defaultValue truncated normal, mean 0, standard deviation 1/k: Keras 2.0.9's glorot_normal
   * of one [k, k, 1, 1] kernel (fan_in = fan_out = k²)
   */
  kernelInitializer?: Initializer;
}

/**
 * Packs C row-major k×k kernels (Keras' per-layer `conv2d_{c+1}` or `conv2d_transpose_{c+1}`
 * kernels, [k, k, 1, 1] each) into the [k, k, 1, C] weight of a {@link ConvolutionBank} or
 * {@link MergeDeconvolution}.
 *
 * @param kernels - C arrays of k² numbers, row-major (index a·k + b for row a, column b)
 * @param kernelSize - k
 * @returns the bank weight, `weight[a, b, 0, c] = kernels[c][a·k + b]`
 * @throws {@link LayersConfigError} when there is no kernel or one has not k² numbers
 * @example
 * ```ts
 * bank.setWeights([kernelsToBank([[1, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]], 2)]);
 * ```
 */
export function kernelsToBank(
  kernels: readonly ArrayLike<number>[],
  kernelSize: number,
): tf.Tensor4D {
  const c = kernels.length;
  const area = kernelSize * kernelSize;
  if (c === 0) throw new LayersConfigError('kernels', 'at least one kernel', '[]');
  const flat = new Float32Array(area * c);
  kernels.forEach((kernel, ch) => {
    if (kernel.length !== area) {
      throw new LayersConfigError(
        `kernels[${ch}]`,
        `${area} numbers (k = ${kernelSize})`,
        kernel.length,
      );
    }
    for (let i = 0; i < area; i++) flat[i * c + ch] = kernel[i] as number;
  });
  return tf.tensor4d(flat, [kernelSize, kernelSize, 1, c]);
}

/**
 * Unpacks a bank weight [k, k, 1, C] into C row-major k×k kernels (the inverse of
 * {@link kernelsToBank}).
 *
 * @param weight - the weight of a {@link ConvolutionBank} or {@link MergeDeconvolution}
 * @returns C arrays of k² numbers
 * @throws {@link LayersShapeError} when the weight is not [k, k, 1, C]
 * @example
 * ```ts
 * const [first] = bankToKernels(bank.getWeights()[0]); // Float32Array of k² numbers
 * ```
 */
export function bankToKernels(weight: tf.Tensor): Float32Array[] {
  const [k, k2, one, c] = weight.shape;
  if (weight.rank !== 4 || k !== k2 || one !== 1 || k === undefined || c === undefined) {
    throw new LayersShapeError('bank weight', '[k, k, 1, C]', weight.shape);
  }
  const flat = weight.dataSync();
  return Array.from({ length: c }, (_, ch) =>
    Float32Array.from({ length: k * k }, (_, i) => flat[i * c + ch] as number),
  );
}

/**
 * Validates k and C and returns the default initializer shared by both kernel banks.
 * @internal
 */
export function bankInitializer(
  kernelSize: number,
  filters: number,
  seed: number | null,
): Initializer {
  if (!Number.isInteger(kernelSize) || kernelSize < 1) {
    throw new LayersConfigError('kernelSize', 'a positive integer', kernelSize);
  }
  if (!Number.isInteger(filters) || filters < 1) {
    throw new LayersConfigError('filters', 'a positive integer', filters);
  }
  if (seed !== null && !Number.isFinite(seed)) {
    throw new LayersConfigError('seed', 'a finite number or null', seed);
  }
  return tfl.initializers.truncatedNormal({
    mean: 0,
    stddev: 1 / kernelSize,
    ...(seed === null ? {} : { seed }),
  }) as Initializer;
}

/**
 * The encoder's bank of C single-filter k×k convolutions, without bias, with TensorFlow's 'same'
 * padding: input [B, H, W, 1] → responses o [B, H, W, C].
 *
 * @remarks
 * o_c(y, x) = Σ_{a,b} K_c[a, b]·in(y + a − ⌊(k−1)/2⌋, x + b − ⌊(k−1)/2⌋), zero outside the image:
 * for even k the extra padding goes after (bottom/right), as in TensorFlow (and tfjs).
 *
 * One instance is meant to be called at every encoder level (the kernels are shared by all
 * levels); its only weight `kernel` has shape [k, k, 1, C] and `kernel[:, :, 0, c]` is Keras'
 * `conv2d_{c+1}/kernel` [k, k, 1, 1].
 *
 * @see {@link ChannelMaximum} for x ← max_c o_c; {@link FilterMask} for the mask.
 */
export class ConvolutionBank extends tfl.layers.Layer {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>ConvolutionBank';

  /** Kernel side k. */
  readonly kernelSize: number;
  /** Number C of kernels. */
  readonly filters: number;
  /** Seed of the default initialiser. */
  readonly seed: number | null;
  /** Regulariser of the kernel tensor, or null. */
  readonly kernelRegularizer: Regularizer | null;
  private readonly kernelInitializer: Initializer;
  private kernel: tfl.LayerVariable | null = null;

  /**
   * @param args - see {@link ConvolutionBankArgs}
   * @throws {@link LayersConfigError} when k or C is not a positive integer
   */
  constructor(args: ConvolutionBankArgs) {
    super({ ...args, name: args.name ?? defaultLayerName('convolution_bank') });
    this.kernelSize = args.kernelSize;
    this.filters = args.filters;
    this.seed = args.seed ?? null;
    const defaultInit = bankInitializer(args.kernelSize, args.filters, this.seed);
    this.kernelInitializer = args.kernelInitializer ?? defaultInit;
    this.kernelRegularizer = resolveRegularizer(args.kernelRegularizer, 'kernelRegularizer');
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = firstShape(inputShape);
    if (shape.length !== 4 || shape[3] !== 1) {
      throw new LayersShapeError('ConvolutionBank input', 'rank 4 [B, H, W, 1]', shape);
    }
    const k = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [k, k, 1, this.filters],
      'float32',
      this.kernelInitializer,
      this.kernelRegularizer ?? undefined,
      true,
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = firstShape(inputShape);
    return [shape[0] ?? null, shape[1] ?? null, shape[2] ?? null, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined || x.rank !== 4 || x.shape[3] !== 1) {
      throw new LayersShapeError('ConvolutionBank input', 'rank 4 [B, H, W, 1]', x?.shape ?? []);
    }
    const kernel = this.kernelVariable();
    // Training on wasm needs this package's kernels, which a later import of the wasm backend
    // can displace (see registerWasmKernels).
    registerWasmKernels();
    return tf.tidy(() => tf.conv2d(x as tf.Tensor4D, kernel.read() as tf.Tensor4D, 1, 'same'));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      filters: this.filters,
      seed: this.seed,
      kernelRegularizer: serialiseRegularizer(this.kernelRegularizer),
    };
  }

  private kernelVariable(): tfl.LayerVariable {
    if (this.kernel === null) {
      throw new LayersShapeError(
        'ConvolutionBank',
        'a built layer (call it on an input first)',
        [],
      );
    }
    return this.kernel;
  }
}
tf.serialization.registerClass(ConvolutionBank);

/**
 * Creates a {@link ConvolutionBank} layer.
 *
 * @param args - options; see {@link ConvolutionBankArgs}
 * @returns the layer
 * @throws {@link LayersConfigError} when k or C is not a positive integer
 * @example
 * ```ts
 * const bank = convolutionBank({ kernelSize: 2, filters: 9, kernelRegularizer: energyConservation(100) });
 * const o = bank.apply(tf.zeros([1, 64, 64, 1])) as tf.Tensor; // [1, 64, 64, 9]
 * ```
 */
export function convolutionBank(args: ConvolutionBankArgs): ConvolutionBank {
  return new ConvolutionBank(args);
}
