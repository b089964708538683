import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@apemen/jetimage';
import { buildShowerModel, loadShowerModel } from '@apemen/shower';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';
import { ensureBackend } from './kernels.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** A version 1.0 .npy file written byte by byte (independently of the command's writer). */
function npyBytes(data: Float32Array | Float64Array, shape: number[]): Buffer {
  const descr = data instanceof Float32Array ? '<f4' : '<f8';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64));
  header += '\n';
  const head = Buffer.from([
    0x93,
    ...Buffer.from('NUMPY'),
    1,
    0,
    header.length & 255,
    header.length >> 8,
  ]);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(data.buffer)]);
}

let dir = '';
let model = '';
beforeAll(async () => {
  await ensureBackend();
  dir = await mkdtemp(join(tmpdir(), 'apemen-evaluate-'));
  model = join(dir, 'model');
  const shower = buildShowerModel({ pixels: 8, kernelSize: 2, convolutions: 3, seed: 12 });
  await shower.save(model);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('apemen evaluate', () => {
  it('writes the shower of each image, as generate with createRng(seed) gives it', async () => {
    const images = new Float64Array(2 * 64);
    images[9] = 100; // image 0, pixel (1, 1)
    images[64 + 27] = 40; // image 1, pixel (3, 3)
    images[64 + 60] = 5;
    const input = join(dir, 'in.npy');
    const output = join(dir, 'out.npy');
    await writeFile(input, npyBytes(images, [2, 8, 8]));
    const c = capture();
    const code = await runProgram(
      ['evaluate', '--model', model, '--input', input, '--output', output, '--seed', '7'],
      c.io,
    );
    expect(c.err()).toContain('2 images of 8×8');
    expect(code).toBe(0);
    const bytes = await readFile(output);
    const header = bytes.toString('latin1', 10, 10 + bytes.readUInt16LE(8));
    expect(header).toContain("'descr': '<f4'");
    expect(header).toContain("'shape': (2, 8, 8)");
    expect((10 + header.length) % 64).toBe(0);
    const body = bytes.subarray(10 + header.length);
    const out = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
    const expected = (await loadShowerModel(model)).generate(
      Float32Array.from(images),
      createRng(7),
    );
    expect(Array.from(out)).toEqual(Array.from(expected));
    expect(out.some((v) => v !== 0)).toBe(true);
  });

  it('exits 2 naming the file when the images do not fit the model', async () => {
    const input = join(dir, 'wrong.npy');
    await writeFile(input, npyBytes(new Float32Array(2 * 16 * 16), [2, 16, 16]));
    const c = capture();
    const code = await runProgram(
      ['evaluate', '--model', model, '--input', input, '--output', join(dir, 'x.npy')],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err()).toContain('wrong.npy: images of shape [2, 16, 16]; the model wants [B, 8, 8]');
  });

  it('exits 2 for a file that is not .npy', async () => {
    const input = join(dir, 'text.npy');
    await writeFile(input, 'hello');
    const c = capture();
    const code = await runProgram(
      ['evaluate', '--model', model, '--input', input, '--output', join(dir, 'y.npy')],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err()).toMatch(/text\.npy: expected the \.npy magic/);
  });
});
