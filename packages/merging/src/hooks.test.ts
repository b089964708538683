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
