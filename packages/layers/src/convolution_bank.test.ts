import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channelMaximum, channelMaximumOp } from './channel_maximum.js';
import {
  bankToKernels,
  ConvolutionBank,
  convolutionBank,
  kernelsToBank,
} from './convolution_bank.js';
import { mergeDeconvolution } from './merge_deconvolution.js';
import { energyConservation } from './regularizers.js';
import { BACKENDS, useBackend, values } from './test-backends.js';

/** Plain-loop TensorFlow 'same' convolution of one [H, W] image with kernel [k, k] (row-major). */
function referenceConv(
  image: number[],
  h: number,
  w: number,
  kernel: number[],
  k: number,
): number[] {
  const pad = Math.floor((k - 1) / 2); // TF puts the odd extra padding after (bottom/right)
  const out: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const iy = y + a - pad;
          const ix = x + b - pad;
          if (iy >= 0 && iy < h && ix >= 0 && ix < w)
            s += (kernel[a * k + b] as number) * (image[iy * w + ix] as number);
        }
      }
      out.push(s);
    }
  }
  return out;
}

function seededValues(n: number, seed: number): number[] {
  return values(tf.randomUniform([n], -1, 1, 'float32', seed));
}

describe.each(BACKENDS)('kernel banks on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });
  afterEach(() => {
    tf.disposeVariables();
  });

  it('convolves with TensorFlow same padding (extra pad after for even k)', () => {
    // Image [[1, 2], [3, 4]], k = 2, K_0 = [[1, 10], [100, 1000]], K_1 = all ones.
    // o_0(0,0) = 1·1 + 10·2 + 100·3 + 1000·4 = 4321; o_0(0,1) = 1·2 + 100·4 = 402 (right pad 0);
    // o_0(1,0) = 1·3 + 10·4 = 43; o_0(1,1) = 1·4 = 4.  o_1 = [1+2+3+4, 2+4, 3+4, 4] = [10, 6, 7, 4].
    const bank = convolutionBank({ kernelSize: 2, filters: 2 });
    bank.build([null, 2, 2, 1]);
    bank.setWeights([
      kernelsToBank(
        [
          [1, 10, 100, 1000],
          [1, 1, 1, 1],
        ],
        2,
      ),
    ]);
    const o = values(bank.apply(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])) as tf.Tensor);
    expect(o).toEqual([4321, 10, 402, 6, 43, 7, 4, 4]);
  });

  it('matches a plain-loop convolution for k = 2 and k = 3', () => {
    for (const k of [2, 3]) {
      const h = 6;
      const w = 5;
      const kernels = [0, 1, 2].map((c) => seededValues(k * k, 10 + c));
      const image = seededValues(2 * h * w, 99);
      const bank = convolutionBank({ kernelSize: k, filters: 3 });
      bank.build([null, h, w, 1]);
      bank.setWeights([kernelsToBank(kernels, k)]);
      const o = values(bank.apply(tf.tensor4d(image, [2, h, w, 1])) as tf.Tensor);
      for (let b = 0; b < 2; b++) {
        kernels.forEach((kernel, c) => {
          const ref = referenceConv(image.slice(b * h * w, (b + 1) * h * w), h, w, kernel, k);
          ref.forEach((v, i) => {
            expect(o[(b * h * w + i) * 3 + c]).toBeCloseTo(v, 5);
          });
        });
      }
    }
  });

  it('takes the plain channel maximum with the gradient on the first maximal channel', () => {
    // max([1, 3, 3, −5]) = 3 (not |−5|); Keras' pairwise maximum sends the gradient to channel 1.
    const o = tf.tensor4d([1, 3, 3, -5, -2, -1, -4, -3], [1, 1, 2, 4]);
    expect(values(channelMaximum().apply(o) as tf.Tensor)).toEqual([3, -1]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(channelMaximumOp(x)))(o);
    expect(values(g)).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
  });

  it('merges the transposed convolutions by the mask', () => {
    // parent = 2, K_0 = [[1, 2], [3, 4]], K_1 = [[10, 20], [30, 40]]; children (0,0) and (1,1)
    // take K_0, (0,1) and (1,0) take K_1: out = 2·[1, 20, 30, 4] = [2, 40, 60, 8].
    const deconv = mergeDeconvolution({ kernelSize: 2, filters: 2 });
    const parent = tf.tensor4d([2], [1, 1, 1, 1]);
    const mask = tf.tensor4d([1, 0, 0, 1, 0, 1, 1, 0], [1, 2, 2, 2]);
    deconv.build([parent.shape, mask.shape]);
    deconv.setWeights([
      kernelsToBank(
        [
          [1, 2, 3, 4],
          [10, 20, 30, 40],
        ],
        2,
      ),
    ]);
    expect(values(deconv.apply([parent, mask]) as tf.Tensor)).toEqual([2, 40, 60, 8]);
  });

  it('matches a plain-loop decoder step for k = 3 (every child takes its chosen kernel)', () => {
    const k = 3;
    const c = 4;
    const [b, h, w] = [2, 2, 3];
    const kernels = [0, 1, 2, 3].map((i) => seededValues(k * k, 20 + i));
    const parent = seededValues(b * h * w, 7);
    const choice = values(tf.randomUniform([b * h * k * w * k], 0, c, 'int32', 8));
    const mask = tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(choice, 'int32'), c), 'float32'), [
      b,
      h * k,
      w * k,
      c,
    ]);
    const deconv = mergeDeconvolution({ kernelSize: k, filters: c });
    deconv.build([[b, h, w, 1], mask.shape]);
    deconv.setWeights([kernelsToBank(kernels, k)]);
    const out = values(deconv.apply([tf.tensor4d(parent, [b, h, w, 1]), mask]) as tf.Tensor);
    for (let n = 0; n < b; n++) {
      for (let y = 0; y < h * k; y++) {
        for (let x = 0; x < w * k; x++) {
          const i = (n * h * k + y) * w * k + x;
          const p = parent[(n * h + Math.floor(y / k)) * w + Math.floor(x / k)] as number;
          const kernel = kernels[choice[i] as number] as number[];
          expect(out[i]).toBeCloseTo(p * (kernel[(y % k) * k + (x % k)] as number), 6);
        }
      }
    }
  });

  it('applies its kernel regulariser once per filter', () => {
    // Kernels summing to 0.5 and 1.5: 100·[(1 − 0.5)² + (1 − 1.5)²] = 50.
    const bank = convolutionBank({
      kernelSize: 2,
      filters: 2,
      kernelRegularizer: energyConservation(100),
    });
    bank.build([null, 4, 4, 1]);
    bank.setWeights([
      kernelsToBank(
        [
          [0.5, 0, 0, 0],
          [0.5, 0.5, 0.25, 0.25],
        ],
        2,
      ),
    ]);
    expect(bank.losses).toHaveLength(1);
    const penalty = (bank.losses[0] as () => tf.Scalar)();
    expect(values(penalty)[0]).toBeCloseTo(50, 4);
  });
});

it('packs Keras per-layer kernels into the bank weight and back', () => {
  // weight[a, b, 0, c] = kernels[c][a·k + b]: flat index (a·k + b)·C + c.
  const weight = kernelsToBank(
    [
      [1, 2, 3, 4],
      [10, 20, 30, 40],
    ],
    2,
  );
  expect(weight.shape).toEqual([2, 2, 1, 2]);
  expect(values(weight)).toEqual([1, 10, 2, 20, 3, 30, 4, 40]);
  expect(bankToKernels(weight).map((k) => Array.from(k))).toEqual([
    [1, 2, 3, 4],
    [10, 20, 30, 40],
  ]);
  expect(() => kernelsToBank([[1, 2, 3]], 2)).toThrow(
    /kernels\[0\]: expected 4 numbers \(k = 2\), got 3/,
  );
  expect(() => bankToKernels(tf.zeros([2, 2, 2, 1]))).toThrow(
    /bank weight: expected \[k, k, 1, C\]/,
  );
});

it('rejects bad sizes and inputs with clear errors', () => {
  expect(() => convolutionBank({ kernelSize: 0, filters: 9 })).toThrow(
    /kernelSize: expected a positive integer, got 0/,
  );
  expect(() => mergeDeconvolution({ kernelSize: 2, filters: 2.5 })).toThrow(
    /filters: expected a positive integer/,
  );
  const bank = new ConvolutionBank({ kernelSize: 2, filters: 3 });
  expect(() => bank.apply(tf.zeros([1, 4, 4, 2]))).toThrow(
    /ConvolutionBank input: expected rank 4 \[B, H, W, 1\]/,
  );
  const deconv = mergeDeconvolution({ kernelSize: 2, filters: 3 });
  expect(() => deconv.apply([tf.zeros([1, 2, 2, 1]), tf.zeros([1, 3, 4, 3])])).toThrow(
    /MergeDeconvolution mask/,
  );
});

it('initialises like Keras glorot_normal per [k, k, 1, 1] kernel (σ = 1/k, truncated at 2σ)', () => {
  const bank = convolutionBank({ kernelSize: 4, filters: 500, seed: 3 });
  bank.build([null, 8, 8, 1]);
  const w = values(bank.getWeights()[0] as tf.Tensor);
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  const sd = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
  // A normal truncated at ±2σ has standard deviation 0.8796σ = 0.2199 for σ = 0.25; 8000 draws
  // give it to about ±1%.
  expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.5);
  expect(sd).toBeGreaterThan(0.2199 * 0.95);
  expect(sd).toBeLessThan(0.2199 * 1.05);
});
