// Training and prediction throughput of the reference (layers-API) shower network built from
// @apemen/layers, on the cpu and wasm backends, with the figures printed as JSON.
//   node --conditions=@apemen/source --import tsx/esm bench/layers/train-step.ts [steps] [batch] [backends]
// (defaults 3, 256, cpu,wasm; the cpu backend is slow: a few events/s)
import {
  activeLoss,
  channelMaximum,
  convolutionBank,
  energyConservation,
  filterMask,
  mergeDeconvolution,
  nadam,
} from '../../packages/layers/src/index.js';
import { tf, tfl } from '../../packages/layers/src/test-bench-support.js';

const steps = Number(process.argv[2] ?? 3);
const batch = Number(process.argv[3] ?? 256);
const backends = (process.argv[4] ?? 'cpu,wasm').split(',');
const N = 64;
const K = 2;
const C = 9;
const LEVELS = 5;

type Model = ReturnType<typeof tfl.model>;
type Symbolic = ReturnType<typeof tfl.input>;

function build(): Model {
  const input = tfl.input({ shape: [N, N, 1] });
  const bank = convolutionBank({
    kernelSize: K,
    filters: C,
    seed: 1,
    kernelRegularizer: energyConservation(100),
  });
  const maximum = channelMaximum();
  const pool = tfl.layers.maxPooling2d({ poolSize: K });
  const deconv = mergeDeconvolution({ kernelSize: K, filters: C, seed: 2 });
  let x = input;
  const masks: Symbolic[] = [];
  for (let i = 0; i < LEVELS; i++) {
    const o = bank.apply(x) as Symbolic;
    masks.push(filterMask({ seed: 3 + i }).apply(o) as Symbolic);
    x = pool.apply(maximum.apply(o)) as Symbolic;
  }
  for (let i = 0; i < LEVELS; i++) {
    x = deconv.apply([x, masks[LEVELS - 1 - i] as Symbolic]) as Symbolic;
  }
  const model = tfl.model({ inputs: input, outputs: x });
  model.compile({ optimizer: nadam({ learningRate: 5e-5 }), loss: activeLoss([100, 10, 1]) });
  return model;
}

/** Sparse images like jet images: ~3% of pixels occupied, pixel sum scaled to N². */
function images(count: number): ReturnType<typeof tf.tensor4d> {
  return tf.tidy(() => {
    const u = tf.randomUniform([count, N, N, 1], 0, 1, 'float32', 7);
    const occupied = tf.mul(tf.step(tf.sub(u, 0.97)), u);
    const sums = tf.sum(occupied, [1, 2, 3], true);
    return tf.mul(tf.div(occupied, tf.maximum(sums, 1e-6)), N * N) as ReturnType<
      typeof tf.tensor4d
    >;
  });
}

const results: Record<string, unknown>[] = [];
for (const backend of backends) {
  await tf.setBackend(backend);
  const model = build();
  const x = images(batch);
  await model.trainOnBatch(x, x); // warm-up (kernel set-up, first allocations)
  let start = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, x);
  const trainSeconds = (performance.now() - start) / 1000;
  tf.dispose(model.predict(x, { batchSize: batch }));
  start = performance.now();
  for (let i = 0; i < steps; i++) tf.dispose(model.predict(x, { batchSize: batch }));
  const predictSeconds = (performance.now() - start) / 1000;
  results.push({
    backend,
    batch,
    steps,
    trainEventsPerSecond: Math.round((steps * batch) / trainSeconds),
    predictEventsPerSecond: Math.round((steps * batch) / predictSeconds),
  });
  tf.disposeVariables();
  tf.dispose(x);
}
console.log(
  JSON.stringify(
    {
      benchmark: 'layers/train-step',
      pixels: N,
      kernelSize: K,
      filters: C,
      node: process.version,
      results,
    },
    null,
    2,
  ),
);
