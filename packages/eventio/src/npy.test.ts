import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventIOError } from './errors.js';
import { npyHeader, readNpy, writeNpy } from './npy.js';
import { tempDir } from './test-helpers.js';

const tmp = tempDir();
afterAll(tmp.cleanup);

/**
 * The header numpy 2.4 writes for np.save(f, np.arange(18, dtype='<f4').reshape(2, 3, 3)):
 * magic, version 1.0, header length 118 (0x76), the dictionary padded with blanks so that
 * 10 + 118 = 128 is a multiple of 64, and a newline.
 */
function numpyHeader(dict: string): Buffer {
  const padded = `${dict.padEnd(117, ' ')}\n`;
  return Buffer.concat([
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]),
    Buffer.from(padded, 'latin1'),
  ]);
}

const F4_233 = numpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 3), }");
const F8_2221 = numpyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2, 1), }");

describe('readNpy', () => {
  it('reads the float32 file numpy writes for arange(18).reshape(2, 3, 3)', async () => {
    const data = new Float32Array(18).map((_, i) => i);
    const path = join(tmp.dir, 'a.npy');
    writeFileSync(path, Buffer.concat([F4_233, Buffer.from(data.buffer)]));
    const out = await readNpy(path);
    expect(out.shape).toEqual([2, 3, 3]);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(Array.from(out.data)).toEqual(Array.from({ length: 18 }, (_, i) => i));
  });

  it('reads float64 of shape [n, N, N, 1]', async () => {
    const data = new Float64Array([0.5, -1, 2, 3, 4, 5, 6, 1e-300]);
    const path = join(tmp.dir, 'b.npy');
    writeFileSync(path, Buffer.concat([F8_2221, Buffer.from(data.buffer)]));
    const out = await readNpy(path);
    expect(out.shape).toEqual([2, 2, 2, 1]);
    expect(out.data).toEqual(data);
  });

  it.each([
    [
      "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3, 3), }",
      "expected dtype '<f4' (float32) or '<f8' (float64), got '>f4'",
    ],
    ["{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3, 3), }", "got '<i4'"],
    [
      "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 3), }",
      'expected C order (fortran_order False), got Fortran order',
    ],
  ])('rejects %s', async (dict, message) => {
    const path = join(tmp.dir, 'c.npy');
    writeFileSync(path, Buffer.concat([numpyHeader(dict), Buffer.alloc(72)]));
    const err = await readNpy(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventIOError);
    expect((err as EventIOError).code).toBe('bad-npy');
    expect((err as EventIOError).message).toContain(message);
  });

  it('rejects a file whose data is shorter than its shape', async () => {
    const path = join(tmp.dir, 'd.npy');
    writeFileSync(path, Buffer.concat([F4_233, Buffer.alloc(70)]));
    await expect(readNpy(path)).rejects.toThrow(
      'expected 72 bytes of data for shape (2, 3, 3), got 70',
    );
  });

  it('rejects a file that is not .npy', async () => {
    const path = join(tmp.dir, 'e.npy');
    writeFileSync(path, 'hello, this is text');
    await expect(readNpy(path)).rejects.toThrow('expected the .npy magic');
  });
});

describe('writeNpy', () => {
  it('writes byte for byte what numpy writes', async () => {
    const data = new Float32Array(18).map((_, i) => i);
    const path = join(tmp.dir, 'w.npy');
    await writeNpy(path, data, [2, 3, 3]);
    expect(readFileSync(path)).toEqual(Buffer.concat([F4_233, Buffer.from(data.buffer)]));
    expect(npyHeader('<f8', [2, 2, 2, 1])).toEqual(F8_2221);
  });

  it('round-trips float64 stacks', async () => {
    const data = new Float64Array(3 * 4 * 4).map((_, i) => Math.sin(i) * 1e3);
    const path = join(tmp.dir, 'r.npy');
    await writeNpy(path, data, [3, 4, 4, 1]);
    const out = await readNpy(path);
    expect(out.shape).toEqual([3, 4, 4, 1]);
    expect(out.data).toEqual(data);
  });

  it('rejects a shape that does not match the data', async () => {
    await expect(writeNpy(join(tmp.dir, 'x.npy'), new Float32Array(5), [2, 3])).rejects.toThrow(
      'expected 6 values for shape (2, 3), got 5',
    );
  });
});

describe('writeNpy failures', () => {
  it('names the file the caller asked for, not its temporary name', async () => {
    const target = '/proc/no-such-dir/out.npy';
    const error = await writeNpy(target, new Float32Array(4), [1, 2, 2]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENOENT', path: target });
  });
});
