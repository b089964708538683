import { activeLoss, type FilterMask } from '@apemen/layers';
import { buildShowerModel, FusedTrainer, type ShowerModel } from '@apemen/shower';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageBatch } from './data.js';
import type { GradientEngine, ModelSettings, ValidationSum } from './gradients.js';
import { learningRateFactor, scaleStep } from './schedule.js';
import {
  type LayersOptimiserJson,
  optimiserFromJson,
  optimiserToJson,
  type TrainingState,
  toShowerWeights,
} from './state.js';

/** The computation paths of `apemen train`. */
export const TRAINING_PATHS = ['fused', 'layers'] as const;
/** A computation path. */
export type TrainingPath = (typeof TRAINING_PATHS)[number];

/** What one optimiser step reports. */
export interface StepResult {
  /** Mean loss of the batch (activeLoss + regulariser) before the step. */
  readonly loss: number;
  /** Mean activeLoss alone. */
  readonly activeLoss: number;
  /** Events in the batch. */
  readonly events: number;
}

/** Raised by a core when the loss, the gradients or the parameters stop being finite. */
export class Divergence extends Error {
  override readonly name = 'Divergence';
}

/** The numbers a checkpoint keeps of a core. */
export type CoreSnapshot = Pick<
  TrainingState,
  'convKernels' | 'deconvKernels' | 'probabilities' | 'optimiser' | 'layers' | 'step'
>;

/** One way of training the network: takes optimiser steps and evaluates validation events. */
export interface TrainingCore {
  /** The path. */
  readonly path: TrainingPath;
  /** Worker processes (1 for in-process). */
  readonly workers: number;
  /** Optimiser steps taken so far. */
  readonly stepCount: number;
  /**
   * One optimiser step on a global batch.
   * @throws {@link Divergence} when the loss, gradients or new parameters are not finite (the
   *   parameters are then those before the step where the core can tell beforehand)
   */
  step(batch: ImageBatch): Promise<StepResult>;
  /** Summed activeLoss of validation events (probabilities fixed). */
  validation(batch: ImageBatch, firstEvent: number): Promise<ValidationSum>;
  /** The current numbers, for a checkpoint. */
  snapshot(): Promise<CoreSnapshot>;
  /** Current L·C filter probabilities. */
  probabilities(): ArrayLike<number>;
  /** Stops workers and frees tensors. */
  close(): Promise<void>;
}

function finite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return false;
  return true;
}

/**
 * The fused path: typed-array gradients (in this process or in worker processes), averaged by
 * the coordinator, one Nadam step here.
 *
 * @param state - the state to start from
 * @param engine - where gradients are computed
 * @returns the core
 */
export function fusedCore(state: TrainingState, engine: GradientEngine): TrainingCore {
  const parameters = {
    convKernels: state.convKernels,
    deconvKernels: state.deconvKernels,
    probabilities: state.probabilities,
  };
  const settings = state.settings;
  const trainer = new FusedTrainer(parameters, settings);
  trainer.loadParameters(parameters, state.step);
  trainer.setOptimiserState(optimiserFromJson(state.optimiser));
  const current = () => ({
    convKernels: trainer.convKernels,
    deconvKernels: trainer.deconvKernels,
    probabilities: trainer.probabilities,
    step: trainer.stepCount,
  });
  return {
    path: 'fused',
    workers: engine.workers,
    get stepCount() {
      return trainer.stepCount;
    },
    async step(batch) {
      const result = await engine.gradients(current(), batch);
      if (
        !Number.isFinite(result.loss) ||
        !finite(result.convGradient) ||
        !finite(result.deconvGradient)
      ) {
        throw new Divergence(`the loss is ${result.loss}`);
      }
      const before = {
        convKernels: Float32Array.from(trainer.convKernels),
        deconvKernels: Float32Array.from(trainer.deconvKernels),
        probabilities: Float64Array.from(trainer.probabilities),
      };
      const state = trainer.optimiserState();
      const factor = learningRateFactor(settings.learningRateSchedule, trainer.stepCount);
      trainer.applyGradients(result, result.counts);
      scaleStep(trainer.convKernels, before.convKernels, factor);
      scaleStep(trainer.deconvKernels, before.deconvKernels, factor);
      if (!finite(trainer.convKernels) || !finite(trainer.deconvKernels)) {
        // keep the last finite numbers in memory too, so that nothing non-finite is ever saved
        trainer.loadParameters(before, trainer.stepCount - 1);
        trainer.setOptimiserState(state);
        throw new Divergence('the parameters are no longer finite after the step');
      }
      return { loss: result.loss, activeLoss: result.activeLoss, events: result.events };
    },
    validation: (batch, firstEvent) => engine.validation(current(), batch, firstEvent),
    async snapshot() {
      return {
        step: trainer.stepCount,
        convKernels: Array.from(trainer.convKernels),
        deconvKernels: Array.from(trainer.deconvKernels),
        probabilities: Array.from(trainer.probabilities),
        optimiser: optimiserToJson(trainer.optimiserState()),
        layers: null,
      };
    },
    probabilities: () => trainer.probabilities,
    close: () => engine.close(),
  };
}

function maskLayers(shower: ShowerModel): FilterMask[] {
  return Array.from(
    { length: shower.config.levels },
    (_, i) => shower.model.getLayer(`filter_mask_${i + 1}`) as unknown as FilterMask,
  );
}

function energyPenalty(conv: ArrayLike<number>, settings: ModelSettings): number {
  const kk = settings.kernelSize * settings.kernelSize;
  let penalty = 0;
  for (let c = 0; c < settings.convolutions; c++) {
    let sum = 0;
    for (let i = 0; i < kk; i++) sum += conv[c * kk + i] as number;
    penalty += settings.kernelRegularisation * (1 - sum) ** 2;
  }
  return penalty;
}

/**
 * The layers path: the composite tfjs-layers model trained with `trainOnBatch` (Keras' Nadam,
 * FilterMask updating its own probabilities) in this process, on whatever tfjs backend is active
 * (the native TensorFlow one on GPUs).
 *
 * @param state - the state to start from
 * @returns the core
 * @remarks
 * The FilterMask layers draw their uniforms from one stream per level and forward pass, not per
 * event, so this path cannot be sharded exactly over workers: it runs in one process.
 */
export async function layersCore(state: TrainingState): Promise<TrainingCore> {
  const s = state.settings;
  const shower = buildShowerModel({
    pixels: s.pixels,
    kernelSize: s.kernelSize,
    convolutions: s.convolutions,
    learningRate: s.learningRate,
    lossWeights: s.lossWeights,
    kernelRegularisation: s.kernelRegularisation,
    seed: s.seed,
  });
  shower.setWeights(
    toShowerWeights(s, state.convKernels, state.deconvKernels, state.probabilities),
  );
  const masks = maskLayers(shower);
  let steps = state.step;
  if (state.layers !== null) {
    const optimizer = shower.model.optimizer;
    const named = state.layers.optimiser.map((w) => ({
      name: w.name,
      tensor: tf.tensor(w.values, w.shape, 'float32'),
    }));
    await optimizer.setWeights(named);
    tf.dispose(named.map((n) => n.tensor));
    state.layers.maskCalls.forEach((calls, i) => {
      const layer = masks[i];
      if (layer !== undefined) layer.calls = calls;
    });
  }
  const loss = activeLoss(s.lossWeights, { pixels: s.pixels });
  const N = s.pixels;
  const flat = () => {
    const w = shower.kernels();
    return {
      conv: w.convKernels.flatMap((k) => Array.from(k)),
      deconv: w.deconvKernels.flatMap((k) => Array.from(k)),
      probabilities: w.filterProbabilities.flatMap((p) => Array.from(p)),
    };
  };
  return {
    path: 'layers',
    workers: 1,
    get stepCount() {
      return steps;
    },
    async step(batch) {
      const before = shower.kernels();
      const penalty = energyPenalty(
        before.convKernels.flatMap((k) => Array.from(k)),
        s,
      );
      const x = tf.tensor4d(batch.images, [batch.count, N, N, 1]);
      let value: number;
      try {
        const result = await shower.model.trainOnBatch(x, x);
        value = Array.isArray(result) ? (result[0] as number) : result;
      } finally {
        x.dispose();
      }
      const after = flat();
      if (!Number.isFinite(value) || !finite(after.conv) || !finite(after.deconv)) {
        shower.setWeights(before);
        throw new Divergence(`the loss is ${value}`);
      }
      steps += 1;
      return {
        loss: value,
        activeLoss: value - (s.kernelRegularisation > 0 ? penalty : 0),
        events: batch.count,
      };
    },
    async validation(batch) {
      const x = tf.tensor4d(batch.images, [batch.count, N, N, 1]);
      try {
        const y = shower.model.predict(x, { batchSize: batch.count }) as tf.Tensor;
        const l = loss(x, y);
        const value = (await l.data())[0] as number;
        tf.dispose([y, l]);
        return { lossSum: value * batch.count, events: batch.count };
      } finally {
        x.dispose();
      }
    },
    async snapshot() {
      const f = flat();
      const weights = await shower.model.optimizer.getWeights();
      const optimiser: LayersOptimiserJson['optimiser'] = weights.map((w) => ({
        name: w.name,
        shape: [...w.tensor.shape],
        values: Array.from(w.tensor.dataSync()),
      }));
      // iter and m_schedule are fresh scalars; the moments are the optimiser's own variables
      tf.dispose(weights.slice(0, 2).map((w) => w.tensor));
      return {
        step: steps,
        convKernels: f.conv,
        deconvKernels: f.deconv,
        probabilities: f.probabilities,
        optimiser: state.optimiser,
        layers: { optimiser, maskCalls: masks.map((m) => m.calls) },
      };
    },
    probabilities: () => flat().probabilities,
    async close() {
      shower.model.dispose();
    },
  };
}
