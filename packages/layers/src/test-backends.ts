// Test helper (not part of the build): selects a real tfjs backend by name.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers tfjs-core's gradients, as it does for every user of this package.
import '@tensorflow/tfjs-layers';

/** Backends every numerical test runs on. */
export const BACKENDS = ['cpu', 'wasm'] as const;

/** Switches tfjs to `name` and fails loudly if that backend cannot start. */
export async function useBackend(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend ${name} did not start`);
}

/** The values of a tensor as a plain array (tests compare numbers, not tensors). */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}
