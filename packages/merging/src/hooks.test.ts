import '@tensorflow/tfjs-backend-cpu';
import {
  eventSeed,
  FusedRandom,
  FusedShowerNetwork,
  fusedGeometry,
  fusedParameters,
  loadKerasWeights,
  referenceReconstruct,
  type ShowerWeights,
  showerForward,
} from '@apemen/shower';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutoffs } from './cutoffs.js';
import { fusedShowerMergeHook, referenceShowerMergeHook, showerMergeHook } from './hooks.js';
import { mergeImages, mergeWindowsInPlace } from './merge.js';

const K2 = new URL('../../../../shared/data/apemen-weights/k2.h5', import.meta.url).pathname;

/** A small linear congruential source: the test needs two identical streams, not quality. */
function uniformStream(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** An unshowered two-parton event on the 64×64 grid, GeV. */
function twoPartonImage(): Float32Array {
  const image = new Float32Array(64 * 64);
  image[20 * 64 + 10] = 1000; // a 1 TeV parton
  image[44 * 64 + 42] = 300; // a recoiling 300 GeV parton
  return image;
}

let weights: ShowerWeights;
beforeAll(async () => {
  await tf.setBackend('cpu');
  weights = await loadKerasWeights(K2);
});

describe('merge hooks', () => {
  it('plug the merging into the plain-loop and the tfjs generation alike', () => {
    const image = twoPartonImage();
    const options = { kernelSize: 2, levels: weights.levels };
    const reference = referenceReconstruct(weights, image, {
      uniform: uniformStream(99),
      merge: referenceShowerMergeHook(options),
    });
    const k = weights.kernelSize;
    const c = weights.convolutions;
    const bank = (kernels: Float32Array[]) => {
      const values = new Float32Array(k * k * c);
      kernels.forEach((kernel, i) => {
        for (let j = 0; j < k * k; j++) values[j * c + i] = kernel[j] as number;
      });
      return tf.tensor4d(values, [k, k, 1, c]);
    };
    const generated = showerForward(
      {
        conv: bank(weights.convKernels),
        deconv: bank(weights.deconvKernels),
        probabilities: weights.filterProbabilities.map((p) => tf.tensor1d(p)),
      },
      tf.tensor4d(image, [1, 64, 64, 1]),
      k,
      uniformStream(99),
      showerMergeHook(options),
    ).dataSync();
    // Two implementations (float64 loops rounded to float32 vs tfjs float32 ops): equal to a
    // relative 1e-4 of the 1.3 TeV total.
    let maxDiff = 0;
    for (let i = 0; i < image.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((generated[i] as number) - (reference[i] as number)));
    }
    expect(maxDiff).toBeLessThan(1300 * 1e-4);
    // The merging acts on this event: the unmerged shower of the same random numbers differs.
    const unmerged = referenceReconstruct(weights, image, { uniform: uniformStream(99) });
    let changed = 0;
    for (let i = 0; i < image.length; i++) if (unmerged[i] !== reference[i]) changed++;
    expect(changed).toBeGreaterThan(0);
  });

  it('leave an event with no hard pixel unchanged by the merging', () => {
    // Every pixel below the first cutoff (20 GeV) at every level: nothing is hard, so the merge is
    // the identity and the merged and unmerged showers agree exactly for the same random numbers.
    const image = new Float32Array(64 * 64);
    image[5 * 64 + 5] = 4;
    image[40 * 64 + 33] = 3;
    expect(cutoffs({ kernelSize: 2, levels: weights.levels })[0]).toBeCloseTo(20, 12);
    const merged = referenceReconstruct(weights, image, {
      uniform: uniformStream(5),
      merge: referenceShowerMergeHook({ kernelSize: 2, levels: weights.levels }),
    });
    const plain = referenceReconstruct(weights, image, { uniform: uniformStream(5) });
    expect(Array.from(merged)).toEqual(Array.from(plain));
  });

  it('reject a level beyond the network', () => {
    const hook = referenceShowerMergeHook({ kernelSize: 2, levels: 2 });
    expect(() =>
      hook(new Float32Array(16), new Float32Array(16), {
        level: 3,
        side: 4,
        kernelSize: 2,
        batch: 1,
      }),
    ).toThrow('level: expected a decoder level from 1 to 2, got 3');
  });

  it('merge the same way on the fused path as on the plain-loop path', () => {
    // One-hot filter probabilities remove the randomness (ties all pick kernel 9; unique winners
    // keep theirs, or, with p = 0, set every channel as the original's quirk does), so the two
    // implementations must agree pixel by pixel.
    const deterministic: ShowerWeights = {
      ...weights,
      filterProbabilities: weights.filterProbabilities.map(() =>
        Float32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1),
      ),
    };
    const image = twoPartonImage();
    const options = { kernelSize: 2, levels: deterministic.levels };
    const reference = referenceReconstruct(deterministic, image, {
      uniform: uniformStream(1),
      merge: referenceShowerMergeHook(options),
    });
    const network = new FusedShowerNetwork(fusedGeometry(64, 2, 9));
    const p = fusedParameters(deterministic);
    network.setParameters(p.convKernels, p.deconvKernels, p.probabilities);
    network.forwardEvent(image, 0, new FusedRandom(eventSeed(1, 0, 0)), {
      dense: false,
      merge: fusedShowerMergeHook(options),
    });
    let maxDiff = 0;
    let total = 0;
    for (let i = 0; i < image.length; i++) {
      maxDiff = Math.max(
        maxDiff,
        Math.abs((network.output[i] as number) - (reference[i] as number)),
      );
      total += reference[i] as number;
    }
    expect(total).toBeGreaterThan(100);
    // Same float32 operations in a different order: agreement to 1e-5 of the total.
    expect(maxDiff).toBeLessThan(1e-5 * total);
  });
});

describe('fusedShowerMergeHook (in place, windows with a pixel at the cutoff or above)', () => {
  /** ±0 compare equal (the in-place merge leaves −0 where mergeImages writes +0). */
  const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean =>
    a.length === b.length && Array.from(a).every((v, i) => v === b[i]);

  it('merges each level with its own cutoff, as mergeImages does, on random images', () => {
    const u = uniformStream(77);
    for (const hardThreshold of [1, 0]) {
      const levelCutoffs = cutoffs({ kernelSize: 2, levels: 4 });
      const hook = fusedShowerMergeHook({ kernelSize: 2, levels: 4, hardThreshold });
      for (let trial = 0; trial < 40; trial++) {
        const level = 1 + (trial % 4);
        const side = 2 ** (level + 1);
        const cutoff = levelCutoffs[level - 1] as number;
        const pick = (): number => {
          const r = u();
          if (r < 0.4) return 0;
          if (r < 0.5) return cutoff; // exactly at the cutoff: hard part c/2, counts as hard
          if (r < 0.6) return -3 * u(); // negative outputs happen (no ReLU in the network)
          if (r < 0.8) return cutoff * 3 * u();
          return 2 * u();
        };
        const out = Float32Array.from({ length: side * side }, pick);
        const me = Float32Array.from({ length: side * side }, pick);
        const want = mergeImages(out, me, side, { kernelSize: 2, cutoff, hardThreshold });
        const merged = Float32Array.from(out);
        hook(merged, me, side, level, Number.POSITIVE_INFINITY);
        expect(same(merged, want)).toBe(true);
        // Some windows really change, so the comparison is not of two copies of the input.
        if (trial === 0) expect(same(want, out)).toBe(false);
      }
    }
  });

  it('leaves a level alone when the bound says nothing reaches the cutoff, as mergeImages would', () => {
    const hook = fusedShowerMergeHook({ kernelSize: 2, levels: 2 });
    // Level 2 (8×8), cutoff 68.3 GeV: every output below it, the matrix element has hard pixels.
    const out = Float32Array.from({ length: 64 }, (_, i) => (i % 7) * 9.5);
    const me = Float32Array.from({ length: 64 }, (_, i) => (i % 5 === 0 ? 500 : 0));
    const merged = Float32Array.from(out);
    hook(merged, me, 8, 2, 68);
    expect(Array.from(merged)).toEqual(Array.from(out));
    expect(same(mergeImages(out, me, 8, { kernelSize: 2, cutoff: 68.3 }), out)).toBe(true);
    // A bound at or above the cutoff merges: a 100 GeV window pixel against no hard ME pixel.
    merged[0] = 100;
    merged[1] = 100;
    hook(merged, me, 8, 2, 100);
    expect(Array.from(merged.subarray(0, 2))).not.toEqual([100, 100]);
  });

  it('treats a pixel exactly at the cutoff as hard (hard part c/2), as mergeImages does', () => {
    // A cutoff float32 can hold, 20 GeV. Window 0: one pixel at 20 against an empty matrix
    // element, so n_out = 1 > n_me = 0: vetoed, the pixel keeps its soft part 20 − 10 = 10.
    const out = new Float32Array(16);
    out[0] = 20;
    out[1] = 5;
    const merged = Float32Array.from(out);
    mergeWindowsInPlace(merged, new Float32Array(16), 4, {
      kernelSize: 2,
      cutoff: 20,
      hardThreshold: 1,
    });
    expect(Array.from(merged.subarray(0, 2))).toEqual([10, 5]);
    expect(
      Array.from(mergeImages(out, new Float32Array(16), 4, { kernelSize: 2, cutoff: 20 })).slice(
        0,
        2,
      ),
    ).toEqual([10, 5]);
  });

  it('rejects a side or image length that does not fit the level', () => {
    const hook = fusedShowerMergeHook({ kernelSize: 2, levels: 2 });
    expect(() => hook(new Float32Array(36), new Float32Array(36), 6, 1, 1e9)).not.toThrow();
    expect(() => hook(new Float32Array(25), new Float32Array(25), 5, 1, 1e9)).toThrow(
      'size: expected a multiple of the kernel size 2, got 5',
    );
    expect(() => hook(new Float32Array(16), new Float32Array(15), 4, 1, 1e9)).toThrow(
      'images: expected two arrays of equal length, a multiple of 4×4',
    );
    expect(() => hook(new Float32Array(16), new Float32Array(16), 4, 3, 1e9)).toThrow(
      'level: expected a decoder level from 1 to 2, got 3',
    );
  });
});
