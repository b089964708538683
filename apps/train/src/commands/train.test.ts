import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '@apemen/eventio';
import { loadShowerWeights } from '@apemen/shower';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend.js';
import { runProgram } from '../cli/program.js';
import { listCheckpoints } from '../train/checkpoint.js';
import type { ModelSettings } from '../train/gradients.js';
import { splittingWeights } from '../train/init.js';
import { runTraining, type TrainingOptions } from '../train/loop.js';
import { readTrainingState, type TrainingState } from '../train/state.js';
import { writeSparseStack } from '../train/test-helpers.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const LHE = join(ROOT, '../shared/data/events/hepmc3repo_test_inputIO13.lhe');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

let dir: string;
let small: string;
let large: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apemen-train-'));
  small = join(dir, 'small.npy');
  large = join(dir, 'large.npy');
  await writeSparseStack(small, 120, 16, 1);
  await writeSparseStack(large, 1200, 32, 2);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SMALL = ['--pixels', '16', '--batch-size', '16', '--quiet', '--backend', 'cpu'];

async function train(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const c = capture();
  const code = await runProgram(['train', ...args], c.io);
  return { code, err: c.err(), out: c.out() };
}

async function latest(out: string): Promise<TrainingState> {
  const state = await readTrainingState(out, 'latest');
  if (state === undefined) throw new Error(`no latest checkpoint in ${out}`);
  return state;
}

function sameRun(a: TrainingState, b: TrainingState): void {
  expect(b.step).toBe(a.step);
  expect(b.convKernels).toEqual(a.convKernels);
  expect(b.deconvKernels).toEqual(a.deconvKernels);
  expect(b.probabilities).toEqual(a.probabilities);
  expect(b.optimiser).toEqual(a.optimiser);
  const columns = (s: TrainingState) =>
    s.history.map((h) => [h.epoch, h.loss, h.active_loss, h.val_loss, h.bits, h.entropy, h.events]);
  expect(columns(b)).toEqual(columns(a));
}

describe('apemen train', () => {
  it('trains, keeps history and checkpoints, and its best model generates', async () => {
    const out = join(dir, 'basic');
    const r = await train(['--train', small, '--epochs', '2', '--out', out, ...SMALL]);
    expect(r.err).not.toContain('apemen:');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { epochs: number; val_loss: number };
    expect(summary.epochs).toBe(2);

    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as {
      epoch: number;
      loss: number;
      val_loss: number;
      bits: number;
      events: number;
      steps: number;
    }[];
    expect(history.map((h) => h.epoch)).toEqual([1, 2]);
    const state = await latest(out);
    // 120 images, split by index with jetimage's splitOf at 10%: every training image once per
    // epoch, in ceil(events/16) steps
    const trainEvents = history[0]?.events as number;
    expect(trainEvents).toBeGreaterThan(90);
    expect(trainEvents).toBeLessThan(120);
    expect(history[0]?.steps).toBe(Math.ceil(trainEvents / 16));
    expect(state.step).toBe(2 * Math.ceil(trainEvents / 16));
    for (const h of history) {
      expect(Number.isFinite(h.loss)).toBe(true);
      expect(Number.isFinite(h.val_loss)).toBe(true);
    }
    // activation bits recomputed by hand from the saved probabilities: Σ_levels −Σ p ln p / ln 9
    let bits = 0;
    for (let l = 0; l < 3; l++) {
      for (let c = 0; c < 9; c++) {
        const p = state.probabilities[l * 9 + c] as number;
        if (p > 0) bits -= (p * Math.log(p)) / Math.log(9);
      }
    }
    expect(history[1]?.bits).toBeCloseTo(bits, 12);
    const csv = readFileSync(join(out, 'history.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'epoch,loss,active_loss,val_loss,bits,entropy,events,steps,seconds,events_per_second',
    );
    expect(csv).toHaveLength(3);
    for (const png of ['loss.png', 'activation-bits.png']) {
      expect(readFileSync(join(out, png)).subarray(1, 4).toString()).toBe('PNG');
    }

    // The checkpoint folders are tfjs models holding the state's numbers.
    expect(await listCheckpoints(out)).toEqual(['best', 'latest']);
    const saved = await loadShowerWeights(join(out, 'latest'));
    expect(Array.from(saved.convKernels.flatMap((k) => Array.from(k)))).toEqual(state.convKernels);
    expect(Array.from(saved.filterProbabilities.flatMap((p) => Array.from(p)))).toEqual(
      state.probabilities.map((p) => Math.fround(p)),
    );

    const gen = capture();
    const hepmc = join(dir, 'generated.hepmc3');
    const code = await runProgram(
      [
        'generate',
        '--model',
        join(out, 'best'),
        '--input',
        LHE,
        '--out',
        hepmc,
        '--events',
        '3',
        '--quiet',
      ],
      gen.io,
    );
    expect(gen.err()).not.toContain('apemen:');
    expect(code).toBe(0);
    expect(readFileSync(hepmc, 'utf8')).toContain('HepMC::Version');
  });

  it('pixelises event files into a reusable image cache (validation files, or a split by event number)', async () => {
    const hepmc2 = join(ROOT, '../shared/data/events/hepmc3repo_test_inputConvert1.hepmc2.hepmc');
    const out = join(dir, 'events');
    const args = ['--train', LHE, '--validation', hepmc2, '--epochs', '1', ...SMALL];
    const r = await train([...args, '--out', out]);
    expect(r.err).not.toContain('apemen:');
    expect(r.code).toBe(0);
    // the LHE file has 100 events, the HepMC2 file 6
    expect(r.err).toContain('100 training and 6 validation events');
    expect(r.err).toContain('pixelised 100 events into the image cache');
    const history = (await latest(out)).history;
    expect(history[0]?.events).toBe(100);
    expect(Number.isFinite(history[0]?.val_loss)).toBe(true);
    // resuming reads the cache instead of the events
    const again = await train([
      '--train',
      LHE,
      '--validation',
      hepmc2,
      '--epochs',
      '2',
      '--quiet',
      '--backend',
      'cpu',
      '--out',
      out,
      '--resume',
    ]);
    expect(again.code).toBe(0);
    expect(again.err).not.toContain('pixelised');
    expect((await latest(out)).history.map((h) => h.epoch)).toEqual([1, 2]);
    const split = await train([
      '--train',
      LHE,
      '--epochs',
      '1',
      ...SMALL,
      '--out',
      join(dir, 'events-split'),
    ]);
    expect(split.code).toBe(0);
    // jetimage's splitOf sends about 10 % of the event numbers 0..99 to validation
    const counts = /(\d+) training and (\d+) validation events \(split by event number\)/.exec(
      split.err,
    );
    expect(Number(counts?.[1]) + Number(counts?.[2])).toBe(100);
    expect(Number(counts?.[2])).toBeGreaterThan(0);
  });

  it('a run resumed after its first epoch ends exactly as an uninterrupted one', async () => {
    const straight = join(dir, 'straight');
    const resumed = join(dir, 'resumed');
    const base = ['--train', small, ...SMALL];
    expect((await train([...base, '--epochs', '3', '--out', straight])).code).toBe(0);
    expect((await train([...base, '--epochs', '1', '--out', resumed])).code).toBe(0);
    const r = await train([
      '--train',
      small,
      '--quiet',
      '--backend',
      'cpu',
      '--epochs',
      '3',
      '--out',
      resumed,
      '--resume',
    ]);
    expect(r.err).not.toContain('apemen:');
    expect(r.code).toBe(0);
    sameRun(await latest(straight), await latest(resumed));
  });

  it('a cosine schedule resumes exactly: a run stopped after one step ends as an uninterrupted one', async () => {
    await selectBackend('cpu');
    const settings: ModelSettings = {
      pixels: 16,
      kernelSize: 2,
      convolutions: 9,
      lossWeights: [100, 10, 1],
      kernelRegularisation: 100,
      learningRate: 1e-3,
      seed: 140280,
      init: 'splitting',
    };
    const options = (out: string, resume: boolean, signal?: AbortSignal): TrainingOptions => ({
      train: [small],
      validation: [],
      settings,
      epochs: 2,
      batchSize: 16,
      out,
      resume,
      workers: 1,
      path: 'fused',
      quiet: true,
      schedule: { kind: 'cosine', warmupSteps: 3 },
      log: () => {},
      ...(signal !== undefined ? { signal } : {}),
    });
    const straight = join(dir, 'cosine-straight');
    const stopped = join(dir, 'cosine-stopped');
    await runTraining(options(straight, false));
    // aborted before the first step: the run saves latest after it and stops (exit 130)
    const controller = new AbortController();
    controller.abort();
    await expect(runTraining(options(stopped, false, controller.signal))).rejects.toThrow(
      /interrupted: saved .* at epoch 1, step 1/,
    );
    const partial = await latest(stopped);
    expect(partial.step).toBe(1);
    // 108 training images (120 less 10 % for validation) in steps of 16: 7 a epoch, 14 planned
    expect(partial.settings.learningRateSchedule).toEqual({
      kind: 'cosine',
      warmupSteps: 3,
      totalSteps: 14,
    });
    await runTraining(options(stopped, true));
    sameRun(await latest(straight), await latest(stopped));
  });

  it('the layers path trains the same network as the fused path, and resumes exactly', async () => {
    const fused = join(dir, 'path-fused');
    const layers = join(dir, 'path-layers');
    const base = ['--train', small, '--events', '64', ...SMALL];
    expect((await train([...base, '--epochs', '1', '--out', fused])).code).toBe(0);
    const r = await train([...base, '--epochs', '1', '--out', layers, '--path', 'layers']);
    expect(r.err).not.toContain('apemen:');
    expect(r.code).toBe(0);
    const f = (await latest(fused)).history[0];
    const l = (await latest(layers)).history[0];
    if (f === undefined || l === undefined) throw new Error('no history');
    // Same start, same batches; the masks of tied pixels come from different random streams, so
    // the losses differ (here by about 10 %), but the unique-winner counts (hence the probabilities
    // and their bits) depend only on the kernels, which move by ~lr per step: 1e-5 agreement.
    expect(l.events).toBe(64);
    expect(l.bits).toBeCloseTo(f.bits, 5);
    // the energy-conservation regulariser is computed by both from the same kernels
    expect(l.loss - l.active_loss).toBeCloseTo(f.loss - f.active_loss, 1);
    expect(Math.abs(l.active_loss / f.active_loss - 1)).toBeLessThan(0.25);

    const straight = join(dir, 'layers-straight');
    expect(
      (await train([...base, '--epochs', '2', '--out', straight, '--path', 'layers'])).code,
    ).toBe(0);
    const resumed = await train([
      '--train',
      small,
      '--quiet',
      '--backend',
      'cpu',
      '--epochs',
      '2',
      '--out',
      layers,
      '--resume',
    ]);
    expect(resumed.err).not.toContain('apemen:');
    expect(resumed.code).toBe(0);
    const a = await latest(straight);
    const b = await latest(layers);
    expect(b.path).toBe('layers');
    expect(b.convKernels).toEqual(a.convKernels);
    expect(b.probabilities).toEqual(a.probabilities);
    // optimiser slots are matched by position (their variable names depend on how many models
    // this process has built)
    expect(b.layers?.optimiser.map((w) => w.values)).toEqual(
      a.layers?.optimiser.map((w) => w.values),
    );
    expect(b.layers?.maskCalls).toEqual(a.layers?.maskCalls);
    expect(b.history.map((h) => [h.loss, h.val_loss])).toEqual(
      a.history.map((h) => [h.loss, h.val_loss]),
    );
  });

  it('stops a diverging run with exit 1 and keeps the last good checkpoint', async () => {
    const out = join(dir, 'diverging');
    const r = await train([
      '--train',
      small,
      '--epochs',
      '2',
      '--out',
      out,
      '--learning-rate',
      '1e30',
      ...SMALL,
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/apemen: training diverged at epoch 1, step \d+/);
    const state = await latest(out);
    expect(state.convKernels.every(Number.isFinite)).toBe(true);
    expect(state.history).toEqual([]);
  });

  it('--init splitting starts from the splitting kernels; a warm-up scales the first step exactly', async () => {
    // One step per run (--events 16 = one batch). Both start from the same splitting kernels
    // (seeded), see the same batch and masks; with --warmup-steps 4 the first step is taken at
    // lr·(0 + 1)/4, and Nadam's step is linear in lr, so it is exactly a quarter of the other's.
    const args = ['--train', small, '--epochs', '1', '--events', '16', '--init', 'splitting'];
    const plain = join(dir, 'split-plain');
    const warm = join(dir, 'split-warm');
    const lr = ['--learning-rate', '1e-3'];
    expect((await train([...args, ...lr, '--out', plain, ...SMALL])).code).toBe(0);
    expect(
      (await train([...args, ...lr, '--warmup-steps', '4', '--out', warm, ...SMALL])).code,
    ).toBe(0);
    const a = await latest(plain);
    const b = await latest(warm);
    expect(a.settings.init).toBe('splitting');
    expect(a.settings.learningRateSchedule).toBeUndefined();
    // 1 epoch × ceil(16 / 16) steps
    expect(b.settings.learningRateSchedule).toEqual({
      kind: 'constant',
      warmupSteps: 4,
      totalSteps: 1,
    });
    const start = splittingWeights(a.settings);
    const initial = [...start.convKernels, ...start.deconvKernels].flatMap((k) => Array.from(k));
    const after = (s: TrainingState) => [...s.convKernels, ...s.deconvKernels];
    const stepA = after(a).map((v, i) => v - (initial[i] as number));
    const stepB = after(b).map((v, i) => v - (initial[i] as number));
    // every weight moves (Nadam's first step is ≈ lr·sign(g) = 1e-3 where g ≠ 0)
    expect(Math.max(...stepA.map(Math.abs))).toBeGreaterThan(5e-4);
    // float32 parameters near 1 round to 6e-8; the steps are 1e-3, so 1e-4 relative
    stepB.forEach((d, i) => {
      expect(d).toBeCloseTo(0.25 * (stepA[i] as number), 6);
    });
  });

  it('rejects bad usage with exit code 2 and one line', async () => {
    const existing = join(dir, 'existing');
    expect(
      (
        await train([
          '--train',
          small,
          '--epochs',
          '1',
          '--events',
          '16',
          '--out',
          existing,
          ...SMALL,
        ])
      ).code,
    ).toBe(0);
    const cases: [string[], RegExp][] = [
      [
        ['--train', small, '--out', join(dir, 'x1'), '--pixels', '24'],
        /--pixels 24 is not a power of --kernel 2/,
      ],
      [
        ['--train', join(dir, 'missing.npy'), '--out', join(dir, 'x2')],
        /missing\.npy: no such file/,
      ],
      [['--train', small, '--out', join(dir, 'x3'), '--resume'], /holds no complete checkpoint/],
      [['--train', small, '--out', existing, '--pixels', '16'], /already holds a training run/],
      [
        ['--train', small, '--out', join(dir, 'x4'), '--pixels', '32'],
        /expected an image stack of shape \[n, 32, 32\]/,
      ],
      [
        ['--train', small, '--out', join(dir, 'x5'), '--loss-weights', '1,x'],
        /expected a number, got 'x'/,
      ],
    ];
    cases.push(
      [
        ['--train', small, LHE, '--out', join(dir, 'x7'), '--pixels', '16'],
        /inputs mix \.npy image stacks and event files/,
      ],
      [
        ['--train', small, '--out', join(dir, 'x8'), '--workers', '2', '--devices', '0,1'],
        /either --devices or --workers/,
      ],
      [
        ['--train', small, '--out', join(dir, 'x9'), '--path', 'layers', '--workers', '2'],
        /--path layers trains in one process/,
      ],
      [
        ['--train', small, '--out', join(dir, 'x10'), '--path', 'graph'],
        /expected one of fused, layers, got 'graph'/,
      ],
      [
        ['--train', small, '--out', join(dir, 'x11'), '--init', 'zeros'],
        /expected one of glorot, splitting, got 'zeros'/,
      ],
      [
        ['--train', small, '--out', join(dir, 'x12'), '--init', 'splitting', '--weights', small],
        /either --weights or --init/,
      ],
      [
        [
          '--train',
          small,
          '--out',
          join(dir, 'x13'),
          '--path',
          'layers',
          '--lr-schedule',
          'cosine',
        ],
        /apply to the fused path/,
      ],
      [['--train', small, '--out', existing, '--resume', '--init', 'splitting'], /drop --init/],
      [
        ['--train', small, '--out', join(dir, 'x14'), '--warmup-steps', '-1'],
        /--warmup-steps: expected a whole number ≥ 0/,
      ],
    );
    const negative = join(dir, 'negative.npy');
    const images = new Float32Array(2 * 256);
    images[300] = -1;
    await writeNpy(negative, images, [2, 16, 16]);
    cases.push([
      ['--train', negative, '--out', join(dir, 'x6'), '--pixels', '16'],
      /negative\.npy: image 1, pixel \(2, 12\) is -1/,
    ]);
    for (const [args, message] of cases) {
      const r = await train([...args, '--quiet', '--backend', 'cpu']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

interface Child {
  process: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnTrain(args: string[]): Child {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@apemen/source',
      '--import',
      'tsx/esm',
      'apps/train/src/main.ts',
      'train',
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  child.stdout?.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, stderr: () => err, exit };
}

async function waitFor(child: Child, text: string): Promise<boolean> {
  for (;;) {
    if (child.stderr().includes(text)) return true;
    if (child.process.exitCode !== null || child.process.signalCode !== null) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the run's `latest` checkpoint has reached a step; false if the child ended first. */
async function waitForStep(child: Child, out: string, step: number): Promise<boolean> {
  for (;;) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return false;
    const state = await readTrainingState(out, 'latest').catch(() => undefined);
    if (state !== undefined && state.step >= step) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const LARGE = ['--pixels', '32', '--batch-size', '8', '--quiet', '--backend', 'cpu'];

describe('apemen train as a process', () => {
  it('survives SIGKILL at random moments: resumed to the end it equals an uninterrupted run', async () => {
    const killed = join(dir, 'killed');
    const args = ['--train', large, '--epochs', '2', '--quiet', '--backend', 'cpu'];
    const sizes = ['--pixels', '32', '--batch-size', '8', '--checkpoint-steps', '7'];
    // Deterministic "random" moments, as optimiser steps saved in `latest` (a checkpoint every 7
    // steps; 1080 training images in global batches of 8 per worker make at least 2 × 67 steps),
    // so that the kills land mid-run however fast the machine is.
    const targets = [10, 40, 60];
    let first = true;
    let hits = 0;
    for (const target of targets) {
      const child = spawnTrain([...args, '--out', killed, ...(first ? sizes : ['--resume'])]);
      if (await waitForStep(child, killed, target)) child.process.kill('SIGKILL');
      if ((await child.exit).signal === 'SIGKILL') hits += 1;
      first = false;
      // every checkpoint on disk is complete and loadable after each kill
      for (const name of await listCheckpoints(killed)) {
        const state = await readTrainingState(killed, name);
        expect(state?.convKernels.every(Number.isFinite)).toBe(true);
        expect((await loadShowerWeights(join(killed, name))).convKernels).toHaveLength(9);
      }
    }
    // the kills landed while the run was going (not after it had finished)
    expect(hits).toBeGreaterThanOrEqual(2);
    expect((await latest(killed)).history.length).toBeLessThan(2);
    const finish = spawnTrain([...args, '--out', killed, '--resume']);
    const end = await finish.exit;
    expect(finish.stderr()).not.toContain('apemen:');
    expect(end.code).toBe(0);
    const resumedState = await latest(killed);
    expect(resumedState.history.map((h) => h.epoch)).toEqual([1, 2]);

    const straight = join(dir, 'killed-straight');
    const r = await train([...args, ...sizes, '--out', straight]);
    expect(r.code).toBe(0);
    sameRun(await latest(straight), resumedState);
  });

  it('Ctrl-C saves latest and exits 130; --resume finishes the run', async () => {
    const out = join(dir, 'interrupted');
    const common = ['--train', large, '--epochs', '2', '--quiet', '--backend', 'cpu', '--out', out];
    const child = spawnTrain([
      ...common,
      '--pixels',
      '32',
      '--batch-size',
      '8',
      '--checkpoint-steps',
      '5',
    ]);
    // Interrupt once some steps are done (a checkpoint at step 5), however fast the machine is.
    expect(await waitForStep(child, out, 5)).toBe(true);
    child.process.kill('SIGINT');
    const end = await child.exit;
    expect(child.stderr()).toMatch(/interrupted: saved .*latest/);
    expect(end.code).toBe(130);
    const saved = await latest(out);
    expect(saved.step).toBeGreaterThan(0);
    const r = await train([...common, '--resume']);
    expect(r.err).not.toContain('apemen:');
    expect(r.code).toBe(0);
    expect((await latest(out)).history.map((h) => h.epoch)).toEqual([1, 2]);
  });

  it('a killed worker stops a two-worker run with exit 1 and a clear message', async () => {
    const out = join(dir, 'dead-worker');
    const child = spawnTrain([
      '--train',
      large,
      '--epochs',
      '50',
      ...LARGE,
      '--workers',
      '2',
      '--out',
      out,
    ]);
    expect(await waitFor(child, 'training (')).toBe(true);
    // the workers are the children running worker-main (tsx also starts an esbuild service)
    const pids = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.process.pid)], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter((line) => line.includes('worker-main'))
      .map((line) => Number.parseInt(line.trim(), 10));
    expect(pids.length).toBe(2);
    process.kill(pids[1] as number, 'SIGKILL');
    const end = await child.exit;
    expect(end.code).toBe(1);
    expect(child.stderr()).toMatch(/apemen: worker \d was killed by SIGKILL; stopping the run/);
    expect(existsSync(join(out, 'latest'))).toBe(true);
  });
});
