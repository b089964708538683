import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { FusedShowerNetwork, fusedGeometry } from './network.js';
import { FusedRandom } from './rng.js';
import { flatParameters, randomWeights, sparseTestImages } from './test-helpers.js';
import { fusedShowerForward, fusedShowerLoss } from './tfjs-kernels.js';
import { eventSeed, FusedTrainer } from './trainer.js';

const pixels = 16;
const k = 2;
const c = 3;
const levels = 3;
const batch = 3;
const flat = flatParameters(randomWeights(pixels, k, c, levels, 41));
const images = Float32Array.from(sparseTestImages(batch, pixels, 8, 42));

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused tfjs ops on the ${backend} backend`, () => {
    it('fusedShowerLoss: value and variableGrads equal the typed-array trainer', async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const trainer = new FusedTrainer(flat, {
        pixels,
        kernelSize: k,
        convolutions: c,
        kernelRegularisation: 0,
        seed: 5,
      });
      const expected = trainer.computeGradients(images, batch);
      const x = tf.tensor3d(images, [batch, pixels, pixels]);
      const conv = tf.variable(tf.tensor3d(Float32Array.from(flat.convKernels), [c, k, k]));
      const deconv = tf.variable(tf.tensor3d(Float32Array.from(flat.deconvKernels), [c, k, k]));
      const probs = tf.tensor2d(Float32Array.from(flat.probabilities), [levels, c]);
      let counts: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const result = fusedShowerLoss(x, conv, deconv, probs, { seed: 5 });
        counts = tf.keep(result.counts);
        return result.loss;
      });
      const close = (a: number | undefined, b: number) =>
        expect(Math.abs((a ?? Number.NaN) - b)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(b)));
      // The same computation on both sides, the op's outputs rounded to float32.
      close(value.dataSync()[0], expected.activeLoss);
      const gConv = grads[conv.name]?.dataSync() ?? [];
      const gDeconv = grads[deconv.name]?.dataSync() ?? [];
      expected.convGradient.forEach((g, i) => {
        close(gConv[i], g);
      });
      expected.deconvGradient.forEach((g, i) => {
        close(gDeconv[i], g);
      });
      expect(Array.from(counts?.dataSync() ?? [])).toEqual(Array.from(expected.counts));
      tf.dispose([x, conv, deconv, probs, value, counts as tf.Tensor, ...Object.values(grads)]);
    });

    it('optimizer.minimize trains through the fused loss', async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const x = tf.tensor3d(images, [batch, pixels, pixels]);
      const conv = tf.variable(tf.tensor3d(Float32Array.from(flat.convKernels), [c, k, k]));
      const deconv = tf.variable(tf.tensor3d(Float32Array.from(flat.deconvKernels), [c, k, k]));
      const probs = tf.tensor2d(Float32Array.from(flat.probabilities), [levels, c]);
      const optimizer = tf.train.adam(0.02);
      const losses: number[] = [];
      for (let step = 0; step < 20; step++) {
        const loss = optimizer.minimize(() => {
          const r = fusedShowerLoss(x, conv, deconv, probs, { seed: 5 });
          r.counts.dispose();
          return r.loss;
        }, true) as tf.Scalar;
        losses.push(loss.dataSync()[0] as number);
        loss.dispose();
      }
      expect(losses[19]).toBeLessThan(losses[0] as number);
      tf.dispose([x, conv, deconv, probs]);
      optimizer.dispose();
    });

    it('fusedShowerForward: output and masks equal the network; its gradient equals backward', async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      const x = tf.tensor3d(images, [batch, pixels, pixels]);
      const conv = tf.tensor3d(Float32Array.from(flat.convKernels), [c, k, k]);
      const deconv = tf.tensor3d(Float32Array.from(flat.deconvKernels), [c, k, k]);
      const probs = tf.tensor2d(Float32Array.from(flat.probabilities), [levels, c]);
      const { output, masks } = fusedShowerForward(x, conv, deconv, probs, { seed: 9 });
      expect(output.shape).toEqual([batch, pixels, pixels]);
      expect(masks.map((m) => m.shape)).toEqual([
        [batch, 16, 16],
        [batch, 8, 8],
        [batch, 4, 4],
      ]);
      const net = new FusedShowerNetwork(fusedGeometry(pixels, k, c));
      net.setParameters(flat.convKernels, flat.deconvKernels, flat.probabilities);
      const rng = new FusedRandom(0);
      const out = output.dataSync();
      const weight = Float32Array.from({ length: pixels * pixels }, (_, i) => ((i * 7) % 5) - 2);
      const dConv = new Float64Array(c * k * k);
      const dDeconv = new Float64Array(c * k * k);
      for (let e = 0; e < batch; e++) {
        rng.reseed(eventSeed(9, 0, e));
        net.forwardEvent(images, e * pixels * pixels, rng);
        Array.from(net.output).forEach((v, i) => {
          expect(out[e * pixels * pixels + i]).toBe(v);
        });
        expect(Array.from(masks[0]?.dataSync().subarray(e * 256, (e + 1) * 256) ?? [])).toEqual(
          Array.from(net.masks[0] as Uint32Array),
        );
        net.outputGradient.set(weight);
        net.backwardEvent(dConv, dDeconv);
      }
      // d/dK Σ w·output through the op's registered gradient.
      const w = tf.tile(tf.tensor3d(weight, [1, pixels, pixels]), [batch, 1, 1]);
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(fusedShowerForward(x, a, b, probs, { seed: 9 }).output, w)),
      )([conv, deconv]);
      const [gConv, gDeconv] = grads.map((g) => g.dataSync());
      // Same arithmetic; the op's gradients are rounded to float32 once.
      dConv.forEach((g, i) => {
        expect(Math.abs((gConv?.[i] ?? Number.NaN) - g)).toBeLessThanOrEqual(
          1e-6 * (1 + Math.abs(g)),
        );
      });
      dDeconv.forEach((g, i) => {
        expect(Math.abs((gDeconv?.[i] ?? Number.NaN) - g)).toBeLessThanOrEqual(
          1e-6 * (1 + Math.abs(g)),
        );
      });
      tf.dispose([x, conv, deconv, probs, output, ...masks, w, ...grads]);
    });
  });
}
