import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD, GOOD_LHE, K2, listing, spawnCli, tempDir, theErrorLine } from './helpers.js';

let tmp: { dir: string; remove: () => Promise<void> };
beforeAll(async () => {
  tmp = await tempDir('child');
});
afterAll(async () => {
  await tmp.remove();
});

// The real program in a real process: its exit code, and nothing on stderr but the one line (no
// stack trace, no library diagnostics such as HDF5's error stack).
describe('apemen as a child process', () => {
  it('a truncated HepMC3 file: exit 2, one line', async () => {
    const path = join(BAD, 'truncated.hepmc3');
    const r = await spawnCli(['convert', path, join(tmp.dir, 'o.hepmc2')]);
    expect(theErrorLine(r)).toBe(
      `apemen: ${path}:34: expected 13 particles in event 0 (E line 3), got 6 before the end of file`,
    );
    expect(await listing(tmp.dir)).toEqual([]);
  });

  it('a truncated HDF5 --model: exit 2, one line, no HDF5 diagnostics', async () => {
    const model = join(tmp.dir, 'cut.h5');
    await writeFile(model, (await readFile(K2)).subarray(0, 2000));
    const r = await spawnCli(['kernels', model]);
    expect(theErrorLine(r)).toBe(
      `apemen: ${model}: not a readable HDF5 file (truncated file: eof = 2000, sblock->base_addr = 0, stored_eof = 45008)`,
    );
    expect(r.stdout).toBe('');
  });

  it('N not a power of k, and an unwritable output: exit 2, one line each', async () => {
    const a = await spawnCli(['pixelise', GOOD_LHE, join(tmp.dir, 'p.npy'), '--pixels', '48']);
    expect(theErrorLine(a)).toBe(
      'apemen: image size 48 is not a power of the kernel size 2 (nearest: 32, 64)',
    );
    const out = join(BAD, 'empty.hepmc3', 'o.hepmc3');
    const b = await spawnCli(['convert', GOOD_LHE, out]);
    expect(theErrorLine(b)).toBe(`apemen: ${out}: not a directory`);
  });
});
