import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { imagesFromTensor, toTensor } from './tensor.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('toTensor', () => {
  it('makes a [n, N, N, 1] tensor whose element [e, i, j, 0] is image e pixel (i, j)', () => {
    const images = Float32Array.from({ length: 2 * 3 * 3 }, (_, k) => k);
    const x = toTensor(images, 2, 3, tf);
    expect(x.shape).toEqual([2, 3, 3, 1]);
    // Element [1, 2, 0, 0] is image 1, pixel (2, 0): 9 + 2·3 + 0 = 15.
    expect(tf.slice(x, [1, 2, 0, 0], [1, 1, 1, 1]).dataSync()[0]).toBe(15);
    const back = imagesFromTensor(x);
    expect(back.count).toBe(2);
    expect(back.pixels).toBe(3);
    expect([...back.images]).toEqual([...images]);
    x.dispose();
  });

  it('rejects a length that is not n·N·N and a non-square tensor', () => {
    expect(() => toTensor(new Float32Array(17), 2, 3, tf)).toThrow(/expected n·N·N = 2·3·3 = 18/);
    const t = tf.zeros([2, 3, 4, 1]);
    expect(() => imagesFromTensor(t)).toThrow(/square images/);
    t.dispose();
  });
});
