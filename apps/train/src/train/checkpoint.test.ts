import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCheckpoints, readCheckpoint, writeCheckpoint } from './checkpoint.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'apemen-ckpt-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('checkpoints', () => {
  it('round-trips text and binary files', async () => {
    const weights = new Uint8Array(new Float32Array([1.5, -2, 3.25]).buffer);
    await writeCheckpoint(root, 'latest', {
      'history.json': '{"loss":[1,0.5]}',
      'weights.bin': weights,
    });
    const read = await readCheckpoint(root, 'latest');
    expect(text(read?.['history.json'])).toBe('{"loss":[1,0.5]}');
    expect(Array.from(new Float32Array(read!['weights.bin']!.slice().buffer))).toEqual([
      1.5, -2, 3.25,
    ]);
    expect(await readdir(root)).toEqual(['latest']);
  });

  it('replaces an existing checkpoint', async () => {
    await writeCheckpoint(root, 'latest', { 'epoch.txt': '1' });
    await writeCheckpoint(root, 'latest', { 'epoch.txt': '2' });
    expect(text((await readCheckpoint(root, 'latest'))?.['epoch.txt'])).toBe('2');
    expect(await listCheckpoints(root)).toEqual(['latest']);
  });

  it('recovers the old checkpoint when killed between the two renames', async () => {
    await writeCheckpoint(root, 'best', { 'epoch.txt': '4' });
    // State after `rename(target, old)` and before `rename(tmp, target)`: only best.old is complete.
    await rename(join(root, 'best'), join(root, 'best.old'));
    await mkdir(join(root, 'best.tmp'));
    await writeFile(join(root, 'best.tmp', 'epoch.txt'), '5');
    expect(text((await readCheckpoint(root, 'best'))?.['epoch.txt'])).toBe('4');
    expect(await listCheckpoints(root)).toEqual(['best']);
  });

  it('ignores a half-written checkpoint without a manifest', async () => {
    await mkdir(join(root, 'latest'));
    await writeFile(join(root, 'latest', 'weights.bin'), 'partial');
    expect(await readCheckpoint(root, 'latest')).toBeUndefined();
    expect(await listCheckpoints(root)).toEqual([]);
  });

  it('rejects file names that would escape the folder', async () => {
    await expect(writeCheckpoint(root, 'x', { '../evil': 'x' })).rejects.toThrow(
      "invalid checkpoint file name '../evil'",
    );
  });
});
