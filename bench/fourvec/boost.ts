/**
 * Boosts per second for `@apemen/fourvec`: the batched structure-of-arrays form (`FourVectorArray`,
 * in place and per-vector frames) and the value type (`FourVector`) for comparison.
 *
 * Imports the package source by relative path: bench/ is not a workspace package.
 * Run: node --conditions=@apemen/source --import tsx/esm bench/fourvec/boost.ts [n] [repeats]
 * Prints one JSON object. Inputs are reproducible (fixed-seed generator), so runs compare.
 */
import { FourVectorArray } from '../../packages/fourvec/src/index.js';

const n = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 5);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeBatch(size: number, seed: number): FourVectorArray {
  const rnd = mulberry32(seed);
  const pt = new Float64Array(size);
  const eta = new Float64Array(size);
  const phi = new Float64Array(size);
  const mass = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    pt[i] = 1 + 99 * rnd();
    eta[i] = -4 + 8 * rnd();
    phi[i] = Math.PI * (2 * rnd() - 1);
    mass[i] = 1 + 9 * rnd();
  }
  return FourVectorArray.fromPtEtaPhiM(pt, eta, phi, mass);
}

/** Best of `repeats` timings, in seconds, of `body`. */
function best(body: () => void): number {
  let bestSeconds = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    body();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    bestSeconds = Math.min(bestSeconds, seconds);
  }
  return bestSeconds;
}

const batch = makeBatch(n, 1);
const frames = makeBatch(n, 2);
const out = FourVectorArray.zeros(n);
const beta: readonly [number, number, number] = [0.3, -0.2, 0.5];
const inverse: readonly [number, number, number] = [-0.3, 0.2, -0.5];

// Warm-up lets V8 optimise the loops before timing.
batch.boostBeta3(beta, out);
const batchSeconds = best(() => {
  batch.boostBeta3(beta, out);
});
// An allocation per vector would show as megabytes of heap growth over 10⁶ vectors.
const heapBefore = process.memoryUsage().heapUsed;
batch.boostBeta3(beta, out);
const heapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;
const inPlaceSeconds = best(() => {
  out.boostBeta3(beta, out);
  out.boostBeta3(inverse, out);
});
const eachSeconds = best(() => {
  batch.boostCMOfEach(frames, out);
});

const values = batch.toVectors();
const valueSeconds = best(() => {
  let checksum = 0;
  for (const v of values) checksum += v.boostBeta3(beta).e;
  if (!Number.isFinite(checksum)) throw new Error('non-finite checksum');
});

const round = (x: number): number => Number(x.toPrecision(4));
console.log(
  JSON.stringify(
    {
      benchmark: 'fourvec/boost',
      vectors: n,
      repeats,
      node: process.version,
      batchedBoostsPerSecond: round(n / batchSeconds),
      batchedInPlaceBoostsPerSecond: round((2 * n) / inPlaceSeconds),
      batchedPerVectorFrameBoostsPerSecond: round(n / eachSeconds),
      valueTypeBoostsPerSecond: round(n / valueSeconds),
      nsPerBatchedBoost: round((batchSeconds * 1e9) / n),
      heapGrowthBytesDuringBatchedBoost: heapGrowthBytes,
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
