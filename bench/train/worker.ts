// A data-parallel training worker for bench/train/bench.ts: receives the coordinator's weights in
// shared memory, computes the gradients of its shard of the global batch, posts them back.
import { parentPort, workerData } from 'node:worker_threads';
import { FusedTrainer } from '../../packages/shower/src/fused/index.js';

interface Setup {
  images: SharedArrayBuffer;
  parameters: SharedArrayBuffer;
  convolutions: number;
  kernelSize: number;
  pixels: number;
  levels: number;
}

const setup = workerData as Setup;
const { convolutions: c, kernelSize: k, pixels, levels } = setup;
const images = new Float32Array(setup.images);
const parameters = new Float64Array(setup.parameters);
const kk = c * k * k;
const trainer = new FusedTrainer(
  { convKernels: parameters.subarray(0, kk), deconvKernels: parameters.subarray(kk, 2 * kk) },
  { pixels, kernelSize: k, convolutions: c },
);

parentPort?.on('message', (message: { step: number; first: number; count: number } | 'stop') => {
  if (message === 'stop') {
    process.exit(0);
  }
  const { step, first, count } = message;
  trainer.loadParameters(
    {
      convKernels: parameters.subarray(0, kk),
      deconvKernels: parameters.subarray(kk, 2 * kk),
      probabilities: parameters.subarray(2 * kk, 2 * kk + levels * c),
    },
    step,
  );
  const area = pixels * pixels;
  const g = trainer.computeGradients(
    images.subarray(first * area, (first + count) * area),
    count,
    first,
  );
  // Copied, not transferred: transferring detaches the buffers, and the first detached buffer in
  // an isolate makes V8 guard every typed-array access of optimised code from then on (measured
  // here: 20 % off this worker's training rate, 11 % off generation).
  parentPort?.postMessage({
    loss: g.loss,
    conv: g.convGradient,
    deconv: g.deconvGradient,
    counts: g.counts,
    events: count,
  });
});
