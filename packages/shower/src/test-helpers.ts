import { filterMaskUniforms } from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { UniformSource } from './reference.js';

/** mulberry32: a small seeded generator of uniform numbers in [0, 1) for tests. */
export function seededUniform(seed: number): UniformSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** B sparse images of side n: `hits` pixels each with pT uniform in [1, 100) GeV. */
export function sparseImages(batch: number, n: number, hits: number, seed: number): Float32Array {
  const u = seededUniform(seed);
  const images = new Float32Array(batch * n * n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < hits; h++) {
      const pixel = Math.floor(u() * n * n);
      images[b * n * n + pixel] = 1 + 99 * u();
    }
  }
  return images;
}

/**
 * The uniform numbers the seeded FilterMask layers draw in one forward pass, level by level,
 * as a uniform source for the plain-loop reference.
 */
export function layerUniforms(
  batch: number,
  sizes: readonly number[],
  channels: number,
  seed: number,
  call: number,
): UniformSource {
  const values: number[] = [];
  sizes.forEach((n, i) => {
    const u = filterMaskUniforms([batch, n, n, channels], seed + i + 1, call);
    values.push(...(u.dataSync() as Float32Array));
    u.dispose();
  });
  let next = 0;
  return () => {
    if (next >= values.length) throw new Error('ran out of layer uniforms');
    return values[next++] as number;
  };
}

/** Uses tfjs's cpu backend (imported for its side effect of registering it). */
export async function useCpuBackend(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  await tf.ready();
}
