import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpy } from '@apemen/eventio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageStackWriter } from './stack-writer.js';

describe('createImageStackWriter', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apemen-stack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a float32 [n, N, N] stack that readNpy reads back exactly', async () => {
    const path = join(dir, 'images.npy');
    const out = await createImageStackWriter(path, 3);
    await out.append(Float32Array.from({ length: 9 }, (_, k) => k + 0.5));
    await out.append(Float32Array.from({ length: 18 }, (_, k) => -k / 3));
    expect(out.count).toBe(3);
    expect(await readdir(dir)).not.toContain('images.npy');
    await out.close();
    const { data, shape } = await readNpy(path);
    expect(shape).toEqual([3, 3, 3]);
    expect(data).toBeInstanceOf(Float32Array);
    expect([...data.subarray(0, 9)]).toEqual(Array.from({ length: 9 }, (_, k) => k + 0.5));
    expect(data[9 + 17]).toBe(Math.fround(-17 / 3));
    // numpy aligns the data to 64 bytes: header length (bytes 8–9) + 10 is a multiple of 64.
    const bytes = await readFile(path);
    expect((bytes.readUInt16LE(8) + 10) % 64).toBe(0);
    expect(await readdir(dir)).toEqual(['images.npy']);
  });

  it('leaves nothing behind when aborted and rejects partial images', async () => {
    const path = join(dir, 'aborted.npy');
    const out = await createImageStackWriter(path, 2);
    await expect(out.append(new Float32Array(5))).rejects.toThrow(/not a whole number of 2×2/);
    await out.abort();
    expect(await readdir(dir)).not.toContain('aborted.npy');
    expect((await readdir(dir)).some((f) => f.includes('aborted'))).toBe(false);
  });
});
