import * as tf from '@tensorflow/tfjs-core';
import { ShowerError } from '../errors.js';
import { FusedActiveLoss } from './active-loss.js';
import {
  type FusedArray,
  FusedShowerNetwork,
  fusedGeometry,
  type MaskSampling,
} from './network.js';
import { FusedRandom } from './rng.js';
import { eventSeed } from './trainer.js';

/** Name of the fused activeLoss-of-the-network kernel (outputs: loss, dConv, dDeconv, counts). */
export const FUSED_SHOWER_LOSS = 'ApemenFusedShowerLoss';
/** Name of the fused forward kernel (outputs: images, then one int32 mask tensor per level). */
export const FUSED_SHOWER_FORWARD = 'ApemenFusedShowerForward';
/** Name of the fused backward kernel behind the forward kernel's gradient. */
export const FUSED_SHOWER_BACKWARD = 'ApemenFusedShowerBackward';

/** Backends the fused kernels are registered for. */
export const FUSED_BACKENDS = ['cpu', 'wasm'] as const;

/** Options of the fused tfjs ops. */
export interface FusedOpOptions {
  /** Seed of the filter-mask streams (one stream per event, seeded by seed, step, event). */
  readonly seed: number;
  /** Step number mixed into the event seeds (so that each training step draws new masks). @defaultValue 0 */
  readonly step?: number;
  /** How tied masks are drawn. @defaultValue 'categorical' */
  readonly maskSampling?: MaskSampling;
}

/** Options of {@link fusedShowerLoss}. */
export interface FusedLossOpOptions extends FusedOpOptions {
  /** activeLoss weights. @defaultValue [100, 10, 1] */
  readonly lossWeights?: readonly number[];
  /** Use 64·64 for the inactive count. @defaultValue false */
  readonly legacy64?: boolean;
}

/** The minimal backend surface the kernels use (both tfjs-backend-cpu and -wasm provide it). */
interface ValueBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object;
}

interface Workspace {
  net: FusedShowerNetwork;
  loss: FusedActiveLoss | undefined;
}

const workspaces = new Map<string, Workspace>();

/** A cached network (and loss) workspace for a configuration: kernels allocate nothing per call. */
function workspace(
  pixels: number,
  k: number,
  c: number,
  sampling: MaskSampling,
  loss?: { weights: readonly number[]; legacy64: boolean },
): Workspace {
  const key = JSON.stringify([pixels, k, c, sampling, loss?.weights, loss?.legacy64]);
  let ws = workspaces.get(key);
  if (ws === undefined) {
    const net = new FusedShowerNetwork(fusedGeometry(pixels, k, c), 'float32', sampling);
    const lossWs =
      loss === undefined
        ? undefined
        : new FusedActiveLoss(pixels, { weights: loss.weights, legacy64: loss.legacy64 });
    ws = { net, loss: lossWs };
    workspaces.set(key, ws);
  }
  return ws;
}

function out(
  backend: ValueBackend,
  values: Float32Array | Int32Array,
  shape: number[],
): tf.TensorInfo {
  const dtype: tf.DataType = values instanceof Int32Array ? 'int32' : 'float32';
  return { dataId: backend.write(values, shape, dtype), shape, dtype };
}

function read(backend: ValueBackend, info: tf.TensorInfo | undefined, name: string): Float32Array {
  if (info === undefined)
    throw new ShowerError('BAD_INPUT', `fused shower kernel: missing input ${name}`);
  const values = backend.readSync(info.dataId);
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/** Geometry of the kernels' inputs: images [B, N, N] (or [B, N, N, 1]), kernels [C, k, k]. */
function inputGeometry(inputs: tf.NamedTensorInfoMap): {
  batch: number;
  pixels: number;
  k: number;
  c: number;
} {
  const images = inputs.images;
  const conv = inputs.convKernels;
  if (
    images === undefined ||
    conv === undefined ||
    images.shape.length < 3 ||
    conv.shape.length !== 3
  ) {
    throw new ShowerError(
      'BAD_INPUT',
      'fused shower kernels take images [B, N, N] and kernels [C, k, k]',
    );
  }
  return {
    batch: images.shape[0] as number,
    pixels: images.shape[1] as number,
    k: conv.shape[1] as number,
    c: conv.shape[0] as number,
  };
}

const lossKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as ValueBackend;
  const { batch, pixels, k, c } = inputGeometry(inputs);
  const weights = (attrs?.lossWeights as number[] | undefined) ?? [100, 10, 1];
  const legacy64 = (attrs?.legacy64 as boolean | undefined) ?? false;
  const sampling = (attrs?.maskSampling as MaskSampling | undefined) ?? 'categorical';
  const seed = (attrs?.seed as number | undefined) ?? 0;
  const step = (attrs?.step as number | undefined) ?? 0;
  const ws = workspace(pixels, k, c, sampling, { weights, legacy64 });
  const net = ws.net;
  const loss = ws.loss as FusedActiveLoss;
  const images = read(b, inputs.images, 'images');
  net.setParameters(
    read(b, inputs.convKernels, 'convKernels'),
    read(b, inputs.deconvKernels, 'deconvKernels'),
    read(b, inputs.probabilities, 'probabilities'),
  );
  const L = net.geometry.levels;
  const convGradient = new Float64Array(c * k * k);
  const deconvGradient = new Float64Array(c * k * k);
  const counts = new Float64Array(L * c);
  const rng = new FusedRandom(0);
  const area = pixels * pixels;
  const options = { dense: true, counts };
  let total = 0;
  for (let e = 0; e < batch; e++) {
    rng.reseed(eventSeed(seed, step, e));
    net.forwardEvent(images, e * area, rng, options);
    net.outputGradient.fill(0);
    total += loss.event(
      net.levelInputs[0] as FusedArray,
      net.nonZeroIndices(0),
      net.nonZeroCountAt(0),
      net.output,
      net.outputGradient,
      1 / batch,
    );
    net.backwardEvent(convGradient, deconvGradient);
  }
  return [
    out(b, Float32Array.of(total / batch), []),
    out(b, Float32Array.from(convGradient), [c, k, k]),
    out(b, Float32Array.from(deconvGradient), [c, k, k]),
    out(b, Float32Array.from(counts), [L, c]),
  ];
};

const forwardKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as ValueBackend;
  const { batch, pixels, k, c } = inputGeometry(inputs);
  const sampling = (attrs?.maskSampling as MaskSampling | undefined) ?? 'categorical';
  const seed = (attrs?.seed as number | undefined) ?? 0;
  const step = (attrs?.step as number | undefined) ?? 0;
  const net = workspace(pixels, k, c, sampling).net;
  const images = read(b, inputs.images, 'images');
  net.setParameters(
    read(b, inputs.convKernels, 'convKernels'),
    read(b, inputs.deconvKernels, 'deconvKernels'),
    read(b, inputs.probabilities, 'probabilities'),
  );
  const { sizes, levels: L } = net.geometry;
  const area = pixels * pixels;
  const output = new Float32Array(batch * area);
  const masks = sizes.slice(0, L).map((s) => new Int32Array(batch * s * s));
  const rng = new FusedRandom(0);
  for (let e = 0; e < batch; e++) {
    rng.reseed(eventSeed(seed, step, e));
    net.forwardEvent(images, e * area, rng, { dense: true });
    output.set(net.output, e * area);
    for (let l = 0; l < L; l++) {
      const s = sizes[l] as number;
      (masks[l] as Int32Array).set(net.masks[l] as Uint32Array, e * s * s);
    }
  }
  return [
    out(b, output, [batch, pixels, pixels]),
    ...masks.map((m, l) => out(b, m, [batch, sizes[l] as number, sizes[l] as number])),
  ];
};

const backwardKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const b = backend as ValueBackend;
  const { batch, pixels, k, c } = inputGeometry(inputs);
  const net = workspace(pixels, k, c, 'categorical').net;
  const images = read(b, inputs.images, 'images');
  const dy = read(b, inputs.dy, 'dy');
  net.setParameters(
    read(b, inputs.convKernels, 'convKernels'),
    read(b, inputs.deconvKernels, 'deconvKernels'),
    read(b, inputs.probabilities, 'probabilities'),
  );
  const L = net.geometry.levels;
  const fixedMasks: Uint32Array[] = [];
  for (let l = 0; l < L; l++) {
    const m = inputs[`masks${l}`];
    if (m === undefined) throw new ShowerError('BAD_INPUT', `fused backward: missing masks${l}`);
    const values = b.readSync(m.dataId) as Int32Array;
    fixedMasks.push(new Uint32Array(values.buffer, values.byteOffset, values.length));
  }
  const area = pixels * pixels;
  const convGradient = new Float64Array(c * k * k);
  const deconvGradient = new Float64Array(c * k * k);
  const rng = new FusedRandom(0);
  for (let e = 0; e < batch; e++) {
    net.forwardEvent(images, e * area, rng, { dense: true, fixedMasks, event: e });
    net.outputGradient.set(dy.subarray(e * area, (e + 1) * area));
    net.backwardEvent(convGradient, deconvGradient);
  }
  return [
    out(b, Float32Array.from(convGradient), [c, k, k]),
    out(b, Float32Array.from(deconvGradient), [c, k, k]),
  ];
};

let registered = false;

/**
 * Registers the fused shower kernels and their gradients with tfjs for the cpu and wasm backends
 * (idempotent; the ops call it themselves).
 *
 * @remarks
 * The kernels read their inputs with `backend.readSync` and write outputs with `backend.write`,
 * which both backends implement, and run the typed-array network of {@link FusedShowerNetwork}.
 * The loss kernel returns the gradients with its value; its registered gradient multiplies them
 * by the upstream gradient, so `tf.variableGrads` and `optimizer.minimize` work unchanged. The
 * forward kernel's gradient runs a backward kernel with the masks of the forward pass.
 *
 * @example
 * ```ts
 * registerFusedShowerKernels();
 * ```
 */
export function registerFusedShowerKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: FUSED_SHOWER_LOSS, backendName, kernelFunc: lossKernel });
    tf.registerKernel({ kernelName: FUSED_SHOWER_FORWARD, backendName, kernelFunc: forwardKernel });
    tf.registerKernel({
      kernelName: FUSED_SHOWER_BACKWARD,
      backendName,
      kernelFunc: backwardKernel,
    });
  }
  tf.registerGradient({
    kernelName: FUSED_SHOWER_LOSS,
    inputsToSave: ['images', 'probabilities'],
    outputsToSave: [false, true, true, false],
    gradFunc: (dy, saved) => {
      const [images, probabilities, dConv, dDeconv] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
      ];
      const g = (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor;
      return {
        images: () => tf.zerosLike(images),
        convKernels: () => tf.mul(g, dConv),
        deconvKernels: () => tf.mul(g, dDeconv),
        probabilities: () => tf.zerosLike(probabilities),
      };
    },
  });
  tf.registerGradient({
    kernelName: FUSED_SHOWER_FORWARD,
    inputsToSave: ['images', 'convKernels', 'deconvKernels', 'probabilities'],
    outputsToSave: [false, true, true, true, true, true, true, true, true, true, true, true, true],
    gradFunc: (dy, saved) => {
      const [images, convKernels, deconvKernels, probabilities, ...masks] = saved as tf.Tensor[];
      const g = (Array.isArray(dy) ? dy[0] : dy) as tf.Tensor;
      const inputs: tf.NamedTensorMap = {
        dy: g,
        images: images as tf.Tensor,
        convKernels: convKernels as tf.Tensor,
        deconvKernels: deconvKernels as tf.Tensor,
        probabilities: probabilities as tf.Tensor,
      };
      masks.forEach((m, l) => {
        inputs[`masks${l}`] = m;
      });
      const [dConv, dDeconv] = tf.engine().runKernel(FUSED_SHOWER_BACKWARD, inputs) as tf.Tensor[];
      return {
        images: () => tf.zerosLike(images as tf.Tensor),
        convKernels: () => dConv as tf.Tensor,
        deconvKernels: () => dDeconv as tf.Tensor,
        probabilities: () => tf.zerosLike(probabilities as tf.Tensor),
      };
    },
  });
}

/**
 * The batch-mean activeLoss of the whole APEMEN network (autoencoder target = input), as one
 * fused tfjs op differentiable with respect to both kernel banks.
 *
 * @param images - [B, N, N] (or [B, N, N, 1]) images, the input and the target
 * @param convKernels - [C, k, k] encoder kernels (`[c, dy, dx]`)
 * @param deconvKernels - [C, k, k] decoder kernels (`[c, a, b]`)
 * @param probabilities - [L, C] filter probabilities (level 0 finest)
 * @param options - seed, step, loss weights, legacy64, mask sampling
 * @returns the scalar loss and the [L, C] unique-winner counts (for the probabilities' moving
 *   average; the op does not update them)
 * @throws {@link ShowerError} `BAD_INPUT` / `BAD_GEOMETRY` on inconsistent shapes
 *
 * @remarks Registered for the cpu and wasm backends only. Gradients with respect to the images
 * and probabilities are reported as zero (the masks are piecewise constant in the probabilities).
 *
 * @example
 * ```ts
 * const conv = tf.variable(tf.randomNormal([9, 2, 2]));
 * const deconv = tf.variable(tf.randomNormal([9, 2, 2]));
 * optimizer.minimize(() => fusedShowerLoss(images, conv, deconv, probs, { seed: 1 }).loss);
 * ```
 */
export function fusedShowerLoss(
  images: tf.Tensor,
  convKernels: tf.Tensor,
  deconvKernels: tf.Tensor,
  probabilities: tf.Tensor,
  options: FusedLossOpOptions,
): { loss: tf.Scalar; counts: tf.Tensor2D } {
  registerFusedShowerKernels();
  const [loss, dConv, dDeconv, counts] = tf.engine().runKernel(
    FUSED_SHOWER_LOSS,
    { images, convKernels, deconvKernels, probabilities },
    {
      seed: options.seed,
      step: options.step ?? 0,
      lossWeights: [...(options.lossWeights ?? [100, 10, 1])],
      legacy64: options.legacy64 ?? false,
      maskSampling: options.maskSampling ?? 'categorical',
    },
  ) as tf.Tensor[];
  tf.dispose([dConv as tf.Tensor, dDeconv as tf.Tensor]);
  return { loss: loss as tf.Scalar, counts: counts as tf.Tensor2D };
}

/**
 * The APEMEN network's forward pass (encoder, FilterMask, decoder) as one fused tfjs op,
 * differentiable with respect to both kernel banks (masks held fixed, as they are piecewise
 * constant).
 *
 * @param images - [B, N, N] images
 * @param convKernels - [C, k, k] encoder kernels
 * @param deconvKernels - [C, k, k] decoder kernels
 * @param probabilities - [L, C] filter probabilities
 * @param options - seed, step, mask sampling
 * @returns the [B, N, N] output and, per encoder level (finest first), the [B, n, n] int32 masks
 *   as bit sets (bit c = kernel c)
 * @throws {@link ShowerError} `BAD_INPUT` / `BAD_GEOMETRY` on inconsistent shapes
 *
 * @example
 * ```ts
 * const { output, masks } = fusedShowerForward(images, conv, deconv, probs, { seed: 7 });
 * ```
 */
export function fusedShowerForward(
  images: tf.Tensor,
  convKernels: tf.Tensor,
  deconvKernels: tf.Tensor,
  probabilities: tf.Tensor,
  options: FusedOpOptions,
): { output: tf.Tensor3D; masks: tf.Tensor3D[] } {
  registerFusedShowerKernels();
  const levels = probabilities.shape[0] as number;
  if (levels > 12) {
    throw new ShowerError(
      'BAD_INPUT',
      `the fused forward op supports up to 12 levels, got ${levels}`,
    );
  }
  const [output, ...masks] = tf.engine().runKernel(
    FUSED_SHOWER_FORWARD,
    { images, convKernels, deconvKernels, probabilities },
    {
      seed: options.seed,
      step: options.step ?? 0,
      maskSampling: options.maskSampling ?? 'categorical',
    },
  ) as tf.Tensor3D[];
  return { output: output as tf.Tensor3D, masks };
}
