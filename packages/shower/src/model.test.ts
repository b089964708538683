import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@apemen/jetimage';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShowerError } from './errors.js';
import { showerGeometry } from './geometry.js';
import { loadKerasWeights } from './keras.js';
import { buildShowerModel, fromKerasWeights, loadShowerModel } from './model.js';
import { referenceEncode, referenceReconstruct } from './reference.js';
import { layerUniforms, seededUniform, sparseImages, useCpuBackend } from './test-helpers.js';
import { cloneShowerWeights, type ShowerWeights } from './weights.js';

const WEIGHTS = new URL('../../../../shared/data/apemen-weights/', import.meta.url);
const K2 = new URL('k2.h5', WEIGHTS).pathname;
const K3 = new URL('k3.h5', WEIGHTS).pathname;

/** The published k = 2 kernels on a smaller grid: the first `levels` probability vectors. */
async function publishedOn(pixels: number): Promise<ShowerWeights> {
  const w = cloneShowerWeights(await loadKerasWeights(K2));
  const levels = showerGeometry(pixels, 2).levels;
  return { ...w, pixels, levels, filterProbabilities: w.filterProbabilities.slice(0, levels) };
}

/** Largest |a − b| / max(1, |b|). */
function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(y)));
  }
  return worst;
}

// Float32 tolerance: tfjs and the reference add the k² products of a convolution in different
// orders (≤ k² roundings of 2⁻²⁴ relative each) and the decoder multiplies L + 1 more factors, so
// a relative difference of 1e-5 is ample while any wrong index or padding gives O(1).
const TOLERANCE = 1e-5;

let dir = '';
beforeAll(async () => {
  await useCpuBackend();
  dir = await mkdtemp(join(tmpdir(), 'apemen-shower-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildShowerModel', () => {
  it('rejects an image size that is not a power of k with BAD_GEOMETRY', () => {
    const error = (() => {
      try {
        buildShowerModel({ pixels: 60 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ShowerError);
    expect(error).toMatchObject({ code: 'BAD_GEOMETRY' });
    expect((error as Error).message).toContain('power of the kernel size k = 2');
    expect(() => buildShowerModel({ pixels: 27, kernelSize: 2 })).toThrow(/got 27/);
  });

  it('has 2·C·k² trainable numbers and L·C filter probabilities (72 and 45 for the default)', () => {
    const shower = buildShowerModel({ pixels: 64, seed: 1 });
    const trainable = shower.model.trainableWeights.reduce(
      (s, w) => s + w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1)!,
      0,
    );
    expect(trainable).toBe(72);
    const all = shower.kernels();
    expect(all.levels).toBe(5);
    expect(all.filterProbabilities.flatMap((p) => Array.from(p))).toEqual(new Array(45).fill(1));
    // The two banks draw their seeded initial kernels from different streams.
    expect(Array.from(all.convKernels[0]!)).not.toEqual(Array.from(all.deconvKernels[0]!));
  });

  it('encodes 16×16 images exactly as the plain-loop reference (same uniform numbers)', async () => {
    const weights = await publishedOn(16);
    const seed = 7;
    const shower = buildShowerModel({ pixels: 16, seed });
    shower.setWeights(weights);
    const images = sparseImages(3, 16, 12, 99);
    const enc = shower.encode(images, { batchSize: 3 });
    const ref = referenceEncode(weights, images, {
      uniform: layerUniforms(3, [16, 8, 4], 9, seed, 0),
    });
    expect(maxRelativeDifference(enc.bottleneck, ref.bottleneck)).toBeLessThan(TOLERANCE);
    expect(enc.masks).toHaveLength(3);
    enc.masks.forEach((mask, i) => {
      expect(Array.from(mask)).toEqual(Array.from(ref.masks[i] ?? []));
    });
    // The next pass draws the layers' second numbers: reconstruct matches the reference with them.
    const out = shower.reconstruct(images, { batchSize: 3 });
    const refOut = referenceReconstruct(weights, images, {
      uniform: layerUniforms(3, [16, 8, 4], 9, seed, 1),
    });
    expect(maxRelativeDifference(out, refOut)).toBeLessThan(TOLERANCE);
  });

  it('is deterministic with one-hot filter probabilities and equals the reference', async () => {
    const weights = await publishedOn(16);
    // p = one-hot on kernel 4 at every level: ties always take kernel 4, and a unique winner other
    // than kernel 4 has r = 0 everywhere, so every channel is set (the quirk) — deterministic too.
    weights.filterProbabilities = weights.filterProbabilities.map(() =>
      Float32Array.from({ length: 9 }, (_, c) => (c === 3 ? 1 : 0)),
    );
    const shower = buildShowerModel({ pixels: 16, seed: 3 });
    shower.setWeights(weights);
    const images = sparseImages(2, 16, 10, 5);
    const first = shower.reconstruct(images);
    const second = shower.reconstruct(images);
    expect(Array.from(second)).toEqual(Array.from(first));
    const reference = referenceReconstruct(weights, images, { uniform: seededUniform(123) });
    expect(maxRelativeDifference(first, reference)).toBeLessThan(TOLERANCE);
    expect(first.some((v) => v !== 0)).toBe(true);
  });

  it('generates with a given uniform source exactly as the reference drawing the same numbers', async () => {
    const weights = await publishedOn(16);
    const shower = buildShowerModel({ pixels: 16 });
    shower.setWeights(weights);
    const images = sparseImages(2, 16, 6, 11);
    const out = shower.generate(images, seededUniform(2024));
    const ref = referenceReconstruct(weights, images, { uniform: seededUniform(2024) });
    expect(maxRelativeDifference(out, ref)).toBeLessThan(TOLERANCE);
    const again = shower.generate(images, seededUniform(2024));
    expect(Array.from(again)).toEqual(Array.from(out));
    // A number is a seed of @apemen/jetimage's createRng.
    const seeded = shower.generate(images, 5);
    const bySeed = referenceReconstruct(weights, images, { uniform: createRng(5) });
    expect(maxRelativeDifference(seeded, bySeed)).toBeLessThan(TOLERANCE);
  });

  it('conserves the total pT in the decoder when every deconvolution kernel is one kernel summing to 1', async () => {
    const weights = await publishedOn(16);
    const d = Float32Array.of(0.1, 0.2, 0.3, 0.4); // sums to 1
    weights.deconvKernels = weights.deconvKernels.map(() => Float32Array.from(d));
    const shower = buildShowerModel({ pixels: 16, seed: 9 });
    shower.setWeights(weights);
    const images = sparseImages(2, 16, 8, 17);
    const enc = shower.encode(images, { batchSize: 2 });
    const out = shower.generate(images, seededUniform(1));
    for (let b = 0; b < 2; b++) {
      const inTotal = enc.bottleneck.slice(b * 4, b * 4 + 4).reduce((s, v) => s + v, 0);
      const outTotal = out.slice(b * 256, b * 256 + 256).reduce((s, v) => s + v, 0);
      // Each of the 3 levels multiplies by Σ D = 1 in float32: relative error ≲ 3·2⁻²⁴·few.
      expect(outTotal).toBeCloseTo(inTotal, 3);
      expect(inTotal).toBeGreaterThan(0);
    }
  });

  it('saves and loads: same numbers and the same predictions', async () => {
    const weights = await publishedOn(8);
    const build = () => {
      const shower = buildShowerModel({ pixels: 8, seed: 21 });
      shower.setWeights(weights);
      return shower;
    };
    const original = build();
    const target = join(dir, 'saved');
    await original.save(target);
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadShowerModel(target);
    expect(loaded.config).toEqual(original.config);
    const a = original.kernels();
    const b = loaded.kernels();
    expect(b.convKernels.map((k) => Array.from(k))).toEqual(
      a.convKernels.map((k) => Array.from(k)),
    );
    expect(b.deconvKernels.map((k) => Array.from(k))).toEqual(
      a.deconvKernels.map((k) => Array.from(k)),
    );
    expect(b.filterProbabilities.map((k) => Array.from(k))).toEqual(
      a.filterProbabilities.map((k) => Array.from(k)),
    );
    // Fresh seeded FilterMasks on both sides: the same random streams, so the same shower.
    const images = sparseImages(4, 8, 5, 3);
    expect(Array.from(loaded.reconstruct(images))).toEqual(Array.from(build().reconstruct(images)));
  });

  it('rejects a directory that holds no model with BAD_MODEL_DIR', async () => {
    await expect(loadShowerModel(join(dir, 'nothing-here'))).rejects.toMatchObject({
      code: 'BAD_MODEL_DIR',
    });
  });

  it('rejects weights of another geometry with BAD_WEIGHTS', async () => {
    const shower = buildShowerModel({ pixels: 8, kernelSize: 2, convolutions: 3 });
    expect(() => shower.setWeights(cloneShowerWeights(weightsFor8()))).toThrow(/do not fit/);
  });

  it('runs the published k = 3 model on 81×81 images as the reference does', async () => {
    const shower = await fromKerasWeights(K3);
    expect(shower.config).toMatchObject({ pixels: 81, kernelSize: 3, convolutions: 7, levels: 3 });
    const weights = await loadKerasWeights(K3);
    expect(shower.kernels().convKernels.map((k) => Array.from(k))).toEqual(
      weights.convKernels.map((k) => Array.from(k)),
    );
    const images = sparseImages(2, 81, 20, 8);
    const out = shower.generate(images, seededUniform(5));
    const ref = referenceReconstruct(weights, images, { uniform: seededUniform(5) });
    expect(maxRelativeDifference(out, ref)).toBeLessThan(TOLERANCE);
    // The layers model gives the same bottleneck and masks (seeded FilterMasks, first pass).
    const seeded = buildShowerModel({ pixels: 81, kernelSize: 3, convolutions: 7, seed: 30 });
    seeded.setWeights(weights);
    const enc = seeded.encode(images, { batchSize: 2 });
    const refEnc = referenceEncode(weights, images, {
      uniform: layerUniforms(2, [81, 27, 9], 7, 30, 0),
    });
    expect(maxRelativeDifference(enc.bottleneck, refEnc.bottleneck)).toBeLessThan(TOLERANCE);
    enc.masks.forEach((mask, i) => {
      expect(Array.from(mask)).toEqual(Array.from(refEnc.masks[i] ?? []));
    });
  });

  it('runs the published k = 2 model on 64×64 images as the reference does', async () => {
    const shower = await fromKerasWeights(K2);
    const weights = await loadKerasWeights(K2);
    const images = sparseImages(2, 64, 30, 4);
    const enc = shower.encode(images, { batchSize: 2 });
    // Unseeded masks here; the bottleneck does not depend on the random numbers.
    const ref = referenceEncode(weights, images, { uniform: seededUniform(0) });
    expect(maxRelativeDifference(enc.bottleneck, ref.bottleneck)).toBeLessThan(TOLERANCE);
    const out = shower.generate(images, seededUniform(77));
    const refOut = referenceReconstruct(weights, images, { uniform: seededUniform(77) });
    expect(maxRelativeDifference(out, refOut)).toBeLessThan(TOLERANCE);
    expect(tf.memory().numTensors).toBeLessThan(100);
  });
});

describe('training', () => {
  it('adds the energy-conservation penalty λ·Σ_c(1 − ΣK_c)² once, as Keras did', async () => {
    const shower = buildShowerModel({
      pixels: 8,
      convolutions: 2,
      seed: 1,
      kernelRegularisation: 100,
    });
    const w = shower.kernels();
    w.convKernels = [Float32Array.of(0.2, 0.2, 0.2, 0.2), Float32Array.of(0.5, 0.5, 0.5, 0.5)];
    shower.setWeights(w);
    // Empty images: target and prediction are 0, so activeLoss is 0 and the loss of the first
    // (only) step is the penalty: 100·[(1 − 0.8)² + (1 − 2)²] = 100·(0.04 + 1) = 104.
    const x = tf.zeros([2, 8, 8, 1]);
    const history = await shower.model.fit(x, x, { epochs: 1, batchSize: 2, verbose: 0 });
    x.dispose();
    expect(history.history.loss?.[0]).toBeCloseTo(104, 3);
  });

  it('trains: the loss is finite, kernels move and the filter probabilities follow the unique winners', async () => {
    const shower = buildShowerModel({ pixels: 8, convolutions: 3, seed: 2, learningRate: 1e-3 });
    const before = shower.kernels();
    const x = tf.tensor4d(sparseImages(8, 8, 6, 31), [8, 8, 8, 1]);
    const history = await shower.model.fit(x, x, { epochs: 2, batchSize: 8, verbose: 0 });
    x.dispose();
    for (const loss of history.history.loss ?? [])
      expect(Number.isFinite(loss as number)).toBe(true);
    const after = shower.kernels();
    expect(Array.from(after.convKernels[0] ?? [])).not.toEqual(
      Array.from(before.convKernels[0] ?? []),
    );
    // p ← 0.9·p + 0.1·counts/Σcounts from p = 1: after two steps every p is 0.81 + 0.1·(…) < 1,
    // and the three probabilities of a level sum to 0.81·3 + 0.09 + 0.1 = 2.62.
    for (const p of after.filterProbabilities) {
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(2.62, 5);
    }
  });
});

function weightsFor8(): ShowerWeights {
  const kernel = () => Float32Array.of(0.25, 0.25, 0.25, 0.25);
  return {
    kernelSize: 2,
    pixels: 8,
    convolutions: 2,
    levels: 2,
    convKernels: [kernel(), kernel()],
    deconvKernels: [kernel(), kernel()],
    filterProbabilities: [Float32Array.of(0.5, 0.5), Float32Array.of(0.5, 0.5)],
  };
}
