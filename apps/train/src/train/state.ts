import {
  buildShowerModel,
  type FusedNadamState,
  type ShowerModel,
  type ShowerWeights,
} from '@apemen/shower';
import type * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, type CheckpointFiles, readCheckpoint } from './checkpoint.js';
import type { ModelSettings } from './gradients.js';

/** One epoch of the training history (the columns of history.csv). */
export interface HistoryEntry {
  /** Epoch number, from 1. */
  epoch: number;
  /** Mean training loss (activeLoss + regulariser) over the epoch's batches, weighted by events. */
  loss: number;
  /** Mean training activeLoss alone. */
  active_loss: number;
  /** Mean activeLoss on the validation events at the end of the epoch; null without any. */
  val_loss: number | null;
  /** Activation bits of the filter probabilities at the end of the epoch. */
  bits: number;
  /** The original's entropy monitor at the end of the epoch; null where undefined (all p equal). */
  entropy: number | null;
  /** Training events seen in the epoch. */
  events: number;
  /** Optimiser steps taken in the epoch. */
  steps: number;
  /** Wall-clock seconds of the epoch's training steps (across interruptions). */
  seconds: number;
  /** Training events per second. */
  events_per_second: number;
}

/** Running sums of the epoch in progress. */
export interface EpochSums {
  /** Σ batch loss × batch events. */
  loss: number;
  /** Σ batch activeLoss × batch events. */
  activeLoss: number;
  /** Events so far. */
  events: number;
  /** Seconds of training steps so far. */
  seconds: number;
}

/** The layers path's optimiser and FilterMask positions, as JSON. */
export interface LayersOptimiserJson {
  /** Nadam.getWeights: iter, m_schedule, m…, v… (float32 values). */
  optimiser: { name: string; shape: number[]; values: number[] }[];
  /** FilterMask.calls of each level (the position of its random stream). */
  maskCalls: number[];
}

/** Everything needed to continue a run exactly: the content of a checkpoint's state.json. */
export interface TrainingState {
  /** Layout version. */
  version: 1;
  /** Sizes and training settings. */
  settings: ModelSettings;
  /** The computation path (a run keeps its path). */
  path: 'fused' | 'layers';
  /** Images per optimiser step (all workers together). */
  globalBatch: number;
  /** Training events per epoch, or null for all. */
  eventsPerEpoch: number | null;
  /** The epoch in progress (0-based); equals the number of completed epochs when stepInEpoch is 0. */
  epoch: number;
  /** Optimiser steps done in the epoch in progress. */
  stepInEpoch: number;
  /** Optimiser steps done in total (seeds the masks). */
  step: number;
  /** Sums of the epoch in progress. */
  epochSums: EpochSums;
  /** C·k² encoder kernels. */
  convKernels: number[];
  /** C·k² decoder kernels. */
  deconvKernels: number[];
  /** L·C filter probabilities. */
  probabilities: number[];
  /** Nadam's state on the fused path (its initial state on the layers path). */
  optimiser: { iterations: number; momentumSchedule: number; m: number[][]; v: number[][] };
  /** The layers path's optimiser and mask streams; null on the fused path or before a step. */
  layers: LayersOptimiserJson | null;
  /** Completed epochs. */
  history: HistoryEntry[];
  /** Lowest validation loss so far (the `best` checkpoint's), or null. */
  bestValLoss: number | null;
}

/** Name of the state file inside a checkpoint. */
export const STATE_JSON = 'state.json';

/**
 * Nadam's state as JSON-ready numbers.
 * @param state - from FusedTrainer.optimiserState
 * @returns plain arrays (JSON keeps every double exactly)
 */
export function optimiserToJson(state: FusedNadamState): TrainingState['optimiser'] {
  return {
    iterations: state.iterations,
    momentumSchedule: state.momentumSchedule,
    m: state.m.map((a) => Array.from(a)),
    v: state.v.map((a) => Array.from(a)),
  };
}

/**
 * Nadam's state from its JSON form.
 * @param json - from {@link optimiserToJson}
 * @returns the state for FusedTrainer.setOptimiserState
 */
export function optimiserFromJson(json: TrainingState['optimiser']): FusedNadamState {
  return {
    iterations: json.iterations,
    momentumSchedule: json.momentumSchedule,
    m: json.m.map((a) => Float64Array.from(a)),
    v: json.v.map((a) => Float64Array.from(a)),
  };
}

/**
 * Splits flat kernels and probabilities into a ShowerWeights.
 * @param settings - sizes
 * @param conv - C·k² encoder kernels
 * @param deconv - C·k² decoder kernels
 * @param probabilities - L·C probabilities
 * @returns the plain-data weights
 */
export function toShowerWeights(
  settings: ModelSettings,
  conv: ArrayLike<number>,
  deconv: ArrayLike<number>,
  probabilities: ArrayLike<number>,
): ShowerWeights {
  const { pixels, kernelSize: k, convolutions: C } = settings;
  const kk = k * k;
  const L = probabilities.length / C;
  const slice = (a: ArrayLike<number>, i: number, n: number): Float32Array =>
    Float32Array.from({ length: n }, (_, j) => a[i * n + j] as number);
  return {
    kernelSize: k,
    pixels,
    convolutions: C,
    levels: L,
    convKernels: Array.from({ length: C }, (_, c) => slice(conv, c, kk)),
    deconvKernels: Array.from({ length: C }, (_, c) => slice(deconv, c, kk)),
    filterProbabilities: Array.from({ length: L }, (_, l) => slice(probabilities, l, C)),
  };
}

/**
 * Flattens ShowerWeights into the fused trainer's layout.
 * @param weights - plain-data weights
 * @returns C·k² conv, C·k² deconv and L·C probabilities
 */
export function fromShowerWeights(weights: ShowerWeights): {
  convKernels: Float32Array;
  deconvKernels: Float32Array;
  probabilities: Float64Array;
} {
  const flat = (list: Float32Array[]): number[] => list.flatMap((a) => Array.from(a));
  return {
    convKernels: Float32Array.from(flat(weights.convKernels)),
    deconvKernels: Float32Array.from(flat(weights.deconvKernels)),
    probabilities: Float64Array.from(flat(weights.filterProbabilities)),
  };
}

/**
 * Writes a shower network as a tfjs layers model (model.json + weights.bin), in memory.
 *
 * @remarks
 * The files are those ShowerModel.save writes, so `loadShowerWeights(<checkpoint folder>)` and
 * `apemen generate --model <checkpoint folder>` read a checkpoint directly. The layers model is
 * built once per run and its weights replaced at each checkpoint.
 */
export class ModelWriter {
  private shower: ShowerModel | undefined;

  /**
   * @param settings - sizes and training settings of the run
   */
  constructor(private readonly settings: ModelSettings) {}

  /**
   * The model files of a set of weights.
   * @param weights - the network
   * @returns `model.json` and `weights.bin`
   */
  async files(weights: ShowerWeights): Promise<CheckpointFiles> {
    const s = this.settings;
    this.shower ??= buildShowerModel({
      pixels: s.pixels,
      kernelSize: s.kernelSize,
      convolutions: s.convolutions,
      learningRate: s.learningRate,
      lossWeights: s.lossWeights,
      kernelRegularisation: s.kernelRegularisation,
      seed: s.seed,
    });
    const shower = this.shower;
    shower.setWeights(weights);
    shower.model.setUserDefinedMetadata({ shower: { ...shower.config } });
    let files: CheckpointFiles = {};
    await shower.model.save(
      {
        async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
          const data = artifacts.weightData;
          const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
          const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
          let offset = 0;
          for (const p of parts) {
            bytes.set(new Uint8Array(p), offset);
            offset += p.byteLength;
          }
          const modelJson = {
            modelTopology: artifacts.modelTopology ?? {},
            weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
            format: artifacts.format ?? 'layers-model',
            generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
            convertedBy: artifacts.convertedBy ?? null,
            userDefinedMetadata: artifacts.userDefinedMetadata,
          };
          files = { 'model.json': `${JSON.stringify(modelJson)}\n`, 'weights.bin': bytes };
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        },
      },
      { includeOptimizer: false },
    );
    return files;
  }

  /**
   * Initial weights of a fresh run: the layers model's seeded initialisers (glorot-normal kernels,
   * probabilities 1), so the fused and the layers paths start from the same numbers.
   * @returns the weights
   */
  initialWeights(): ShowerWeights {
    const s = this.settings;
    this.shower ??= buildShowerModel({
      pixels: s.pixels,
      kernelSize: s.kernelSize,
      convolutions: s.convolutions,
      learningRate: s.learningRate,
      lossWeights: s.lossWeights,
      kernelRegularisation: s.kernelRegularisation,
      seed: s.seed,
    });
    return this.shower.kernels();
  }
}

/**
 * Reads the state of a checkpoint.
 * @param root - the run folder
 * @param name - `latest` or `best`
 * @returns the state, or undefined when there is no complete checkpoint of that name
 * @throws CheckpointError when its state.json is unreadable
 */
export async function readTrainingState(
  root: string,
  name: string,
): Promise<TrainingState | undefined> {
  const files = await readCheckpoint(root, name);
  if (files === undefined) return undefined;
  const bytes = files[STATE_JSON];
  if (bytes === undefined) {
    throw new CheckpointError(`${root}/${name}: the checkpoint has no ${STATE_JSON}`);
  }
  let state: TrainingState;
  try {
    state = JSON.parse(new TextDecoder().decode(bytes)) as TrainingState;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CheckpointError(`${root}/${name}/${STATE_JSON}: not valid JSON (${reason})`);
  }
  if (state.version !== 1 || !Array.isArray(state.convKernels) || !Array.isArray(state.history)) {
    throw new CheckpointError(`${root}/${name}/${STATE_JSON}: not a training state of version 1`);
  }
  return state;
}
