import { stat } from 'node:fs/promises';
import { createRng } from '@apemen/jetimage';
import {
  activeLoss,
  ChannelMaximum,
  ConvolutionBank,
  energyConservation,
  FilterMask,
  MergeDeconvolution,
  nadam,
} from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ShowerError } from './errors.js';
import { fileSystemHandler, readModelJson } from './files.js';
import { type ShowerMergeHook, showerForward } from './forward.js';
import { showerGeometry } from './geometry.js';
import { imagesToTensor, type ShowerImages } from './images.js';
import { loadKerasWeights } from './keras.js';
import { asUniformSource, type UniformGenerator, type UniformSource } from './reference.js';
import { checkShowerWeights, type ShowerWeights } from './weights.js';

/** Options of {@link buildShowerModel}. */
export interface ShowerModelOptions {
  /**
   * Image side N; must be a power of k.
   * @defaultValue 64
   */
  pixels?: number;
  /**
   * Kernel side k (branching factor of the shower).
   * @defaultValue 2
   */
  kernelSize?: number;
  /**
   * Number C of kernels in each bank.
   * @defaultValue 9
   */
  convolutions?: number;
  /**
   * Learning rate of the optimiser.
   * @defaultValue 5e-5 (the original's scripts)
   */
  learningRate?: number;
  /**
   * Weights of the Gaussian smearings 1×1, 2×2, 3×3, … of activeLoss.
   * @defaultValue [100, 10, 1]
   */
  lossWeights?: readonly number[];
  /**
   * λ of the energy-conservation regulariser λ(1 − ΣW)² on each encoder kernel; 0 for none.
   * @defaultValue 100
   */
  kernelRegularisation?: number;
  /**
   * Seed of the kernel initialisers and of the FilterMask random streams (level i uses seed + i);
   * null for unseeded.
   * @defaultValue null
   */
  seed?: number | null;
  /**
   * Merge hook used by {@link ShowerModel.generate} after each decoder level; not saved with the
   * model (pass it again to {@link loadShowerModel}).
   * @defaultValue none (plain shower)
   */
  merge?: ShowerMergeHook;
}

/** The serialisable configuration of a shower model (saved in model.json's metadata). */
export interface ShowerConfig {
  /** Image side N. */
  pixels: number;
  /** Kernel side k. */
  kernelSize: number;
  /** Number C of kernels. */
  convolutions: number;
  /** Number L of levels. */
  levels: number;
  /** Learning rate. */
  learningRate: number;
  /** activeLoss weights. */
  lossWeights: number[];
  /** λ of the encoder kernels' energy-conservation regulariser. */
  kernelRegularisation: number;
  /** Seed, or null. */
  seed: number | null;
}

/** What {@link ShowerModel.encode} returns. */
export interface ShowerEncoding {
  /** Number of images B. */
  batch: number;
  /** The k×k bottleneck of each image, B×k×k row-major. */
  bottleneck: Float32Array;
  /** Per level (finest first) the FilterMask output, B×n×n×C (channels last). */
  masks: Float32Array[];
}

/** Options of the model's prediction methods. */
export interface PredictOptions {
  /**
   * Images per forward pass. Each pass draws the next numbers of every FilterMask's seeded stream,
   * so the same seed reproduces a shower only with the same batch size.
   * @defaultValue 32 (as tfjs `predict`)
   */
  batchSize?: number;
}

/**
 * A shower network: the tfjs model that trains, and the functions that encode, reconstruct and
 * generate with it.
 */
export interface ShowerModel {
  /** The configuration it was built with. */
  readonly config: ShowerConfig;
  /** The tfjs model images → images, compiled with activeLoss; train it with `model.fit(x, x)`. */
  readonly model: tfl.LayersModel;
  /**
   * Runs the encoder.
   * @param images - B×N×N numbers or a tensor [B, N, N(, 1)]
   * @param options - batch size
   * @returns the bottleneck and the per-level masks
   */
  encode(images: ShowerImages, options?: PredictOptions): ShowerEncoding;
  /**
   * Runs the network (encoder and decoder) as `model.predict` does, with each FilterMask's own
   * seeded random stream.
   * @param images - B×N×N numbers or a tensor [B, N, N(, 1)]
   * @param options - batch size
   * @returns B×N×N numbers
   */
  reconstruct(images: ShowerImages, options?: PredictOptions): Float32Array;
  /**
   * The stochastic shower: the network with the FilterMask randomness taken from `uniform` and the
   * merge hook (if any) applied after each decoder level.
   * @param images - unshowered images (GeV), B×N×N numbers or a tensor
   * @param uniform - uniform numbers in [0, 1), drawn as the plain-loop reference draws them, or a
   *   seed for `@apemen/jetimage`'s `createRng`
   * @returns B×N×N numbers
   */
  generate(images: ShowerImages, uniform: UniformSource | UniformGenerator | number): Float32Array;
  /** @returns a copy of every number of the network as plain data */
  kernels(): ShowerWeights;
  /**
   * Replaces every number of the network.
   * @param weights - weights of the same k, C and L
   * @throws {@link ShowerError} `BAD_WEIGHTS` when they do not fit
   */
  setWeights(weights: ShowerWeights): void;
  /**
   * Saves the model (model.json + weights.bin, tfjs layers format) into a directory.
   * @param directory - created if missing; files are replaced atomically
   */
  save(directory: string): Promise<void>;
}

const CONV_BANK = 'convolution_bank';
const DECONV_BANK = 'merge_deconvolution';
const maskName = (level: number): string => `filter_mask_${level}`;
const poolName = (level: number): string => `max_pooling_${level}`;

function resolveConfig(options: ShowerModelOptions): ShowerConfig {
  const pixels = options.pixels ?? 64;
  const kernelSize = options.kernelSize ?? 2;
  const convolutions = options.convolutions ?? 9;
  const { levels } = showerGeometry(pixels, kernelSize);
  if (!Number.isInteger(convolutions) || convolutions < 1) {
    throw new ShowerError(
      'BAD_GEOMETRY',
      `convolutions must be a whole number ≥ 1, got ${convolutions}`,
    );
  }
  const learningRate = options.learningRate ?? 5e-5;
  if (!(learningRate > 0)) {
    throw new ShowerError('BAD_GEOMETRY', `learningRate must be > 0, got ${learningRate}`);
  }
  const kernelRegularisation = options.kernelRegularisation ?? 100;
  if (!(kernelRegularisation >= 0)) {
    throw new ShowerError(
      'BAD_GEOMETRY',
      `kernelRegularisation must be ≥ 0, got ${kernelRegularisation}`,
    );
  }
  return {
    pixels,
    kernelSize,
    convolutions,
    levels,
    learningRate,
    lossWeights: [...(options.lossWeights ?? [100, 10, 1])],
    kernelRegularisation,
    seed: options.seed ?? null,
  };
}

/** Builds the tfjs graph of the original: shared banks, one FilterMask per level. */
function buildGraph(config: ShowerConfig): tfl.LayersModel {
  const { pixels: n, kernelSize: k, convolutions: c, levels, seed } = config;
  const input = tfl.input({ shape: [n, n, 1], name: 'images' });
  const bank = new ConvolutionBank({
    kernelSize: k,
    filters: c,
    seed,
    name: CONV_BANK,
    // tfjs adds a shared layer's regularisation loss once per call of the layer (L times here),
    // Keras once per layer; λ/L makes the training loss the original's λ·Σ_c (1 − ΣK_c)².
    kernelRegularizer:
      config.kernelRegularisation > 0
        ? energyConservation(config.kernelRegularisation / levels)
        : null,
  });
  // A seed of its own, so that the two banks do not start from identical kernels.
  const deconv = new MergeDeconvolution({
    kernelSize: k,
    filters: c,
    seed: seed === null ? null : seed + levels + 1,
    name: DECONV_BANK,
  });
  const maximum = new ChannelMaximum({ name: 'channel_maximum' });
  const masks: tfl.SymbolicTensor[] = [];
  let x = input;
  for (let level = 1; level <= levels; level++) {
    const responses = bank.apply(x) as tfl.SymbolicTensor;
    const mask = new FilterMask({
      seed: seed === null ? null : seed + level,
      name: maskName(level),
    });
    masks.push(mask.apply(responses) as tfl.SymbolicTensor);
    const maxed = maximum.apply(responses) as tfl.SymbolicTensor;
    x = tfl.layers
      .maxPooling2d({ poolSize: k, strides: k, padding: 'valid', name: poolName(level) })
      .apply(maxed) as tfl.SymbolicTensor;
  }
  for (let level = levels; level >= 1; level--) {
    x = deconv.apply([x, masks[level - 1] as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
  }
  return tfl.model({ inputs: input, outputs: x, name: 'apemen_shower' });
}

function compile(model: tfl.LayersModel, config: ShowerConfig): void {
  model.compile({
    optimizer: nadam({ learningRate: config.learningRate }),
    loss: activeLoss(config.lossWeights, { pixels: config.pixels }),
  });
}

function layerWeight(model: tfl.LayersModel, name: string): tfl.LayerVariable {
  const variable = model.getLayer(name).weights[0];
  if (variable === undefined) {
    throw new ShowerError('BAD_MODEL_DIR', `layer ${name} has no weights`);
  }
  return variable;
}

/** Splits a [k, k, 1, C] bank into C row-major k×k kernels. */
function splitBank(values: Float32Array, k: number, c: number): Float32Array[] {
  return Array.from({ length: c }, (_, i) => {
    const kernel = new Float32Array(k * k);
    for (let j = 0; j < k * k; j++) kernel[j] = values[j * c + i] as number;
    return kernel;
  });
}

/** Joins C row-major k×k kernels into a [k, k, 1, C] bank. */
function joinBank(kernels: Float32Array[], k: number): tf.Tensor4D {
  const c = kernels.length;
  const values = new Float32Array(k * k * c);
  kernels.forEach((kernel, i) => {
    for (let j = 0; j < k * k; j++) values[j * c + i] = kernel[j] as number;
  });
  return tf.tensor4d(values, [k, k, 1, c]);
}

function wrap(model: tfl.LayersModel, config: ShowerConfig, merge?: ShowerMergeHook): ShowerModel {
  const { pixels, kernelSize: k, convolutions: c, levels } = config;
  const maskLayers = Array.from({ length: levels }, (_, i) => model.getLayer(maskName(i + 1)));
  const inspector = tfl.model({
    inputs: model.inputs,
    outputs: [
      model.getLayer(poolName(levels)).output as tfl.SymbolicTensor,
      ...maskLayers.map((layer) => layer.output as tfl.SymbolicTensor),
    ],
  });

  const kernels = (): ShowerWeights => ({
    kernelSize: k,
    pixels,
    convolutions: c,
    levels,
    convKernels: splitBank(layerWeight(model, CONV_BANK).read().dataSync() as Float32Array, k, c),
    deconvKernels: splitBank(
      layerWeight(model, DECONV_BANK).read().dataSync() as Float32Array,
      k,
      c,
    ),
    filterProbabilities: maskLayers.map((layer) =>
      Float32Array.from((layer.weights[0] as tfl.LayerVariable).read().dataSync()),
    ),
  });

  return {
    config,
    model,
    encode(images, options = {}) {
      const x = imagesToTensor(images, pixels);
      try {
        const outputs = inspector.predict(x, { batchSize: options.batchSize ?? 32 }) as tf.Tensor[];
        try {
          const [bottleneck, ...masks] = outputs.map((t) => t.dataSync() as Float32Array);
          return {
            batch: x.shape[0],
            bottleneck: Float32Array.from(bottleneck ?? []),
            masks: masks.map((m) => Float32Array.from(m)),
          };
        } finally {
          tf.dispose(outputs);
        }
      } finally {
        x.dispose();
      }
    },
    reconstruct(images, options = {}) {
      const x = imagesToTensor(images, pixels);
      try {
        const y = model.predict(x, { batchSize: options.batchSize ?? 32 }) as tf.Tensor;
        try {
          return Float32Array.from(y.dataSync());
        } finally {
          y.dispose();
        }
      } finally {
        x.dispose();
      }
    },
    generate(images, uniform) {
      const x = imagesToTensor(images, pixels);
      try {
        const y = showerForward(
          {
            conv: layerWeight(model, CONV_BANK).read() as tf.Tensor4D,
            deconv: layerWeight(model, DECONV_BANK).read() as tf.Tensor4D,
            probabilities: maskLayers.map(
              (layer) => (layer.weights[0] as tfl.LayerVariable).read() as tf.Tensor1D,
            ),
          },
          x,
          k,
          asUniformSource(typeof uniform === 'number' ? createRng(uniform) : uniform),
          merge,
        );
        try {
          return Float32Array.from(y.dataSync());
        } finally {
          y.dispose();
        }
      } finally {
        x.dispose();
      }
    },
    kernels,
    setWeights(weights) {
      checkShowerWeights(weights);
      if (weights.kernelSize !== k || weights.convolutions !== c || weights.levels !== levels) {
        throw new ShowerError(
          'BAD_WEIGHTS',
          `weights for k = ${weights.kernelSize}, C = ${weights.convolutions}, L = ${weights.levels} do not fit a model with k = ${k}, C = ${c}, L = ${levels}`,
        );
      }
      const conv = joinBank(weights.convKernels, k);
      const deconv = joinBank(weights.deconvKernels, k);
      layerWeight(model, CONV_BANK).write(conv);
      layerWeight(model, DECONV_BANK).write(deconv);
      tf.dispose([conv, deconv]);
      maskLayers.forEach((layer, i) => {
        const p = tf.tensor1d(weights.filterProbabilities[i] as Float32Array);
        (layer.weights[0] as tfl.LayerVariable).write(p);
        p.dispose();
      });
    },
    async save(directory) {
      const metadata = { shower: { ...config } };
      model.setUserDefinedMetadata(metadata);
      await model.save(fileSystemHandler(directory), { includeOptimizer: false });
    },
  };
}

/**
 * Builds the APEMEN shower network: encoder levels with one shared convolution bank, a
 * FilterMask per level, and decoder levels with one shared bank of masked transposed convolutions.
 *
 * @param options - sizes, training settings, seed and merge hook; see {@link ShowerModelOptions}
 * @returns the model and its encode/reconstruct/generate/kernels/setWeights/save functions
 * @throws {@link ShowerError} `BAD_GEOMETRY` when N is not a power of k (such as 60 for k = 2) or
 *   another option is out of range
 * @remarks
 * The exact semantics of ../shared/APEMEN.md: L = log_k N − 1 levels; for each, o = bank(x)
 * (TensorFlow 'same' padding), mask = FilterMask(o), x ← maxpool_k(max_c o); then for each decoder
 * level x ← Σ_c deconv_c(x)·mask_{L+1−i}[c]. Compiled with activeLoss(lossWeights) (N² inactive
 * count, not the original's hard-coded 64²) and Keras' Nadam at the given learning rate; each
 * encoder kernel carries the energy-conservation regulariser λ(1 − ΣW)² (training only).
 * @see arXiv:1807.03685
 * @example
 * ```ts
 * const shower = buildShowerModel({ pixels: 64, kernelSize: 2, seed: 140280 });
 * await shower.model.fit(images, images, { epochs: 1 });
 * const out = shower.generate(partonImages, createRng(1));
 * ```
 */
export function buildShowerModel(options: ShowerModelOptions = {}): ShowerModel {
  const config = resolveConfig(options);
  const model = buildGraph(config);
  compile(model, config);
  return wrap(model, config, options.merge);
}

function configFromMetadata(metadata: unknown, directory: string): ShowerConfig {
  const shower = (metadata as { shower?: Partial<ShowerConfig> } | undefined)?.shower;
  if (!shower || typeof shower.pixels !== 'number' || typeof shower.kernelSize !== 'number') {
    throw new ShowerError(
      'BAD_MODEL_DIR',
      'model.json has no shower configuration (userDefinedMetadata.shower): not a shower model',
      directory,
    );
  }
  return resolveConfig(shower);
}

/**
 * Loads a shower model saved by {@link ShowerModel.save}.
 *
 * @param directory - the model directory (model.json + weights.bin)
 * @param options - a merge hook for generation (hooks are not saved)
 * @returns the model, compiled, with its saved weights
 * @throws {@link ShowerError} `BAD_MODEL_DIR` when the directory is missing, incomplete or not a
 *   shower model, model.json is damaged, or weights.bin is not the size its manifest says
 * @example
 * ```ts
 * const shower = await loadShowerModel('runs/k2');
 * shower.kernels().filterProbabilities[0];
 * ```
 */
export async function loadShowerModel(
  directory: string,
  options: { merge?: ShowerMergeHook } = {},
): Promise<ShowerModel> {
  const json = await readModelJson(directory);
  const config = configFromMetadata(json.userDefinedMetadata, directory);
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(fileSystemHandler(directory));
  } catch (error) {
    if (error instanceof ShowerError) throw error;
    // tfjs reports a damaged topology or manifest with its own errors, which name no file.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new ShowerError(
      'BAD_MODEL_DIR',
      `model.json does not describe a model that tfjs can load (${reason})`,
      directory,
    );
  }
  compile(model, config);
  return wrap(model, config, options.merge);
}

/**
 * Builds a shower model with the sizes of a Keras HDF5 weight file and loads its weights.
 *
 * @param path - the `.h5` file (such as the published k2.h5 or k3.h5)
 * @param options - other model options (sizes come from the file)
 * @returns the model holding exactly the file's numbers
 * @throws {@link ShowerError} as {@link loadKerasWeights}
 * @example
 * ```ts
 * const published = await fromKerasWeights('../shared/data/apemen-weights/k2.h5');
 * published.config.levels; // 5
 * ```
 */
export async function fromKerasWeights(
  path: string,
  options: Omit<ShowerModelOptions, 'pixels' | 'kernelSize' | 'convolutions'> = {},
): Promise<ShowerModel> {
  const weights = await loadKerasWeights(path);
  const shower = buildShowerModel({
    ...options,
    pixels: weights.pixels,
    kernelSize: weights.kernelSize,
    convolutions: weights.convolutions,
  });
  shower.setWeights(weights);
  return shower;
}

/**
 * Reads the numbers of a shower network from a Keras HDF5 file or a saved model directory.
 *
 * @param path - a `.h5` file (by its HDF5 signature) or a directory saved by {@link ShowerModel.save}
 * @returns the weights as plain data
 * @throws {@link ShowerError} `BAD_WEIGHTS_FILE` or `BAD_MODEL_DIR` when neither can be read
 * @remarks
 * A directory is loaded through tfjs, so a tfjs backend must be ready.
 * @example
 * ```ts
 * activationBits(await loadShowerWeights('../shared/data/apemen-weights/k2.h5')); // ≈ 1.698
 * ```
 */
export async function loadShowerWeights(path: string): Promise<ShowerWeights> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) return (await loadShowerModel(path)).kernels();
  return loadKerasWeights(path);
}
