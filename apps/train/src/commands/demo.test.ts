import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';
import { DEFAULT_DEMO, demoConfig, QUICK_DEMO } from '../demo/config.js';
import type { ReportMetrics } from '../report/report.js';

const K2 = new URL('../../../../../shared/data/apemen-weights/k2.h5', import.meta.url).pathname;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apemen-demo-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const err: string[] = [];
  const out: string[] = [];
  const code = await runProgram(args, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
  });
  return { code, err: err.join(''), out: out.join('') };
}

describe('demoConfig', () => {
  it('takes the quick or default base and puts the given settings on top', () => {
    expect(demoConfig({})).toEqual({ ...DEFAULT_DEMO, out: 'demo-out' });
    const quick = demoConfig({ quick: true, out: 'o', epochs: 3, model: undefined });
    expect(quick).toEqual({ ...QUICK_DEMO, out: 'o', epochs: 3 });
    // fine-tuning given weights: the original's constant 5e-5 unless set
    expect(demoConfig({ weights: 'w.h5' })).toEqual({
      ...DEFAULT_DEMO,
      learningRate: 5e-5,
      lrSchedule: 'constant',
      warmupSteps: 0,
      weights: 'w.h5',
      out: 'demo-out',
    });
    expect(demoConfig({ weights: 'w.h5', learningRate: 1e-4 }).learningRate).toBe(1e-4);
  });
});

describe('apemen demo', () => {
  it('runs the whole pipeline with --quick: shower, pixelise, train, generate, report', async () => {
    const out = join(dir, 'quick');
    const r = await run(['demo', '--quick', '--out', out]);
    expect(r.err).toContain('demo: report done');
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `apemen train --train ${join(out, 'train-images.npy')} --out ${join(out, 'training')} --epochs 1`,
    );
    // trained from the splitting start with a decaying rate (docs/demo.md says why)
    expect(r.err).toContain(
      `--learning-rate ${QUICK_DEMO.learningRate} --lr-schedule cosine --warmup-steps 0 --init splitting`,
    );
    const summary = JSON.parse(await readFile(join(out, 'demo.json'), 'utf8')) as {
      stages: { name: string; seconds: number }[];
      model: string;
      closure: Record<string, number | null>;
    };
    expect(summary.stages.map((s) => s.name)).toEqual([
      'reference shower (training events)',
      'reference shower (test events)',
      'pixelise',
      'train',
      'generate',
      'report',
    ]);
    for (const s of summary.stages) expect(s.seconds).toBeGreaterThan(0);
    // The network that showered the test events is the one just trained.
    expect(summary.model).toMatch(/training[/\\](best|latest)$/);
    expect(r.out).toContain(`model: ${summary.model}`);
    const metrics = JSON.parse(
      await readFile(join(out, 'report', 'metrics.json'), 'utf8'),
    ) as ReportMetrics;
    expect(metrics.samples.truth?.events).toBe(QUICK_DEMO.testEvents);
    expect(metrics.samples.generated?.events).toBe(QUICK_DEMO.testEvents);
    // The baseline differs from the truth wherever the shower acts, e.g. the jet mass (a
    // one-parton jet is massless before the shower); whatever the briefly trained network does,
    // the demo prints and stores the closure that metrics.json holds.
    expect(metrics.observables.jet1_mass?.w1Baseline).toBeGreaterThan(0);
    for (const [name, m] of Object.entries(metrics.observables)) {
      expect(summary.closure[name]).toBe(m.closure);
    }
    expect((await readdir(out)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('runs reference shower → generate with published weights → report, and prints the closure', async () => {
    const out = join(dir, 'published');
    const r = await run(['demo', '--quick', '--model', K2, '--out', out, '--test-events', '40']);
    expect(r.err).toContain('demo: report done');
    expect(r.code).toBe(0);
    // No training stages when a model is given.
    expect(r.err).not.toContain('apemen train');
    expect(r.out).toMatch(/^stage timings:\n {2}reference shower \(test events\) +\d+\.\d s\n/);
    expect(r.out).toMatch(/ {2}generate +\d+\.\d s\n {2}report +\d+\.\d s\n {2}total +\d+\.\d s\n/);
    expect(r.out).toContain(`report: ${join(out, 'report', 'index.html')}`);
    const metrics = JSON.parse(
      await readFile(join(out, 'report', 'metrics.json'), 'utf8'),
    ) as ReportMetrics;
    expect(metrics.samples.truth?.events).toBe(40);
    expect(metrics.samples.generated?.events).toBe(40);
    expect(metrics.samples.baseline?.path).toBe(join(out, 'test-unshowered.hepmc3'));
    // Every observable printed with the value metrics.json holds.
    for (const [name, m] of Object.entries(metrics.observables)) {
      const value = m.closure === null ? 'n/a' : m.closure.toFixed(3);
      expect(r.out).toMatch(new RegExp(`\\n {2}${name} +${value.replace(/[.]/g, '\\.')}\\n`));
    }
    const summary = JSON.parse(await readFile(join(out, 'demo.json'), 'utf8')) as {
      stages: { name: string; seconds: number }[];
      closure: Record<string, number | null>;
      model: string;
    };
    expect(summary.stages.map((s) => s.name)).toEqual([
      'reference shower (test events)',
      'generate',
      'report',
    ]);
    expect(summary.model).toBe(K2);
    expect(Object.keys(summary.closure)).toEqual(Object.keys(metrics.observables));
    const files = await readdir(out);
    expect(files.sort()).toEqual(
      [
        'demo.json',
        'generated.hepmc3',
        'report',
        'test-showered.hepmc3',
        'test-unshowered.hepmc3',
      ].sort(),
    );
  });

  it('names the failing stage and keeps its exit code', async () => {
    const out = join(dir, 'bad-model');
    const notAModel = join(dir, 'not-a-model.h5');
    await writeFile(notAModel, 'not HDF5');
    const r = await run([
      'demo',
      '--quick',
      '--model',
      notAModel,
      '--out',
      out,
      '--test-events',
      '5',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/apemen: demo: the generate stage failed \(exit 2\): .+/);
    expect((await readdir(out)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses --init together with --weights', async () => {
    const r = await run([
      'demo',
      '--quick',
      '--out',
      join(dir, 'both'),
      '--weights',
      K2,
      '--init',
      'glorot',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('either --weights or --init');
  });

  it('refuses an output path that is a file', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, '');
    const r = await run(['demo', '--quick', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('exists and is not a folder');
  });
});
