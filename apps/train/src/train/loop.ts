import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { activationBits, filterEntropy } from '@apemen/layers';
import { FusedTrainer, loadShowerWeights, type ShowerWeights } from '@apemen/shower';
import { CliError, EXIT_FAILURE } from '../cli/errors.js';
import { Progress } from '../cli/progress.js';
import { WorkerPool } from '../parallel/pool.js';
import { writeCheckpoint } from './checkpoint.js';
import { Divergence, fusedCore, layersCore, type StepResult, type TrainingPath } from './cores.js';
import { type ImageBatch, openTrainingData, prefetchOne } from './data.js';
import {
  type GradientEngine,
  localEngine,
  type ModelSettings,
  poolEngine,
  type ShardCaller,
} from './gradients.js';
import { writeHistory, writeHistoryPlots } from './history.js';
import { splittingWeights } from './init.js';
import type { ScheduleKind } from './schedule.js';
import {
  fromShowerWeights,
  type HistoryEntry,
  ModelWriter,
  optimiserToJson,
  readTrainingState,
  STATE_JSON,
  type TrainingState,
  toShowerWeights,
} from './state.js';

/** Options of {@link runTraining}. */
export interface TrainingOptions {
  /** Training inputs (event files or .npy image stacks). */
  readonly train: readonly string[];
  /** Validation inputs; empty to split the training events. */
  readonly validation: readonly string[];
  /** Sizes and training settings. */
  readonly settings: ModelSettings;
  /** Epochs to reach (a resumed run continues up to this number). @defaultValue 10 */
  readonly epochs: number;
  /** Images per worker per step. @defaultValue 256 */
  readonly batchSize: number;
  /** Training events per epoch, or undefined for all. */
  readonly events?: number;
  /** The run folder: checkpoints `latest` and `best`, history, plots, image cache. */
  readonly out: string;
  /** Continue from `<out>/latest`. */
  readonly resume: boolean;
  /** Start from these weights (saved model folder or Keras .h5) instead of fresh ones. */
  readonly weights?: string;
  /**
   * Learning-rate schedule of a new run on the fused path: its kind and warm-up steps (the cosine
   * decays over the run's planned steps, epochs × steps per epoch). @defaultValue constant, as the
   * original
   */
  readonly schedule?: { readonly kind: ScheduleKind; readonly warmupSteps: number };
  /** Computation path of a new run (a resumed run keeps its own). @defaultValue 'fused' */
  readonly path?: TrainingPath;
  /** Worker processes; 1 computes in this process. @defaultValue 1 */
  readonly workers: number;
  /** GPU ids, one worker each (CUDA_VISIBLE_DEVICES). */
  readonly devices?: readonly number[];
  /** Save `latest` every this many steps within an epoch (0: only by time). @defaultValue 0 */
  readonly checkpointSteps?: number;
  /** Save `latest` when this many seconds passed since the last save. @defaultValue 300 */
  readonly checkpointSeconds?: number;
  /** No progress display. */
  readonly quiet?: boolean;
  /** Messages (progress, epoch summaries). */
  readonly log: (line: string) => void;
  /** Aborted on Ctrl-C: the run saves `latest` after the current step and stops. */
  readonly signal?: AbortSignal;
  /** Where progress bars go. @defaultValue process.stderr */
  readonly progressStream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** What a finished run returns. */
export interface TrainingResult {
  /** Every epoch, including those of earlier (resumed) runs. */
  history: HistoryEntry[];
  /** The final state (as in `latest`). */
  state: TrainingState;
  /** Plot files written. */
  plots: string[];
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), after saving `latest`. */
export const EXIT_INTERRUPTED = 130;

function checkGeometry(weights: ShowerWeights, settings: ModelSettings, source: string): void {
  if (
    weights.pixels !== settings.pixels ||
    weights.kernelSize !== settings.kernelSize ||
    weights.convolutions !== settings.convolutions
  ) {
    throw new CliError(
      `--weights ${source}: the weights are for N = ${weights.pixels}, k = ${weights.kernelSize}, C = ${weights.convolutions}; this run has N = ${settings.pixels}, k = ${settings.kernelSize}, C = ${settings.convolutions}`,
    );
  }
}

function levelsOf(probabilities: ArrayLike<number>, C: number): Float64Array[] {
  const levels: Float64Array[] = [];
  for (let i = 0; i < probabilities.length; i += C) {
    levels.push(Float64Array.from({ length: C }, (_, c) => probabilities[i + c] as number));
  }
  return levels;
}

/**
 * The monitors of the original at the current probabilities.
 * @param probabilities - L·C filter probabilities
 * @param C - kernels per level
 * @returns activation bits and entropy (null where not finite, as with all p equal)
 */
export function monitors(
  probabilities: ArrayLike<number>,
  C: number,
): { bits: number; entropy: number | null } {
  if (C < 2) return { bits: 0, entropy: null };
  const levels = levelsOf(probabilities, C);
  const entropy = filterEntropy(levels);
  return { bits: activationBits(levels), entropy: Number.isFinite(entropy) ? entropy : null };
}

async function startEngine(
  options: TrainingOptions,
  settings: ModelSettings,
): Promise<GradientEngine> {
  const devices = options.devices;
  const workers = devices !== undefined && devices.length > 0 ? devices.length : options.workers;
  if (workers <= 1 && (devices === undefined || devices.length === 0)) {
    return localEngine(settings);
  }
  const pool = await WorkerPool.start({
    workers,
    module: new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
    init: () => settings,
    env: (i): Record<string, string> =>
      devices !== undefined && devices.length > 0
        ? { CUDA_VISIBLE_DEVICES: String(devices[i]) }
        : {},
    log: options.log,
  });
  return poolEngine(pool as unknown as ShardCaller, settings);
}

function sliceBatch(batch: ImageBatch, count: number, area: number): ImageBatch {
  return count >= batch.count ? batch : { images: batch.images.subarray(0, count * area), count };
}

/**
 * Trains the shower network: synchronous data-parallel Nadam on the fused path, with atomic
 * checkpoints, validation, history and plots.
 *
 * @param options - inputs, settings, run folder, workers
 * @returns the history and final state
 * @throws CliError exit 2 for bad inputs or a run folder that does not fit; exit 1 when the loss
 *   or the parameters stop being finite (the last good checkpoint is kept); exit 130 after Ctrl-C
 *   (with `latest` saved); WorkerFailure (exit 1) when a worker dies
 * @remarks
 * Each step takes a global batch of workers × batchSize images (shuffled per epoch from the seed),
 * splits it into contiguous shards, and each worker returns its shard's mean gradients, loss and
 * unique-winner counts at the current parameters. The coordinator averages the gradients weighted
 * by events, sums the counts, applies one Nadam step and the probability update, and sends the new
 * parameters with the next step. The masks of event i of step s come from a stream seeded by
 * (seed, s, i), so the result does not depend on the number of workers.
 */
export async function runTraining(options: TrainingOptions): Promise<TrainingResult> {
  const { out, log } = options;
  let settings = options.settings;
  await mkdir(out, { recursive: true });

  let state: TrainingState | undefined;
  if (options.resume) {
    state = await readTrainingState(out, 'latest');
    if (state === undefined) {
      throw new CliError(`--resume: ${join(out, 'latest')} holds no complete checkpoint`);
    }
    settings = state.settings;
  } else if (existsSync(join(out, 'latest')) || existsSync(join(out, 'latest.old'))) {
    throw new CliError(
      `${out} already holds a training run: continue it with --resume, or choose another --out`,
    );
  }

  const data = await openTrainingData({
    train: options.train,
    validation: options.validation,
    pixels: settings.pixels,
    cacheDir: join(out, 'cache'),
    log,
  });
  log(data.description);
  if (data.train.count === 0) throw new CliError('--train: no training events');

  const area = settings.pixels * settings.pixels;
  const writer = new ModelWriter(settings);
  const C = settings.convolutions;
  const workersWanted =
    options.devices !== undefined && options.devices.length > 0
      ? options.devices.length
      : options.workers;

  if (state === undefined) {
    let weights: ShowerWeights;
    if (options.weights !== undefined) {
      if (!existsSync(options.weights)) {
        throw new CliError(`--weights ${options.weights}: no such file or directory`);
      }
      weights = await loadShowerWeights(options.weights);
      checkGeometry(weights, settings, options.weights);
    } else if (settings.init === 'splitting') {
      weights = splittingWeights(settings);
    } else {
      weights = writer.initialWeights();
    }
    const schedule = options.schedule;
    if (schedule !== undefined && (schedule.kind !== 'constant' || schedule.warmupSteps > 0)) {
      const globalBatch = options.batchSize * workersWanted;
      const trainCount = Math.min(options.events ?? data.train.count, data.train.count);
      settings = {
        ...settings,
        learningRateSchedule: {
          ...schedule,
          totalSteps: options.epochs * Math.ceil(trainCount / globalBatch),
        },
      };
    }
    const flat = fromShowerWeights(weights);
    const fresh = new FusedTrainer(flat, settings);
    state = {
      version: 1,
      settings,
      globalBatch: options.batchSize * workersWanted,
      eventsPerEpoch: options.events ?? null,
      epoch: 0,
      stepInEpoch: 0,
      step: 0,
      epochSums: { loss: 0, activeLoss: 0, events: 0, seconds: 0 },
      convKernels: Array.from(flat.convKernels),
      deconvKernels: Array.from(flat.deconvKernels),
      probabilities: Array.from(flat.probabilities),
      optimiser: optimiserToJson(fresh.optimiserState()),
      layers: null,
      path: options.path ?? 'fused',
      history: [],
      bestValLoss: null,
    };
  }

  const capture = async (s: TrainingState): Promise<TrainingState> => ({
    ...s,
    ...(await core.snapshot()),
    history: [...s.history],
    epochSums: { ...s.epochSums },
  });
  const save = async (name: string, s: TrainingState): Promise<void> => {
    const weights = toShowerWeights(s.settings, s.convKernels, s.deconvKernels, s.probabilities);
    const files = await writer.files(weights);
    files[STATE_JSON] = `${JSON.stringify(s)}\n`;
    await writeCheckpoint(out, name, files);
  };

  if (state.history.length > 0) await writeHistory(out, state.history);
  if (state.epoch >= options.epochs) {
    log(`the run in ${out} has already done ${state.epoch} epochs (--epochs ${options.epochs})`);
    return { history: state.history, state, plots: await writeHistoryPlots(out, state.history) };
  }
  if (options.resume) {
    log(
      `resuming at epoch ${state.epoch + 1}, step ${state.stepInEpoch} of the epoch (${state.step} steps in all)`,
    );
  } else {
    // A first `latest` at once: a run killed in its first epoch can be resumed.
    await save('latest', state);
  }

  const core =
    state.path === 'layers'
      ? await layersCore(state)
      : fusedCore(state, await startEngine(options, settings));
  const globalBatch = state.globalBatch;
  const trainCount = Math.min(state.eventsPerEpoch ?? data.train.count, data.train.count);
  const stepsPerEpoch = Math.ceil(trainCount / globalBatch);
  const checkpointSteps = options.checkpointSteps ?? 0;
  const checkpointMs = (options.checkpointSeconds ?? 300) * 1000;
  log(
    `training (${core.path} path): ${core.workers} worker${core.workers > 1 ? 's' : ''}, ${globalBatch} events per step, ${stepsPerEpoch} steps per epoch, N = ${settings.pixels}, k = ${settings.kernelSize}, C = ${C}`,
  );

  try {
    while (state.epoch < options.epochs) {
      const epoch = state.epoch;
      const progress = new Progress(trainCount, {
        label: `epoch ${epoch + 1}/${options.epochs}`,
        enabled: !options.quiet,
        ...(options.progressStream !== undefined ? { stream: options.progressStream } : {}),
      });
      progress.increment(state.epochSums.events);
      let lastSave = performance.now();
      let index = 0;
      // One batch read ahead: made while the workers compute the current one.
      for await (const full of prefetchOne(data.train.batches(globalBatch, epoch, settings.seed))) {
        if (index >= stepsPerEpoch) break;
        const done = index * globalBatch;
        index += 1;
        if (index <= state.stepInEpoch) continue;
        const batch = sliceBatch(full, Math.min(full.count, trainCount - done), area);
        const started = performance.now();
        let result: StepResult;
        try {
          result = await core.step(batch);
        } catch (error) {
          if (!(error instanceof Divergence)) throw error;
          throw new CliError(
            `training diverged at epoch ${epoch + 1}, step ${state.stepInEpoch + 1}: ${error.message} (learning rate ${settings.learningRate}); stopped, the last good checkpoint is ${join(out, 'latest')}`,
            EXIT_FAILURE,
          );
        }
        const sums = state.epochSums;
        sums.loss += result.loss * result.events;
        sums.activeLoss += result.activeLoss * result.events;
        sums.events += result.events;
        sums.seconds += (performance.now() - started) / 1000;
        state.stepInEpoch += 1;
        state.step = core.stepCount;
        progress.increment(result.events);
        const interrupted = options.signal?.aborted === true;
        const now = performance.now();
        const due =
          (checkpointSteps > 0 && state.stepInEpoch % checkpointSteps === 0) ||
          now - lastSave >= checkpointMs;
        if ((interrupted || due) && state.stepInEpoch < stepsPerEpoch) {
          state = await capture(state);
          await save('latest', state);
          lastSave = performance.now();
        }
        if (interrupted && state.stepInEpoch < stepsPerEpoch) {
          progress.stop();
          throw new CliError(
            `interrupted: saved ${join(out, 'latest')} at epoch ${epoch + 1}, step ${state.stepInEpoch}; continue with --resume`,
            EXIT_INTERRUPTED,
          );
        }
      }
      progress.stop();

      let valLoss: number | null = null;
      if (data.validation.count > 0) {
        let lossSum = 0;
        let events = 0;
        for await (const batch of data.validation.batches(globalBatch, 0, settings.seed, false)) {
          const v = await core.validation(batch, events);
          lossSum += v.lossSum;
          events += v.events;
        }
        valLoss = lossSum / events;
        if (!Number.isFinite(valLoss)) {
          throw new CliError(
            `training diverged at epoch ${epoch + 1}: the validation loss is ${valLoss}; stopped, the last good checkpoint is ${join(out, 'latest')}`,
            EXIT_FAILURE,
          );
        }
      }
      const sums = state.epochSums;
      const { bits, entropy } = monitors(core.probabilities(), C);
      const entry: HistoryEntry = {
        epoch: epoch + 1,
        loss: sums.loss / sums.events,
        active_loss: sums.activeLoss / sums.events,
        val_loss: valLoss,
        bits,
        entropy,
        events: sums.events,
        steps: state.stepInEpoch,
        seconds: sums.seconds,
        events_per_second: sums.seconds > 0 ? sums.events / sums.seconds : 0,
      };
      state = await capture(state);
      state.history.push(entry);
      state.epoch = epoch + 1;
      state.stepInEpoch = 0;
      state.epochSums = { loss: 0, activeLoss: 0, events: 0, seconds: 0 };
      const improved =
        valLoss !== null && (state.bestValLoss === null || valLoss < state.bestValLoss);
      if (improved) state.bestValLoss = valLoss;
      // `best` before `latest`: a kill between the two redoes this epoch, which rewrites `best`.
      if (improved || (valLoss === null && state.epoch === options.epochs)) {
        await save('best', state);
      }
      await save('latest', state);
      await writeHistory(out, state.history);
      log(
        `epoch ${entry.epoch}/${options.epochs}: loss ${entry.loss.toPrecision(5)}, val_loss ${valLoss === null ? '-' : valLoss.toPrecision(5)}, bits ${bits.toFixed(3)}, entropy ${entropy === null ? '-' : entropy.toFixed(3)}, ${entry.events_per_second.toFixed(0)} events/s${improved ? ' (best)' : ''}`,
      );
      if (options.signal?.aborted === true && state.epoch < options.epochs) {
        throw new CliError(
          `interrupted: saved ${join(out, 'latest')} after epoch ${state.epoch}; continue with --resume`,
          EXIT_INTERRUPTED,
        );
      }
    }
  } finally {
    await core.close();
  }
  const plots = await writeHistoryPlots(out, state.history);
  return { history: state.history, state, plots };
}
