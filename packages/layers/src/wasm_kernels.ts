import * as tf from '@tensorflow/tfjs-core';
import { LayersShapeError } from './errors.js';

/** The part of the wasm backend's interface these kernels use (no import of the wasm package). */
interface WasmLikeBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * The filter gradient of a 2-D convolution, dW[r, c, i, o] = Σ_{b, y, x} in[b, y·s_h + r − pad_top,
 * x·s_w + c − pad_left, i]·dy[b, y, x, o], for NHWC tensors and dilation 1, computed in
 * JavaScript from the backend's buffers.
 *
 * @param x - input of the convolution, [B, H, W, Cin]
 * @param dy - gradient of its output, [B, H', W', Cout]
 * @param info - the convolution's geometry
 * @returns dW, [k_h, k_w, Cin, Cout], float64 accumulation rounded to float32
 * @remarks
 * One pass over dy with the k_h·k_w·Cin·Cout accumulators in cache, skipping output positions
 * whose gradient is exactly 0 and input values that are exactly 0 (most pixels of a jet image,
 * and most of the gradient behind a maximum or a max-pooling). A skipped term is 0 unless the
 * other factor is not finite, where the cpu backend would return NaN and this returns the sum of
 * the other terms.
 */
function conv2dFilterGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dW = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let y = 0; y < outHeight; y++) {
      for (let xo = 0; xo < outWidth; xo++) {
        const dyOffset = ((b * outHeight + y) * outWidth + xo) * outChannels;
        let anyGradient = false;
        for (let o = 0; o < outChannels; o++) {
          if (dy[dyOffset + o] !== 0) {
            anyGradient = true;
            break;
          }
        }
        if (!anyGradient) continue;
        for (let r = 0; r < filterHeight; r++) {
          const iy = y * strideHeight + r - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const ix = xo * strideWidth + c - left;
            if (ix < 0 || ix >= inWidth) continue;
            const inOffset = ((b * inHeight + iy) * inWidth + ix) * inChannels;
            const base = (r * filterWidth + c) * inChannels * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const xv = x[inOffset + i] as number;
              if (xv === 0) continue;
              const row = base + i * outChannels;
              for (let o = 0; o < outChannels; o++) {
                dW[row + o] = (dW[row + o] as number) + xv * (dy[dyOffset + o] as number);
              }
            }
          }
        }
      }
    }
  }
  return Float32Array.from(dW);
}

const conv2DBackpropFilterWasm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') {
    throw new LayersShapeError('Conv2DBackpropFilter (wasm)', 'NHWC data', x.shape);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const wasm = backend as unknown as WasmLikeBackend;
  const values = conv2dFilterGradient(wasm.readSync(x.dataId), wasm.readSync(dy.dataId), info);
  const out = wasm.makeOutput([...filterShape], 'float32');
  wasm.typedArrayFromHeap(out).set(values);
  return out;
};

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * The gradient of a 2-D max-pooling (NHWC): each output's gradient goes to the first position
 * of its window (row-major) holding the window's maximum, as TensorFlow and the cpu backend do.
 *
 * @param x - the pooling's input, [B, H, W, C]
 * @param dy - gradient of its output, [B, H', W', C]
 * @param info - the pooling's geometry
 * @returns dx, the input's shape
 */
function maxPoolInputGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let y = 0; y < outHeight; y++) {
      for (let xo = 0; xo < outWidth; xo++) {
        const dyOffset = ((b * outHeight + y) * outWidth + xo) * inChannels;
        for (let ch = 0; ch < inChannels; ch++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          for (let r = 0; r < filterHeight; r++) {
            const iy = y * strideHeight + r - top;
            if (iy < 0 || iy >= inHeight) continue;
            for (let c = 0; c < filterWidth; c++) {
              const ix = xo * strideWidth + c - left;
              if (ix < 0 || ix >= inWidth) continue;
              const index = ((b * inHeight + iy) * inWidth + ix) * inChannels + ch;
              const value = x[index] as number;
              if (best < 0 || value > bestValue) {
                best = index;
                bestValue = value;
              }
            }
          }
          if (best >= 0) dx[best] = (dx[best] as number) + (dy[dyOffset + ch] as number);
        }
      }
    }
  }
  return dx;
}

const maxPoolGradWasm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const wasm = backend as unknown as WasmLikeBackend;
  const values = maxPoolInputGradient(wasm.readSync(input.dataId), wasm.readSync(dy.dataId), info);
  const out = wasm.makeOutput([...input.shape], 'float32');
  wasm.typedArrayFromHeap(out).set(values);
  return out;
};

/** Marks our own kernel functions, so that a second registration call recognises them. */
const OURS = new WeakSet<tf.KernelFunc>([conv2DBackpropFilterWasm, maxPoolGradWasm]);

/**
 * Registers on the wasm backend the kernels it lacks or gets wrong and the model needs:
 * `Conv2DBackpropFilter` (missing: the gradient of a convolution with respect to its kernel,
 * needed to train both kernel banks) and `MaxPoolGrad` (replaced: tfjs-backend-wasm 4.22 sends
 * the gradient of a window whose maximum is ≤ 0 to the wrong position, e.g. the first of
 * [−1, −2, −3, −0.5], and breaks ties differently; TensorFlow and the cpu backend give it to the
 * first maximum in row-major order, and so does the replacement).
 *
 * @returns the names of the kernels registered by this call (empty when already done)
 * @remarks
 * Importing `@apemen/layers` calls this, and so does every call of a {@link ConvolutionBank} or
 * {@link MergeDeconvolution} layer: importing `@tensorflow/tfjs-backend-wasm` *after* this
 * package re-registers the stock `MaxPoolGrad`, and the check (two map look-ups) puts ours back
 * before any gradient is taken. Call it yourself after importing the wasm backend if you pool
 * without these layers. It is idempotent and does not import the wasm package (the kernels are
 * registered under the backend name `'wasm'`). A `Conv2DBackpropFilter` that a later tfjs
 * release may provide is left alone. Both kernels run in JavaScript on the backend's buffers
 * (no threads).
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * registerWasmKernels(); // [] — the import already did it
 * await tf.setBackend('wasm');
 * ```
 */
export function registerWasmKernels(): string[] {
  const registered: string[] = [];
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: conv2DBackpropFilterWasm,
    });
    registered.push('Conv2DBackpropFilter');
  }
  const maxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm');
  if (maxPoolGrad === undefined || !OURS.has(maxPoolGrad.kernelFunc)) {
    if (maxPoolGrad !== undefined) tf.unregisterKernel('MaxPoolGrad', 'wasm');
    tf.registerKernel({
      kernelName: 'MaxPoolGrad',
      backendName: 'wasm',
      kernelFunc: maxPoolGradWasm,
    });
    registered.push('MaxPoolGrad');
  }
  return registered;
}

registerWasmKernels();
