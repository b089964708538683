// Short from-scratch trainings of the demo's network in one process (fused trainer), with a
// choice of initialisation, learning rate and schedule: prints one JSON line per `--every` steps
// (mean training activeLoss, validation activeLoss on `--val` held-out images, the output's pixel
// sum over the input's), then the final kernels. The measurements of docs/demo.md came from it.
//
//   node --conditions=@apemen/source --import tsx/esm bench/demo-training/explore.ts \
//     --npy demo-out/train-images.npy --init splitting --lr 1e-3 --schedule cosine --warmup 20 \
//     --steps 700 [--batch 256] [--save folder]
//
// --init: glorot (the original), splitting (apemen train --init splitting), smear (encoder deltas,
// decoder 1/k²), copy (decoder 1); or --weights a saved model / .h5 file.
import { parseArgs } from 'node:util';
import { selectBackend } from '../../apps/train/src/backend.js';
import { writeCheckpoint } from '../../apps/train/src/train/checkpoint.js';
import { readImageStacks } from '../../apps/train/src/train/data.js';
import { validationSeed } from '../../apps/train/src/train/gradients.js';
import { splittingWeights } from '../../apps/train/src/train/init.js';
import {
  fromShowerWeights,
  ModelWriter,
  toShowerWeights,
} from '../../apps/train/src/train/state.js';
import { splitOf } from '../../packages/jetimage/src/index.js';
import { FusedTrainer, loadShowerWeights } from '../../packages/shower/src/index.js';

const { values } = parseArgs({
  options: {
    npy: { type: 'string', default: 'demo-out/train-images.npy' },
    init: { type: 'string', default: 'glorot' },
    lr: { type: 'string', default: '5e-5' },
    schedule: { type: 'string', default: 'constant' },
    warmup: { type: 'string', default: '0' },
    batch: { type: 'string', default: '256' },
    steps: { type: 'string', default: '700' },
    lambda: { type: 'string', default: '100' },
    noise: { type: 'string', default: '0.05' },
    every: { type: 'string', default: '100' },
    val: { type: 'string', default: '400' },
    train: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '140280' },
    save: { type: 'string' },
    weights: { type: 'string' },
  },
});
const settings = {
  pixels: 64,
  kernelSize: 2,
  convolutions: 9,
  lossWeights: [100, 10, 1],
  kernelRegularisation: Number(values.lambda),
  learningRate: Number(values.lr),
  seed: Number(values.seed),
};
await selectBackend('cpu');
const area = 64 * 64;
const all = await readImageStacks([values.npy as string], 64, '--npy');
const trainIdx: number[] = [];
const valIdx: number[] = [];
for (let i = 0; i < all.count; i++) (splitOf(i, 0.1) === 'train' ? trainIdx : valIdx).push(i);
trainIdx.length = Math.min(trainIdx.length, Number(values.train));
valIdx.length = Math.min(valIdx.length, Number(values.val));

let seed = 12345;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const gauss = (): number =>
  Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const writer = new ModelWriter(settings);
let flat: ReturnType<typeof fromShowerWeights>;
const noise = Number(values.noise);
if (values.weights !== undefined) {
  flat = fromShowerWeights(await loadShowerWeights(values.weights));
} else if (values.init === 'splitting') {
  flat = fromShowerWeights(splittingWeights(settings));
} else if (values.init === 'glorot') {
  flat = fromShowerWeights(writer.initialWeights());
} else {
  // smear: encoder deltas, decoder 1/k² (a uniform smearing); copy: decoder 1 (copy the parent)
  const conv = new Float32Array(36);
  const deconv = new Float32Array(36);
  const level = values.init === 'smear' ? 0.25 : values.init === 'copy' ? 1 : Number.NaN;
  if (Number.isNaN(level)) throw new Error(`--init ${values.init}: glorot, splitting, smear, copy`);
  for (let i = 0; i < 36; i++) {
    conv[i] = (i % 4 === 0 ? 1 : 0) + noise * gauss();
    deconv[i] = level + noise * gauss();
  }
  flat = { convKernels: conv, deconvKernels: deconv, probabilities: new Float64Array(45).fill(1) };
}
const trainer = new FusedTrainer(flat, settings);
const batch = Number(values.batch);
const steps = Number(values.steps);
const lr = Number(values.lr);
const warmup = Number(values.warmup);
const factor = (t: number): number => {
  const w = warmup > 0 ? Math.min(1, (t + 1) / warmup) : 1;
  if (values.schedule === 'cosine') return w * 0.5 * (1 + Math.cos((Math.PI * t) / steps));
  if (values.schedule === 'linear') return w * (1 - t / steps);
  return w;
};

function validate(): { val: number; outRatio: number } {
  const net = trainer.network;
  net.setParameters(trainer.convKernels, trainer.deconvKernels, trainer.probabilities);
  const target = net.levelInputs[0];
  let sum = 0;
  let outSum = 0;
  const img = new Float32Array(area);
  for (let b = 0; b < valIdx.length; b++) {
    const i = valIdx[b] as number;
    img.set(all.images.subarray(i * area, (i + 1) * area));
    trainer.rng.reseed(validationSeed(settings.seed, b));
    net.forwardEvent(img, 0, trainer.rng, { dense: true });
    sum += trainer.loss.event(
      target as Float32Array,
      net.nonZeroIndices(0),
      net.nonZeroCountAt(0),
      net.output,
      undefined,
      1,
    );
    for (let p = 0; p < area; p++) outSum += net.output[p] as number;
  }
  return { val: sum / valIdx.length, outRatio: outSum / (valIdx.length * area) };
}

const order = Uint32Array.from(trainIdx);
const images = new Float32Array(batch * area);
let cursor = order.length;
const t0 = performance.now();
console.log(JSON.stringify({ step: 0, ...validate(), config: values }));
let lossAcc = 0;
let lossN = 0;
for (let t = 0; t < steps; t++) {
  for (let b = 0; b < batch; b++) {
    if (cursor >= order.length) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const x = order[i] as number;
        order[i] = order[j] as number;
        order[j] = x;
      }
      cursor = 0;
    }
    const i = order[cursor++] as number;
    images.set(all.images.subarray(i * area, (i + 1) * area), b * area);
  }
  const g = trainer.computeGradients(images, batch, 0);
  lossAcc += g.activeLoss;
  lossN += 1;
  const before = [Float64Array.from(trainer.convKernels), Float64Array.from(trainer.deconvKernels)];
  trainer.applyGradients(g, g.counts);
  const f = factor(t);
  const arrays = [trainer.convKernels, trainer.deconvKernels];
  for (let a = 0; a < 2; a++) {
    const arr = arrays[a] as Float32Array;
    const b0 = before[a] as Float64Array;
    for (let i = 0; i < arr.length; i++)
      arr[i] = (b0[i] as number) + f * ((arr[i] as number) - (b0[i] as number));
  }
  if ((t + 1) % Number(values.every) === 0 || t + 1 === steps) {
    console.log(
      JSON.stringify({
        step: t + 1,
        train: lossAcc / lossN,
        ...validate(),
        seconds: (performance.now() - t0) / 1000,
        lr: lr * f,
      }),
    );
    lossAcc = 0;
    lossN = 0;
  }
}
console.log(
  JSON.stringify({
    conv: Array.from(trainer.convKernels, (v) => +v.toFixed(3)),
    deconv: Array.from(trainer.deconvKernels, (v) => +v.toFixed(3)),
    p: Array.from(trainer.probabilities.slice(0, 9), (v) => +v.toFixed(3)),
  }),
);
if (values.save !== undefined) {
  const w = toShowerWeights(
    settings,
    trainer.convKernels,
    trainer.deconvKernels,
    trainer.probabilities,
  );
  await writeCheckpoint(values.save, 'best', await writer.files(w));
}
