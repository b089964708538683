import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EventIOError } from './errors.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function npyError(path: string, what: string): EventIOError {
  return new EventIOError('bad-npy', `${path}: ${what}`, { file: path });
}

/** An array read from a .npy file. */
export interface NpyArray {
  /** The values, in C (row-major) order. */
  data: Float32Array | Float64Array;
  /** The shape, e.g. [n, N, N] or [n, N, N, 1] for image stacks. */
  shape: number[];
}

/**
 * Reads a .npy file of float32 or float64 values (numpy format versions 1, 2 and 3).
 *
 * @param path - the file
 * @returns the values and shape
 * @throws EventIOError `bad-npy` for a file that is not .npy, a dtype other than little-endian
 * float32 (`<f4`) or float64 (`<f8`), Fortran order, or a data size that does not match the shape
 * @remarks
 * Image stacks of the project have shape [n, N, N] or [n, N, N, 1] (channels last), pixel (i, j)
 * = rapidity bin i, azimuth bin j; any shape is read.
 * @example
 * ```ts
 * const { data, shape } = await readNpy('images.npy'); // shape [1000, 64, 64]
 * ```
 */
export async function readNpy(path: string): Promise<NpyArray> {
  const buf = await readFile(path);
  if (buf.length < 10 || MAGIC.some((b, i) => buf[i] !== b)) {
    throw npyError(path, 'expected the .npy magic \\x93NUMPY, got something else');
  }
  const major = buf[6] as number;
  let headerLength: number;
  let offset: number;
  if (major === 1) {
    headerLength = buf.readUInt16LE(8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (buf.length < 12)
      throw npyError(path, 'expected a complete .npy header, got a truncated file');
    headerLength = buf.readUInt32LE(8);
    offset = 12;
  } else throw npyError(path, `expected .npy format version 1, 2 or 3, got ${major}`);
  if (offset + headerLength > buf.length)
    throw npyError(path, 'expected a complete .npy header, got a truncated file');
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', offset, offset + headerLength);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw npyError(
      path,
      `expected a header with descr, fortran_order and shape, got '${header.trim()}'`,
    );
  }
  if (descr !== '<f4' && descr !== '<f8') {
    throw npyError(path, `expected dtype '<f4' (float32) or '<f8' (float64), got '${descr}'`);
  }
  if (fortran === 'True')
    throw npyError(path, 'expected C order (fortran_order False), got Fortran order');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => Number(s.replace(/L$/, '')));
  if (shape.some((n) => !Number.isInteger(n) || n < 0))
    throw npyError(path, `expected a shape of whole numbers, got (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const size = descr === '<f4' ? 4 : 8;
  const start = offset + headerLength;
  if (buf.length - start !== count * size) {
    throw npyError(
      path,
      `expected ${count * size} bytes of data for shape (${shape.join(', ')}), got ${buf.length - start}`,
    );
  }
  const bytes = buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + count * size);
  const data = size === 4 ? new Float32Array(bytes) : new Float64Array(bytes);
  return { data, shape };
}

/**
 * The .npy header (format version 1.0) for an array, padded as numpy pads it.
 * @param dtype - `<f4` or `<f8`
 * @param shape - the shape
 * @returns magic, version, length and header dictionary, a multiple of 64 bytes long
 * @example
 * ```ts
 * npyHeader('<f4', [2, 3, 3]).length; // 128, as np.save writes it
 * ```
 */
export function npyHeader(dtype: '<f4' | '<f8', shape: readonly number[]): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64);
  dict += '\n';
  const head = Buffer.alloc(10);
  Buffer.from(MAGIC).copy(head, 0);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(dict.length, 8);
  return Buffer.concat([head, Buffer.from(dict, 'latin1')]);
}

/**
 * Writes a .npy file (format 1.0, little-endian, C order), via a temporary file renamed on success.
 *
 * @param path - the file
 * @param data - float32 or float64 values in C order
 * @param shape - the shape; its product must be `data.length`
 * @throws EventIOError `bad-npy` if the shape does not match the data
 * @example
 * ```ts
 * await writeNpy('images.npy', new Float32Array(2 * 64 * 64), [2, 64, 64]);
 * ```
 */
export async function writeNpy(
  path: string,
  data: Float32Array | Float64Array,
  shape: readonly number[],
): Promise<void> {
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) {
    throw npyError(path, `expected a shape of whole numbers, got (${shape.join(', ')})`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw npyError(
      path,
      `expected ${count} values for shape (${shape.join(', ')}), got ${data.length}`,
    );
  }
  const header = npyHeader(data instanceof Float32Array ? '<f4' : '<f8', shape);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  try {
    await writeFile(tmp, Buffer.concat([header, body]));
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    // A file-system error names the temporary file; the user named `path`.
    if (e !== null && typeof e === 'object' && 'path' in e) (e as { path: string }).path = path;
    throw e;
  }
}
