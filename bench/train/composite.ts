// One composite (tfjs-layers) measurement in its own process, so that a failing backend cannot
// take the benchmark down: prints one JSON object.
// Run: node --conditions=@apemen/source --import tsx/esm bench/train/composite.ts <train|generate> <cpu|wasm> <seconds>
import { tf } from '../../packages/shower/src/fused/bench-support.js';
import { cpuSeconds, eventImages, flopsPerEvent } from './common.js';

const [mode = 'train', backend = 'cpu', secondsText = '3'] = process.argv.slice(2);
const seconds = Number(secondsText);
const pixels = 64;
const k = 2;
const c = 9;
const small = mode === 'train' ? 16 : 32;
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
const { buildShowerModel } = await import('../../packages/shower/src/model.js');
const shower = buildShowerModel({ pixels, kernelSize: k, convolutions: c, seed: 1 });
const flops = flopsPerEvent(pixels, k, c);
let step: () => Promise<void> | void;
if (mode === 'train') {
  const x = tf.tensor4d(eventImages(small, pixels, 140280, true), [small, pixels, pixels, 1]);
  step = async () => {
    await shower.model.trainOnBatch(x, x);
  };
} else {
  const x = eventImages(small, pixels, 7, false, [2, 4]).map((v) => v * 50);
  let seed = 1;
  step = () => {
    shower.generate(x, seed++);
  };
}
await step();
const wall0 = performance.now();
const cpu0 = cpuSeconds();
let events = 0;
while (performance.now() - wall0 < seconds * 1000) {
  await step();
  events += small;
}
const wall = (performance.now() - wall0) / 1000;
const cpu = cpuSeconds() - cpu0;
const perCpu = events / cpu;
console.log(
  JSON.stringify({
    backend: tf.getBackend(),
    batch: small,
    events,
    eventsPerSecond: Math.round(events / wall),
    eventsPerCpuSecond: Math.round(perCpu),
    effectiveGflopsPerCpuSecond: Number(
      ((perCpu * (mode === 'train' ? flops.train : flops.forward)) / 1e9).toFixed(3),
    ),
  }),
);
process.exit(0);
