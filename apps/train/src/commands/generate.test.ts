import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GenEvent, readEvents } from '@apemen/eventio';
import { fromKerasWeights } from '@apemen/shower';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';

const SHARED = new URL('../../../../../shared/data/', import.meta.url).pathname;
const K2 = join(SHARED, 'apemen-weights/k2.h5');
const LHEF = join(SHARED, 'events/hepmc3repo_examples_LHEF_example.lhe');
const MUMU = join(SHARED, 'events/hepmc3repo_test_inputIO13.lhe');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apemen-generate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await runProgram(args, { stdout: () => {}, stderr: (t) => void err.push(t) });
  return { code, err: err.join('') };
}

async function readAll(path: string): Promise<GenEvent[]> {
  const events: GenEvent[] = [];
  for await (const e of readEvents(path)) events.push(e);
  return events;
}

describe('apemen generate', () => {
  it('showers LHE events into HepMC3 carrying the input weights, names and cross section', async () => {
    const out = join(dir, 'wbj.hepmc3');
    const { code, err } = await run([
      'generate',
      '--model',
      K2,
      '--input',
      LHEF,
      '--out',
      out,
      '--events',
      '6',
      '--quiet',
    ]);
    expect(err).toContain('wrote 6 events');
    expect(code).toBe(0);
    const inputs = (await readAll(LHEF)).slice(0, 6);
    const outputs = await readAll(out);
    expect(outputs).toHaveLength(6);
    outputs.forEach((ev, i) => {
      const input = inputs[i] as GenEvent;
      expect(ev.eventNumber).toBe(input.eventNumber);
      expect(ev.weights).toEqual(input.weights);
      expect(ev.weightNames).toEqual(input.weightNames);
      expect(ev.crossSection?.value).toBeCloseTo(input.crossSection?.value ?? Number.NaN, 6);
      const gluons = ev.particles.filter((p) => p.status === 1);
      expect(gluons.length).toBeGreaterThan(0);
      expect(gluons.every((p) => p.pdgId === 21)).toBe(true);
      // Massless gluons: m² = E² − p² vanishes to rounding of E ~ 10² GeV.
      for (const g of gluons)
        expect(Math.abs(g.momentum.mass2)).toBeLessThan(1e-6 * g.momentum.e ** 2);
    });
    expect((await readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('gives the events of one run when split into shards', async () => {
    const whole = join(dir, 'whole.hepmc2');
    const shards = [join(dir, 's0.hepmc2'), join(dir, 's1.hepmc2')];
    expect(
      (
        await run([
          'generate',
          '--model',
          K2,
          '--input',
          MUMU,
          '--out',
          whole,
          '--events',
          '8',
          '--seed',
          '11',
          '--quiet',
        ])
      ).code,
    ).toBe(0);
    for (const [i, path] of shards.entries()) {
      const r = await run([
        'generate',
        '--model',
        K2,
        '--input',
        MUMU,
        '--out',
        path,
        '--events',
        '8',
        '--seed',
        '11',
        '--shard',
        `${i}/2`,
        '--quiet',
      ]);
      expect(r.code).toBe(0);
    }
    const expected = await readAll(whole);
    const merged = [
      ...(await readAll(shards[0] as string)),
      ...(await readAll(shards[1] as string)),
    ].sort((a, b) => a.eventNumber - b.eventNumber);
    expect(expected).toHaveLength(8);
    expect(merged.map((e) => e.eventNumber)).toEqual(expected.map((e) => e.eventNumber));
    const momenta = (e: GenEvent) =>
      e.particles.map((p) => [p.momentum.px, p.momentum.py, p.momentum.pz, p.momentum.e]);
    expect(merged.map(momenta)).toEqual(expected.map(momenta));
  });

  it('depends on the seed', async () => {
    const a = join(dir, 'a.hepmc3');
    const b = join(dir, 'b.hepmc3');
    await run([
      'generate',
      '--model',
      K2,
      '--input',
      MUMU,
      '--out',
      a,
      '--events',
      '2',
      '--seed',
      '1',
      '--quiet',
    ]);
    await run([
      'generate',
      '--model',
      K2,
      '--input',
      MUMU,
      '--out',
      b,
      '--events',
      '2',
      '--seed',
      '2',
      '--quiet',
    ]);
    const [ea, eb] = [await readAll(a), await readAll(b)];
    expect(ea[0]?.particles.map((p) => p.momentum.px)).not.toEqual(
      eb[0]?.particles.map((p) => p.momentum.px),
    );
  });

  it('rejects bad usage with exit code 2 and leaves no output', async () => {
    const out = join(dir, 'bad.hepmc3');
    expect(
      (await run(['generate', '--model', K2, '--input', MUMU, '--out', out, '--shard', '2/2']))
        .code,
    ).toBe(2);
    const missing = await run([
      'generate',
      '--model',
      join(dir, 'nope.h5'),
      '--input',
      MUMU,
      '--out',
      out,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^apemen: .*nope\.h5/);
    const format = await run([
      'generate',
      '--model',
      K2,
      '--input',
      MUMU,
      '--out',
      join(dir, 'x.txt'),
    ]);
    expect(format.code).toBe(2);
    expect(format.err).toContain('cannot tell the output format');
    expect((await readdir(dir)).filter((f) => f.startsWith('bad') || f.startsWith('x.'))).toEqual(
      [],
    );
  });

  it('loads a saved model folder in a fresh process', async () => {
    await tf.setBackend('cpu');
    const model = join(dir, 'saved-k2');
    await (await fromKerasWeights(K2)).save(model);
    const out = join(dir, 'from-folder.hepmc3');
    const main = new URL('../main.ts', import.meta.url).pathname;
    const child = spawnSync(
      process.execPath,
      [
        '--conditions=@apemen/source',
        '--import',
        'tsx/esm',
        main,
        'generate',
        '--model',
        model,
        '--input',
        MUMU,
        '--out',
        out,
        '--events',
        '2',
        '--quiet',
        '--backend',
        'cpu',
      ],
      { encoding: 'utf8', cwd: new URL('../../../../', import.meta.url).pathname },
    );
    expect(child.stderr).toContain('wrote 2 events');
    expect(child.status).toBe(0);
    expect(await readAll(out)).toHaveLength(2);
  });
});
