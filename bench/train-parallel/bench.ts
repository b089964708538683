// Training throughput of `apemen train`'s data-parallel engine: events/s with the gradients
// computed in this process, and in 1 and 2 worker processes, on the same global batches.
//
//   node --conditions=@apemen/source --import tsx/esm bench/train-parallel/bench.ts \
//     [--stack images.npy] [--batch 256] [--steps 20] [--pixels 64]
//
// Each worker takes `batch` events per step (the global batch is workers × batch, as with
// `--batch-size`). Without --stack the images are synthetic sparse event images (about 3 % of
// pixels occupied, two jet-like clusters); a stack of real pixelised events can be given instead.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { WorkerPool } from '../../apps/train/src/parallel/pool.js';
import {
  type GradientEngine,
  localEngine,
  type ModelSettings,
  poolEngine,
  type ShardCaller,
} from '../../apps/train/src/train/gradients.js';
import { sparseImages } from '../../apps/train/src/train/test-helpers.js';
import { readNpy } from '../../packages/eventio/src/index.js';
import { FusedTrainer } from '../../packages/shower/src/index.js';

const { values } = parseArgs({
  options: {
    stack: { type: 'string' },
    batch: { type: 'string', default: '256' },
    steps: { type: 'string', default: '20' },
    pixels: { type: 'string', default: '64' },
  },
});
const batch = Number(values.batch);
const steps = Number(values.steps);
const pixels = Number(values.pixels);
const area = pixels * pixels;

const settings: ModelSettings = {
  pixels,
  kernelSize: 2,
  convolutions: 9,
  lossWeights: [100, 10, 1],
  kernelRegularisation: 100,
  learningRate: 5e-5,
  seed: 140280,
};

let images: Float32Array;
let source: string;
if (values.stack !== undefined) {
  const npy = await readNpy(values.stack);
  images = Float32Array.from(npy.data);
  source = values.stack;
} else {
  images = sparseImages(2 * batch * 4, pixels, 1);
  source = 'synthetic sparse images (3 % occupancy)';
}
const available = images.length / area;
// pixel sum N², as training sees them
for (let e = 0; e < available; e++) {
  let sum = 0;
  for (let p = 0; p < area; p++) sum += images[e * area + p] as number;
  if (sum > 0)
    for (let p = 0; p < area; p++)
      images[e * area + p] = (images[e * area + p] as number) * (area / sum);
}
let occupied = 0;
for (const v of images) if (v !== 0) occupied++;

function initial(): { convKernels: Float32Array; deconvKernels: Float32Array } {
  const convKernels = new Float32Array(36);
  const deconvKernels = new Float32Array(36);
  for (let i = 0; i < 36; i++) {
    convKernels[i] = 0.25 + 0.05 * Math.sin(1.7 * i);
    deconvKernels[i] = 0.25 + 0.05 * Math.cos(2.3 * i);
  }
  return { convKernels, deconvKernels };
}

async function measure(
  engine: GradientEngine,
  workers: number,
  workerCpu: () => Promise<number> = async () => 0,
) {
  const trainer = new FusedTrainer(initial(), settings);
  const global = batch * workers;
  const batchAt = (s: number) => {
    const out = new Float32Array(global * area);
    for (let b = 0; b < global; b++) {
      const e = (s * global + b) % available;
      out.set(images.subarray(e * area, (e + 1) * area), b * area);
    }
    return { images: out, count: global };
  };
  // Batches come one step ahead, as `apemen train` reads them (prefetchOne): batch s + 1 is made
  // while the workers compute step s.
  let next = batchAt(0);
  const step = async (s: number) => {
    const current = next;
    const pending = engine.gradients(
      {
        convKernels: trainer.convKernels,
        deconvKernels: trainer.deconvKernels,
        probabilities: trainer.probabilities,
        step: trainer.stepCount,
      },
      current,
    );
    await new Promise((resolve) => setImmediate(resolve));
    next = batchAt(s + 1);
    const r = await pending;
    trainer.applyGradients(r, r.counts);
  };
  await step(0); // warm-up: JIT and worker start-up
  await step(1);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const workerStart = await workerCpu();
  for (let s = 2; s < steps + 2; s++) await step(s);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const coordinatorCpu = (cpu.user + cpu.system) / 1e6;
  const workersCpu = (await workerCpu()) - workerStart;
  const events = steps * global;
  return {
    workers,
    globalBatch: global,
    steps,
    seconds,
    eventsPerSecond: events / seconds,
    coordinatorCpuSeconds: coordinatorCpu,
    workersCpuSeconds: workersCpu,
    eventsPerCpuSecond: events / (coordinatorCpu + workersCpu),
  };
}

const results = [];
const inProcess = await measure(localEngine(settings), 1);
results.push({ engine: 'in-process', ...inProcess });
for (const workers of [1, 2]) {
  const pool = await WorkerPool.start({
    workers,
    module: new URL('../../apps/train/src/train/worker.ts', import.meta.url),
    init: () => settings,
  });
  const engine = poolEngine(pool as unknown as ShardCaller, settings);
  const workerCpu = async (): Promise<number> => {
    const all = await Promise.all(
      Array.from({ length: workers }, (_, i) => pool.call<number>(i, { kind: 'cpu-usage' })),
    );
    return all.reduce((a, b) => a + b, 0);
  };
  try {
    results.push({
      engine: `${workers} worker process${workers > 1 ? 'es' : ''}`,
      ...(await measure(engine, workers, workerCpu)),
    });
  } finally {
    await engine.close();
  }
}
const one = results.find((r) => r.engine === '1 worker process')?.eventsPerSecond ?? 0;
const two = results.find((r) => r.engine === '2 worker processes')?.eventsPerSecond ?? 0;
console.log(
  JSON.stringify(
    {
      benchmark: 'train-parallel',
      images: source,
      pixels,
      kernel: 2,
      convolutions: 9,
      batchPerWorker: batch,
      occupancy: occupied / images.length,
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        loadAverage: loadavg(),
        node: process.version,
      },
      results,
      speedupTwoOverOne: one > 0 ? two / one : null,
    },
    null,
    2,
  ),
);
