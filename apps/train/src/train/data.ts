import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { readNpy } from '@apemen/eventio';
import { createRng, ensureImageCache, ImageDataset, type Split, splitOf } from '@apemen/jetimage';
import { CliError } from '../cli/errors.js';

/** One batch of training images, N² values per image, image after image. */
export interface ImageBatch {
  /** count·N² pixels. */
  readonly images: Float32Array;
  /** Images in the batch. */
  readonly count: number;
}

/** A set of training or validation images that can be read in batches. */
export interface ImageSource {
  /** N, the image side. */
  readonly pixels: number;
  /** Number of images. */
  readonly count: number;
  /**
   * The images in batches.
   * @param batchSize - images per batch (the last may be smaller)
   * @param epoch - with `seed`, fixes the shuffled order
   * @param seed - shuffle seed
   * @param shuffle - shuffle the order @defaultValue true
   */
  batches(
    batchSize: number,
    epoch: number,
    seed: number,
    shuffle?: boolean,
  ): AsyncIterable<ImageBatch>;
}

/** The training and validation images of a run. */
export interface TrainingData {
  /** Images the optimiser sees. */
  readonly train: ImageSource;
  /** Images for the validation loss (may be empty). */
  readonly validation: ImageSource;
  /** How the data was obtained, for the log. */
  readonly description: string;
}

/** Options of {@link openTrainingData}. */
export interface TrainingDataOptions {
  /** Training inputs: event files (any format eventio reads) or .npy image stacks [n, N, N]. */
  readonly train: readonly string[];
  /** Validation inputs; when empty, a fraction of the training events by event number. */
  readonly validation: readonly string[];
  /** N. */
  readonly pixels: number;
  /** Folder for the image cache of event files. */
  readonly cacheDir: string;
  /** Fraction of training events kept for validation when no validation files are given. @defaultValue 0.1 */
  readonly validationFraction?: number;
  /** Called with a message when an image cache is being built. */
  readonly log?: (line: string) => void;
}

function isNpy(path: string): boolean {
  return extname(path).toLowerCase() === '.npy';
}

function checkInputs(files: readonly string[], option: string): void {
  for (const file of files) {
    if (!existsSync(file)) throw new CliError(`${option} ${file}: no such file`);
    if (statSync(file).isDirectory()) throw new CliError(`${option} ${file}: is a directory`);
  }
}

/** A source backed by one split of a jetimage cache. */
class CacheSource implements ImageSource {
  constructor(
    private readonly dataset: ImageDataset,
    private readonly split: Split,
  ) {}

  get pixels(): number {
    return this.dataset.pixels;
  }

  get count(): number {
    return this.dataset.count(this.split);
  }

  batches(
    batchSize: number,
    epoch: number,
    seed: number,
    shuffle = true,
  ): AsyncIterable<ImageBatch> {
    if (this.count === 0) return emptyIterable();
    return this.dataset.batches(this.split, { batchSize, epoch, seed, shuffle });
  }
}

/** A source held in memory (from .npy stacks). */
class MemorySource implements ImageSource {
  constructor(
    readonly pixels: number,
    private readonly images: Float32Array,
    readonly count: number,
  ) {}

  batches(
    batchSize: number,
    epoch: number,
    seed: number,
    shuffle = true,
  ): AsyncIterable<ImageBatch> {
    const area = this.pixels * this.pixels;
    const order = Uint32Array.from({ length: this.count }, (_, i) => i);
    if (shuffle)
      createRng(((BigInt(seed) << 20n) ^ BigInt(epoch)) & ((1n << 64n) - 1n)).shuffle(order);
    const images = this.images;
    const count = this.count;
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<ImageBatch> {
        for (let start = 0; start < count; start += batchSize) {
          const n = Math.min(batchSize, count - start);
          const batch = new Float32Array(n * area);
          for (let b = 0; b < n; b++) {
            const i = order[start + b] as number;
            batch.set(images.subarray(i * area, (i + 1) * area), b * area);
          }
          yield { images: batch, count: n };
        }
      },
    };
  }
}

function emptyIterable(): AsyncIterable<ImageBatch> {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<ImageBatch> {},
  };
}

/**
 * Reads .npy image stacks, checks them and scales each image to pixel sum N².
 *
 * @param files - stacks of shape [n, N, N] or [n, N, N, 1], float32 or float64
 * @param pixels - the expected N
 * @param option - the option that named them, for messages
 * @returns the images, concatenated
 * @throws CliError (exit 2) for a wrong shape, a negative or non-finite pixel
 */
export async function readImageStacks(
  files: readonly string[],
  pixels: number,
  option: string,
): Promise<{ images: Float32Array; count: number }> {
  const area = pixels * pixels;
  const parts: Float32Array[] = [];
  let count = 0;
  for (const file of files) {
    const { data, shape } = await readNpy(file);
    const n = shape[0] ?? 0;
    const square = shape.length >= 3 && shape[1] === pixels && shape[2] === pixels;
    const channels = shape.length === 3 || (shape.length === 4 && shape[3] === 1);
    if (!square || !channels) {
      throw new CliError(
        `${option} ${file}: expected an image stack of shape [n, ${pixels}, ${pixels}] (--pixels ${pixels}), got [${shape.join(', ')}]`,
      );
    }
    const images = new Float32Array(n * area);
    for (let e = 0; e < n; e++) {
      let sum = 0;
      for (let p = 0; p < area; p++) {
        const v = data[e * area + p] as number;
        if (!Number.isFinite(v) || v < 0) {
          const y = Math.floor(p / pixels);
          throw new CliError(
            `${option} ${file}: image ${e}, pixel (${y}, ${p - y * pixels}) is ${v}; pixels must be finite and ≥ 0`,
          );
        }
        sum += v;
      }
      // The original trains on images scaled to pixel sum N² (mean pixel 1).
      const scale = sum > 0 ? area / sum : 0;
      for (let p = 0; p < area; p++) images[e * area + p] = (data[e * area + p] as number) * scale;
    }
    parts.push(images);
    count += n;
  }
  const all = new Float32Array(count * area);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return { images: all, count };
}

function selectImages(
  images: Float32Array,
  count: number,
  area: number,
  keep: (index: number) => boolean,
): { images: Float32Array; count: number } {
  const chosen: number[] = [];
  for (let i = 0; i < count; i++) if (keep(i)) chosen.push(i);
  const out = new Float32Array(chosen.length * area);
  chosen.forEach((i, j) => {
    out.set(images.subarray(i * area, (i + 1) * area), j * area);
  });
  return { images: out, count: chosen.length };
}

/**
 * Opens the training and validation images of a run.
 *
 * @param options - inputs, image size and cache folder
 * @returns the two image sources
 * @throws CliError (exit 2) for missing files, a mix of .npy and event files, or bad stacks;
 *   eventio's and jetimage's errors (exit 2) for malformed event files
 * @remarks
 * Event files are pixelised once into a jetimage cache under `cacheDir` (reused while the inputs
 * are unchanged), scaled to pixel sum N² as the original trained. Without validation files, the
 * training events are split by event number (jetimage's `splitOf`); for .npy stacks the event
 * number is the image's index in the concatenated stacks. Stacks are held in memory.
 */
export async function openTrainingData(options: TrainingDataOptions): Promise<TrainingData> {
  const { train, validation, pixels } = options;
  const fraction = options.validationFraction ?? 0.1;
  if (train.length === 0) throw new CliError('--train: no input files given');
  checkInputs(train, '--train');
  checkInputs(validation, '--validation');
  const all = [...train, ...validation];
  const npy = all.filter(isNpy).length;
  if (npy !== 0 && npy !== all.length) {
    throw new CliError(
      'inputs mix .npy image stacks and event files; give either stacks or event files',
    );
  }
  const area = pixels * pixels;
  if (npy > 0) {
    const stacks = await readImageStacks(train, pixels, '--train');
    if (validation.length > 0) {
      const v = await readImageStacks(validation, pixels, '--validation');
      return {
        train: new MemorySource(pixels, stacks.images, stacks.count),
        validation: new MemorySource(pixels, v.images, v.count),
        description: `${stacks.count} training and ${v.count} validation images from .npy stacks`,
      };
    }
    const t = selectImages(
      stacks.images,
      stacks.count,
      area,
      (i) => splitOf(i, fraction) === 'train',
    );
    const v = selectImages(
      stacks.images,
      stacks.count,
      area,
      (i) => splitOf(i, fraction) === 'validation',
    );
    return {
      train: new MemorySource(pixels, t.images, t.count),
      validation: new MemorySource(pixels, v.images, v.count),
      description: `${t.count} training and ${v.count} validation images (split by index) from .npy stacks`,
    };
  }
  const grid = { pixels };
  const build = async (
    files: readonly string[],
    dir: string,
    validationFraction: number,
  ): Promise<ImageDataset> => {
    const { built, manifest } = await ensureImageCache(files, dir, { grid, validationFraction });
    if (built) {
      options.log?.(
        `pixelised ${manifest.counts.train + manifest.counts.validation} events into the image cache ${dir}`,
      );
    }
    return ImageDataset.open(dir);
  };
  if (validation.length > 0) {
    const t = await build(train, join(options.cacheDir, 'train'), 0);
    const v = await build(validation, join(options.cacheDir, 'validation'), 1);
    return {
      train: new CacheSource(t, 'train'),
      validation: new CacheSource(v, 'validation'),
      description: `${t.count('train')} training and ${v.count('validation')} validation events`,
    };
  }
  const d = await build(train, join(options.cacheDir, 'train'), fraction);
  return {
    train: new CacheSource(d, 'train'),
    validation: new CacheSource(d, 'validation'),
    description: `${d.count('train')} training and ${d.count('validation')} validation events (split by event number)`,
  };
}

/**
 * Reads an async sequence one item ahead: once an item has been handed out, the next is asked
 * for on the following turn of the event loop, so it is produced while the consumer waits on
 * the work it started with the item (worker processes computing a batch's gradients) instead of
 * after it.
 *
 * @param source - the sequence (its order and items are unchanged)
 * @returns the same sequence, prefetched by one item
 * @remarks With work that runs synchronously in this process there is nothing to overlap, and
 * the prefetch costs only the one item read ahead when the consumer stops early.
 * @example
 * ```ts
 * for await (const batch of prefetchOne(data.train.batches(512, epoch, seed))) await step(batch);
 * ```
 */
export function prefetchOne<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const iterator = source[Symbol.asyncIterator]();
      let ahead: Promise<IteratorResult<T>> | undefined;
      return {
        next(): Promise<IteratorResult<T>> {
          const current = ahead ?? iterator.next();
          ahead = undefined;
          return current.then((result) => {
            if (result.done !== true) {
              ahead = new Promise((resolve, reject) => {
                setImmediate(() => iterator.next().then(resolve, reject));
              });
              // A failure ahead is reported when that item is asked for, not as an unhandled one.
              ahead.catch(() => undefined);
            }
            return result;
          });
        },
        async return(value?: unknown): Promise<IteratorResult<T>> {
          const pending = ahead;
          ahead = undefined;
          if (pending !== undefined) await pending.catch(() => undefined);
          if (iterator.return !== undefined) return iterator.return(value);
          return { done: true, value: value as T };
        },
      };
    },
  };
}
