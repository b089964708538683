import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenEvent } from '@apemen/eventio';
import { readEvents } from '@apemen/eventio';
import { colourFlowProblems } from '@apemen/refshower';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';
import { formatFromPath } from './refshower.js';

const LHE = new URL(
  '../../../../../shared/data/events/hepmc3repo_examples_LHEF_example.lhe',
  import.meta.url,
).pathname;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function readAll(path: string): Promise<GenEvent[]> {
  const events: GenEvent[] = [];
  for await (const e of readEvents(path)) events.push(e);
  return events;
}

const tags = (event: GenEvent) =>
  event.particles
    .filter((p) => p.status === 1)
    .map((p) => ({ colour: p.colour?.[0] ?? 0, anticolour: p.colour?.[1] ?? 0 }));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apemen-refshower-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('apemen refshower', () => {
  it('writes e+e− events and their stop-at partners to HepMC3, reproducibly from the seed', async () => {
    const out = join(dir, 'ee.hepmc3');
    const pre = join(dir, 'ee-pre.hepmc3');
    const c = capture();
    const args = ['refshower', '--process', 'ee', '--events', '40', '--seed', '9', '--out', out];
    expect(await runProgram([...args, '--stop-at', '5', '--out-pre', pre], c.io)).toBe(0);
    expect(c.err()).toMatch(/wrote 40 events to .*ee\.hepmc3 and .*ee-pre\.hepmc3/);
    expect(c.err()).toContain('refshower [####################] 100% 40/40 events');
    const events = await readAll(out);
    const preEvents = await readAll(pre);
    expect(events).toHaveLength(40);
    expect(preEvents).toHaveLength(40);
    events.forEach((event, i) => {
      const final = event.particles.filter((p) => p.status === 1);
      // Beams carry √s = 91.2 GeV; the final partons must too (1e-9 relative, HepMC3 text keeps
      // 17 significant digits).
      const energy = final.reduce((s, p) => s + p.momentum.e, 0);
      expect(Math.abs(energy - 91.2) / 91.2).toBeLessThan(1e-9);
      expect(colourFlowProblems(tags(event))).toEqual([]);
      const preFinal = preEvents[i]!.particles.filter((p) => p.status === 1);
      expect(preFinal.length).toBeLessThanOrEqual(final.length);
      expect(preEvents[i]!.attributes?.refshower_stop_t).toBe('25');
    });
    // Same seed, no stop-at: the same full events, byte for byte.
    const again = join(dir, 'ee-again.hepmc3');
    expect(await runProgram([...args.slice(0, -1), again], capture().io)).toBe(0);
    expect(await readFile(again, 'utf8')).toBe(await readFile(out, 'utf8'));
  });

  it('showers the partons of an LHE file and keeps every event and particle', async () => {
    const out = join(dir, 'wbj.lhe');
    const c = capture();
    expect(
      await runProgram(
        ['refshower', '--process', 'lhe', '--input', LHE, '--events', '10', '--out', out],
        c.io,
      ),
    ).toBe(0);
    const events = await readAll(out);
    const input = (await readAll(LHE)).slice(0, 10);
    expect(events).toHaveLength(10);
    events.forEach((event, i) => {
      // The input particles come first, showered partons marked 2, the copies appended.
      expect(event.particles.length).toBeGreaterThanOrEqual(input[i]!.particles.length + 2);
      expect(event.particles.slice(0, input[i]!.particles.length).map((p) => p.pdgId)).toEqual(
        input[i]!.particles.map((p) => p.pdgId),
      );
    });
  });

  it('writes dijet events to HepMC2', async () => {
    const out = join(dir, 'dijet.hepmc2');
    expect(
      await runProgram(
        [
          'refshower',
          '--process',
          'dijet',
          '--events',
          '5',
          '--pt-min',
          '200',
          '--pt-max',
          '210',
          '--max-rapidity',
          '0.5',
          '--out',
          out,
        ],
        capture().io,
      ),
    ).toBe(0);
    const events = await readAll(out);
    expect(events).toHaveLength(5);
    for (const event of events) {
      const hard = event.particles.filter((p) => p.status === 2).slice(0, 2);
      expect(hard[0]!.momentum.pt).toBeGreaterThanOrEqual(200);
      expect(hard[0]!.momentum.pt).toBeLessThanOrEqual(210);
      for (const p of hard) expect(Math.abs(p.momentum.rapidity)).toBeLessThan(0.5 + 1e-9);
    }
  });

  it('rejects bad usage with exit code 2 and leaves no files behind', async () => {
    const sub = await mkdtemp(join(dir, 'bad-'));
    const cases: [string[], RegExp][] = [
      [
        ['--process', 'ee', '--events', '3', '--out', join(sub, 'x.root')],
        /cannot tell the event format/,
      ],
      [['--process', 'lhe', '--out', join(sub, 'x.hepmc3')], /needs --input/],
      [['--process', 'ee', '--out', join(sub, 'x.hepmc3')], /needs --events/],
      [
        ['--process', 'ee', '--events', '3', '--stop-at', '5', '--out', join(sub, 'x.hepmc3')],
        /go together/,
      ],
      [
        [
          '--process',
          'ee',
          '--events',
          '3',
          '--stop-at',
          '0.5',
          '--out-pre',
          join(sub, 'p.hepmc3'),
          '--out',
          join(sub, 'x.hepmc3'),
        ],
        /below the shower cutoff/,
      ],
      [
        ['--process', 'pp', '--events', '3', '--out', join(sub, 'x.hepmc3')],
        /expected one of ee, dijet, lhe/,
      ],
      [
        ['--process', 'lhe', '--input', join(sub, 'missing.lhe'), '--out', join(sub, 'x.hepmc3')],
        /missing\.lhe/,
      ],
    ];
    for (const [args, message] of cases) {
      const c = capture();
      expect(await runProgram(['refshower', ...args], c.io), args.join(' ')).toBe(2);
      expect(c.err()).toMatch(message);
    }
    expect(await readdir(sub)).toEqual([]);
  });

  it('tells formats from file extensions', () => {
    expect(formatFromPath('a.hepmc3')).toBe('hepmc3');
    expect(formatFromPath('a.HepMC')).toBe('hepmc3');
    expect(formatFromPath('a.hepmc2.gz')).toBe('hepmc2');
    expect(formatFromPath('a.lhe')).toBe('lhe');
    expect(formatFromPath('a.txt')).toBe('apemen-text');
  });
});
