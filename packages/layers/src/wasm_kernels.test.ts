import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { convolutionBank } from './convolution_bank.js';
import { useBackend, values } from './test-backends.js';
import { registerWasmKernels } from './wasm_kernels.js';

interface Case {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  stride: number;
  pad: 'same' | 'valid';
  /** Zero most inputs and most output gradients (the kernel skips exact zeros). */
  sparse?: boolean;
}

const CASES: Case[] = [
  { xShape: [2, 5, 6, 1], filterShape: [2, 2, 1, 3], stride: 1, pad: 'same' },
  { xShape: [2, 5, 6, 1], filterShape: [3, 3, 1, 3], stride: 1, pad: 'same' },
  { xShape: [1, 7, 5, 2], filterShape: [3, 2, 2, 4], stride: 2, pad: 'same' },
  { xShape: [3, 6, 6, 2], filterShape: [2, 2, 2, 3], stride: 2, pad: 'valid' },
  { xShape: [2, 8, 8, 1], filterShape: [2, 2, 1, 9], stride: 1, pad: 'same', sparse: true },
];

/** x·step(x − 1): keeps the ~16% of N(0, 1) values above 1, zeros the rest. */
const sparsify = (t: tf.Tensor): tf.Tensor => tf.mul(t, tf.step(tf.sub(t, 1)));

/** Kernel gradients of Σ w·conv(x, K) and of Σ w·deconv(x, K) on the current backend. */
function gradients(c: Case): number[][] {
  const dense = tf.randomNormal(c.xShape, 0, 1, 'float32', 1) as tf.Tensor4D;
  const x = (c.sparse ? sparsify(dense) : dense) as tf.Tensor4D;
  const kernel = tf.randomNormal(c.filterShape, 0, 1, 'float32', 2) as tf.Tensor4D;
  const conv = (k: tf.Tensor4D): tf.Tensor4D => tf.conv2d(x, k, c.stride, c.pad);
  const denseWeight = tf.randomNormal(conv(kernel).shape, 0, 1, 'float32', 3);
  const weight = c.sparse ? sparsify(denseWeight) : denseWeight;
  const convGrad = tf.grad((k: tf.Tensor) => tf.sum(tf.mul(conv(k as tf.Tensor4D), weight)))(
    kernel,
  );
  // A transposed convolution with stride = kernel size, as the decoder uses: [k, k, out, in].
  const k = c.filterShape[0];
  const [b, h, w] = c.xShape;
  const deKernel = tf.randomNormal([k, k, 3, c.xShape[3]], 0, 1, 'float32', 4) as tf.Tensor4D;
  const denseDeWeight = tf.randomNormal([b, h * k, w * k, 3], 0, 1, 'float32', 5);
  const deWeight = c.sparse ? sparsify(denseDeWeight) : denseDeWeight;
  const deGrad = tf.grad((kk: tf.Tensor) =>
    tf.sum(
      tf.mul(tf.conv2dTranspose(x, kk as tf.Tensor4D, [b, h * k, w * k, 3], k, 'same'), deWeight),
    ),
  )(deKernel);
  return [values(convGrad), values(deGrad)];
}

it('computes Conv2DBackpropFilter on wasm as the cpu backend does', async () => {
  await useBackend('wasm');
  // By hand: x = [[1, 2], [3, 4]], d Σconv/dK with dy = 1 everywhere, k = 2, 'same' (pad after):
  // dW[a, b] = Σ_{y,x} x(y + a, x + b) = [1+2+3+4, 2+4, 3+4, 4] = [10, 6, 7, 4].
  const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  const dW = tf.grad((k: tf.Tensor) => tf.sum(tf.conv2d(x, k as tf.Tensor4D, 1, 'same')))(
    tf.zeros([2, 2, 1, 1]),
  );
  expect(values(dW)).toEqual([10, 6, 7, 4]);
  const onWasm = CASES.map(gradients);
  await useBackend('cpu');
  const onCpu = CASES.map(gradients);
  // Float32 tolerance: sums of ≤ 100 products of N(0, 1) numbers; 1e-4 absolute.
  onWasm.forEach((pair, i) => {
    pair.forEach((grad, j) => {
      const ref = onCpu[i]?.[j] as number[];
      expect(grad).toHaveLength(ref.length);
      grad.forEach((v, n) => {
        expect(Math.abs(v - (ref[n] as number))).toBeLessThan(1e-4);
      });
    });
  });
});

it('routes the max-pooling gradient to the first maximum of each window, as the cpu backend', async () => {
  await useBackend('wasm');
  // This file imports the wasm backend (test-backends) after the package, which re-registered
  // the stock MaxPoolGrad; pooling without this package's layers needs the explicit call.
  registerWasmKernels();
  // 2×2 windows, gradient 1: the maximum of [−1, −2, −3, −0.5] is the last value (the stock
  // wasm kernel of tfjs 4.22 picks the first); ties go to the first maximum in row-major order.
  const windows = [
    [-1, -2, -3, -0.5],
    [-1, 0, 0, -2],
    [5, 1, 5, 2],
    [2, 3, 1, 3],
  ];
  const expected = [
    [0, 0, 0, 1],
    [0, 1, 0, 0],
    [1, 0, 0, 0],
    [0, 1, 0, 0],
  ];
  windows.forEach((w, i) => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(
      tf.tensor4d(w, [1, 2, 2, 1]),
    );
    expect(values(g)).toEqual(expected[i]);
  });
  // Random inputs (with repeated values) against cpu: 2×2/2 'valid' and 3×3/1 'same' (padded).
  const pooled = (): number[][] => {
    const x = tf.round(tf.randomNormal([2, 6, 6, 3], 0, 2, 'float32', 9)) as tf.Tensor4D;
    const w1 = tf.randomNormal([2, 3, 3, 3], 0, 1, 'float32', 10);
    const w2 = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 11);
    return [
      values(
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid'), w1)))(
          x,
        ),
      ),
      values(
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, 3, 1, 'same'), w2)))(
          x,
        ),
      ),
    ];
  };
  const onWasm = pooled();
  await useBackend('cpu');
  const onCpu = pooled();
  // Overlapping 3×3 windows add several gradients into one input: float32 summation order only.
  onWasm.forEach((grad, i) => {
    grad.forEach((v, n) => {
      expect(Math.abs(v - (onCpu[i]?.[n] as number))).toBeLessThan(1e-6);
    });
  });
});

it('registers once, and takes MaxPoolGrad back when a later wasm import displaced it', async () => {
  expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  registerWasmKernels();
  expect(registerWasmKernels()).toEqual([]);
  // What importing @tensorflow/tfjs-backend-wasm after this package does: re-register its own.
  tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel({
    kernelName: 'MaxPoolGrad',
    backendName: 'wasm',
    kernelFunc: () => {
      throw new Error('stock kernel');
    },
  });
  await useBackend('wasm');
  // Calling a bank (as every model using this package does) restores the correct kernel.
  convolutionBank({ kernelSize: 1, filters: 1 }).apply(tf.zeros([1, 2, 2, 1]));
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(
    tf.tensor4d([-1, -2, -3, -0.5], [1, 2, 2, 1]),
  );
  expect(values(g)).toEqual([0, 0, 0, 1]);
  expect(registerWasmKernels()).toEqual([]);
});
