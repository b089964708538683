import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventWriter, type GenEvent, readEvents } from '@apemen/eventio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildImageCache,
  ensureImageCache,
  ImageDataset,
  readImageCacheManifest,
  splitOf,
  type TrainingBatch,
} from './dataset.js';
import { pixelise, selectParticles } from './pixelise.js';
import { createRng } from './rng.js';
import { eventOf, particleAt } from './test-events.js';

const grid = { pixels: 8 } as const;
const size = 64;
// Two 8×8 float32 shard buffers of 4 images: 2·4·64·4 bytes.
const budget = 2 * 4 * 64 * 4;

function makeEvents(n: number): GenEvent[] {
  const rng = createRng(77);
  return Array.from({ length: n }, (_, e) =>
    eventOf(
      1000 + e,
      Array.from({ length: 1 + rng.integer(6) }, () =>
        particleAt(rng.uniformIn(-3, 3), rng.uniformIn(-Math.PI, Math.PI), rng.uniformIn(1, 50)),
      ),
      0.5 + e,
    ),
  );
}

async function collect(batches: AsyncIterable<TrainingBatch>): Promise<TrainingBatch[]> {
  const out: TrainingBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

describe('the image cache and dataset', () => {
  let dir = '';
  let input = '';
  let cache = '';
  const reread: GenEvent[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apemen-dataset-'));
    input = join(dir, 'events.hepmc3');
    cache = join(dir, 'cache', 'created');
    const writer = createEventWriter(input, 'hepmc3');
    for (const event of makeEvents(40)) await writer.write(event);
    await writer.close();
    // Whole seconds, which every file system keeps exactly, so the garbage below can copy them.
    await utimes(input, 1_700_000_000, 1_700_000_000);
    for await (const event of readEvents(input)) reread.push(event);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('splits every event by its event number into bounded shards', async () => {
    const manifest = await buildImageCache([input], cache, {
      grid,
      validationFraction: 0.25,
      memoryBudgetBytes: budget,
    });
    expect(reread).toHaveLength(40);
    const expectedValidation = reread.filter(
      (e) => splitOf(e.eventNumber, 0.25) === 'validation',
    ).length;
    expect(manifest.counts).toEqual({
      train: 40 - expectedValidation,
      validation: expectedValidation,
    });
    expect(manifest.shardImages).toBe(4);
    expect(manifest.shards.train).toHaveLength(Math.ceil((40 - expectedValidation) / 4));
    expect(manifest.shards.train.every((s) => s.count <= 4)).toBe(true);
    expect(await readImageCacheManifest(cache)).toEqual(manifest);
    // Nothing but the manifest and the shards it names.
    const named = [...manifest.shards.train, ...manifest.shards.validation].flatMap((s) => [
      s.images,
      s.events,
    ]);
    expect((await readdir(cache)).sort()).toEqual(['manifest.json', ...named].sort());
  });

  it('gives back exactly the pixelised images, once each per epoch, in full batches', async () => {
    const data = await ImageDataset.open(cache);
    const batches = await collect(data.batches('train', { batchSize: 5, epoch: 0 }));
    const n = data.count('train');
    expect(batches.map((b) => b.count)).toEqual([
      ...new Array(Math.floor(n / 5)).fill(5),
      ...(n % 5 ? [n % 5] : []),
    ]);
    const seen = new Set<number>();
    for (const b of batches) {
      for (let k = 0; k < b.count; k++) {
        const number = b.eventNumbers[k] as number;
        seen.add(number);
        const event = reread.find((e) => e.eventNumber === number)!;
        expect(splitOf(number, 0.25)).toBe('train');
        expect(b.weights[k]).toBe(event.weights[0]);
        // Same code path on the same events: bit-identical float32 pixels through the .npy.
        const direct = pixelise(selectParticles(event), { ...grid }).image;
        expect([...b.images.subarray(k * size, (k + 1) * size)]).toEqual([...direct]);
        expect(b.sumPt[k]).toBeCloseTo(pixelise(selectParticles(event), grid).stats.sumPt, 12);
      }
    }
    expect(seen.size).toBe(n);
  });

  it('shuffles the same way for the same seed and epoch, differently for another epoch', async () => {
    const data = await ImageDataset.open(cache);
    const order = async (epoch: number, shuffle = true) =>
      (await collect(data.batches('train', { batchSize: 7, epoch, shuffle }))).flatMap((b) => [
        ...b.eventNumbers,
      ]);
    const first = await order(0);
    expect(await order(0)).toEqual(first);
    expect(await order(1)).not.toEqual(first);
    const plain = await order(0, false);
    expect([...plain].sort((a, b) => a - b)).toEqual(plain);
    expect([...first].sort((a, b) => a - b)).toEqual(plain);
    const dropped = await collect(data.batches('train', { batchSize: 7, dropRemainder: true }));
    expect(dropped.every((b) => b.count === 7)).toBe(true);
  });

  it('reuses the cache without re-reading the events while the inputs are unchanged', async () => {
    const options = { grid, validationFraction: 0.25, memoryBudgetBytes: budget };
    expect((await ensureImageCache([input], cache, options)).built).toBe(false);
    // Replace the event file by garbage of the same size and time: the cache must not notice,
    // which shows it never parses the text again.
    const before = await stat(input);
    await writeFile(input, 'x'.repeat(before.size));
    await utimes(input, 1_700_000_000, 1_700_000_000);
    const again = await ensureImageCache([input], cache, options);
    expect(again.built).toBe(false);
    const data = await ImageDataset.open(cache);
    expect((await data.readAll('validation')).count).toBe(data.count('validation'));
    // Another grid needs a rebuild: now the garbage is read, and eventio says where.
    await expect(
      ensureImageCache([input], cache, { ...options, grid: { pixels: 4 } }),
    ).rejects.toThrow(/events\.hepmc3/);
    expect(await readImageCacheManifest(cache)).toBeUndefined();
  });

  it('refuses a folder without a cache and a budget below two images', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'apemen-empty-'));
    try {
      await expect(ImageDataset.open(empty)).rejects.toMatchObject({ code: 'JETIMAGE_CACHE' });
      await expect(
        buildImageCache([input], empty, { grid, memoryBudgetBytes: 100 }),
      ).rejects.toThrow(/memory budget of 100 bytes/);
      expect(await readdir(empty)).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('splitOf', () => {
  it('sends about the asked fraction to validation, the same events every time', () => {
    // 10⁵ events at 0.1: binomial σ = √(10⁵·0.1·0.9) = 95; allow 5σ = 475.
    let validation = 0;
    for (let e = 0; e < 100_000; e++) if (splitOf(e, 0.1) === 'validation') validation++;
    expect(Math.abs(validation - 10_000)).toBeLessThan(475);
    expect(splitOf(123_456_789_012, 0.5)).toBe(splitOf(123_456_789_012, 0.5));
    expect(splitOf(5, 0)).toBe('train');
    expect(splitOf(5, 1)).toBe('validation');
  });
});
