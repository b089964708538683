import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShowerError } from './errors.js';
import { loadKerasWeights } from './keras.js';
import { buildShowerModel, loadShowerModel, loadShowerWeights } from './model.js';
import { useCpuBackend } from './test-helpers.js';

// Fuzzing of the files the shower package reads: Keras HDF5 weights (through h5wasm) and saved
// model folders (model.json + weights.bin). A damaged file gives a ShowerError naming it, or (where
// the damage hits only numbers) weights that pass checkShowerWeights; nothing else escapes, and
// HDF5's own error stack is never printed.

/** Fuzzing depth: APEMEN_FUZZ=20 runs twenty times as many cases from a random seed. */
const DEPTH = Number(process.env.APEMEN_FUZZ ?? 1);
const settings = (numRuns: number, seed: number): fc.Parameters<unknown> =>
  DEPTH > 1 ? { numRuns: numRuns * DEPTH } : { numRuns, seed };

const K2 = fileURLToPath(new URL('../../../../shared/data/apemen-weights/k2.h5', import.meta.url));
let root: string;
let k2: Buffer;
let saved: string;
let counter = 0;

beforeAll(async () => {
  await useCpuBackend();
  root = await mkdtemp(join(tmpdir(), 'shower-fuzz-'));
  k2 = await readFile(K2);
  saved = join(root, 'saved');
  await buildShowerModel({ pixels: 8, kernelSize: 2, convolutions: 3, seed: 5 }).save(saved);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs `load`; only a ShowerError naming `path` may escape. */
async function onlyShowerError(path: string, load: () => Promise<unknown>): Promise<void> {
  try {
    await load();
  } catch (error) {
    if (!(error instanceof ShowerError)) throw error;
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  }
}

describe('damaged Keras HDF5 weights', () => {
  it('truncated at any length: ShowerError BAD_WEIGHTS_FILE naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: k2.length - 1 }), async (length) => {
        const path = join(root, `cut${counter++}.h5`);
        await writeFile(path, k2.subarray(0, length));
        await expect(loadKerasWeights(path)).rejects.toMatchObject({
          code: 'BAD_WEIGHTS_FILE',
          file: path,
        });
      }),
      settings(15, 1501),
    );
  });

  it('bytes flipped anywhere: weights that pass the checks, or a ShowerError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(k2.length - 1), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (flips) => {
          const path = join(root, `flip${counter++}.h5`);
          const bytes = Buffer.from(k2);
          for (const [at, bits] of flips) bytes[at] = (bytes[at] as number) ^ bits;
          await writeFile(path, bytes);
          await onlyShowerError(path, async () => {
            const w = await loadShowerWeights(path);
            expect(w.filterProbabilities.every((p) => p.every(Number.isFinite))).toBe(true);
          });
        },
      ),
      settings(25, 1502),
    );
  });

  it('a truncated file is named with HDF5’s reason, in one line', async () => {
    const path = join(root, 'cut-2000.h5');
    await writeFile(path, k2.subarray(0, 2000));
    await expect(loadShowerWeights(path)).rejects.toThrow(
      new ShowerError(
        'BAD_WEIGHTS_FILE',
        'not a readable HDF5 file (truncated file: eof = 2000, sblock->base_addr = 0, stored_eof = 45008)',
        path,
      ),
    );
    // The handler that turned HDF5's printed stack into this error is switched off again: the
    // intact file still loads.
    expect((await loadShowerWeights(K2)).levels).toBe(5);
  });
});

describe('damaged saved model folders', () => {
  async function copy(): Promise<string> {
    const dir = join(root, `model${counter++}`);
    await cp(saved, dir, { recursive: true });
    return dir;
  }

  it('weights.bin cut short or padded: ShowerError BAD_MODEL_DIR', async () => {
    const bytes = await readFile(join(saved, 'weights.bin'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.nat(bytes.length - 1),
          fc.integer({ min: bytes.length + 1, max: bytes.length + 64 }),
        ),
        async (length) => {
          const dir = await copy();
          const padded = Buffer.concat([
            bytes,
            Buffer.alloc(Math.max(0, length - bytes.length), 7),
          ]);
          await writeFile(join(dir, 'weights.bin'), padded.subarray(0, length));
          await expect(loadShowerModel(dir)).rejects.toMatchObject({ code: 'BAD_MODEL_DIR' });
        },
      ),
      settings(8, 1503),
    );
  });

  it('model.json with any JSON value in place of one of its parts', async () => {
    const json = JSON.parse(await readFile(join(saved, 'model.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('modelTopology', 'weightsManifest', 'format', 'userDefinedMetadata'),
        fc.jsonValue({ maxDepth: 2 }),
        async (key, value) => {
          const dir = await copy();
          await writeFile(join(dir, 'model.json'), JSON.stringify({ ...json, [key]: value }));
          await onlyShowerError(dir, () => loadShowerModel(dir));
        },
      ),
      settings(20, 1504),
    );
  });
});

describe('cases the fuzzing found', () => {
  it('a weights.bin one byte longer than its manifest is rejected, not loaded', async () => {
    const dir = join(root, 'padded');
    await cp(saved, dir, { recursive: true });
    const bytes = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), Buffer.concat([bytes, Buffer.from([0])]));
    await expect(loadShowerModel(dir)).rejects.toThrow(
      `${dir}: the weights hold ${bytes.length + 1} bytes, the manifest in model.json needs ${bytes.length}`,
    );
  });

  it('a model.json whose topology tfjs cannot read is a ShowerError, not a tfjs ValueError', async () => {
    const dir = join(root, 'no-topology');
    await cp(saved, dir, { recursive: true });
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as object;
    await writeFile(join(dir, 'model.json'), JSON.stringify({ ...json, modelTopology: {} }));
    const error = await loadShowerModel(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ShowerError);
    expect((error as ShowerError).message).toMatch(
      new RegExp(`^${dir}: model.json does not describe a model that tfjs can load \\(.+\\)$`),
    );
  });
});
