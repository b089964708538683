import { eventSeed, type FusedGradients, FusedTrainer } from '@apemen/shower';
import type { ImageBatch } from './data.js';
import type { InitChoice } from './init.js';
import type { LearningRateSchedule } from './schedule.js';
import { decodeSparse, encodeSparse, type SparseImages } from './sparse.js';

/** The sizes and training settings of a network (what every worker needs to start). */
export interface ModelSettings {
  /** Image side N. */
  readonly pixels: number;
  /** Kernel side k. */
  readonly kernelSize: number;
  /** Number of kernels C. */
  readonly convolutions: number;
  /** activeLoss weights. */
  readonly lossWeights: readonly number[];
  /** λ of the energy-conservation regulariser. */
  readonly kernelRegularisation: number;
  /** Nadam learning rate. */
  readonly learningRate: number;
  /** Seed of the mask streams (and of the shuffle and initial weights). */
  readonly seed: number;
  /** How the kernels of a fresh run were initialised. @defaultValue 'glorot' (the original) */
  readonly init?: InitChoice;
  /** Learning-rate schedule of the fused path. @defaultValue constant (the original) */
  readonly learningRateSchedule?: LearningRateSchedule;
}

/** The network's numbers at one optimiser step. */
export interface ParameterSnapshot {
  /** C·k² encoder kernels, `[c·k² + dy·k + dx]`. */
  readonly convKernels: ArrayLike<number>;
  /** C·k² decoder kernels. */
  readonly deconvKernels: ArrayLike<number>;
  /** L·C filter probabilities, level-major. */
  readonly probabilities: ArrayLike<number>;
  /** Optimiser steps taken so far (seeds this step's masks). */
  readonly step: number;
}

/** Summed validation loss of some events. */
export interface ValidationSum {
  /** Σ over events of activeLoss. */
  readonly lossSum: number;
  /** Number of events. */
  readonly events: number;
}

/** Salt of the validation mask streams, so they never coincide with a training step's. */
const VALIDATION_SALT = 0x5bd1e995;

/**
 * The seed of a validation event's mask stream.
 *
 * @param seed - the run seed
 * @param event - the event's index in the validation set
 * @returns a 32-bit seed, the same at every epoch, so that validation losses of different epochs
 *   differ only by the network
 */
export function validationSeed(seed: number, event: number): number {
  return eventSeed(seed ^ VALIDATION_SALT, 0, event);
}

/**
 * Computes the loss and gradients of shards of a batch with the fused trainer (in a worker
 * process, or in the coordinator when there is one worker).
 */
export class ShardComputer {
  private readonly trainer: FusedTrainer;
  private dense = new Float32Array(0);

  /**
   * @param settings - sizes and training settings
   */
  constructor(readonly settings: ModelSettings) {
    const { kernelSize: k, convolutions: C } = settings;
    this.trainer = new FusedTrainer(
      { convKernels: new Float32Array(C * k * k), deconvKernels: new Float32Array(C * k * k) },
      {
        pixels: settings.pixels,
        kernelSize: k,
        convolutions: C,
        lossWeights: settings.lossWeights,
        kernelRegularisation: settings.kernelRegularisation,
        learningRate: settings.learningRate,
        seed: settings.seed,
      },
    );
  }

  private images(sparse: SparseImages): Float32Array {
    const size = sparse.count * sparse.area;
    if (this.dense.length < size) this.dense = new Float32Array(size);
    return decodeSparse(sparse, this.dense);
  }

  /**
   * Loss, gradients and unique-winner counts of a shard.
   *
   * @param parameters - the network at this step
   * @param shard - the shard's images
   * @param firstEvent - index of the shard's first event in the global batch
   * @returns the shard's mean loss and mean gradients (regulariser included) and summed counts
   */
  gradients(
    parameters: ParameterSnapshot,
    shard: SparseImages,
    firstEvent: number,
  ): FusedGradients {
    this.trainer.loadParameters(parameters, parameters.step);
    return this.trainer.computeGradients(this.images(shard), shard.count, firstEvent);
  }

  /**
   * Summed activeLoss of validation events (inference: probabilities fixed, no regulariser).
   *
   * @param parameters - the network
   * @param shard - the events
   * @param firstEvent - index of the first of them in the validation set
   * @returns the loss summed over the events
   */
  validation(
    parameters: ParameterSnapshot,
    shard: SparseImages,
    firstEvent: number,
  ): ValidationSum {
    const images = this.images(shard);
    const net = this.trainer.network;
    const rng = this.trainer.rng;
    net.setParameters(parameters.convKernels, parameters.deconvKernels, parameters.probabilities);
    const area = shard.area;
    const target = net.levelInputs[0];
    let lossSum = 0;
    for (let b = 0; b < shard.count; b++) {
      rng.reseed(validationSeed(this.settings.seed, firstEvent + b));
      net.forwardEvent(images, b * area, rng, { dense: true });
      if (target === undefined) break;
      lossSum += this.trainer.loss.event(
        target,
        net.nonZeroIndices(0),
        net.nonZeroCountAt(0),
        net.output,
        undefined,
        1,
      );
    }
    return { lossSum, events: shard.count };
  }
}

/**
 * Averages shard results into the batch's: gradients and losses weighted by events, counts summed.
 *
 * @param parts - results of the shards of one batch
 * @returns the batch's result, as one process computing the whole batch would give it
 * @remarks
 * Each shard's gradient is a mean over its events plus the regulariser's gradient (the same in
 * every shard), so the event-weighted mean is the whole batch's mean plus the regulariser.
 */
export function combineGradients(parts: readonly FusedGradients[]): FusedGradients {
  const first = parts[0];
  if (first === undefined) throw new RangeError('no shard results to combine');
  if (parts.length === 1) return first;
  const events = parts.reduce((n, p) => n + p.events, 0);
  const convGradient = new Float64Array(first.convGradient.length);
  const deconvGradient = new Float64Array(first.deconvGradient.length);
  const counts = new Float64Array(first.counts.length);
  let loss = 0;
  let activeLoss = 0;
  let regularisation = 0;
  for (const p of parts) {
    const w = p.events / events;
    loss += w * p.loss;
    activeLoss += w * p.activeLoss;
    regularisation += w * p.regularisation;
    for (let i = 0; i < convGradient.length; i++) {
      convGradient[i] = (convGradient[i] as number) + w * (p.convGradient[i] as number);
    }
    for (let i = 0; i < deconvGradient.length; i++) {
      deconvGradient[i] = (deconvGradient[i] as number) + w * (p.deconvGradient[i] as number);
    }
    for (let i = 0; i < counts.length; i++) {
      counts[i] = (counts[i] as number) + (p.counts[i] as number);
    }
  }
  return { loss, activeLoss, regularisation, convGradient, deconvGradient, counts, events };
}

/**
 * Splits n events into at most `parts` contiguous shards, as evenly as possible.
 *
 * @param n - events in the batch
 * @param parts - number of workers
 * @returns [first, count] of each non-empty shard
 * @example
 * ```ts
 * shardRanges(5, 2); // [[0, 3], [3, 2]]
 * ```
 */
export function shardRanges(n: number, parts: number): [number, number][] {
  const ranges: [number, number][] = [];
  let first = 0;
  for (let i = 0; i < parts; i++) {
    const count = Math.floor(n / parts) + (i < n % parts ? 1 : 0);
    if (count > 0) ranges.push([first, count]);
    first += count;
  }
  return ranges;
}

/** Where the gradients of a batch are computed: in this process or in worker processes. */
export interface GradientEngine {
  /** Number of worker processes (1 for in-process). */
  readonly workers: number;
  /**
   * Loss and gradients of a global batch.
   * @param parameters - the network at this step
   * @param batch - the global batch
   */
  gradients(parameters: ParameterSnapshot, batch: ImageBatch): Promise<FusedGradients>;
  /**
   * Summed validation loss of a batch of validation events.
   * @param parameters - the network
   * @param batch - the events
   * @param firstEvent - index of the batch's first event in the validation set
   */
  validation(
    parameters: ParameterSnapshot,
    batch: ImageBatch,
    firstEvent: number,
  ): Promise<ValidationSum>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/** A request to a training worker process. */
export type WorkerRequest =
  | {
      kind: 'gradients';
      parameters: ParameterSnapshot;
      shard: SparseImages;
      firstEvent: number;
    }
  | {
      kind: 'validation';
      parameters: ParameterSnapshot;
      shard: SparseImages;
      firstEvent: number;
    }
  | { kind: 'cpu-usage' };

/** Something that answers {@link WorkerRequest}s, such as a WorkerPool. */
export interface ShardCaller {
  /** Number of workers. */
  readonly size: number;
  /** Sends a request to worker i. */
  call<R>(index: number, payload: WorkerRequest): Promise<R>;
  /** Stops the workers. */
  close(): Promise<void>;
}

function snapshot(parameters: ParameterSnapshot): ParameterSnapshot {
  // Typed copies: the coordinator's arrays change at the next step while messages are in flight.
  return {
    convKernels: Float32Array.from(parameters.convKernels),
    deconvKernels: Float32Array.from(parameters.deconvKernels),
    probabilities: Float64Array.from(parameters.probabilities),
    step: parameters.step,
  };
}

/**
 * An engine that computes everything in this process.
 *
 * @param settings - sizes and training settings
 * @returns the engine
 */
export function localEngine(settings: ModelSettings): GradientEngine {
  const computer = new ShardComputer(settings);
  const area = settings.pixels * settings.pixels;
  return {
    workers: 1,
    async gradients(parameters, batch) {
      return computer.gradients(parameters, encodeSparse(batch.images, area, 0, batch.count), 0);
    },
    async validation(parameters, batch, firstEvent) {
      return computer.validation(
        parameters,
        encodeSparse(batch.images, area, 0, batch.count),
        firstEvent,
      );
    },
    async close() {},
  };
}

/**
 * An engine that shards each batch over worker processes (synchronous data parallelism).
 *
 * @param pool - the workers (running train/worker.ts)
 * @param settings - sizes and training settings
 * @returns the engine
 */
export function poolEngine(pool: ShardCaller, settings: ModelSettings): GradientEngine {
  const area = settings.pixels * settings.pixels;
  return {
    workers: pool.size,
    async gradients(parameters, batch) {
      const p = snapshot(parameters);
      const parts = await Promise.all(
        shardRanges(batch.count, pool.size).map(([first, count], i) =>
          pool.call<FusedGradients>(i, {
            kind: 'gradients',
            parameters: p,
            shard: encodeSparse(batch.images, area, first, count),
            firstEvent: first,
          }),
        ),
      );
      return combineGradients(parts);
    },
    async validation(parameters, batch, firstEvent) {
      const p = snapshot(parameters);
      const parts = await Promise.all(
        shardRanges(batch.count, pool.size).map(([first, count], i) =>
          pool.call<ValidationSum>(i, {
            kind: 'validation',
            parameters: p,
            shard: encodeSparse(batch.images, area, first, count),
            firstEvent: firstEvent + first,
          }),
        ),
      );
      return {
        lossSum: parts.reduce((s, v) => s + v.lossSum, 0),
        events: parts.reduce((s, v) => s + v.events, 0),
      };
    },
    close: () => pool.close(),
  };
}
