import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';

const EVENTS = '../../../../../shared/data/events/';
// The FastJet example event: 354 lines "px py pz E", read as one event.
const SINGLE = new URL(`${EVENTS}fastjet-examples_single-event.dat`, import.meta.url).pathname;
// 6 events of pp at 13 TeV, about 430 final-state particles each.
const HEPMC2 = new URL(`${EVENTS}hepmc3repo_test_inputConvert1.hepmc2.hepmc`, import.meta.url)
  .pathname;
// FastJet 3.4.0's own jets of the example event (tools/fastjet-fixtures).
const FIXTURE = new URL(
  '../../../../packages/jets/test/fixtures/single-event-jets.txt',
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

/** FastJet's jets (pt, nconst) for one configuration of the fixture, pt ≥ ptMin. */
function fastjetJets(algorithm: string, R: number, ptMin: number): { pt: number; n: number }[] {
  const rows = readFileSync(FIXTURE, 'utf8').split('\n');
  const start = rows.findIndex((l) => l.startsWith(`config ${algorithm} ${R} `));
  const count = Number(rows[start]?.split(' ')[4]);
  return rows
    .slice(start + 1, start + 1 + count)
    .map((l) => l.split(' '))
    .map((f) => ({ pt: Math.hypot(Number(f[1]), Number(f[2])), n: Number(f[8]) }))
    .filter((j) => j.pt >= ptMin);
}

interface JsonJet {
  pt: number;
  rapidity: number;
  phi: number;
  mass: number;
  nconst: number;
}

describe('apemen jets', () => {
  it("prints one JSON line per event with FastJet's jets (anti-kt R = 0.4, pt ≥ 20 GeV)", async () => {
    const c = capture();
    expect(await runProgram(['jets', SINGLE, '--json'], c.io)).toBe(0);
    const lines = c.out().trim().split('\n');
    expect(lines.length).toBe(1);
    const result = JSON.parse(lines[0] as string) as { event: number; jets: JsonJet[] };
    const reference = fastjetJets('antikt', 0.4, 20);
    expect(reference.length).toBe(3);
    expect(result.jets.map((j) => j.nconst)).toEqual(reference.map((j) => j.n));
    result.jets.forEach((jet, k) => {
      expect(Math.abs(jet.pt - (reference[k]?.pt ?? 0)) / jet.pt).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(jet.phi)).toBeLessThanOrEqual(Math.PI);
      expect(Object.keys(jet)).toEqual(['pt', 'rapidity', 'phi', 'mass', 'nconst']);
    });
  });

  it('takes the algorithm, radius and threshold from the options', async () => {
    const c = capture();
    const args = ['jets', SINGLE, '--json', '--algorithm', 'kt', '--R', '1', '--ptmin', '5'];
    expect(await runProgram(args, c.io)).toBe(0);
    const result = JSON.parse(c.out()) as { jets: JsonJet[] };
    const reference = fastjetJets('kt', 1, 5);
    expect(result.jets.map((j) => j.nconst)).toEqual(reference.map((j) => j.n));
    expect(result.jets.every((j) => j.pt >= 5)).toBe(true);
  });

  it('clusters the final state of every event of a HepMC2 file', async () => {
    const c = capture();
    expect(await runProgram(['jets', HEPMC2, '--json', '--ptmin', '30'], c.io)).toBe(0);
    const lines = c
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: number; jets: JsonJet[] });
    expect(lines.map((l) => l.event)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const line of lines) {
      const pts = line.jets.map((j) => j.pt);
      expect(pts.every((pt) => pt >= 30)).toBe(true);
      expect(pts).toEqual([...pts].sort((a, b) => b - a));
    }
  });

  it('prints a readable table without --json', async () => {
    const c = capture();
    expect(await runProgram(['jets', SINGLE], c.io)).toBe(0);
    const text = c.out();
    expect(text).toContain('event 0: 3 jets (antikt, R = 0.4, pt ≥ 20 GeV)');
    expect(text).toMatch(/#\s+pt\/GeV\s+rapidity\s+phi\s+mass\/GeV\s+nconst/);
    expect(text.trim().split('\n').length).toBe(5);
  });

  it('rejects an unknown algorithm, a radius ≤ 0, a negative threshold and a missing file', async () => {
    for (const args of [
      ['jets', SINGLE, '--algorithm', 'siscone'],
      ['jets', SINGLE, '--R', '0'],
      ['jets', SINGLE, '--ptmin', '-1'],
      ['jets', 'no-such-file.hepmc'],
    ]) {
      const c = capture();
      expect(await runProgram(args, c.io)).toBe(2);
      expect(c.err()).not.toBe('');
      expect(c.out()).toBe('');
    }
  });
});
