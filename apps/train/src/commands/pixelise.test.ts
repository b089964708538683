import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GenEvent, readEvents, readNpy } from '@apemen/eventio';
import { pixeliseEvents } from '@apemen/jetimage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';

// 6 events of pp at 13 TeV, about 430 final-state particles each (see the data README).
const HEPMC2 = new URL(
  '../../../../../shared/data/events/hepmc3repo_test_inputConvert1.hepmc2.hepmc',
  import.meta.url,
).pathname;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

let dir = '';
const events: GenEvent[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apemen-pixelise-'));
  for await (const e of readEvents(HEPMC2)) events.push(e);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('apemen pixelise', () => {
  it('writes one normalised 64×64 image per event, as pixeliseEvents makes them', async () => {
    const out = join(dir, 'images.npy');
    const c = capture();
    expect(await runProgram(['pixelise', HEPMC2, out], c.io)).toBe(0);
    const { data, shape } = await readNpy(out);
    expect(shape).toEqual([6, 64, 64]);
    const expected = pixeliseEvents(events);
    expect([...data]).toEqual([...expected.images]);
    for (let e = 0; e < 6; e++) {
      let sum = 0;
      for (let k = 0; k < 4096; k++) sum += data[e * 4096 + k] as number;
      // Pixel sum N² = 4096 per event, to float32 rounding of each pixel.
      expect(sum).toBeCloseTo(4096, 2);
    }
    expect(c.err()).toContain(`6 events → ${out}`);
    expect(c.err()).toContain(`${expected.outside} particles outside the grid`);
  });

  it('keeps GeV with --no-normalise and bins η with --pseudorapidity', async () => {
    const out = join(dir, 'eta.npy');
    const c = capture();
    const args = ['pixelise', HEPMC2, out, '--pixels', '27', '--kernel', '3'];
    expect(await runProgram([...args, '--pseudorapidity', '--no-normalise'], c.io)).toBe(0);
    const { data, shape } = await readNpy(out);
    expect(shape).toEqual([6, 27, 27]);
    const expected = pixeliseEvents(events, {
      pixels: 27,
      axis: 'pseudorapidity',
      normalisation: 'none',
    });
    expect([...data]).toEqual([...expected.images]);
    expect(c.err()).toContain('pseudorapidity, GeV');
  });

  it('draws the mean image, or one event, as a PNG', async () => {
    const mean = join(dir, 'mean.png');
    const one = join(dir, 'one.png');
    const c = capture();
    expect(
      await runProgram(['pixelise', HEPMC2, join(dir, 'a.npy'), '--picture', mean], c.io),
    ).toBe(0);
    const args = ['pixelise', HEPMC2, join(dir, 'b.npy'), '--picture', one, '--picture-event', '2'];
    expect(await runProgram(args, c.io)).toBe(0);
    for (const path of [mean, one]) {
      const png = await readFile(path);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    const late = capture();
    const tooFar = [
      'pixelise',
      HEPMC2,
      join(dir, 'c.npy'),
      '--picture',
      join(dir, 'x.png'),
      '--picture-event',
      '6',
    ];
    expect(await runProgram(tooFar, late.io)).toBe(2);
    expect(late.err()).toContain('has only 6 events');
    expect(existsSync(join(dir, 'c.npy'))).toBe(false);
  });

  it('exits 2 with a clear message when N is not a power of k', async () => {
    const c = capture();
    const code = await runProgram(
      ['pixelise', HEPMC2, join(dir, 'bad.npy'), '--pixels', '64', '--kernel', '3'],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.err()).toBe(
      'apemen: image size 64 is not a power of the kernel size 3 (nearest: 27, 81)\n',
    );
    expect(existsSync(join(dir, 'bad.npy'))).toBe(false);
  });

  it('exits 2 on contradictory flags, a non-.npy output and a missing input', async () => {
    const both = capture();
    const out = join(dir, 'x.npy');
    expect(
      await runProgram(['pixelise', HEPMC2, out, '--rapidity', '--pseudorapidity'], both.io),
    ).toBe(2);
    expect(both.err()).toContain('choose one of --rapidity and --pseudorapidity');
    const npy = capture();
    expect(await runProgram(['pixelise', HEPMC2, join(dir, 'x.txt')], npy.io)).toBe(2);
    expect(npy.err()).toContain('must be a .npy file');
    const missing = capture();
    expect(await runProgram(['pixelise', join(dir, 'none.hepmc'), out], missing.io)).toBe(2);
    expect(missing.err()).toContain('none.hepmc');
    // Nothing half-written is left in the folder.
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
