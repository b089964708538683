/**
 * Settings of the end-to-end demonstration, with the default and the quick (test) configuration.
 */
import type { BackendPreference } from '../backend.js';
import type { InitChoice } from '../train/init.js';
import type { ScheduleKind } from '../train/schedule.js';

/** Everything the demo needs to know. */
export interface DemoConfig {
  /** Folder for every file the demo makes. */
  out: string;
  /** Dijet events made with the reference shower for training. */
  trainEvents: number;
  /** Dijet events showered by the network and compared with the reference shower. */
  testEvents: number;
  /** Training epochs. */
  epochs: number;
  /** Images per step per worker (as `apemen train --batch-size`); a step sees workers × this. */
  batchSize: number;
  /** Worker processes of the training. */
  workers: number;
  /** Initial kernels when training from scratch (`apemen train --init`). */
  init: InitChoice;
  /** Nadam learning rate (`apemen train --learning-rate`). */
  learningRate: number;
  /** Learning-rate schedule (`apemen train --lr-schedule`). */
  lrSchedule: ScheduleKind;
  /** Warm-up steps (`apemen train --warmup-steps`). */
  warmupSteps: number;
  /** Base seed of every stage (the test sample uses seed + 1). */
  seed: number;
  /** kT (GeV) where the reference shower's "unshowered" snapshot is taken. */
  stopAt: number;
  /** GPU ids for training, one worker process each (as `apemen train --devices`); replaces workers. */
  devices?: number[];
  /** Weights (saved model folder or Keras .h5) the training starts from; random when absent. */
  weights?: string;
  /** A trained model (folder or Keras .h5) to use instead of training; no training when given. */
  model?: string;
  /** The tfjs backend of training and generation, as `apemen train --backend`; auto when absent. */
  backend?: BackendPreference;
}

/**
 * The default demonstration: sized to finish within 10 minutes on two CPU cores.
 * @defaultValue see the values; `out` is `demo-out`
 */
export const DEFAULT_DEMO: Readonly<Omit<DemoConfig, 'out'>> = {
  trainEvents: 20_000,
  testEvents: 4_000,
  epochs: 10,
  batchSize: 128,
  workers: 2,
  init: 'splitting',
  learningRate: 7e-4,
  lrSchedule: 'cosine',
  warmupSteps: 20,
  seed: 140280,
  stopAt: 20,
};

/**
 * The quick demonstration (`--quick`), for tests: the whole pipeline on a few hundred events.
 * @defaultValue see the values
 */
export const QUICK_DEMO: Readonly<Omit<DemoConfig, 'out'>> = {
  trainEvents: 256,
  testEvents: 100,
  epochs: 1,
  batchSize: 64,
  workers: 1,
  init: 'splitting',
  learningRate: 7e-4,
  lrSchedule: 'cosine',
  warmupSteps: 0,
  seed: 140280,
  stopAt: 20,
};

/** What the command line may set; everything absent comes from the chosen base configuration. */
export type DemoOverrides = Partial<DemoConfig> & { quick?: boolean };

/**
 * The original's optimiser settings, which the demo uses to fine-tune given `--weights`.
 * @defaultValue learning rate 5e-5, constant, no warm-up
 */
export const FINE_TUNING = {
  learningRate: 5e-5,
  lrSchedule: 'constant',
  warmupSteps: 0,
} as const satisfies Partial<DemoConfig>;

/**
 * The demo's configuration: the quick or default base with the given settings on top.
 *
 * @param overrides - settings from the command line
 * @returns the complete configuration
 * @remarks With `weights` (fine-tuning a trained network) the base's rate and schedule, chosen
 * for training from the splitting start, give way to the original's ({@link FINE_TUNING}) unless
 * set explicitly.
 * @example `demoConfig({ quick: true, out: 'o' }).trainEvents` is 256.
 */
export function demoConfig(overrides: DemoOverrides): DemoConfig {
  const base = overrides.quick ? QUICK_DEMO : DEFAULT_DEMO;
  const config: DemoConfig = {
    ...base,
    ...(overrides.weights !== undefined ? FINE_TUNING : {}),
    out: 'demo-out',
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (key !== 'quick' && value !== undefined)
      (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}
