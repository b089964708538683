import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GenEvent, readEvents } from '@apemen/eventio';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';
import { formatFromExtension } from './convert.js';

const EVENTS = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../../shared/data/events',
);
const HEPMC2 = join(EVENTS, 'hepmc3repo_test_inputConvert1.hepmc2.hepmc');
const LHE = join(EVENTS, 'hepmc3repo_examples_LHEF_example.lhe');
const dir = mkdtempSync(join(tmpdir(), 'apemen-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
  for await (const ev of readEvents(path)) events.push(ev);
  return events;
}

describe('apemen convert', () => {
  it('converts HepMC2 to HepMC3 by the output ending, keeping every event', async () => {
    const out = join(dir, 'sample.hepmc3');
    const c = capture();
    expect(await runProgram(['convert', HEPMC2, out], c.io)).toBe(0);
    expect(c.err()).toContain('6 events hepmc2 → hepmc3');
    expect(
      readFileSync(out, 'utf8').startsWith(
        'HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nW MEWeight\\|',
      ),
    ).toBe(true);
    const original = await readAll(HEPMC2);
    expect(await readAll(out)).toEqual(original.map((e) => ({ ...e, sourceFormat: 'hepmc3' })));
  });

  it('converts LHE to LHE keeping the header and init block (--to)', async () => {
    const out = join(dir, 'copy.txt');
    const c = capture();
    expect(await runProgram(['convert', LHE, out, '--to', 'lhe'], c.io)).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('<MG5ProcCard>');
    expect(text).toContain('Just some random garbage...');
    expect(await readAll(out)).toEqual(await readAll(LHE));
  });

  it('writes APEMEN text on a pixel grid', async () => {
    const out = join(dir, 'images.apemen');
    expect(await runProgram(['convert', LHE, out, '--pixels', '64'], capture().io)).toBe(0);
    const text = readFileSync(out, 'utf8');
    // 59 events, each closed by a separator.
    expect(text.split('\n').filter((l) => l === '======')).toHaveLength(59);
  });

  it('asks for --to when the ending says nothing, exit 2', async () => {
    const c = capture();
    expect(await runProgram(['convert', HEPMC2, join(dir, 'x.hepmc')], c.io)).toBe(2);
    expect(c.err()).toMatch(/^apemen: cannot tell the output format from '.*x\.hepmc': pass --to/);
  });

  it('rejects an unknown --to with exit 2', async () => {
    const c = capture();
    expect(await runProgram(['convert', HEPMC2, join(dir, 'y.hepmc3'), '--to', 'root'], c.io)).toBe(
      2,
    );
    expect(c.err()).toContain("expected one of hepmc2, hepmc3, lhe, apemen-text, got 'root'");
  });

  it('reports a malformed input as file:line, exit 2, and leaves no output behind', async () => {
    const bad = join(dir, 'bad.hepmc2');
    const lines = readFileSync(HEPMC2, 'utf8').split('\n');
    lines[9] = 'P 10001 2212 0 0 nan 6.5e+03 0.938 4 0 0 -1 0';
    writeFileSync(bad, lines.join('\n'));
    const sub = mkdtempSync(join(dir, 'out-'));
    const c = capture();
    expect(await runProgram(['convert', bad, join(sub, 'o.hepmc3')], c.io)).toBe(2);
    expect(c.err()).toBe(
      `apemen: ${bad}:10: expected a finite number for pz on a P line, got 'nan'\n`,
    );
    expect(readdirSync(sub)).toEqual([]);
  });

  it('reports an output directory that does not exist, exit 2', async () => {
    const c = capture();
    const out = join(dir, 'no-such-dir', 'o.hepmc3');
    expect(await runProgram(['convert', HEPMC2, out], c.io)).toBe(2);
    expect(c.err()).toBe(`apemen: ${out}: no such file or directory\n`);
  });

  it('maps endings to formats', () => {
    expect(formatFromExtension('a.hepmc2')).toBe('hepmc2');
    expect(formatFromExtension('a.HEPMC3.gz')).toBe('hepmc3');
    expect(formatFromExtension('a.lhe')).toBe('lhe');
    expect(formatFromExtension('a.apemen')).toBe('apemen-text');
    expect(formatFromExtension('a.hepmc')).toBeUndefined();
  });
});
