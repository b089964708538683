import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImageCache, ImageDataset, readImageCacheManifest } from './dataset.js';
import { JetImageError } from './errors.js';
import { checkPowerOfKernel, resolveGrid } from './grid.js';
import { pixelise } from './pixelise.js';

// Fuzzing of what jetimage reads back from disk (the image cache: manifest.json and .npy shards)
// and of its input checks: only a JetImageError may escape, and what is returned is well formed.

/** Fuzzing depth: APEMEN_FUZZ=20 runs twenty times as many cases from a random seed. */
const DEPTH = Number(process.env.APEMEN_FUZZ ?? 1);
const settings = (numRuns: number, seed: number): fc.Parameters<unknown> =>
  DEPTH > 1 ? { numRuns: numRuns * DEPTH } : { numRuns, seed };

const LHE = fileURLToPath(
  new URL('../../../../shared/data/events/hepmc3repo_test_inputIO13.lhe', import.meta.url),
);
let root: string;
let cache: string;
let manifestText: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jetimage-fuzz-'));
  cache = join(root, 'cache');
  // The manifest names its source file: read it from a copy in the temporary folder, so that the
  // manifest (and so every damaged variant of a seeded run) is the same wherever the checkout is.
  const input = join(root, 'input.lhe');
  await cp(LHE, input);
  // 100 events on an 8×8 grid, 30 per shard: a real cache of a few shards in each split.
  await buildImageCache([input], cache, {
    grid: { pixels: 8 },
    validationFraction: 0.3,
    memoryBudgetBytes: 30 * 8 * 8 * 4,
  });
  manifestText = await readFile(join(cache, 'manifest.json'), 'utf8');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Opens a cache and reads both splits whole; only a JetImageError may escape. */
async function openAndRead(dir: string): Promise<void> {
  try {
    const manifest = await readImageCacheManifest(dir);
    if (manifest === undefined) return;
    const dataset = await ImageDataset.open(dir);
    for (const split of ['train', 'validation'] as const) {
      const all = await dataset.readAll(split);
      expect(all.images.length).toBe(all.count * all.pixels * all.pixels);
      for await (const b of dataset.batches(split, { batchSize: 7, seed: 3 }))
        expect(b.count).toBeGreaterThan(0);
    }
  } catch (error) {
    if (!(error instanceof JetImageError)) throw error;
    expect(error.code).toBe('JETIMAGE_CACHE');
  }
}

/** A copy of the cache to damage. */
async function copyOfCache(): Promise<string> {
  const dir = join(root, `copy${counter++}`);
  await cp(cache, dir, { recursive: true });
  return dir;
}

describe('the image cache read back after damage', () => {
  it('a manifest.json with any JSON value in place of one of its fields', async () => {
    const keys = Object.keys(JSON.parse(manifestText) as object);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys),
        fc.jsonValue({ maxDepth: 2 }),
        async (key, value) => {
          const dir = await copyOfCache();
          const manifest = JSON.parse(manifestText) as Record<string, unknown>;
          manifest[key] = value;
          await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
          await openAndRead(dir);
        },
      ),
      settings(40, 1301),
    );
  });

  it('a manifest.json that is any JSON value, or damaged text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
          fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => {
            const cut = manifestText.slice(0, a % manifestText.length);
            return `${cut}${manifestText.slice(cut.length + (b % 40))}`;
          }),
        ),
        async (text) => {
          const dir = await copyOfCache();
          await writeFile(join(dir, 'manifest.json'), text);
          await openAndRead(dir);
        },
      ),
      settings(40, 1302),
    );
  });

  it('a manifest whose grid is too large to allocate or disagrees with its shards', async () => {
    // Found by the fuzz test above from another checkout path: digits of "pixels" and "yMax" run
    // together into pixels = 141592653589793; reading once allocated a batch of that grid.
    for (const [pixels, code] of [
      [141592653589793, 'JETIMAGE_CACHE'],
      [6400, 'JETIMAGE_CACHE'],
    ] as const) {
      const dir = await copyOfCache();
      const manifest = JSON.parse(manifestText) as { grid: { pixels: number } };
      manifest.grid.pixels = pixels;
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const read = async () => {
        const dataset = await ImageDataset.open(dir);
        await dataset.readAll('train');
      };
      await expect(read()).rejects.toMatchObject({ code });
    }
  });

  it('a shard cut short, padded, or with flipped header bytes', async () => {
    const manifest = JSON.parse(manifestText) as {
      shards: { train: { images: string; events: string }[] };
    };
    const files = manifest.shards.train.flatMap((s) => [s.images, s.events]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.oneof(
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          fc.record({
            kind: fc.constant('pad' as const),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
          }),
          fc.record({
            kind: fc.constant('flip' as const),
            at: fc.nat(127),
            bits: fc.integer({ min: 1, max: 255 }),
          }),
        ),
        async (file, damage) => {
          const dir = await copyOfCache();
          const path = join(dir, file);
          let bytes = await readFile(path);
          if (damage.kind === 'cut') bytes = bytes.subarray(0, damage.at % bytes.length);
          else if (damage.kind === 'pad') bytes = Buffer.concat([bytes, damage.bytes]);
          else bytes[damage.at] = (bytes[damage.at] as number) ^ damage.bits;
          await writeFile(path, bytes);
          await openAndRead(dir);
        },
      ),
      settings(30, 1303),
    );
  });
});

describe('input checks', () => {
  it('resolveGrid and checkPowerOfKernel take any numbers: a grid, or JetImageError', () => {
    const anyNumber = fc.oneof(
      fc.integer({ min: -5, max: 300 }),
      fc.double(),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0, -0),
    );
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, anyNumber, (pixels, kernel, yMin, yMax) => {
        try {
          checkPowerOfKernel(pixels, kernel);
          const grid = resolveGrid({ pixels, yRange: [yMin, yMax] });
          expect(Number.isInteger(grid.pixels) && grid.yMax > grid.yMin).toBe(true);
        } catch (error) {
          if (!(error instanceof JetImageError)) throw error;
        }
      }),
      settings(300, 1304),
    );
  });

  it('pixelise of any momenta (NaN, ±Infinity, subnormal, E < |p|) gives a finite image', () => {
    const component = fc.oneof(
      fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      fc.constantFrom(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        0,
        -0,
        5e-324,
      ),
    );
    const particle = fc
      .record({ px: component, py: component, pz: component, e: component })
      .map((momentum) => ({ momentum }));
    fc.assert(
      fc.property(
        fc.array(particle, { maxLength: 12 }),
        fc.constantFrom<'sum-N2' | 'none'>('sum-N2', 'none'),
        (particles, normalisation) => {
          const { image, stats } = pixelise(particles, { pixels: 8, normalisation });
          expect(image.every(Number.isFinite)).toBe(true);
          expect(stats.inside + stats.outside).toBe(particles.length);
        },
      ),
      settings(300, 1305),
    );
  });
});

describe('cases the fuzzing found', () => {
  it('checkPowerOfKernel(Infinity, 2) throws instead of searching for powers forever', () => {
    expect(() => checkPowerOfKernel(Number.POSITIVE_INFINITY, 2)).toThrow(
      'image size must be a whole number ≥ 1, got Infinity',
    );
    expect(() => checkPowerOfKernel(2 ** 60, 2)).toThrow(JetImageError);
  });

  it('a manifest whose shard lists are not lists is a JETIMAGE_CACHE error, not a TypeError', async () => {
    const dir = await copyOfCache();
    const manifest = JSON.parse(manifestText) as Record<string, unknown>;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, shards: [] }));
    await expect(ImageDataset.open(dir)).rejects.toMatchObject({
      code: 'JETIMAGE_CACHE',
      message: `${join(dir, 'manifest.json')}: not an image cache manifest of version 1`,
    });
    await writeFile(join(dir, 'manifest.json'), 'null');
    await expect(readImageCacheManifest(dir)).rejects.toBeInstanceOf(JetImageError);
  });

  it('one particle of subnormal pT is scaled to N² = 64, not to Infinity', () => {
    // pT = 5e-324 GeV: N²/pT overflows, (pT/pT)·N² = 64 does not.
    const { image } = pixelise([{ momentum: { px: 0, py: -5e-324, pz: 0, e: 5e-324 } }], {
      pixels: 8,
    });
    expect(image.reduce((a, b) => a + b, 0)).toBe(64);
  });
});
