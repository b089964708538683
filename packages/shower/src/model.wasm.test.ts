import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKerasWeights } from './keras.js';
import { buildShowerModel } from './model.js';
import { referenceReconstruct } from './reference.js';
import { seededUniform, sparseImages } from './test-helpers.js';

const K2 = new URL('../../../../shared/data/apemen-weights/k2.h5', import.meta.url).pathname;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('the shower model on the wasm backend', () => {
  it('generates as the plain-loop reference and trains', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const w = await loadKerasWeights(K2);
    const shower = buildShowerModel({ pixels: 64, seed: 1 });
    shower.setWeights(w);
    const images = sparseImages(2, 64, 30, 4);
    const out = shower.generate(images, seededUniform(77));
    const ref = referenceReconstruct(w, images, { uniform: seededUniform(77) });
    // Float32 tolerance as in model.test.ts: summation order only.
    let worst = 0;
    for (let i = 0; i < out.length; i++) {
      const r = ref[i] as number;
      worst = Math.max(worst, Math.abs((out[i] as number) - r) / Math.max(1, Math.abs(r)));
    }
    expect(worst).toBeLessThan(1e-5);
    const x = tf.tensor4d(sparseImages(4, 64, 6, 31), [4, 64, 64, 1]);
    const history = await shower.model.fit(x, x, { epochs: 1, batchSize: 4, verbose: 0 });
    x.dispose();
    expect(Number.isFinite(history.history.loss?.[0] as number)).toBe(true);
  });
});
