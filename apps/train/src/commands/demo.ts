import type { Command } from 'commander';
import { BACKEND_CHOICES } from '../backend.js';
import { CliError } from '../cli/errors.js';
import {
  oneOf,
  parseIndexList,
  parseInteger,
  parsePositiveInteger,
  parsePositiveNumber,
} from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';
import { DEFAULT_DEMO, type DemoOverrides, demoConfig, QUICK_DEMO } from '../demo/config.js';
import { formatDemoSummary, runDemo } from '../demo/pipeline.js';
import { INIT_CHOICES } from '../train/init.js';
import { SCHEDULE_CHOICES } from '../train/schedule.js';

type DemoFlags = Omit<DemoOverrides, 'trainEvents'> & { events?: number };

/**
 * `apemen demo`: the end-to-end demonstration (`pnpm demo`).
 *
 * @param program - the program to add the command to
 * @param io - stage messages go to stderr, the closing summary to stdout
 * @remarks
 * Reference dipole shower → pixelise → train (two worker processes by default) → shower the
 * unshowered test events with the network, merged → report against the reference shower. The
 * default configuration finishes in under 10 minutes on two CPU cores; docs/demo.md describes it
 * and the paper-sized configuration for GPUs.
 * @example `apemen demo --out demo-out` (or `pnpm demo`)
 */
export function registerDemo(program: Command, io: ProgramIO): void {
  program
    .command('demo')
    .description(
      'run the end-to-end demonstration: reference shower, pixelise, train, generate with merging, report',
    )
    .option('--out <dir>', 'folder for every file the demo makes', 'demo-out')
    .option(
      '--events <n>',
      `training events (default ${DEFAULT_DEMO.trainEvents}; --quick ${QUICK_DEMO.trainEvents})`,
      parsePositiveInteger,
    )
    .option(
      '--test-events <n>',
      `events showered by the network and compared (default ${DEFAULT_DEMO.testEvents}; --quick ${QUICK_DEMO.testEvents})`,
      parsePositiveInteger,
    )
    .option(
      '--epochs <n>',
      `training epochs (default ${DEFAULT_DEMO.epochs}; --quick ${QUICK_DEMO.epochs})`,
      parsePositiveInteger,
    )
    .option(
      '--batch-size <n>',
      `images per step per worker (default ${DEFAULT_DEMO.batchSize}; --quick ${QUICK_DEMO.batchSize})`,
      parsePositiveInteger,
    )
    .option(
      '--workers <n>',
      `training worker processes (default ${DEFAULT_DEMO.workers}; --quick ${QUICK_DEMO.workers})`,
      parsePositiveInteger,
    )
    .option(
      '--devices <ids>',
      'train with one worker process per GPU id (e.g. 0,1) instead of --workers',
      parseIndexList,
    )
    .option(
      '--init <kind>',
      `initial kernels: ${INIT_CHOICES.join(', ')} (default ${DEFAULT_DEMO.init}; see docs/demo.md)`,
      oneOf(INIT_CHOICES),
    )
    .option(
      '--learning-rate <lr>',
      `Nadam learning rate (default ${DEFAULT_DEMO.learningRate})`,
      parsePositiveNumber,
    )
    .option(
      '--lr-schedule <kind>',
      `learning-rate schedule: ${SCHEDULE_CHOICES.join(', ')} (default ${DEFAULT_DEMO.lrSchedule})`,
      oneOf(SCHEDULE_CHOICES),
    )
    .option(
      '--warmup-steps <n>',
      `learning-rate warm-up steps (default ${DEFAULT_DEMO.warmupSteps}; --quick ${QUICK_DEMO.warmupSteps})`,
      parseInteger,
    )
    .option(
      '--weights <path>',
      'fine-tune these weights (saved model folder or Keras .h5; at the original 5e-5 unless --learning-rate is given) instead of starting from --init',
    )
    .option('--seed <n>', `base seed (default ${DEFAULT_DEMO.seed})`, parseInteger)
    .option(
      '--stop-at <kT>',
      `kT in GeV of the unshowered snapshot (default ${DEFAULT_DEMO.stopAt})`,
      parsePositiveNumber,
    )
    .option(
      '--backend <name>',
      `tfjs backend of training and generation: ${BACKEND_CHOICES.join(', ')} (default: auto)`,
      oneOf(BACKEND_CHOICES),
    )
    .option(
      '--model <path>',
      'shower with this trained model (folder or Keras .h5) instead of training one',
    )
    .option('--quick', 'a tiny configuration that runs in well under a minute (for tests)')
    .action(async (options: DemoFlags) => {
      if (options.warmupSteps !== undefined && options.warmupSteps < 0) {
        throw new CliError(
          `--warmup-steps: expected a whole number ≥ 0, got ${options.warmupSteps}`,
        );
      }
      if (options.weights !== undefined && options.init !== undefined) {
        throw new CliError('give either --weights or --init, not both');
      }
      if (options.seed !== undefined && options.seed < 0) {
        throw new CliError(`--seed: expected a whole number ≥ 0, got ${options.seed}`);
      }
      const { events, ...rest } = options;
      const config = demoConfig({
        ...rest,
        ...(events !== undefined ? { trainEvents: events } : {}),
      });
      const result = await runDemo(config, io);
      io.stdout(formatDemoSummary(result));
    });
}
