import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ShowerError } from './errors.js';

/** Name of the topology file of a saved model directory. */
export const MODEL_JSON = 'model.json';
/** Name of the weights file of a saved model directory. */
export const WEIGHTS_BIN = 'weights.bin';

/**
 * Writes a file atomically: to a temporary name beside it, then renamed over it.
 *
 * @param path - the file to write
 * @param data - its content
 * @remarks
 * A reader never sees a half-written file, and an interrupted write leaves the old file intact.
 */
async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function asBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * The bytes a weights manifest describes.
 * @param specs - its entries
 * @returns the total, or undefined when an entry is quantised or of a dtype without a fixed size
 */
function manifestBytes(specs: tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const size = DTYPE_BYTES[spec.dtype];
    if (size === undefined || spec.quantization !== undefined) return undefined;
    total += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  return total;
}

/**
 * A tfjs IOHandler that saves a model to, and loads it from, a directory on the local disk:
 * `model.json` (topology, weights manifest, metadata) and `weights.bin` (all weights).
 *
 * @param directory - the model directory (created on save if missing)
 * @returns a handler for `model.save(handler)` and `tf.loadLayersModel(handler)`
 * @throws {@link ShowerError} `BAD_MODEL_DIR` from `load()` when `model.json` is missing or malformed,
 *   or the weights file is not the size the manifest says
 * @remarks
 * The same layout as tfjs-node's `file://` handler, which this project cannot use (its native
 * binary is optional). `weights.bin` is written first and `model.json` last, each atomically, so a
 * directory with a `model.json` is always complete.
 * @example
 * ```ts
 * await model.save(fileSystemHandler('runs/k2'));
 * const again = await tf.loadLayersModel(fileSystemHandler('runs/k2'));
 * ```
 */
export function fileSystemHandler(directory: string): tf.io.IOHandler {
  const root = resolve(directory);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new ShowerError(
          'BAD_MODEL_DIR',
          'binary model topologies are not supported',
          directory,
        );
      }
      await mkdir(root, { recursive: true });
      const weights = asBytes(artifacts.weightData);
      await writeFileAtomic(join(root, WEIGHTS_BIN), weights);
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_core}`,
        convertedBy: artifacts.convertedBy ?? null,
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata)
        modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      await writeFileAtomic(join(root, MODEL_JSON), `${JSON.stringify(modelJson)}\n`);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(modelJson.modelTopology).length,
          weightSpecsBytes: JSON.stringify(modelJson.weightsManifest).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = await readModelJson(directory);
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const path of group.paths) {
            const bytes = await readFile(join(root, path)).catch((error: unknown) => {
              const reason = error instanceof Error ? error.message : String(error);
              throw new ShowerError(
                'BAD_MODEL_DIR',
                `cannot read weights ${path} (${reason})`,
                directory,
              );
            });
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        const bytes = buffers.reduce((n, b) => n + b.byteLength, 0);
        const expected = manifestBytes(specs);
        if (expected !== undefined && bytes !== expected) {
          // tfjs reads what the manifest names and ignores the rest: a cut or padded file would
          // load without a word, or fail later on a missing tensor.
          throw new ShowerError(
            'BAD_MODEL_DIR',
            `the weights hold ${bytes} bytes, the manifest in ${MODEL_JSON} needs ${expected}`,
            directory,
          );
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/**
 * Reads and checks a saved model's `model.json`.
 *
 * @param directory - the model directory
 * @returns the parsed model JSON
 * @throws {@link ShowerError} `BAD_MODEL_DIR` when the file is missing, not JSON, or has no
 *   `modelTopology` or `weightsManifest`
 * @example
 * ```ts
 * (await readModelJson('runs/k2')).userDefinedMetadata; // { shower: { pixels: 64, ... } }
 * ```
 */
export async function readModelJson(directory: string): Promise<tf.io.ModelJSON> {
  const path = join(resolve(directory), MODEL_JSON);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ShowerError('BAD_MODEL_DIR', `no readable ${MODEL_JSON} (${reason})`, directory);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ShowerError(
      'BAD_MODEL_DIR',
      `${MODEL_JSON} is not valid JSON (${reason})`,
      directory,
    );
  }
  if (
    typeof json !== 'object' ||
    json === null ||
    !('modelTopology' in json) ||
    !('weightsManifest' in json) ||
    !Array.isArray(json.weightsManifest)
  ) {
    throw new ShowerError(
      'BAD_MODEL_DIR',
      `${MODEL_JSON} needs a modelTopology and a weightsManifest list`,
      directory,
    );
  }
  return json as tf.io.ModelJSON;
}
