import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildShowerModel } from '@apemen/shower';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';
import { ensureBackend } from './kernels.js';

const K2 = new URL('../../../../../shared/data/apemen-weights/k2.h5', import.meta.url).pathname;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

let dir = '';
beforeAll(async () => {
  await ensureBackend();
  dir = await mkdtemp(join(tmpdir(), 'apemen-kernels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('apemen kernels', () => {
  it('prints the published k = 2 kernels, probabilities and 1.6983 activation bits', async () => {
    const c = capture();
    expect(await runProgram(['kernels', K2], c.io)).toBe(0);
    const text = c.out();
    expect(text).toContain('k = 2, C = 9 kernels, N = 64 pixels, L = 5 levels');
    // conv2d_4/kernel:0 = [0.609297574, 0.480199635, −0.2084665, 0.108466007] (the file).
    expect(text).toMatch(/ {3}4: {3}0\.60930 {3}0\.48020 {3}sum {2}0\.98950/);
    expect(text).toContain('level 1: 0.0009 0.0005 0.0000 0.7337');
    expect(text).toContain('activation bits (sum over levels): 1.6983');
  });

  it('prints JSON with --json, from a saved model directory too', async () => {
    const shower = buildShowerModel({ pixels: 8, kernelSize: 2, convolutions: 2, seed: 4 });
    const target = join(dir, 'model');
    await shower.save(target);
    const c = capture();
    expect(await runProgram(['kernels', target, '--json'], c.io)).toBe(0);
    const json = JSON.parse(c.out()) as Record<string, unknown>;
    const expected = shower.kernels();
    expect(json).toMatchObject({ kernelSize: 2, pixels: 8, convolutions: 2, levels: 2 });
    expect(json.convKernels).toEqual(
      expected.convKernels.map((k) => [
        [k[0], k[1]],
        [k[2], k[3]],
      ]),
    );
    // Fresh FilterMasks start at p = 1 for every kernel: −Σ p ln p is −2·1·ln 1 = 0 per level.
    expect(json.activationBits).toBe(0);
  });

  it('exits 2 with a one-line message for a file that is not HDF5', async () => {
    const c = capture();
    expect(await runProgram(['kernels', new URL(import.meta.url).pathname], c.io)).toBe(2);
    expect(c.err()).toMatch(/^apemen: .*not an HDF5 file/);
  });
});
