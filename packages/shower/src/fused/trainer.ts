import { ShowerError } from '../errors.js';
import { FusedActiveLoss } from './active-loss.js';
import { FusedNadam, type FusedNadamState } from './nadam.js';
import {
  type FusedArray,
  type FusedGeometry,
  type FusedPrecision,
  FusedShowerNetwork,
  fusedGeometry,
  type MaskSampling,
  makeFusedArray,
} from './network.js';
import { FusedRandom } from './rng.js';

/** Options of {@link FusedTrainer}. */
export interface FusedTrainerOptions {
  /** Image side N. @defaultValue 64 */
  readonly pixels?: number;
  /** Kernel size k. @defaultValue 2 */
  readonly kernelSize?: number;
  /** Number of kernels C. @defaultValue 9 */
  readonly convolutions?: number;
  /** activeLoss weights. @defaultValue [100, 10, 1] */
  readonly lossWeights?: readonly number[];
  /** λ of the energyConservation regulariser λ(1 − ΣW)² on each encoder kernel. @defaultValue 100 */
  readonly kernelRegularisation?: number;
  /** Use 64·64 for activeLoss's inactive count. @defaultValue false */
  readonly legacy64?: boolean;
  /** Nadam learning rate. @defaultValue 5e-5 */
  readonly learningRate?: number;
  /** Seed of the filter-mask random stream. @defaultValue 140280 */
  readonly seed?: number;
  /** How tied masks are drawn. @defaultValue 'categorical' */
  readonly maskSampling?: MaskSampling;
  /** Workspace precision. @defaultValue 'float32' */
  readonly precision?: FusedPrecision;
}

/** Initial parameters of {@link FusedTrainer}. */
export interface FusedParameters {
  /** C·k² encoder kernels, `[c·k² + dy·k + dx]`. */
  readonly convKernels: ArrayLike<number>;
  /** C·k² decoder kernels, `[c·k² + a·k + b]`. */
  readonly deconvKernels: ArrayLike<number>;
  /** L·C filter probabilities, level-major (level 0 finest). @defaultValue all 1 */
  readonly probabilities?: ArrayLike<number>;
}

/** Loss and gradients of one batch from {@link FusedTrainer.computeGradients}. */
export interface FusedGradients {
  /** activeLoss (batch mean) plus the regulariser. */
  readonly loss: number;
  /** activeLoss alone (batch mean). */
  readonly activeLoss: number;
  /** Σ_c λ(1 − ΣW_c)². */
  readonly regularisation: number;
  /** dLoss/d(encoder kernels), C·k². */
  readonly convGradient: Float64Array;
  /** dLoss/d(decoder kernels), C·k². */
  readonly deconvGradient: Float64Array;
  /** Unique-winner counts per level and channel (L·C), summed over the batch. */
  readonly counts: Float64Array;
  /** Number of events. */
  readonly events: number;
}

/**
 * Trains the APEMEN network on the fused typed-array path: forward, activeLoss, backward,
 * energyConservation regulariser, Keras Nadam and the filter probabilities' moving average.
 *
 * @remarks
 * The autoencoder's target is its input. Filter probabilities used by a step's masks are those
 * before that step's update; after the gradient step, p ← 0.9·p + 0.1·counts/Σcounts per level
 * (unchanged when no pixel had a unique winner, where the original would produce NaN). For data
 * parallelism call {@link FusedTrainer.computeGradients} on each shard, average the gradients
 * (weighted by events), sum the counts, and call {@link FusedTrainer.applyGradients} once.
 *
 * @example
 * ```ts
 * const trainer = new FusedTrainer({ convKernels, deconvKernels });
 * const { loss } = trainer.step(images, 256); // images: Float32Array of 256·64·64
 * ```
 */
export class FusedTrainer {
  /** Geometry. */
  readonly geometry: FusedGeometry;
  /** Current encoder kernels. */
  readonly convKernels: FusedArray;
  /** Current decoder kernels. */
  readonly deconvKernels: FusedArray;
  /** Current filter probabilities, L·C. */
  readonly probabilities: Float64Array;
  /** The network workspace. */
  readonly network: FusedShowerNetwork;
  /** The loss workspace. */
  readonly loss: FusedActiveLoss;
  /** The mask random stream. */
  readonly rng: FusedRandom;
  private readonly nadam: FusedNadam;
  private readonly lambda: number;
  private readonly seed: number;
  private steps = 0;

  /**
   * @param parameters - initial kernels and probabilities (copied)
   * @param options - geometry and training settings
   * @throws {@link ShowerError} `BAD_GEOMETRY` or `BAD_WEIGHTS` on inconsistent sizes
   */
  constructor(parameters: FusedParameters, options: FusedTrainerOptions = {}) {
    const precision = options.precision ?? 'float32';
    this.geometry = fusedGeometry(
      options.pixels ?? 64,
      options.kernelSize ?? 2,
      options.convolutions ?? 9,
    );
    const { levels: L, kernelSize: k, convolutions: C } = this.geometry;
    this.network = new FusedShowerNetwork(this.geometry, precision, options.maskSampling);
    this.convKernels = makeFusedArray(precision, C * k * k);
    this.deconvKernels = makeFusedArray(precision, C * k * k);
    this.probabilities = new Float64Array(L * C).fill(1);
    this.network.setParameters(
      parameters.convKernels,
      parameters.deconvKernels,
      parameters.probabilities ?? this.probabilities,
    );
    this.convKernels.set(Array.from(parameters.convKernels));
    this.deconvKernels.set(Array.from(parameters.deconvKernels));
    if (parameters.probabilities !== undefined)
      this.probabilities.set(Array.from(parameters.probabilities));
    this.loss = new FusedActiveLoss(this.geometry.pixels, {
      weights: options.lossWeights ?? [100, 10, 1],
      legacy64: options.legacy64 ?? false,
      precision,
    });
    this.lambda = options.kernelRegularisation ?? 100;
    this.seed = options.seed ?? 140280;
    this.rng = new FusedRandom(this.seed);
    this.nadam = new FusedNadam([C * k * k, C * k * k], {
      learningRate: options.learningRate ?? 5e-5,
    });
  }

  /**
   * Loss and gradients of a batch at the current parameters (no update).
   *
   * @param images - batch of N×N images (targets and inputs), row-major, event-major
   * @param batchSize - number of events in `images`
   * @param firstEvent - index of the first of these events in the global batch: each event's
   *   masks come from a stream seeded by (seed, step, global event index), so shards of a batch
   *   give the same masks as the whole batch @defaultValue 0
   * @returns loss, gradients and unique-winner counts
   * @throws {@link ShowerError} `BAD_INPUT` when `images` is shorter than batchSize·N²
   */
  computeGradients(images: ArrayLike<number>, batchSize: number, firstEvent = 0): FusedGradients {
    const { pixels: N, levels: L, kernelSize: k, convolutions: C } = this.geometry;
    const area = N * N;
    if (!Number.isInteger(batchSize) || batchSize < 1 || images.length < batchSize * area) {
      throw new ShowerError(
        'BAD_INPUT',
        `expected ${batchSize} images of ${N}×${N} (${batchSize * area} values), got ${images.length} values`,
      );
    }
    const net = this.network;
    net.setParameters(this.convKernels, this.deconvKernels, this.probabilities);
    const convGradient = new Float64Array(C * k * k);
    const deconvGradient = new Float64Array(C * k * k);
    const counts = new Float64Array(L * C);
    const scale = 1 / batchSize;
    const options = { dense: true, counts };
    let lossSum = 0;
    const target = net.levelInputs[0] as FusedArray;
    const outGrad = net.outputGradient;
    for (let b = 0; b < batchSize; b++) {
      this.rng.reseed(eventSeed(this.seed, this.steps, firstEvent + b));
      net.forwardEvent(images, b * area, this.rng, options);
      outGrad.fill(0);
      lossSum += this.loss.event(
        target,
        net.nonZeroIndices(0),
        net.nonZeroCountAt(0),
        net.output,
        outGrad,
        scale,
      );
      net.backwardEvent(convGradient, deconvGradient);
    }
    const regularisation = this.addRegulariser(convGradient);
    const activeLoss = lossSum / batchSize;
    return {
      loss: activeLoss + regularisation,
      activeLoss,
      regularisation,
      convGradient,
      deconvGradient,
      counts,
      events: batchSize,
    };
  }

  /** Adds λ(1 − ΣW_c)²'s gradient −2λ(1 − ΣW_c) to every weight of kernel c; returns the penalty. */
  private addRegulariser(convGradient: Float64Array): number {
    const { kernelSize: k, convolutions: C } = this.geometry;
    const kk = k * k;
    let penalty = 0;
    if (this.lambda === 0) return 0;
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let i = 0; i < kk; i++) sum += this.convKernels[c * kk + i] as number;
      const deficit = 1 - sum;
      penalty += this.lambda * deficit * deficit;
      for (let i = 0; i < kk; i++)
        convGradient[c * kk + i] = (convGradient[c * kk + i] as number) - 2 * this.lambda * deficit;
    }
    return penalty;
  }

  /**
   * One Nadam step with the given gradients, then the filter probabilities' moving average.
   *
   * @param gradients - conv and deconv gradients (e.g. averaged over workers)
   * @param counts - unique-winner counts per level and channel (summed over workers)
   */
  applyGradients(
    gradients: Pick<FusedGradients, 'convGradient' | 'deconvGradient'>,
    counts: ArrayLike<number>,
  ): void {
    this.nadam.update(
      [this.convKernels, this.deconvKernels],
      [gradients.convGradient, gradients.deconvGradient],
    );
    updateProbabilities(this.probabilities, counts, this.geometry.convolutions);
    this.steps += 1;
  }

  /**
   * Replaces the kernels and probabilities (e.g. a worker receiving the coordinator's weights) and
   * sets the step number used to seed the masks.
   *
   * @param parameters - kernels and probabilities (copied)
   * @param step - the coordinator's step count
   * @throws {@link ShowerError} `BAD_WEIGHTS` on wrong lengths
   */
  loadParameters(parameters: FusedParameters, step: number): void {
    const { levels: L, kernelSize: k, convolutions: C } = this.geometry;
    const probabilities = parameters.probabilities ?? this.probabilities;
    if (
      parameters.convKernels.length !== C * k * k ||
      parameters.deconvKernels.length !== C * k * k ||
      probabilities.length !== L * C
    ) {
      throw new ShowerError(
        'BAD_WEIGHTS',
        `expected ${C * k * k} kernel values per bank and ${L * C} probabilities`,
      );
    }
    for (let i = 0; i < C * k * k; i++) {
      this.convKernels[i] = parameters.convKernels[i] as number;
      this.deconvKernels[i] = parameters.deconvKernels[i] as number;
    }
    for (let i = 0; i < L * C; i++) this.probabilities[i] = probabilities[i] as number;
    this.steps = step;
  }

  /** Number of optimiser steps applied so far. */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * Computes the gradients of a batch and applies them (one training step).
   *
   * @param images - batch of N×N images
   * @param batchSize - number of events
   * @returns the batch's loss and gradients before the update
   */
  step(images: ArrayLike<number>, batchSize: number): FusedGradients {
    const result = this.computeGradients(images, batchSize);
    this.applyGradients(result, result.counts);
    return result;
  }

  /**
   * The optimiser's state (to checkpoint).
   *
   * @returns a copy of Nadam's state
   */
  optimiserState(): FusedNadamState {
    return this.nadam.getState();
  }

  /**
   * Restores the optimiser's state.
   *
   * @param state - from {@link FusedTrainer.optimiserState}
   */
  setOptimiserState(state: FusedNadamState): void {
    this.nadam.setState(state);
  }
}

/**
 * FilterMask's moving average p ← 0.9·p + 0.1·counts/Σcounts, per level, in place.
 *
 * @param probabilities - L·C probabilities, level-major
 * @param counts - L·C unique-winner counts
 * @param convolutions - C
 *
 * @remarks A level with no unique winner keeps its probabilities (the original divides by zero).
 *
 * @example
 * ```ts
 * const p = new Float64Array([1, 1]);
 * updateProbabilities(p, [3, 1], 2); // p = [0.975, 0.925]
 * ```
 */
export function updateProbabilities(
  probabilities: Float64Array,
  counts: ArrayLike<number>,
  convolutions: number,
): void {
  const C = convolutions;
  for (let base = 0; base < probabilities.length; base += C) {
    let total = 0;
    for (let c = 0; c < C; c++) total += counts[base + c] as number;
    if (!(total > 0)) continue;
    for (let c = 0; c < C; c++) {
      probabilities[base + c] =
        0.9 * (probabilities[base + c] as number) + (0.1 * (counts[base + c] as number)) / total;
    }
  }
}

/**
 * The seed of one event's mask stream: a hash of the run seed, the step and the event's index in
 * the global batch (so that the masks do not depend on how the batch is sharded).
 *
 * @param seed - the run seed
 * @param step - the optimiser step
 * @param event - the event's index in the global batch
 * @returns a 32-bit seed
 *
 * @example
 * ```ts
 * eventSeed(140280, 0, 5) === eventSeed(140280, 0, 5); // true
 * ```
 */
export function eventSeed(seed: number, step: number, event: number): number {
  let h = Math.imul(seed ^ 0x3c6ef372, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ step, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ event, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
