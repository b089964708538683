import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { absTF, heaviside, signTF } from './heaviside.js';
import { BACKENDS, useBackend, values } from './test-backends.js';

describe.each(BACKENDS)('step helpers on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it('steps at 0 with ½ there, even for |z| below 1e-7 (where wasm’s Sign returns 0)', () => {
    const z = tf.tensor1d([-2, -1e-9, 0, 1e-9, 5e-8, 3]);
    expect(values(heaviside(z))).toEqual([0, 0, 0.5, 1, 1, 1]);
    expect(values(signTF(z))).toEqual([-1, -1, 0, 1, 1, 1]);
  });

  it('gives |z| with TensorFlow’s gradient sign(z), 0 at z = 0, and passes none through step', () => {
    const z = tf.tensor1d([-2, 0, 3]);
    expect(values(absTF(z))).toEqual([2, 0, 3]);
    expect(values(tf.grad((x: tf.Tensor) => tf.sum(absTF(x)))(z))).toEqual([-1, 0, 1]);
    expect(values(tf.grad((x: tf.Tensor) => tf.sum(heaviside(x)))(z))).toEqual([0, 0, 0]);
  });
});
