import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import h5wasm from 'h5wasm/node';
import { ShowerError } from './errors.js';
import { checkShowerWeights, type ShowerWeights } from './weights.js';

type H5File = InstanceType<typeof h5wasm.File>;
type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

async function hasHdf5Signature(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && HDF5_SIGNATURE.every((byte, i) => head[i] === byte);
  } finally {
    await handle.close();
  }
}

function childGroup(group: H5Group, name: string): H5Group | undefined {
  if (!group.keys().includes(name)) return undefined;
  const entity = group.get(name);
  return entity instanceof h5wasm.Group ? entity : undefined;
}

/** Finds the group that holds the layer groups `conv2d_1`, ...: the root, or a nested model. */
function findModelGroup(file: H5File): H5Group | undefined {
  if (childGroup(file, 'conv2d_1')) return file;
  for (const name of file.keys()) {
    const group = childGroup(file, name);
    if (group && childGroup(group, 'conv2d_1')) return group;
  }
  return undefined;
}

function countLayers(group: H5Group, prefix: string): number {
  let n = 0;
  while (childGroup(group, `${prefix}_${n + 1}`)) n++;
  return n;
}

function readDataset(
  file: string,
  group: H5Group,
  layer: string,
  matches: (name: string) => boolean,
  what: string,
): { values: Float32Array; shape: number[] } {
  const layerGroup = childGroup(group, layer);
  const name = layerGroup?.keys().find(matches);
  const entity = name === undefined ? undefined : layerGroup?.get(name);
  if (!(entity instanceof h5wasm.Dataset)) {
    throw new ShowerError('BAD_WEIGHTS_FILE', `${layer} has no ${what} dataset`, file);
  }
  const dataset: H5Dataset = entity;
  const value = dataset.value;
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new ShowerError(
      'BAD_WEIGHTS_FILE',
      `${layer}/${name} is not a floating-point array (dtype ${String(dataset.dtype)})`,
      file,
    );
  }
  return { values: Float32Array.from(value), shape: dataset.shape ?? [] };
}

function expectShape(file: string, what: string, shape: number[], expected: number[]): void {
  if (shape.length !== expected.length || shape.some((n, i) => n !== expected[i])) {
    throw new ShowerError(
      'BAD_WEIGHTS_FILE',
      `${what} has shape [${shape.join(',')}], expected [${expected.join(',')}]`,
      file,
    );
  }
}

/**
 * Reads the published Keras HDF5 weights of the original APEMEN (or any Keras file of the same
 * layout) into plain data.
 *
 * @param path - the `.h5` file, such as `../shared/data/apemen-weights/k2.h5`
 * @returns the weights; k from the kernel shape, C from the number of `conv2d_i` layers, L from
 *   the number of `filter_mask_j` layers and N = k^(L+1)
 * @throws {@link ShowerError} `BAD_WEIGHTS_FILE` if the file is missing, is not HDF5, is damaged
 *   (truncated or corrupt: the message gives HDF5's reason), or lacks a layer or has a dataset of the
 *   wrong shape; `BAD_WEIGHTS` if the counts are inconsistent
 * @remarks
 * The mapping (Keras 2.0.9 names, numbered in creation order): `conv2d_c/kernel:0` [k,k,1,1] →
 * `convKernels[c−1]`; `conv2d_transpose_c/kernel:0` [k,k,1,1] → `deconvKernels[c−1]`;
 * `filter_mask_j/filter_mask_j_filterProbs:0` [1,1,1,C] → `filterProbabilities[j−1]`, j = 1 the
 * finest level. The layer groups sit either at the root or, for a model saved through Keras'
 * `multi_gpu_model` as the published ones were, in the nested model group (`model_1`). Every
 * number is copied exactly (float32).
 * @example
 * ```ts
 * const w = await loadKerasWeights('../shared/data/apemen-weights/k2.h5');
 * w.kernelSize; // 2
 * w.levels; // 5
 * w.filterProbabilities[0][3]; // 0.7337293 (kernel 4 at the finest level)
 * ```
 */
export async function loadKerasWeights(path: string): Promise<ShowerWeights> {
  const file = resolve(path);
  let isHdf5: boolean;
  try {
    isHdf5 = await hasHdf5Signature(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ShowerError('BAD_WEIGHTS_FILE', `cannot read the file (${reason})`, path);
  }
  if (!isHdf5) {
    throw new ShowerError('BAD_WEIGHTS_FILE', 'not an HDF5 file (no HDF5 signature)', path);
  }
  const module = await h5wasm.ready;
  // HDF5 prints its error stack to stderr and h5wasm then fails on an invalid id with a message
  // that names nothing; with the throwing handler a damaged file throws here, with HDF5's reason.
  // Everything below is synchronous, so no other h5wasm user runs while the handler is swapped.
  module.activate_throwing_error_handler();
  let h5: H5File | undefined;
  try {
    h5 = new h5wasm.File(file, 'r');
    return readWeights(path, h5);
  } catch (error) {
    if (error instanceof ShowerError) throw error;
    throw new ShowerError(
      'BAD_WEIGHTS_FILE',
      `not a readable HDF5 file (${hdf5Reason(error)})`,
      path,
    );
  } finally {
    try {
      h5?.close();
    } catch {
      // A file that failed to open has nothing to close.
    }
    module.deactivate_throwing_error_handler();
  }
}

/**
 * The innermost reason of an HDF5 error stack, such as `truncated file: eof = 2000, …`.
 * @param error - what h5wasm threw
 * @returns one line
 */
function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const reasons = [...text.matchAll(/#\d+:.*? in [\w.]+\(\): (.*)$/gm)].map((m) => m[1]);
  return (reasons.at(-1) ?? text.split('\n')[0] ?? 'unknown error').trim();
}

/** Reads the weights out of an open Keras file. */
function readWeights(path: string, h5: H5File): ShowerWeights {
  const model = findModelGroup(h5);
  if (!model) {
    throw new ShowerError(
      'BAD_WEIGHTS_FILE',
      'no group holds a layer conv2d_1: not an APEMEN weight file',
      path,
    );
  }
  const convolutions = countLayers(model, 'conv2d');
  const transposed = countLayers(model, 'conv2d_transpose');
  const levels = countLayers(model, 'filter_mask');
  if (transposed !== convolutions) {
    throw new ShowerError(
      'BAD_WEIGHTS_FILE',
      `found ${convolutions} conv2d layers but ${transposed} conv2d_transpose layers`,
      path,
    );
  }
  if (levels === 0) throw new ShowerError('BAD_WEIGHTS_FILE', 'no filter_mask layers', path);
  const isKernel = (name: string): boolean => name.startsWith('kernel');
  const first = readDataset(path, model, 'conv2d_1', isKernel, 'kernel');
  const k = first.shape[0] ?? 0;
  const convKernels: Float32Array[] = [];
  const deconvKernels: Float32Array[] = [];
  for (let c = 1; c <= convolutions; c++) {
    for (const [layer, list] of [
      [`conv2d_${c}`, convKernels],
      [`conv2d_transpose_${c}`, deconvKernels],
    ] as const) {
      const { values, shape } = readDataset(path, model, layer, isKernel, 'kernel');
      expectShape(path, `${layer} kernel`, shape, [k, k, 1, 1]);
      list.push(values);
    }
  }
  const filterProbabilities: Float32Array[] = [];
  for (let j = 1; j <= levels; j++) {
    const layer = `filter_mask_${j}`;
    const { values, shape } = readDataset(
      path,
      model,
      layer,
      (name) => name.includes('filterProbs'),
      'filterProbs',
    );
    expectShape(path, `${layer} filterProbs`, shape, [1, 1, 1, convolutions]);
    filterProbabilities.push(values);
  }
  return checkShowerWeights({
    kernelSize: k,
    pixels: k ** (levels + 1),
    convolutions,
    levels,
    convKernels,
    deconvKernels,
    filterProbabilities,
  });
}
