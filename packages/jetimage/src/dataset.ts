import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type EventFormat, readEvents, readNpy, writeNpy } from '@apemen/eventio';
import { JetImageError } from './errors.js';
import { type GridOptions, type ImageGrid, resolveGrid } from './grid.js';
import { type ParticleSelection, pixeliseInto, selectParticles } from './pixelise.js';
import { createRng } from './rng.js';

/** The two halves of a dataset. */
export type Split = 'train' | 'validation';

/** Options of {@link buildImageCache} and {@link ensureImageCache}. */
export interface ImageCacheOptions {
  /**
   * The image grid.
   * @defaultValue the original's: 64×64, y ∈ [−π, π), φ ∈ [0, 2π), rapidity, pixel sum N²
   */
  grid?: GridOptions | ImageGrid;
  /**
   * Which particles of each event go into its image.
   * @defaultValue `'final'`
   */
  select?: ParticleSelection;
  /**
   * Format of every input file.
   * @defaultValue sniffed per file by eventio
   */
  format?: EventFormat;
  /**
   * Fraction of events that go to the validation split (by event number, see {@link splitOf}).
   * @defaultValue 0.1
   */
  validationFraction?: number;
  /**
   * Bytes of image memory the cache may hold at once, while building and while reading; sets
   * the number of images per shard file.
   * @defaultValue 256 MiB
   */
  memoryBudgetBytes?: number;
  /**
   * Called after every 1000 events read while building, with the count so far.
   * @defaultValue none
   */
  onProgress?: (events: number) => void;
}

/** One shard file of a split. */
export interface CacheShard {
  /** Image stack file name, relative to the cache folder: float32 [n, N, N]. */
  images: string;
  /** Per-event data file name: float64 [n, 3] of event number, weight, pT sum (GeV). */
  events: string;
  /** Images in the shard. */
  count: number;
}

/** An input file as it was when the cache was built. */
export interface CacheSource {
  /** Absolute path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Modification time, whole ms since the epoch. */
  mtimeMs: number;
}

/** The manifest of an image cache (`manifest.json` in the cache folder). */
export interface ImageCacheManifest {
  /** Layout version of the cache folder. */
  version: 1;
  /** The grid the images were made on. */
  grid: ImageGrid;
  /** Which particles were pixelised. */
  select: ParticleSelection;
  /** The input format, or `null` where it was sniffed per file. */
  format: EventFormat | null;
  /** The validation fraction used for the split. */
  validationFraction: number;
  /** Images per full shard. */
  shardImages: number;
  /** The inputs, in order. */
  sources: CacheSource[];
  /** Shards of each split. */
  shards: Record<Split, CacheShard[]>;
  /** Images in each split. */
  counts: Record<Split, number>;
  /** Particles that fell outside the grid, all events together. */
  outside: number;
  /** Their summed pT, GeV. */
  outsidePt: number;
}

const MANIFEST = 'manifest.json';
const SHARD_NAME = /^(train|validation)-\d{5,}(-events)?\.npy$/;
const DEFAULT_BUDGET = 256 * 1024 * 1024;

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The split an event belongs to, decided by its event number alone.
 *
 * @param eventNumber - the event number (a whole number, negative allowed)
 * @param validationFraction - the fraction of events that go to validation, in [0, 1]
 * @returns `'validation'` if hash(eventNumber)/2³² < validationFraction, else `'train'`
 * @remarks
 * The hash mixes the low and high 32-bit halves of the number with the `lowbias32` integer hash
 * (Wellons), so consecutive event numbers scatter evenly and the split is the same on every run
 * and every machine, whatever order or shard the events come in. Events with the same number (as
 * in two files numbered from 0) share their split.
 * @example
 * ```ts
 * splitOf(17, 0.1); // 'train' or 'validation', always the same one for event 17
 * ```
 */
export function splitOf(eventNumber: number, validationFraction: number): Split {
  const low = eventNumber >>> 0;
  const high = Math.floor(eventNumber / 4294967296) >>> 0;
  const h = mix32(low ^ mix32(high + 0x9e3779b9));
  return h / 4294967296 < validationFraction ? 'validation' : 'train';
}

function checkFraction(f: number): void {
  if (!(f >= 0 && f <= 1)) {
    throw new JetImageError('JETIMAGE_DATASET', `validation fraction must be in [0, 1], got ${f}`);
  }
}

async function describeSources(inputs: readonly string[]): Promise<CacheSource[]> {
  return Promise.all(
    inputs.map(async (input) => {
      const path = resolve(input);
      const s = await stat(path);
      // Whole milliseconds: file systems and utimes keep different sub-millisecond precision.
      return { path, size: s.size, mtimeMs: Math.floor(s.mtimeMs) };
    }),
  );
}

class ShardWriter {
  readonly shards: CacheShard[] = [];
  readonly images: Float32Array;
  readonly events: Float64Array;
  count = 0;
  total = 0;

  constructor(
    private readonly dir: string,
    private readonly split: Split,
    private readonly capacity: number,
    private readonly size: number,
  ) {
    this.images = new Float32Array(capacity * size);
    this.events = new Float64Array(capacity * 3);
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  async flush(pixels: number): Promise<void> {
    if (this.count === 0) return;
    const index = String(this.shards.length).padStart(5, '0');
    const shard = {
      images: `${this.split}-${index}.npy`,
      events: `${this.split}-${index}-events.npy`,
      count: this.count,
    };
    await writeNpy(join(this.dir, shard.images), this.images.subarray(0, this.count * this.size), [
      this.count,
      pixels,
      pixels,
    ]);
    await writeNpy(join(this.dir, shard.events), this.events.subarray(0, this.count * 3), [
      this.count,
      3,
    ]);
    this.shards.push(shard);
    this.total += this.count;
    this.count = 0;
  }
}

/**
 * Reads event files once and writes their images, split into training and validation, as .npy
 * shards in a cache folder.
 *
 * @param inputs - event files in any format eventio reads (gzip too)
 * @param cacheDir - the cache folder (created if missing; shards of an earlier build are removed)
 * @param options - grid, particle selection, format, validation fraction, memory budget
 * @returns the manifest, also written to `cacheDir/manifest.json`
 * @throws JetImageError `JETIMAGE_DATASET` on bad options; eventio's `EventIOError` for a
 *   malformed input (with file and line); Node's errors for unreadable files
 * @remarks
 * Events are streamed (eventio reads in constant memory); each split keeps one shard of images
 * in memory, written when full, so memory stays within the budget whatever the input size.
 * Shard files are written to temporary names and renamed; the manifest is written last, so a
 * folder whose build was interrupted has no manifest and is never taken for a valid cache. An
 * existing manifest is removed before anything else is written.
 * @example
 * ```ts
 * const manifest = await buildImageCache(['showers.hepmc3.gz'], 'cache/', { validationFraction: 0.1 });
 * manifest.counts; // { train: 9012, validation: 988 }
 * ```
 */
export async function buildImageCache(
  inputs: readonly string[],
  cacheDir: string,
  options: ImageCacheOptions = {},
): Promise<ImageCacheManifest> {
  const grid = resolveGrid(options.grid ?? {});
  const select = options.select ?? 'final';
  const validationFraction = options.validationFraction ?? 0.1;
  checkFraction(validationFraction);
  const budget = options.memoryBudgetBytes ?? DEFAULT_BUDGET;
  const size = grid.pixels * grid.pixels;
  // Two shard buffers (one per split) share the budget while building.
  const shardImages = Math.floor(budget / (2 * 4 * size));
  if (!(shardImages >= 1)) {
    throw new JetImageError(
      'JETIMAGE_DATASET',
      `memory budget of ${budget} bytes is below two ${grid.pixels}×${grid.pixels} float32 images (${8 * size} bytes)`,
    );
  }
  if (inputs.length === 0) {
    throw new JetImageError('JETIMAGE_DATASET', 'no input event files given');
  }
  const sources = await describeSources(inputs);
  await mkdir(cacheDir, { recursive: true });
  await unlink(join(cacheDir, MANIFEST)).catch(() => undefined);
  // Shards of an earlier build would otherwise linger beside the new ones.
  for (const name of await readdir(cacheDir)) {
    if (SHARD_NAME.test(name)) await unlink(join(cacheDir, name));
  }
  const writers: Record<Split, ShardWriter> = {
    train: new ShardWriter(cacheDir, 'train', shardImages, size),
    validation: new ShardWriter(cacheDir, 'validation', shardImages, size),
  };
  const scratch = new Float64Array(size);
  let read = 0;
  let outside = 0;
  let outsidePt = 0;
  for (const source of sources) {
    const readOptions = options.format !== undefined ? { format: options.format } : {};
    for await (const event of readEvents(source.path, readOptions)) {
      const writer = writers[splitOf(event.eventNumber, validationFraction)];
      const k = writer.count;
      const stats = pixeliseInto(
        writer.images,
        k * size,
        selectParticles(event, select),
        grid,
        scratch,
      );
      writer.events[3 * k] = event.eventNumber;
      writer.events[3 * k + 1] = event.weights[0] ?? 1;
      writer.events[3 * k + 2] = stats.sumPt;
      writer.count += 1;
      outside += stats.outside;
      outsidePt += stats.outsidePt;
      if (writer.full) await writer.flush(grid.pixels);
      read += 1;
      if (options.onProgress && read % 1000 === 0) options.onProgress(read);
    }
  }
  await writers.train.flush(grid.pixels);
  await writers.validation.flush(grid.pixels);
  const manifest: ImageCacheManifest = {
    version: 1,
    grid,
    select,
    format: options.format ?? null,
    validationFraction,
    shardImages,
    sources,
    shards: { train: writers.train.shards, validation: writers.validation.shards },
    counts: { train: writers.train.total, validation: writers.validation.total },
    outside,
    outsidePt,
  };
  const path = join(cacheDir, MANIFEST);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, path);
  return manifest;
}

/**
 * Reads the manifest of an image cache folder.
 *
 * @param cacheDir - the cache folder
 * @returns the manifest, or undefined where the folder has none (never built, or interrupted)
 * @throws JetImageError `JETIMAGE_CACHE` if the manifest is not valid JSON of this layout (shard
 *   lists, counts that add up, a valid grid)
 * @example
 * ```ts
 * (await readImageCacheManifest('cache/'))?.counts.train;
 * ```
 */
export async function readImageCacheManifest(
  cacheDir: string,
): Promise<ImageCacheManifest | undefined> {
  const path = join(cacheDir, MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  let manifest: ImageCacheManifest;
  try {
    manifest = JSON.parse(text) as ImageCacheManifest;
  } catch {
    throw new JetImageError('JETIMAGE_CACHE', `${path}: not valid JSON`, { file: path });
  }
  if (!isManifest(manifest)) {
    throw new JetImageError('JETIMAGE_CACHE', `${path}: not an image cache manifest of version 1`, {
      file: path,
    });
  }
  try {
    resolveGrid(manifest.grid);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new JetImageError('JETIMAGE_CACHE', `${path}: bad grid: ${reason}`, { file: path });
  }
  return manifest;
}

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

function isShardList(x: unknown): x is CacheShard[] {
  return (
    Array.isArray(x) &&
    x.every(
      (s: unknown) =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as CacheShard).images === 'string' &&
        typeof (s as CacheShard).events === 'string' &&
        isCount((s as CacheShard).count),
    )
  );
}

/** Whether parsed JSON has the layout a reader of the cache relies on (the rest is not read). */
function isManifest(x: unknown): x is ImageCacheManifest {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Partial<Record<keyof ImageCacheManifest, unknown>>;
  const shards = m.shards as Partial<Record<Split, unknown>> | null | undefined;
  const counts = m.counts as Partial<Record<Split, unknown>> | null | undefined;
  return (
    m.version === 1 &&
    typeof m.grid === 'object' &&
    m.grid !== null &&
    typeof shards === 'object' &&
    shards !== null &&
    isShardList(shards.train) &&
    isShardList(shards.validation) &&
    typeof counts === 'object' &&
    counts !== null &&
    counts.train === shards.train.reduce((n, s) => n + s.count, 0) &&
    counts.validation === shards.validation.reduce((n, s) => n + s.count, 0) &&
    Array.isArray(m.sources)
  );
}

function sameGrid(a: ImageGrid, b: ImageGrid): boolean {
  return (
    a.pixels === b.pixels &&
    a.yMin === b.yMin &&
    a.yMax === b.yMax &&
    a.phiMin === b.phiMin &&
    a.phiMax === b.phiMax &&
    a.axis === b.axis &&
    a.normalisation === b.normalisation
  );
}

/**
 * Returns a valid image cache for these inputs and options, building it only where needed.
 *
 * @param inputs - event files
 * @param cacheDir - the cache folder (created if missing)
 * @param options - as {@link buildImageCache}
 * @returns the manifest and whether it was (re)built
 * @throws as {@link buildImageCache}
 * @remarks
 * The cache is reused when its manifest names the same input files with the same size and
 * modification time, and the same grid, selection, format and validation fraction; otherwise
 * it is rebuilt. So a second epoch, or a second run, reads .npy shards and never re-parses text.
 * @example
 * ```ts
 * const { manifest, built } = await ensureImageCache(['events.hepmc3'], 'cache/');
 * ```
 */
export async function ensureImageCache(
  inputs: readonly string[],
  cacheDir: string,
  options: ImageCacheOptions = {},
): Promise<{ manifest: ImageCacheManifest; built: boolean }> {
  const existing = await readImageCacheManifest(cacheDir).catch(() => undefined);
  if (existing !== undefined) {
    const sources = await describeSources(inputs);
    const grid = resolveGrid(options.grid ?? {});
    const same =
      sameGrid(existing.grid, grid) &&
      existing.select === (options.select ?? 'final') &&
      existing.format === (options.format ?? null) &&
      existing.validationFraction === (options.validationFraction ?? 0.1) &&
      existing.sources.length === sources.length &&
      existing.sources.every(
        (s, i) =>
          s.path === sources[i]?.path &&
          s.size === sources[i]?.size &&
          s.mtimeMs === sources[i]?.mtimeMs,
      );
    if (same) return { manifest: existing, built: false };
  }
  return { manifest: await buildImageCache(inputs, cacheDir, options), built: true };
}

/** One batch of training images. */
export interface TrainingBatch {
  /** count·N·N pixels, image after image (ready for `toTensor`). */
  images: Float32Array;
  /** Images in the batch. */
  count: number;
  /** N. */
  pixels: number;
  /** Event number of each image. */
  eventNumbers: Float64Array;
  /** Nominal weight of each image's event. */
  weights: Float64Array;
  /** Summed pT inside the grid of each event before normalisation, GeV (to get GeV back). */
  sumPt: Float64Array;
}

/** Options of {@link ImageDataset.batches}. */
export interface BatchOptions {
  /** Images per batch. */
  batchSize: number;
  /**
   * Shuffle the order of events.
   * @defaultValue true
   */
  shuffle?: boolean;
  /**
   * Seed of the shuffle; with `epoch` it fixes the order.
   * @defaultValue 140280 (the original scripts' seed)
   */
  seed?: number;
  /**
   * Epoch number: each epoch has its own order.
   * @defaultValue 0
   */
  epoch?: number;
  /**
   * Leave out the last batch when it is smaller than `batchSize`.
   * @defaultValue false
   */
  dropRemainder?: boolean;
}

/**
 * Batches of images from an image cache, shuffled per epoch, within a bounded memory budget.
 *
 * @remarks
 * One shard is in memory at a time (plus the batch being filled): shards are visited in a
 * shuffled order and the images within each shard are shuffled, so the shuffle mixes events
 * within a shard (up to `shardImages` of them, from the memory budget) and mixes shards. Batches
 * are full across shard boundaries; only the last of an epoch can be smaller.
 * @example
 * ```ts
 * await ensureImageCache(['events.hepmc3'], 'cache/');
 * const data = await ImageDataset.open('cache/');
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for await (const batch of data.batches('train', { batchSize: 256, epoch })) {
 *     const x = toTensor(batch.images, batch.count, batch.pixels, tf);
 *     // … train on x …
 *     x.dispose();
 *   }
 * }
 * ```
 */
export class ImageDataset {
  /** The cache's manifest. */
  readonly manifest: ImageCacheManifest;
  private readonly dir: string;

  private constructor(dir: string, manifest: ImageCacheManifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /**
   * Opens a built image cache.
   * @param cacheDir - the cache folder
   * @returns the dataset
   * @throws JetImageError `JETIMAGE_CACHE` if the folder holds no complete cache
   */
  static async open(cacheDir: string): Promise<ImageDataset> {
    const manifest = await readImageCacheManifest(cacheDir);
    if (manifest === undefined) {
      throw new JetImageError(
        'JETIMAGE_CACHE',
        `${cacheDir}: no image cache here (no manifest.json); build one with ensureImageCache`,
        { file: cacheDir },
      );
    }
    return new ImageDataset(cacheDir, manifest);
  }

  /** N, the image side. */
  get pixels(): number {
    return this.manifest.grid.pixels;
  }

  /**
   * The number of images in a split.
   * @param split - which split
   * @returns the count
   */
  count(split: Split): number {
    return this.manifest.counts[split];
  }

  /**
   * Reads a whole split into memory, in cache order.
   * @param split - which split
   * @returns all its images as one batch
   * @throws JetImageError `JETIMAGE_CACHE` if a shard is missing or does not match the manifest
   * @remarks For validation sets and small samples; training should iterate {@link batches}.
   */
  async readAll(split: Split): Promise<TrainingBatch> {
    const batches: TrainingBatch[] = [];
    for await (const b of this.batches(split, {
      batchSize: Math.max(1, this.count(split)),
      shuffle: false,
    })) {
      batches.push(b);
    }
    return batches[0] ?? emptyBatch(this.pixels, 0);
  }

  /**
   * Iterates over a split in batches.
   * @param split - which split
   * @param options - batch size, shuffling, seed and epoch
   * @returns an async iterable of batches covering every image of the split once
   * @throws JetImageError `JETIMAGE_DATASET` on a bad batch size; `JETIMAGE_CACHE` if a shard
   *   is missing or does not match the manifest
   */
  batches(split: Split, options: BatchOptions): AsyncIterable<TrainingBatch> {
    const { batchSize } = options;
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
      throw new JetImageError(
        'JETIMAGE_DATASET',
        `batch size must be a whole number ≥ 1, got ${batchSize}`,
      );
    }
    return { [Symbol.asyncIterator]: () => this.iterate(split, options) };
  }

  private async *iterate(split: Split, options: BatchOptions): AsyncGenerator<TrainingBatch> {
    const pixels = this.pixels;
    const size = pixels * pixels;
    const { batchSize } = options;
    const shuffle = options.shuffle ?? true;
    const seed = BigInt(options.seed ?? 140280);
    const epoch = BigInt(options.epoch ?? 0);
    const rng = createRng(((seed << 20n) ^ epoch) & ((1n << 64n) - 1n));
    const shards = [...this.manifest.shards[split]];
    if (shuffle) rng.shuffle(shards);
    // Batches are allocated once a shard has been read and checked against the manifest, and
    // hold no more images than the split has, so a damaged manifest (a huge grid or batch count)
    // is reported as such rather than failing an allocation.
    const capacity = Math.min(batchSize, this.manifest.counts[split]);
    let batch: TrainingBatch | undefined;
    for (const shard of shards) {
      const { images, events } = await this.loadShard(shard);
      const order = Uint32Array.from({ length: shard.count }, (_, k) => k);
      if (shuffle) rng.shuffle(order);
      for (const k of order) {
        batch ??= emptyBatch(pixels, capacity);
        const b = batch.count;
        batch.images.set(images.subarray(k * size, (k + 1) * size), b * size);
        batch.eventNumbers[b] = events[3 * k] as number;
        batch.weights[b] = events[3 * k + 1] as number;
        batch.sumPt[b] = events[3 * k + 2] as number;
        batch.count += 1;
        if (batch.count === batchSize) {
          yield batch;
          batch = undefined;
        }
      }
    }
    if (batch !== undefined && batch.count > 0 && !options.dropRemainder) {
      yield truncate(batch, size);
    }
  }

  private async loadShard(
    shard: CacheShard,
  ): Promise<{ images: Float32Array; events: Float64Array }> {
    const n = this.pixels;
    const imagesPath = join(this.dir, shard.images);
    const eventsPath = join(this.dir, shard.events);
    const images = await readNpy(imagesPath).catch((error: unknown) => {
      throw cacheError(imagesPath, error);
    });
    const events = await readNpy(eventsPath).catch((error: unknown) => {
      throw cacheError(eventsPath, error);
    });
    const shapeOk =
      images.data instanceof Float32Array &&
      images.shape.join() === [shard.count, n, n].join() &&
      events.data instanceof Float64Array &&
      events.shape.join() === [shard.count, 3].join();
    if (!shapeOk) {
      throw new JetImageError(
        'JETIMAGE_CACHE',
        `${imagesPath}: shard does not match the manifest (expected float32 [${shard.count}, ${n}, ${n}] and float64 [${shard.count}, 3]); rebuild the cache`,
        { file: imagesPath },
      );
    }
    return { images: images.data as Float32Array, events: events.data as Float64Array };
  }
}

function cacheError(path: string, error: unknown): JetImageError {
  const reason = error instanceof Error ? error.message : String(error);
  return new JetImageError('JETIMAGE_CACHE', `${path}: cannot read the cache shard: ${reason}`, {
    file: path,
  });
}

function emptyBatch(pixels: number, capacity: number): TrainingBatch {
  return {
    images: new Float32Array(capacity * pixels * pixels),
    count: 0,
    pixels,
    eventNumbers: new Float64Array(capacity),
    weights: new Float64Array(capacity),
    sumPt: new Float64Array(capacity),
  };
}

function truncate(batch: TrainingBatch, size: number): TrainingBatch {
  const n = batch.count;
  return {
    images: batch.images.slice(0, n * size),
    count: n,
    pixels: batch.pixels,
    eventNumbers: batch.eventNumbers.slice(0, n),
    weights: batch.weights.slice(0, n),
    sumPt: batch.sumPt.slice(0, n),
  };
}
