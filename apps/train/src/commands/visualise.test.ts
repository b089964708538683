import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildShowerModel } from '@apemen/shower';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';
import { ensureBackend } from './kernels.js';
import { kernelMosaic, rankedKernel, selfSimilarPattern } from './visualise.js';

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
  dir = await mkdtemp(join(tmpdir(), 'apemen-visualise-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A 9×9, k = 3 model whose kernels are all positive, so the pattern is not empty. */
function smallModel() {
  const shower = buildShowerModel({ pixels: 9, kernelSize: 3, convolutions: 2, seed: 5 });
  const w = shower.kernels();
  w.convKernels = [
    Float32Array.from({ length: 9 }, (_, i) => (i + 1) / 45),
    new Float32Array(9).fill(1 / 9),
  ];
  w.deconvKernels = [
    Float32Array.from({ length: 9 }, (_, i) => (9 - i) / 45),
    new Float32Array(9).fill(1 / 9),
  ];
  w.filterProbabilities = [Float32Array.of(0.7, 0.3)];
  shower.setWeights(w);
  return shower;
}

describe('selfSimilarPattern', () => {
  it('is ≥ 0, has maximum 1 and repeats with period N/k (folded and tiled)', () => {
    const weights = smallModel().kernels();
    const pattern = selfSimilarPattern(weights, { runs: 4, iterations: 3, seed: 1 });
    expect(pattern).toHaveLength(81);
    expect(Math.max(...pattern)).toBeCloseTo(1, 6);
    expect(Math.min(...pattern)).toBeGreaterThanOrEqual(0);
    for (let y = 0; y < 9; y++) {
      for (let x = 0; x < 9; x++) {
        expect(pattern[y * 9 + x]).toBeCloseTo(pattern[(y % 3) * 9 + (x % 3)] as number, 6);
      }
    }
    // Same seed, same picture.
    const again = selfSimilarPattern(weights, { runs: 4, iterations: 3, seed: 1 });
    expect(Array.from(again)).toEqual(Array.from(pattern));
  });

  it('draws one kernel pair: a uniform decoder kernel gives a flat pattern', () => {
    // Kernel 2 (p = 0.3, the second most probable) has D = 1/9 everywhere: every child gets 1/9
    // of its parent, so after a fold every pixel of the tiled panel is equal.
    const weights = smallModel().kernels();
    expect(rankedKernel(weights, 1)).toBe(1);
    expect(rankedKernel(weights, 2)).toBe(2);
    const flat = selfSimilarPattern(weights, { filter: 2, runs: 2, iterations: 2, seed: 3 });
    for (const v of flat) expect(v).toBeCloseTo(1, 5);
    // Kernel 1's decoder weights (9 − i)/45 are not uniform: the pattern is not flat.
    const shaped = selfSimilarPattern(weights, { filter: 1, runs: 2, iterations: 2, seed: 3 });
    expect(Math.min(...shaped)).toBeLessThan(0.9);
    expect(() => rankedKernel(weights, 3)).toThrow(/from 1 to 2/);
  });
});

describe('kernelMosaic', () => {
  it('puts encoder kernels on top and decoder kernels below, with blank gaps', () => {
    const w = smallModel().kernels();
    const { values, rows, cols } = kernelMosaic(w);
    expect([rows, cols]).toEqual([7, 7]); // 2k + 1 rows; C(k + 1) − 1 columns
    // Encoder kernel 1, row a = 0, column b = 2 is (0·3 + 2 + 1)/45, drawn in the top row.
    expect(values[6 * 7 + 2]).toBeCloseTo(3 / 45, 7);
    // Decoder kernel 2 (uniform 1/9) starts at column 4, rows 0..2.
    expect(values[0 * 7 + 4]).toBeCloseTo(1 / 9, 7);
    expect(Number.isNaN(values[3 * 7 + 0] as number)).toBe(true); // the gap row
    expect(Number.isNaN(values[6 * 7 + 3] as number)).toBe(true); // the gap column
  });
});

describe('apemen visualise', () => {
  it('writes the pattern and the kernels as PNG files', async () => {
    const model = join(dir, 'model');
    await smallModel().save(model);
    const out = join(dir, 'pattern.png');
    const c = capture();
    const code = await runProgram(
      ['visualise', '--model', model, '--out', out, '--runs', '3', '--iterations', '2'],
      c.io,
    );
    expect(c.err()).toContain('pattern-kernels.png');
    expect(code).toBe(0);
    for (const file of [out, join(dir, 'pattern-kernels.png')]) {
      const png = await readFile(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('exits 2 for an output name that is not .png or .svg', async () => {
    const c = capture();
    const code = await runProgram(['visualise', '--model', dir, '--out', join(dir, 'x.jpg')], c.io);
    expect(code).toBe(2);
    expect(c.err()).toContain('expected a .png or .svg file name');
  });
});
