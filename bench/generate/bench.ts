// Generation throughput of the APEMEN network (images in, images out; the stochastic shower):
// the fused typed-array path (sparse: only children of non-zero parents are visited), its dense
// variant, and the composite tfjs path (ShowerModel.generate), with the published k = 2 weights
// (../shared/data/apemen-weights/k2.h5) when present, else glorot kernels.
// Run: node --conditions=@apemen/source --import tsx/esm bench/generate/bench.ts [--seconds 3] [--batch 256]
//        [--no-composite]
// The fused paths run the network alone and the network with merging (CKKW-like,
// @apemen/merging's fusedShowerMergeHook, the unshowered input as the matrix-element image).

import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fusedShowerMergeHook } from '../../packages/merging/src/hooks.js';
import {
  eventSeed,
  type FusedMergeHook,
  FusedRandom,
  FusedShowerNetwork,
  fusedGeometry,
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
} from '../train/common.js';

const seconds = numberOption('seconds', 3);
const batch = numberOption('batch', 256);
const pixels = 64;
const k = 2;
const c = 9;
const geometry = fusedGeometry(pixels, k, c);
const flops = flopsPerEvent(pixels, k, c);
const area = pixels * pixels;
// Unshowered (matrix-element-like) events: 2–4 hard partons in GeV.
const images = eventImages(batch, pixels, 7, false, [2, 4]).map((v) => v * 50);
// Showered-like input (20–60 particles in 2–4 jets): more encoder work, the same decoder work.
const busyImages = eventImages(batch, pixels, 8, false, [20, 60]).map((v) => v * 5);

const h5 = new URL('../../../shared/data/apemen-weights/k2.h5', import.meta.url).pathname;
let source = 'glorot';
let conv: ArrayLike<number> = glorotKernels(c, k, 1);
let deconv: ArrayLike<number> = glorotKernels(c, k, 2);
let probabilities: ArrayLike<number> = new Float64Array(geometry.levels * c).fill(1);
if (existsSync(h5)) {
  const { loadKerasWeights } = await import('../../packages/shower/src/keras.js');
  const w = await loadKerasWeights(h5);
  const flat = (arrays: Float32Array[]): number[] => arrays.flatMap((a) => Array.from(a));
  conv = flat(w.convKernels);
  deconv = flat(w.deconvKernels);
  probabilities = flat(w.filterProbabilities);
  source = 'published k2.h5';
}

function fusedRun(dense: boolean, merge?: FusedMergeHook, input: Float32Array = images) {
  const net = new FusedShowerNetwork(geometry);
  net.setParameters(conv, deconv, probabilities);
  const rng = new FusedRandom(0);
  const out = new Float32Array(batch * area);
  let nonZero = 0;
  const pass = (): void => {
    for (let b = 0; b < batch; b++) {
      rng.reseed(eventSeed(140280, 0, b));
      net.forwardEvent(input, b * area, rng, { dense, merge });
      out.set(net.output, b * area);
    }
  };
  pass();
  for (const v of out) if (v !== 0) nonZero++;
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  let events = 0;
  while (performance.now() - wall0 < seconds * 1000) {
    pass();
    events += batch;
  }
  const wall = (performance.now() - wall0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  return {
    events,
    eventsPerSecond: Math.round(events / wall),
    eventsPerCpuSecond: Math.round(events / cpu),
    effectiveGflopsPerCpuSecond: Number((((events / cpu) * flops.forward) / 1e9).toFixed(2)),
    nonZeroOutputPixelsPerEvent: Math.round(nonZero / batch),
  };
}

const result: Record<string, unknown> = {
  machine: { cpus: availableParallelism(), model: cpus()[0]?.model, node: process.version },
  config: {
    pixels,
    kernelSize: k,
    convolutions: c,
    batch,
    weights: source,
    secondsPerPath: seconds,
  },
  flopsPerEvent: flops.forward,
  fusedSparse: fusedRun(false),
  fusedSparseMerged: fusedRun(
    false,
    fusedShowerMergeHook({ kernelSize: k, levels: geometry.levels }),
  ),
  fusedSparseMergedBusyInput: fusedRun(
    false,
    fusedShowerMergeHook({ kernelSize: k, levels: geometry.levels }),
    busyImages,
  ),
  fusedDense: fusedRun(true),
};
if (!hasFlag('no-composite')) {
  result.composite = [];
  for (const backend of ['cpu', 'wasm']) {
    try {
      (result.composite as unknown[]).push(compositeChild('generate', backend, seconds));
    } catch (error) {
      (result.composite as unknown[]).push({ backend, error: String(error) });
    }
  }
}
result.peakGflopsPerCpuSecond = { jsFloat32Dot: Number(jsDotPeak(1).toFixed(2)) };
result.peakRssMiB = peakRssMiB();
console.log(JSON.stringify(result, null, 2));
process.exit(0);
