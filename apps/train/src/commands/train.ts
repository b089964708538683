import { isPowerOf } from '@apemen/jetimage';
import type { Command } from 'commander';
import {
  BACKEND_CHOICES,
  type BackendPreference,
  describeBackend,
  selectBackend,
} from '../backend.js';
import { CliError } from '../cli/errors.js';
import {
  oneOf,
  parseIndexList,
  parseInteger,
  parseNumber,
  parseNumberList,
  parsePositiveInteger,
  parsePositiveNumber,
} from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';
import { TRAINING_PATHS, type TrainingPath } from '../train/cores.js';
import type { ModelSettings } from '../train/gradients.js';
import { INIT_CHOICES, type InitChoice } from '../train/init.js';
import { runTraining } from '../train/loop.js';
import { SCHEDULE_CHOICES, type ScheduleKind } from '../train/schedule.js';

interface TrainOptions {
  train: string[];
  validation?: string[];
  epochs: number;
  batchSize: number;
  pixels: number;
  kernel: number;
  convolutions: number;
  learningRate: number;
  lrSchedule: ScheduleKind;
  warmupSteps: number;
  init: InitChoice;
  lossWeights: number[];
  kernelRegularisation: number;
  seed: number;
  events?: number;
  out: string;
  resume?: boolean;
  weights?: string;
  backend: BackendPreference;
  devices?: number[];
  workers: number;
  path?: TrainingPath;
  checkpointSteps: number;
  checkpointSeconds: number;
  quiet?: boolean;
}

/** Options that fix the network or the optimisation: a resumed run must not change them. */
const FIXED_BY_CHECKPOINT: readonly [keyof TrainOptions, keyof ModelSettings | null][] = [
  ['pixels', 'pixels'],
  ['kernel', 'kernelSize'],
  ['convolutions', 'convolutions'],
  ['learningRate', 'learningRate'],
  ['lrSchedule', null],
  ['warmupSteps', null],
  ['init', 'init'],
  ['lossWeights', 'lossWeights'],
  ['kernelRegularisation', 'kernelRegularisation'],
  ['seed', 'seed'],
  ['batchSize', null],
  ['events', null],
  ['weights', null],
  ['path', null],
];

function flag(name: string): string {
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * `apemen train`: trains the shower network on showered events, with data-parallel worker
 * processes, atomic checkpoints (`latest`, `best`), resumption, history and plots.
 *
 * @param program - the program to add the command to
 * @param io - where messages go
 */
export function registerTrain(program: Command, io: ProgramIO): void {
  program
    .command('train')
    .description(
      'train the shower network on showered events (event files or .npy image stacks), with checkpoints, resumption and worker processes',
    )
    .requiredOption(
      '--train <files...>',
      'training events (HepMC, LHE, APEMEN text; or .npy image stacks)',
    )
    .option(
      '--validation <files...>',
      'validation events; without them 10% of the training events (by event number) validate',
    )
    .option(
      '--epochs <n>',
      'number of epochs (a resumed run continues up to it)',
      parsePositiveInteger,
      10,
    )
    .option('--batch-size <n>', 'images per step per worker or device', parsePositiveInteger, 256)
    .option('--pixels <N>', 'image side N (a power of the kernel size)', parsePositiveInteger, 64)
    .option('--kernel <k>', 'kernel side k', parsePositiveInteger, 2)
    .option('--convolutions <C>', 'number of kernels C', parsePositiveInteger, 9)
    .option('--learning-rate <lr>', 'Nadam learning rate', parsePositiveNumber, 5e-5)
    .option(
      '--lr-schedule <kind>',
      `learning-rate schedule: ${SCHEDULE_CHOICES.join(', ')} (cosine: decay to 1% over the planned steps; fused path)`,
      oneOf(SCHEDULE_CHOICES),
      'constant',
    )
    .option(
      '--warmup-steps <n>',
      'steps of linear learning-rate warm-up (fused path)',
      parseInteger,
      0,
    )
    .option(
      '--init <kind>',
      `initial kernels of a fresh run: ${INIT_CHOICES.join(', ')} (glorot: the original's glorot-normal; splitting: a start that already showers, see docs/training.md)`,
      oneOf(INIT_CHOICES),
      'glorot',
    )
    .option(
      '--loss-weights <list>',
      'activeLoss weights of the 1×1, 2×2, … smearings',
      parseNumberList,
      [100, 10, 1],
    )
    .option(
      '--kernel-regularisation <λ>',
      'energy-conservation regulariser λ(1 − ΣW)² on each encoder kernel',
      parseNumber,
      100,
    )
    .option(
      '--seed <n>',
      'seed of the initial weights, the shuffle and the masks',
      parseInteger,
      140280,
    )
    .option('--events <n>', 'training events per epoch (default: all)', parsePositiveInteger)
    .requiredOption(
      '--out <dir>',
      'run folder: checkpoints latest/ and best/, history, plots, image cache',
    )
    .option('--resume', 'continue the run in --out from its latest checkpoint')
    .option('--weights <path>', 'start from a saved model folder or Keras .h5 weights')
    .option(
      '--backend <name>',
      `tfjs backend for saving models: ${BACKEND_CHOICES.join(', ')}`,
      oneOf(BACKEND_CHOICES),
      'auto',
    )
    .option(
      '--devices <ids>',
      'GPU ids, one worker process each (CUDA_VISIBLE_DEVICES)',
      parseIndexList,
    )
    .option('--workers <n>', 'worker processes (1: train in this process)', parsePositiveInteger, 1)
    .option(
      '--path <path>',
      `computation path: ${TRAINING_PATHS.join(', ')} (default: layers on the tensorflow backend in one process, fused otherwise)`,
      oneOf(TRAINING_PATHS),
    )
    .option(
      '--checkpoint-steps <n>',
      'also save latest every n steps within an epoch (0: only by time)',
      parseInteger,
      0,
    )
    .option(
      '--checkpoint-seconds <s>',
      'also save latest when this many seconds passed since the last save',
      parsePositiveNumber,
      300,
    )
    .option('--quiet', 'no progress display')
    .action(async (opts: TrainOptions, command: Command) => {
      if (!isPowerOf(opts.pixels, opts.kernel)) {
        throw new CliError(
          `--pixels ${opts.pixels} is not a power of --kernel ${opts.kernel} (the network halves the image k-fold per level)`,
        );
      }
      if (opts.seed < 0)
        throw new CliError(`--seed: expected a whole number ≥ 0, got ${opts.seed}`);
      if (opts.kernelRegularisation < 0) {
        throw new CliError(
          `--kernel-regularisation: expected a number ≥ 0, got ${opts.kernelRegularisation}`,
        );
      }
      if (opts.lossWeights.some((w) => w < 0) || !opts.lossWeights.some((w) => w > 0)) {
        throw new CliError(
          `--loss-weights: expected numbers ≥ 0, not all 0, got ${opts.lossWeights.join(',')}`,
        );
      }
      if (opts.checkpointSteps < 0) {
        throw new CliError(
          `--checkpoint-steps: expected a whole number ≥ 0, got ${opts.checkpointSteps}`,
        );
      }
      if (opts.warmupSteps < 0) {
        throw new CliError(`--warmup-steps: expected a whole number ≥ 0, got ${opts.warmupSteps}`);
      }
      if (opts.weights !== undefined && command.getOptionValueSource('init') === 'cli') {
        throw new CliError('give either --weights or --init, not both');
      }
      if (opts.devices !== undefined && command.getOptionValueSource('workers') === 'cli') {
        throw new CliError('give either --devices or --workers, not both');
      }
      if (opts.resume) {
        const changed = FIXED_BY_CHECKPOINT.filter(
          ([name]) => command.getOptionValueSource(name) === 'cli',
        ).map(([name]) => flag(name));
        if (changed.length > 0) {
          throw new CliError(
            `--resume continues with the checkpoint's settings; drop ${changed.join(', ')}`,
          );
        }
      }
      const devices = opts.devices ?? [];
      if (opts.path === 'layers' && (devices.length > 1 || opts.workers > 1)) {
        throw new CliError(
          '--path layers trains in one process (its FilterMask streams are per pass, not per event, so shards would not reproduce one process); use one device, or the fused path for several workers',
        );
      }
      if (opts.path !== 'fused' && devices.length === 1) {
        // before the native backend loads: it sees only this GPU
        process.env.CUDA_VISIBLE_DEVICES = String(devices[0]);
      }
      const choice = await selectBackend(opts.backend);
      if (!opts.quiet) io.stderr(`${describeBackend(choice)}\n`);
      // the composite model where the native backend makes it fast, the fused kernels elsewhere
      const path: TrainingPath =
        opts.path ??
        (choice.backend === 'tensorflow' && devices.length <= 1 && opts.workers === 1
          ? 'layers'
          : 'fused');
      if (path === 'layers' && (opts.lrSchedule !== 'constant' || opts.warmupSteps > 0)) {
        throw new CliError(
          '--lr-schedule and --warmup-steps apply to the fused path; the layers path trains at a constant rate',
        );
      }
      if (path === 'fused' && devices.length > 0 && !opts.quiet) {
        io.stderr(
          'note: the fused path computes on the CPU; --devices starts one worker process per device id\n',
        );
      }
      const settings: ModelSettings = {
        pixels: opts.pixels,
        kernelSize: opts.kernel,
        convolutions: opts.convolutions,
        lossWeights: opts.lossWeights,
        kernelRegularisation: opts.kernelRegularisation,
        learningRate: opts.learningRate,
        seed: opts.seed,
        ...(opts.init !== 'glorot' ? { init: opts.init } : {}),
      };
      const controller = new AbortController();
      const onInterrupt = (): void => {
        io.stderr(
          '\ninterrupt: saving the latest checkpoint after this step (Ctrl-C again to abort)\n',
        );
        controller.abort();
        process.removeListener('SIGINT', onInterrupt);
      };
      process.on('SIGINT', onInterrupt);
      try {
        const result = await runTraining({
          train: opts.train,
          validation: opts.validation ?? [],
          settings,
          epochs: opts.epochs,
          batchSize: opts.batchSize,
          ...(opts.events !== undefined ? { events: opts.events } : {}),
          out: opts.out,
          resume: opts.resume === true,
          ...(opts.weights !== undefined ? { weights: opts.weights } : {}),
          schedule: { kind: opts.lrSchedule, warmupSteps: opts.warmupSteps },
          workers: opts.workers,
          path,
          ...(opts.devices !== undefined ? { devices: opts.devices } : {}),
          checkpointSteps: opts.checkpointSteps,
          checkpointSeconds: opts.checkpointSeconds,
          quiet: opts.quiet === true,
          log: (line) => io.stderr(`${line}\n`),
          signal: controller.signal,
        });
        const last = result.history.at(-1);
        io.stdout(
          `${JSON.stringify({
            out: opts.out,
            epochs: result.history.length,
            loss: last?.loss ?? null,
            val_loss: last?.val_loss ?? null,
            best_val_loss: result.state.bestValLoss,
            bits: last?.bits ?? null,
            events_per_second: last?.events_per_second ?? null,
          })}\n`,
        );
      } finally {
        process.removeListener('SIGINT', onInterrupt);
      }
    });
}
