import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { hardPart, mergeImages } from './merge.js';
import { MergeShower, mergeShower } from './merge_shower.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// One 4×4 image (k = 2, cutoff 20 GeV, threshold 1 GeV) with four windows, row-major:
//   top-left:     out [[60, 50], [0, 5]],  me [[100, 0], [0, 0]]  → 2 hard in out, 1 in me: vetoed
//   top-right:    out [[25, 3], [2, 0]],   me [[30, 0], [0, 0]]   → 1 and 1: kept
//   bottom-left:  out [[4, 6], [0, 1]],    me all 0               → 0 and 0: kept (soft only)
//   bottom-right: out [[0, 0], [30, 0]],   me [[0, 0], [0, 50]]   → 1 and 1: kept (moved inside)
const out = new Float32Array([60, 50, 25, 3, 0, 5, 2, 0, 4, 6, 0, 0, 0, 1, 30, 0]);
const me = new Float32Array([100, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50]);
// Vetoed window: ratio = Σ hard(out)/(Σ out + 1e-5) = 110/115.00001 = 0.9565216; the ME pixel
// becomes 100·ratio = 95.65216, the soft 5 GeV stays, the network's 60 and 50 go.
const ratio = 110 / (115 + 1e-5);
const expected = [100 * ratio, 0, 25, 3, 0, 5, 2, 0, 4, 6, 0, 0, 0, 1, 30, 0];

describe('hardPart', () => {
  it('is x above the cutoff, c/2 at it and 0 below', () => {
    expect(hardPart(30, 20)).toBe(30);
    expect(hardPart(20, 20)).toBe(10);
    expect(hardPart(19.9, 20)).toBe(0);
  });
});

describe('mergeImages', () => {
  it('vetoes a window with a new hard emission and keeps the others', () => {
    const merged = mergeImages(out, me, 4, { kernelSize: 2, cutoff: 20 });
    for (let i = 0; i < 16; i++) expect(merged[i]).toBeCloseTo(expected[i] as number, 4);
  });

  it('keeps soft parts of vetoed windows', () => {
    // One window: 40 GeV pixel (hard 40) and a 30 GeV one (hard 30) against an ME with no hard
    // pixel: vetoed, hard(me) = 0, so only the soft remainder survives: nothing of 40 and 30
    // (both entirely hard) and the 8 GeV pixel untouched.
    const merged = mergeImages(
      new Float32Array([40, 30, 8, 0]),
      new Float32Array([10, 0, 0, 0]),
      2,
      {
        kernelSize: 2,
        cutoff: 20,
      },
    );
    expect(Array.from(merged)).toEqual([0, 0, 8, 0]);
  });

  it('counts a pixel at the threshold as half a hard emission', () => {
    // hard(x) = 21 − 20 + 20 = 21 for x = 21; threshold 21 ⇒ step(0) = ½ per pixel.
    // out has two such pixels: n_out = 1; me has one: n_me = ½ ⇒ vetoed.
    const merged = mergeImages(
      new Float32Array([21, 21, 0, 0]),
      new Float32Array([21, 0, 0, 0]),
      2,
      {
        kernelSize: 2,
        cutoff: 20,
        hardThreshold: 21,
      },
    );
    const r = 42 / (42 + 1e-5);
    expect(merged[0]).toBeCloseTo(21 * r, 5);
    expect(merged[1]).toBe(0);
  });

  it('rejects mismatched sizes', () => {
    expect(() =>
      mergeImages(new Float32Array(9), new Float32Array(9), 3, { kernelSize: 2, cutoff: 20 }),
    ).toThrow('size: expected a multiple of the kernel size 2, got 3');
    expect(() =>
      mergeImages(new Float32Array(16), new Float32Array(4), 4, { kernelSize: 2, cutoff: 20 }),
    ).toThrow('two arrays of equal length');
  });
});

describe('MergeShower layer', () => {
  it('computes what mergeImages computes', () => {
    const layer = mergeShower({ kernelSize: 2, cutoff: 20 });
    const result = layer.apply([
      tf.tensor4d(out, [1, 4, 4, 1]),
      tf.tensor4d(me, [1, 4, 4, 1]),
    ]) as tf.Tensor;
    const values = result.dataSync();
    for (let i = 0; i < 16; i++) expect(values[i]).toBeCloseTo(expected[i] as number, 4);
  });

  it('merges every image of a batch on its own', () => {
    const batchOut = new Float32Array([...out, ...me]);
    const batchMe = new Float32Array([...me, ...me]);
    const layer = mergeShower({ kernelSize: 2, cutoff: 20 });
    const values = (
      layer.apply([
        tf.tensor4d(batchOut, [2, 4, 4, 1]),
        tf.tensor4d(batchMe, [2, 4, 4, 1]),
      ]) as tf.Tensor
    ).dataSync();
    const reference = mergeImages(batchOut, batchMe, 4, { kernelSize: 2, cutoff: 20 });
    for (let i = 0; i < 32; i++) expect(values[i]).toBeCloseTo(reference[i] as number, 4);
    // The second image merged with itself is unchanged: every window has n_out = n_me.
    for (let i = 16; i < 32; i++) expect(values[i]).toBeCloseTo(me[i - 16] as number, 4);
  });

  it('agrees with mergeImages on random batches around the cutoff (two implementations)', () => {
    // The layer is tfjs ops over whole images; mergeImages visits only windows with a pixel at or
    // above the cutoff. Pixels at, near, far above and below the cutoff, and negative ones.
    let seed = 12345;
    const u = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const cutoff = 20;
    const pick = (): number => {
      const r = u();
      if (r < 0.35) return 0;
      if (r < 0.45) return cutoff;
      if (r < 0.55) return -3 * u();
      if (r < 0.8) return 3 * cutoff * u();
      return 2 * u();
    };
    for (const hardThreshold of [1, 0]) {
      const batchOut = Float32Array.from({ length: 4 * 64 }, pick);
      const batchMe = Float32Array.from({ length: 4 * 64 }, pick);
      const layer = mergeShower({ kernelSize: 2, cutoff, hardThreshold });
      const values = (
        layer.apply([
          tf.tensor4d(batchOut, [4, 8, 8, 1]),
          tf.tensor4d(batchMe, [4, 8, 8, 1]),
        ]) as tf.Tensor
      ).dataSync();
      const reference = mergeImages(batchOut, batchMe, 8, { kernelSize: 2, cutoff, hardThreshold });
      let changed = 0;
      for (let i = 0; i < reference.length; i++) {
        // float32 tensor arithmetic against float64 rounded once: 1e-5 relative.
        expect(Math.abs((values[i] as number) - (reference[i] as number))).toBeLessThanOrEqual(
          1e-5 * (1 + Math.abs(reference[i] as number)),
        );
        if (reference[i] !== batchOut[i]) changed++;
      }
      expect(changed).toBeGreaterThan(10);
    }
  });

  it('round-trips through a saved model', async () => {
    const outIn = tfl.input({ shape: [4, 4, 1] });
    const meIn = tfl.input({ shape: [4, 4, 1] });
    const merged = mergeShower({ kernelSize: 2, cutoff: 20, hardThreshold: 1 }).apply([
      outIn,
      meIn,
    ]) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [outIn, meIn], outputs: merged });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
    const layer = loaded.layers.find((l) => l instanceof MergeShower) as MergeShower;
    expect(layer.getConfig()).toMatchObject({ kernelSize: 2, cutoff: 20, hardThreshold: 1 });
    const y = loaded.predict([
      tf.tensor4d(out, [1, 4, 4, 1]),
      tf.tensor4d(me, [1, 4, 4, 1]),
    ]) as tf.Tensor;
    const values = y.dataSync();
    for (let i = 0; i < 16; i++) expect(values[i]).toBeCloseTo(expected[i] as number, 4);
  });
});
