import { activeLoss } from '@apemen/layers';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { buildShowerModel } from '../model.js';
import { fusedParameters, showerWeightsFromFused } from './convert.js';
import { denseTestImages, randomWeights, sparseTestImages } from './test-helpers.js';
import { FusedTrainer } from './trainer.js';

// The fused path against the composite tfjs-layers model of this package (buildShowerModel).
// One-hot filter probabilities make both deterministic: a tie picks the kernel with p = 1, a
// unique winner keeps its kernel if it is that one and sets every channel otherwise (the quirk).
const pixels = 16;
const k = 2;
const c = 3;
const levels = 3;
const batch = 3;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused path against the composite layers model (${backend})`, () => {
    for (const [name, images] of [
      ['sparse', Float32Array.from(sparseTestImages(batch, pixels, 10, 51))],
      ['dense', Float32Array.from(denseTestImages(batch, pixels, 52))],
    ] as const) {
      it(`gives the same output, loss and kernel gradients on ${name} images`, async () => {
        expect(await tf.setBackend(backend)).toBe(true);
        const weights = randomWeights(pixels, k, c, levels, 53);
        weights.filterProbabilities = weights.filterProbabilities.map((_, l) =>
          Float32Array.from({ length: c }, (_, ch) => (ch === l % c ? 1 : 0)),
        );
        const shower = buildShowerModel({
          pixels,
          kernelSize: k,
          convolutions: c,
          seed: 1,
          kernelRegularisation: 0,
        });
        shower.setWeights(weights);
        const x = tf.tensor4d(images, [batch, pixels, pixels, 1]);
        const variables = shower.model.weights
          .filter((w) => w.trainable)
          .map((w) => w.read() as tf.Variable);
        const byName = (part: string): tf.Variable => {
          const v = variables.find((w) => w.name.includes(part));
          if (v === undefined) throw new Error(`no variable ${part}`);
          return v;
        };
        const convVar = byName('convolution_bank');
        const deconvVar = byName('merge_deconvolution');
        const loss = activeLoss([100, 10, 1]);
        let output: Float32Array = new Float32Array(0);
        const { value, grads } = tf.variableGrads(() => {
          const y = shower.model.apply(x, { training: false }) as tf.Tensor;
          output = y.dataSync() as Float32Array;
          return tf.mean(loss(x, y)) as tf.Scalar;
        }, [convVar, deconvVar]);

        const trainer = new FusedTrainer(fusedParameters(weights), {
          pixels,
          kernelSize: k,
          convolutions: c,
          kernelRegularisation: 0,
        });
        const fused = trainer.computeGradients(images, batch);
        // Outputs: the fused network's last event must equal the composite's.
        const last = Array.from(trainer.network.output);
        const scale = Math.max(...last.map(Math.abs));
        last.forEach((v, i) => {
          expect(
            Math.abs(v - (output[(batch - 1) * pixels * pixels + i] as number)),
          ).toBeLessThanOrEqual(1e-5 * scale);
        });
        // float32 on both sides with different summation orders: relative 1e-4.
        const composite = value.dataSync()[0] as number;
        expect(Math.abs(fused.activeLoss - composite)).toBeLessThanOrEqual(1e-4 * composite);
        // Keras layout [a, b, 0, c] against the fused [c][a·k + b].
        const compare = (flat: Float64Array, g: tf.Tensor | undefined) => {
          const values = g?.dataSync() ?? new Float32Array(0);
          let norm = 0;
          for (const v of flat) norm = Math.max(norm, Math.abs(v));
          expect(norm).toBeGreaterThan(0);
          for (let ch = 0; ch < c; ch++) {
            for (let ab = 0; ab < k * k; ab++) {
              const fusedValue = flat[ch * k * k + ab] as number;
              const compositeValue = values[ab * c + ch] as number;
              expect(Math.abs(fusedValue - compositeValue)).toBeLessThanOrEqual(1e-4 * norm);
            }
          }
        };
        compare(fused.convGradient, grads[convVar.name]);
        compare(fused.deconvGradient, grads[deconvVar.name]);
        // The round trip model → fused → model keeps every number.
        const back = showerWeightsFromFused(fusedParameters(shower.kernels()), weights);
        expect(back.convKernels.map((a) => Array.from(a))).toEqual(
          shower.kernels().convKernels.map((a) => Array.from(a)),
        );
        expect(back.filterProbabilities.map((a) => Array.from(a))).toEqual(
          weights.filterProbabilities.map((a) => Array.from(a)),
        );
        tf.dispose([x, value, ...Object.values(grads)]);
        shower.model.dispose();
      });
    }
  });
}
