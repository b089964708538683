/**
 * The end-to-end demonstration: reference shower → pixelise → train → generate with merging →
 * report, each stage run as the `apemen` command a user would type.
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { selectBackend } from '../backend.js';
import { CliError, EXIT_FAILURE } from '../cli/errors.js';
import { type ProgramIO, runProgram } from '../cli/program.js';
import type { ReportMetrics } from '../report/report.js';
import { writeFileAtomically } from '../report/report.js';
import type { DemoConfig } from './config.js';

/** How long one stage took. */
export interface StageTiming {
  /** The stage's name. */
  name: string;
  /** The command it ran (arguments after `apemen`). */
  command: string[];
  /** Wall time, seconds. */
  seconds: number;
}

/** The files the demo makes, relative to its folder. */
export const DEMO_FILES = {
  trainShowered: 'train-showered.hepmc3',
  trainImages: 'train-images.npy',
  testShowered: 'test-showered.hepmc3',
  testUnshowered: 'test-unshowered.hepmc3',
  training: 'training',
  generated: 'generated.hepmc3',
  report: 'report',
  summary: 'demo.json',
} as const;

/** What a demo run did. */
export interface DemoResult {
  /** The configuration it ran. */
  config: DemoConfig;
  /** Each stage's wall time, in order. */
  stages: StageTiming[];
  /** Wall time of the whole run, seconds. */
  totalSeconds: number;
  /** The model that showered the test events. */
  model: string;
  /** The report folder. */
  reportDir: string;
  /** The report's metrics. */
  metrics: ReportMetrics;
}

/** Forwards a sub-command's output, indenting each line, and keeps its last error message. */
function stageIO(io: ProgramIO): { io: ProgramIO; lastError: () => string | undefined } {
  let atLineStart = true;
  let lastError: string | undefined;
  const indent = (text: string): string => {
    let out = '';
    for (const ch of text) {
      if (atLineStart && ch !== '\n') out += '  ';
      out += ch;
      atLineStart = ch === '\n';
    }
    return out;
  };
  return {
    io: {
      stdout: (text) => io.stderr(indent(text)),
      stderr: (text) => {
        const match = /apemen: (.*)/.exec(text);
        if (match) lastError = match[1];
        io.stderr(indent(text));
      },
    },
    lastError: () => lastError,
  };
}

/**
 * Finds the model a training run wrote: the best-validation checkpoint where there is one, else
 * the latest.
 *
 * @param trainingDir - the folder given to `apemen train --out`
 * @returns the path `apemen generate --model` takes
 * @throws CliError (exit 1) when the folder holds no model
 */
export async function trainedModel(trainingDir: string): Promise<string> {
  for (const name of ['best', 'latest', 'model', 'final']) {
    const candidate = join(trainingDir, name);
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isDirectory()) return candidate;
  }
  throw new CliError(`the training wrote no model into ${trainingDir}`, EXIT_FAILURE);
}

/**
 * Runs the demonstration.
 *
 * @param config - sizes, seeds, folder (see `demoConfig`)
 * @param io - progress and the stages' messages go to `io.stderr`
 * @returns timings, the model used and the report's metrics
 * @throws CliError naming the stage that failed, with the stage's exit code (a bad option is 2,
 *   a runtime failure 1)
 * @remarks
 * The stages: (1) the reference dipole shower makes `trainEvents` dijet events for training and,
 * with the next seed, `testEvents` events written twice, at the stopping scale `stopAt` (the
 * "unshowered" matrix-element-like events) and fully showered (the truth); (2) the training events
 * are pixelised into 64×64 images; (3) the network (k = 2, 9 convolutions) is trained on them;
 * (4) the network showers the unshowered test events, merged with their hard emissions; (5) the
 * report compares the network's events with the reference shower, with the unshowered events as
 * baseline. Each stage writes its files under temporary names, so an interrupted run leaves no
 * partial file; a rerun redoes every stage.
 * @example
 * ```ts
 * const result = await runDemo(demoConfig({ quick: true, out: 'demo-out' }), io);
 * result.metrics.summary.medianClosure;
 * ```
 */
export async function runDemo(config: DemoConfig, io: ProgramIO): Promise<DemoResult> {
  const out = resolve(config.out);
  const existing = await stat(out).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new CliError(`--out ${config.out}: exists and is not a folder`);
  }
  await mkdir(out, { recursive: true });
  const file = (name: keyof typeof DEMO_FILES): string => join(out, DEMO_FILES[name]);
  const stages: StageTiming[] = [];
  const started = performance.now();

  const stage = async (name: string, command: string[]): Promise<void> => {
    io.stderr(`demo: ${name}: apemen ${command.join(' ')}\n`);
    const t0 = performance.now();
    const forward = stageIO(io);
    const code = await runProgram(command, forward.io);
    const seconds = (performance.now() - t0) / 1000;
    if (code !== 0) {
      throw new CliError(
        `demo: the ${name} stage failed (exit ${code})${forward.lastError() ? `: ${forward.lastError()}` : ''}`,
        code,
      );
    }
    stages.push({ name, command, seconds });
    io.stderr(`demo: ${name} done in ${seconds.toFixed(1)} s\n`);
  };

  const seed = String(config.seed);
  if (config.model === undefined) {
    await stage('reference shower (training events)', [
      'refshower',
      '--process',
      'dijet',
      '--events',
      String(config.trainEvents),
      '--seed',
      seed,
      '--out',
      file('trainShowered'),
    ]);
  }
  await stage('reference shower (test events)', [
    'refshower',
    '--process',
    'dijet',
    '--events',
    String(config.testEvents),
    '--seed',
    String(config.seed + 1),
    '--out',
    file('testShowered'),
    '--stop-at',
    String(config.stopAt),
    '--out-pre',
    file('testUnshowered'),
  ]);
  let model: string;
  if (config.model === undefined) {
    await stage('pixelise', ['pixelise', file('trainShowered'), file('trainImages')]);
    // A previous run's checkpoints would make the training resume or refuse; the folder is the
    // demo's own.
    await rm(file('training'), { recursive: true, force: true });
    await stage('train', [
      'train',
      '--train',
      file('trainImages'),
      '--out',
      file('training'),
      '--epochs',
      String(config.epochs),
      '--batch-size',
      String(config.batchSize),
      ...(config.devices !== undefined
        ? ['--devices', config.devices.join(',')]
        : ['--workers', String(config.workers)]),
      '--seed',
      seed,
      '--learning-rate',
      String(config.learningRate),
      '--lr-schedule',
      config.lrSchedule,
      '--warmup-steps',
      String(config.warmupSteps),
      ...(config.weights !== undefined ? ['--weights', config.weights] : ['--init', config.init]),
      ...(config.backend !== undefined ? ['--backend', config.backend] : []),
    ]);
    model = await trainedModel(file('training'));
  } else {
    model = config.model;
  }
  // A saved model folder is read through tfjs, which needs a backend; the training stage chose
  // one in this process, a given --model did not.
  await selectBackend(config.backend ?? 'auto');
  await stage('generate', [
    'generate',
    '--model',
    model,
    '--input',
    file('testUnshowered'),
    '--out',
    file('generated'),
    '--merge',
    '--seed',
    seed,
    '--quiet',
  ]);
  await stage('report', [
    'report',
    '--truth',
    file('testShowered'),
    '--generated',
    file('generated'),
    '--baseline',
    file('testUnshowered'),
    '--out',
    file('report'),
  ]);
  const metrics = JSON.parse(
    await readFile(join(file('report'), 'metrics.json'), 'utf8'),
  ) as ReportMetrics;
  const totalSeconds = (performance.now() - started) / 1000;
  const result: DemoResult = {
    config,
    stages,
    totalSeconds,
    model,
    reportDir: file('report'),
    metrics,
  };
  await writeFileAtomically(
    file('summary'),
    `${JSON.stringify(
      {
        config,
        stages,
        totalSeconds,
        model,
        report: join(file('report'), 'index.html'),
        closure: Object.fromEntries(
          Object.entries(metrics.observables).map(([name, m]) => [name, m.closure]),
        ),
        summary: metrics.summary,
      },
      null,
      2,
    )}\n`,
  );
  return result;
}

/**
 * The demo's closing text: stage timings, the closure per observable, and where the report is.
 *
 * @param result - what {@link runDemo} returned
 * @returns lines of text ending in a newline
 * @example `formatDemoSummary(result)` starts with `stage timings:`.
 */
export function formatDemoSummary(result: DemoResult): string {
  const lines: string[] = ['stage timings:'];
  const width = Math.max(...result.stages.map((s) => s.name.length));
  for (const s of result.stages) {
    lines.push(`  ${s.name.padEnd(width)}  ${s.seconds.toFixed(1).padStart(7)} s`);
  }
  lines.push(`  ${'total'.padEnd(width)}  ${result.totalSeconds.toFixed(1).padStart(7)} s`);
  lines.push('', 'closure 1 − W1(network, reference)/W1(unshowered, reference) per observable:');
  const nameWidth = Math.max(...Object.keys(result.metrics.observables).map((n) => n.length));
  for (const [name, m] of Object.entries(result.metrics.observables)) {
    const value = m.closure === null ? 'n/a' : m.closure.toFixed(3);
    lines.push(`  ${name.padEnd(nameWidth)}  ${value.padStart(7)}`);
  }
  const s = result.metrics.summary;
  lines.push(
    `  ${'median'.padEnd(nameWidth)}  ${(s.medianClosure === null ? 'n/a' : s.medianClosure.toFixed(3)).padStart(7)}`,
    '',
    `model: ${result.model}`,
    `report: ${join(result.reportDir, 'index.html')}`,
  );
  return `${lines.join('\n')}\n`;
}
