import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { JetImageError } from './errors.js';

/** Writes a stack of N×N float32 images to a .npy file as they come, in constant memory. */
export interface ImageStackWriter {
  /**
   * Appends images.
   * @param images - count·N·N pixels
   * @returns when they are written
   */
  append(images: Float32Array): Promise<void>;
  /** Images appended so far. */
  readonly count: number;
  /** Writes the final header and renames the temporary file onto the path. */
  close(): Promise<void>;
  /** Stops and removes the temporary file; the path is left untouched. */
  abort(): Promise<void>;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** A .npy 1.0 header for float32 [count, N, N], padded to exactly `length` bytes. */
function header(count: number, pixels: number, length: number): Buffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${count}, ${pixels}, ${pixels}), }`;
  const padded = `${dict}${' '.repeat(length - 10 - dict.length - 1)}\n`;
  const head = Buffer.alloc(10);
  Buffer.from(MAGIC).copy(head, 0);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(padded.length, 8);
  return Buffer.concat([head, Buffer.from(padded, 'latin1')]);
}

/**
 * Opens a .npy file for a stack of images of unknown length: float32 [n, N, N], C order.
 *
 * @param path - the output file
 * @param pixels - N
 * @returns a writer; nothing appears at `path` until `close()`
 * @throws JetImageError `JETIMAGE_INPUT` if N is not a whole number ≥ 1
 * @remarks
 * Images go straight to a temporary file beside `path`; `close()` writes the header with the
 * final count (the header is sized for up to 10¹² images, a multiple of 64 bytes as numpy
 * writes it) and renames the file. The result reads with numpy.load and eventio's readNpy.
 * @example
 * ```ts
 * const out = await createImageStackWriter('images.npy', 64);
 * await out.append(pixelise(particles).image);
 * await out.close(); // images.npy: float32 (1, 64, 64)
 * ```
 */
export async function createImageStackWriter(
  path: string,
  pixels: number,
): Promise<ImageStackWriter> {
  if (!(Number.isInteger(pixels) && pixels >= 1)) {
    throw new JetImageError('JETIMAGE_INPUT', `pixels must be a whole number ≥ 1, got ${pixels}`);
  }
  const longest = `{'descr': '<f4', 'fortran_order': False, 'shape': (999999999999, ${pixels}, ${pixels}), }`;
  const headerLength = Math.ceil((10 + longest.length + 1) / 64) * 64;
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  const file: FileHandle = await open(temporary, 'w').catch((error: NodeJS.ErrnoException) => {
    // Name the file the caller asked for in messages such as ENOTDIR, not the temporary one.
    if (error.path === temporary) error.path = path;
    throw error;
  });
  const size = pixels * pixels;
  let count = 0;
  let position = headerLength;
  let closed = false;
  const cleanUp = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await file.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
  };
  return {
    get count() {
      return count;
    },
    async append(images: Float32Array): Promise<void> {
      if (closed) throw new JetImageError('JETIMAGE_INPUT', `${path}: writer is closed`);
      if (images.length % size !== 0) {
        throw new JetImageError(
          'JETIMAGE_INPUT',
          `${path}: appended ${images.length} values, not a whole number of ${pixels}×${pixels} images`,
        );
      }
      const bytes = new Uint8Array(images.buffer, images.byteOffset, images.byteLength);
      await file.write(bytes, 0, bytes.length, position);
      position += bytes.length;
      count += images.length / size;
    },
    async close(): Promise<void> {
      if (closed) throw new JetImageError('JETIMAGE_INPUT', `${path}: writer is closed`);
      try {
        await file.write(header(count, pixels, headerLength), 0, headerLength, 0);
        await file.close();
        closed = true;
        await rename(temporary, path);
      } catch (error) {
        closed = false;
        await cleanUp();
        throw error;
      }
    },
    abort: cleanUp,
  };
}
