import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShowerError } from './errors.js';
import { loadKerasWeights } from './keras.js';
import { referenceReconstruct } from './reference.js';
import { activationBits, levelActivationBits } from './weights.js';

const WEIGHTS = new URL('../../../../shared/data/apemen-weights/', import.meta.url);
const K2 = new URL('k2.h5', WEIGHTS).pathname;
const K3 = new URL('k3.h5', WEIGHTS).pathname;

/** Where `values` (as little-endian float32) sit contiguously in the file's raw bytes, or −1. */
function rawOffset(file: string, values: Float32Array): number {
  const bytes = readFileSync(file);
  const needle = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return bytes.indexOf(needle);
}

describe('loadKerasWeights', () => {
  it('reads the published k = 2 weights with their shapes', async () => {
    const w = await loadKerasWeights(K2);
    expect(w).toMatchObject({ kernelSize: 2, pixels: 64, convolutions: 9, levels: 5 });
    expect(w.convKernels).toHaveLength(9);
    expect(w.deconvKernels).toHaveLength(9);
    expect(w.filterProbabilities).toHaveLength(5);
  });

  it('reads the exact stored numbers', async () => {
    const w = await loadKerasWeights(K2);
    // Printed to 9 significant digits by a one-off dump of the file (h5wasm Dataset.value walked
    // over every group, 2026-12-04); float32 has about 7, so these pin every bit that matters.
    expect(Array.from(w.convKernels[3] ?? [])).toEqual(
      Array.from(Float32Array.of(0.609297574, 0.480199635, -0.2084665, 0.108466007)),
    );
    expect(Array.from(w.convKernels[8] ?? [])).toEqual(
      Array.from(Float32Array.of(1.24393475, -0.0658512935, -0.204784662, 0.0732607618)),
    );
    expect(Array.from(w.deconvKernels[8] ?? [])).toEqual(
      Array.from(Float32Array.of(0.736329198, 0.683978617, 0.699386835, 0.632750392)),
    );
    expect(w.filterProbabilities[0]?.[3]).toBe(Math.fround(0.733729303));
    expect(w.filterProbabilities[4]?.[8]).toBe(Math.fround(0.48675701));
    // Independently of the HDF5 library: each dataset is stored contiguously, so its float32
    // little-endian bytes must appear verbatim in the raw file.
    for (const values of [...w.convKernels, ...w.deconvKernels, ...w.filterProbabilities]) {
      expect(rawOffset(K2, values)).toBeGreaterThan(0);
    }
  });

  it('gives the published activation bits: about 1.70, kernels 4 and 9 taking almost all', async () => {
    const w = await loadKerasWeights(K2);
    // −Σ p ln p / ln 9 per level from the stored probabilities: 0.2705, 0.2715, 0.3363, 0.3876,
    // 0.4324; sum 1.6983 (paper and APEMEN.md: "about 1.70").
    expect(activationBits(w)).toBeCloseTo(1.6983, 3);
    expect(levelActivationBits(w.filterProbabilities[0] ?? [])).toBeCloseTo(0.27048, 4);
    for (const p of w.filterProbabilities) {
      // p_4 + p_9 ≥ 0.947 at every level (0.998 finest … 0.947 coarsest).
      expect((p[3] ?? 0) + (p[8] ?? 0)).toBeGreaterThan(0.94);
      const sum = p.reduce((s, v) => s + v, 0);
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('reads the k = 3 weights: 7 kernels of 3×3, 81 pixels, 3 levels', async () => {
    const w = await loadKerasWeights(K3);
    expect(w).toMatchObject({ kernelSize: 3, pixels: 81, convolutions: 7, levels: 3 });
    expect(w.convKernels[0]?.[7]).toBe(Math.fround(0.6373294));
    expect(w.filterProbabilities[2]?.[1]).toBe(Math.fround(0.23762247));
  });

  it('rejects a missing file and a file that is not HDF5 with BAD_WEIGHTS_FILE', async () => {
    await expect(loadKerasWeights('/no/such/file.h5')).rejects.toMatchObject({
      code: 'BAD_WEIGHTS_FILE',
    });
    const notHdf5 = new URL('./keras.test.ts', import.meta.url).pathname;
    const error = await loadKerasWeights(notHdf5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShowerError);
    expect((error as ShowerError).message).toContain('not an HDF5 file');
  });
});

describe('the published k = 2 model on one hard parton', () => {
  it('keeps (K9[0,0]·D9[0,0])⁵ = 0.6447 of a lone parton in its pixel, whatever the random numbers', async () => {
    const w = await loadKerasWeights(K2);
    // A parton at (32, 32): at every encoder level its pixel sits at a = b = 0 of its pooling
    // block, the responses are K_c[0,0]·pT and kernel 9 (1.24393) wins alone, so the pixel passes
    // 1.24393·pT up; each decoder level gives the child at a = b = 0 the weight D9[0,0] = 0.73633
    // of its parent. Five levels: (1.24393475 · 0.736329198)⁵ = 0.915944⁵ = 0.644686.
    const image = new Float32Array(64 * 64);
    image[32 * 64 + 32] = 1000;
    let state = 1;
    for (const seed of [1, 2, 3]) {
      state = seed;
      const uniform = () => {
        state = (state * 16807) % 2147483647;
        return state / 2147483647;
      };
      const out = referenceReconstruct(w, image, { uniform });
      expect(out[32 * 64 + 32]).toBeCloseTo(644.686, 2);
    }
  });
});

describe('loadKerasWeights on HDF5 files of another layout', () => {
  it('names what is missing', async () => {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    const dir = await mkdtemp(join(tmpdir(), 'apemen-keras-'));
    try {
      const noModel = join(dir, 'other.h5');
      const a = new h5wasm.File(noModel, 'w');
      a.create_dataset({ name: 'x', data: Float32Array.of(1, 2) });
      a.close();
      await expect(loadKerasWeights(noModel)).rejects.toThrow(/no group holds a layer conv2d_1/);

      const wrongShape = join(dir, 'shape.h5');
      const b = new h5wasm.File(wrongShape, 'w');
      const kernel = { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2, 1, 1] };
      b.create_group('conv2d_1').create_dataset({ name: 'kernel:0', ...kernel });
      b.create_group('conv2d_transpose_1').create_dataset({
        name: 'kernel:0',
        data: Float32Array.of(1, 2, 3),
        shape: [3, 1, 1, 1],
      });
      b.create_group('filter_mask_1').create_dataset({
        name: 'filter_mask_1_filterProbs:0',
        data: Float32Array.of(1),
        shape: [1, 1, 1, 1],
      });
      b.close();
      const error = await loadKerasWeights(wrongShape).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_WEIGHTS_FILE' });
      expect((error as Error).message).toContain(
        'conv2d_transpose_1 kernel has shape [3,1,1,1], expected [2,2,1,1]',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
