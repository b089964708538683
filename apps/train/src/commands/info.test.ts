import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';

const EVENTS = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../../../shared/data/events',
);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('apemen info', () => {
  it('summarises the HepMC2 sample', async () => {
    const c = capture();
    const file = join(EVENTS, 'hepmc3repo_test_inputConvert1.hepmc2.hepmc');
    expect(await runProgram(['info', file], c.io)).toBe(0);
    // 4654 particles and 2574 status-1 particles in 6 events: means 775.67 and 429.00.
    // The last event's C line: 7.213570636263e+02 4.596935481988e+02. Sum of the first weights,
    // awk '$1=="E"{s+=$14}': 0.0148672417874015.
    expect(c.out()).toBe(
      [
        `file: ${file}`,
        'format: hepmc2',
        'events: 6',
        'mean particles per event: 775.67',
        'mean final-state multiplicity: 429.00',
        'weights: 146',
        'weight names: "MEWeight", "MUR0.5_MUF1_PDF261000", "MUR1_MUF0.5_PDF261000", "MUR1_MUF1_PDF13000 absolutely nasty( weight name  ", "MUR1_MUF1_PDF25300", "MUR1_MUF1_PDF261000", "MUR1_MUF1_PDF261001", "MUR1_MUF1_PDF261002", … (138 more; --json lists all)',
        'sum of nominal weights: 0.014867241787401451',
        'cross section: 721.3570636263 ± 459.6935481988 pb',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON for the LHE sample', async () => {
    const c = capture();
    const file = join(EVENTS, 'hepmc3repo_test_inputIO13.lhe');
    expect(await runProgram(['info', file, '--json'], c.io)).toBe(0);
    const info = JSON.parse(c.out()) as Record<string, unknown>;
    // 426 particles, 200 outgoing muons in 100 events; XWGTUP = 1.74914 in every event.
    expect(info).toMatchObject({
      format: 'lhe',
      events: 100,
      meanParticles: 4.26,
      meanFinalState: 2,
      weights: 1,
      weightNames: ['XWGTUP'],
      crossSection: { value: 1.74914, error: 0.03256473 },
    });
    expect(info.sumOfWeights).toBeCloseTo(174.914, 10);
  });

  it('reports a missing file with exit 2', async () => {
    const c = capture();
    expect(await runProgram(['info', join(EVENTS, 'no-such-file.hepmc')], c.io)).toBe(2);
    expect(c.err()).toContain('no such file or directory');
  });
});
