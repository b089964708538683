// Training throughput of the APEMEN network: the fused typed-array path (one thread, and two
// worker threads sharing the batch), the composite tfjs-layers model, and the machine's peak.
// Run: node --conditions=@apemen/source --import tsx/esm bench/train/bench.ts [--seconds 4] [--batch 256]
//        [--no-composite] [--no-workers]
// Prints one JSON object. Rates are per wall second and per CPU second of this process.
import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { tf } from '../../packages/shower/src/fused/bench-support.js';
import {
  FusedTrainer,
  fusedGeometry,
  fusedShowerLoss,
} from '../../packages/shower/src/fused/index.js';
import {
  compositeChild,
  cpuSeconds,
  eventImages,
  flopsPerEvent,
  glorotKernels,
  hasFlag,
  jsDotPeak,
  numberOption,
  peakRssMiB,
} from './common.js';

const seconds = numberOption('seconds', 4);
const batch = numberOption('batch', 256);
const pixels = 64;
const k = 2;
const c = 9;
const geometry = fusedGeometry(pixels, k, c);
const flops = flopsPerEvent(pixels, k, c);
const area = pixels * pixels;
// Four distinct batches, cycled.
const images = eventImages(4 * batch, pixels, 140280, true);
const convKernels = glorotKernels(c, k, 1);
const deconvKernels = glorotKernels(c, k, 2);

function measure(step: () => number): { events: number; wall: number; cpu: number } {
  step();
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  let events = 0;
  while (performance.now() - wall0 < seconds * 1000) events += step();
  return { events, wall: (performance.now() - wall0) / 1000, cpu: cpuSeconds() - cpu0 };
}

function rates(m: { events: number; wall: number; cpu: number }, flopsEach: number) {
  const perWall = m.events / m.wall;
  const perCpu = m.events / m.cpu;
  return {
    events: m.events,
    wallSeconds: Number(m.wall.toFixed(2)),
    cpuSeconds: Number(m.cpu.toFixed(2)),
    eventsPerSecond: Math.round(perWall),
    eventsPerCpuSecond: Math.round(perCpu),
    effectiveGflopsPerCpuSecond: Number(((perCpu * flopsEach) / 1e9).toFixed(2)),
  };
}

// Fused, one thread.
const trainer = new FusedTrainer(
  { convKernels, deconvKernels },
  { pixels, kernelSize: k, convolutions: c },
);
let cursor = 0;
let lastLoss = 0;
const fused = measure(() => {
  const offset = (cursor++ % 4) * batch * area;
  lastLoss = trainer.step(images.subarray(offset, offset + batch * area), batch).loss;
  return batch;
});

// Fused, two worker threads on halves of each batch; the coordinator averages and steps.
async function twoWorkers(): Promise<ReturnType<typeof rates> & { speedupOverOne: number }> {
  const kk = c * k * k;
  const shared = new SharedArrayBuffer(images.byteLength);
  new Float32Array(shared).set(images);
  const parameterBuffer = new SharedArrayBuffer(8 * (2 * kk + geometry.levels * c));
  const parameters = new Float64Array(parameterBuffer);
  const coordinator = new FusedTrainer(
    { convKernels, deconvKernels },
    { pixels, kernelSize: k, convolutions: c },
  );
  const publish = (): void => {
    parameters.set(coordinator.convKernels, 0);
    parameters.set(coordinator.deconvKernels, kk);
    parameters.set(coordinator.probabilities, 2 * kk);
  };
  publish();
  const workers = [0, 1].map(
    () =>
      new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
        workerData: {
          images: shared,
          parameters: parameterBuffer,
          convolutions: c,
          kernelSize: k,
          pixels,
          levels: geometry.levels,
        },
      }),
  );
  type Reply = {
    loss: number;
    conv: Float64Array;
    deconv: Float64Array;
    counts: Float64Array;
    events: number;
  };
  for (const w of workers)
    w.on('error', (e) => {
      throw e;
    });
  const ask = (w: Worker, message: object): Promise<Reply> =>
    new Promise((resolve) => {
      w.once('message', resolve);
      w.postMessage(message);
    });
  let step = 0;
  const runStep = async (): Promise<number> => {
    const first = (step % 4) * batch;
    const half = batch / 2;
    const replies = await Promise.all(
      workers.map((w, i) =>
        ask(w, { step: coordinator.stepCount, first: first + i * half, count: half }),
      ),
    );
    const conv = new Float64Array(kk);
    const deconv = new Float64Array(kk);
    const counts = new Float64Array(geometry.levels * c);
    for (const r of replies) {
      for (let i = 0; i < kk; i++) {
        conv[i] = (conv[i] as number) + (r.conv[i] as number) / replies.length;
        deconv[i] = (deconv[i] as number) + (r.deconv[i] as number) / replies.length;
      }
      for (let i = 0; i < counts.length; i++)
        counts[i] = (counts[i] as number) + (r.counts[i] as number);
    }
    coordinator.applyGradients({ convGradient: conv, deconvGradient: deconv }, counts);
    publish();
    step++;
    return batch;
  };
  await runStep();
  await runStep();
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  let events = 0;
  while (performance.now() - wall0 < seconds * 1000) events += await runStep();
  const wall = (performance.now() - wall0) / 1000;
  // process.cpuUsage counts every thread of the process: both workers and the coordinator.
  const cpu = cpuSeconds() - cpu0;
  for (const w of workers) w.postMessage('stop');
  const perWall = events / wall;
  return {
    ...rates({ events, wall, cpu }, flops.train),
    speedupOverOne: Number((perWall / (fused.events / fused.wall)).toFixed(2)),
  };
}

/** The fused loss as a registered tfjs kernel, trained with optimizer.minimize (op overhead). */
async function fusedThroughTfjs(backend: string): Promise<Record<string, unknown>> {
  await tf.setBackend(backend);
  const x = tf.tensor3d(images.subarray(0, batch * area), [batch, pixels, pixels]);
  const conv = tf.variable(tf.tensor3d(Float32Array.from(convKernels), [c, k, k]));
  const deconv = tf.variable(tf.tensor3d(Float32Array.from(deconvKernels), [c, k, k]));
  const probs = tf.ones([geometry.levels, c]);
  const optimizer = tf.train.adam(5e-5);
  let step = 0;
  const m = measure(() => {
    const loss = optimizer.minimize(() => {
      const r = fusedShowerLoss(x, conv, deconv, probs, { seed: 1, step: step++ });
      r.counts.dispose();
      return r.loss;
    }, true);
    loss?.dispose();
    return batch;
  });
  tf.dispose([x, conv, deconv, probs]);
  optimizer.dispose();
  return { backend, ...rates(m, flops.train) };
}

async function matMulPeak(backend: string): Promise<number> {
  await tf.setBackend(backend);
  const n = 256;
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  tf.matMul(a, b).dispose();
  const start = cpuSeconds();
  let calls = 0;
  while (cpuSeconds() - start < 1) {
    const r = tf.matMul(a, b);
    r.dataSync();
    r.dispose();
    calls++;
  }
  const rate = (2 * n * n * n * calls) / (cpuSeconds() - start) / 1e9;
  tf.dispose([a, b]);
  return Number(rate.toFixed(2));
}

const result: Record<string, unknown> = {
  machine: { cpus: availableParallelism(), model: cpus()[0]?.model, node: process.version },
  config: {
    pixels,
    kernelSize: k,
    convolutions: c,
    batch,
    levels: geometry.levels,
    secondsPerPath: seconds,
  },
  flopsPerEvent: flops,
  fused: { ...rates(fused, flops.train), finalLoss: Number(lastLoss.toFixed(3)) },
};
if (!hasFlag('no-workers')) result.fusedTwoWorkers = await twoWorkers();
result.fusedThroughTfjsOp = [await fusedThroughTfjs('cpu'), await fusedThroughTfjs('wasm')];
if (!hasFlag('no-composite')) {
  result.composite = [];
  for (const backend of ['wasm', 'cpu'])
    (result.composite as unknown[]).push(compositeChild('train', backend, seconds));
}
result.peakGflopsPerCpuSecond = {
  jsFloat32Dot: Number(jsDotPeak(1).toFixed(2)),
  tfMatMul256Cpu: await matMulPeak('cpu'),
  tfMatMul256Wasm: await matMulPeak('wasm'),
};
result.peakRssMiB = peakRssMiB();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
