/**
 * Speed of `@apemen/jetimage`: particles per second through `pixeliseInto` (the batched core of
 * `pixelise` and the dataset pipeline), gluons per second out of `unpixelise`, and images per
 * second out of the .npy cache (`ImageDataset.batches`).
 *
 * Imports the package source by relative path: bench/ is not a workspace package.
 * Run: node --conditions=@apemen/source --import tsx/esm bench/jetimage/pixelise.ts [events] [particles]
 * Prints one JSON object. Inputs are reproducible (fixed-seed generator), so runs compare.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventWriter, type GenEvent } from '../../packages/eventio/src/index.js';
import { FourVector } from '../../packages/fourvec/src/index.js';
import {
  buildImageCache,
  createRng,
  ImageDataset,
  pixeliseInto,
  resolveGrid,
  unpixelise,
} from '../../packages/jetimage/src/index.js';

const events = Number(process.argv[2] ?? 2000);
const particlesPerEvent = Number(process.argv[3] ?? 400);

const rng = createRng(140280);
function makeEvent(eventNumber: number): GenEvent {
  const particles = Array.from({ length: particlesPerEvent }, (_, k) => {
    const y = rng.uniformIn(-4, 4);
    const phi = rng.uniformIn(-Math.PI, Math.PI);
    const pt = -Math.log1p(-rng.uniform()) * 2;
    return {
      id: k + 1,
      pdgId: 211,
      status: 1,
      momentum: new FourVector(
        pt * Math.cos(phi),
        pt * Math.sin(phi),
        pt * Math.sinh(y),
        pt * Math.cosh(y),
      ),
      generatedMass: 0,
      productionVertex: 0,
      endVertex: 0,
    };
  });
  return {
    eventNumber,
    weights: [1],
    units: { momentum: 'GEV', length: 'MM' },
    particles,
    vertices: [],
  };
}

const sample = Array.from({ length: events }, (_, e) => makeEvent(e));
const grid = resolveGrid();
const size = grid.pixels * grid.pixels;
const images = new Float32Array(events * size);
const scratch = new Float64Array(size);

function timed(run: () => void, repeats = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

const pixeliseSeconds = timed(() => {
  for (let e = 0; e < events; e++) {
    pixeliseInto(images, e * size, (sample[e] as GenEvent).particles, grid, scratch);
  }
});

let gluons = 0;
const unpixeliseSeconds = timed(() => {
  gluons = 0;
  const draw = createRng(1);
  for (let e = 0; e < Math.min(events, 500); e++) {
    gluons +=
      unpixelise(images.subarray(e * size, (e + 1) * size), grid, draw, { scale: 0.01 }).particles
        .length - 2;
  }
}, 3);

const dir = await mkdtemp(join(tmpdir(), 'apemen-bench-jetimage-'));
try {
  const input = join(dir, 'events.hepmc3');
  const writer = createEventWriter(input, 'hepmc3');
  for (const event of sample) await writer.write(event);
  await writer.close();
  let start = process.hrtime.bigint();
  await buildImageCache([input], dir, { grid });
  const buildSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const data = await ImageDataset.open(dir);
  start = process.hrtime.bigint();
  let read = 0;
  for await (const batch of data.batches('train', { batchSize: 256 })) read += batch.count;
  const epochSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    JSON.stringify(
      {
        events,
        particlesPerEvent,
        pixels: grid.pixels,
        pixeliseParticlesPerSecond: Math.round((events * particlesPerEvent) / pixeliseSeconds),
        pixeliseEventsPerSecond: Math.round(events / pixeliseSeconds),
        unpixeliseGluonsPerSecond: Math.round(gluons / unpixeliseSeconds),
        cacheBuildEventsPerSecond: Math.round(events / buildSeconds),
        cachedEpochImagesPerSecond: Math.round(read / epochSeconds),
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
