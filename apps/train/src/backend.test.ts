import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { describeBackend, probeNativePackage, selectBackend } from './backend.js';

describe('backend selection', () => {
  it('reports a native package installed without its binding as not built', () => {
    // pnpm 10 does not run tfjs-node's install script unless approved, so in this workspace the
    // package is present but has no lib/napi-v*/tfjs_binding.node.
    const probe = probeNativePackage('@tensorflow/tfjs-node');
    if (!probe.ok) expect(probe.reason).toMatch(/not built|not installed/);
    else expect(probe.reason).toBe('native binding present');
  });

  it('reports an absent package as not installed', () => {
    expect(probeNativePackage('@tensorflow/tfjs-node-no-such-package')).toEqual({
      ok: false,
      reason: 'not installed (it is an optional dependency)',
    });
  });

  it('auto falls back past the native packages and says why', async () => {
    const choice = await selectBackend('auto');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(choice.backend);
    expect(tf.getBackend()).toBe(choice.backend);
    if (choice.backend !== 'tensorflow') {
      expect(choice.attempts.map((a) => a.candidate).slice(0, 2)).toEqual([
        '@tensorflow/tfjs-node-gpu',
        '@tensorflow/tfjs-node',
      ]);
      expect(describeBackend(choice)).toContain('skipped @tensorflow/tfjs-node-gpu');
    }
    // The chosen backend computes: 2·3 + 4 = 10.
    const y = tf.add(tf.mul(tf.scalar(2), tf.scalar(3)), tf.scalar(4));
    expect(await y.data()).toEqual(new Float32Array([10]));
  });

  it('cpu is always available when asked for', async () => {
    const choice = await selectBackend('cpu');
    expect(choice.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
