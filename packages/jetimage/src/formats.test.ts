import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventWriter, finalState, type GenEvent, readEvents } from '@apemen/eventio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixelise, pixeliseEvents } from './pixelise.js';
import { createRng } from './rng.js';
import { eventOf, particleAt } from './test-events.js';
import { unpixelise } from './unpixelise.js';

// Cross-package checks: images survive eventio's writers and readers unchanged.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apemen-jetimage-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeAndRead(
  path: string,
  format: 'apemen-text' | 'hepmc2',
  events: GenEvent[],
  pixels?: number,
): Promise<GenEvent[]> {
  const writer = createEventWriter(path, format, pixels !== undefined ? { pixels } : {});
  for (const event of events) await writer.write(event);
  await writer.close();
  const back: GenEvent[] = [];
  for await (const event of readEvents(path)) back.push(event);
  return back;
}

function randomEvents(n: number): GenEvent[] {
  const rng = createRng(4242);
  return Array.from({ length: n }, (_, e) =>
    eventOf(
      e,
      Array.from({ length: 30 }, () =>
        particleAt(rng.uniformIn(-4, 4), rng.uniformIn(-Math.PI, Math.PI), rng.uniformIn(0.5, 40), {
          mass: rng.uniformIn(0, 0.5),
        }),
      ),
    ),
  );
}

describe('images through event files', () => {
  it('are the same after the APEMEN text format with pixel centres (bin = floor(N·frac))', async () => {
    const events = randomEvents(10);
    const back = await writeAndRead(join(dir, 'events.txt'), 'apemen-text', events, 64);
    const grid = { pixels: 64, normalisation: 'none' } as const;
    const direct = pixeliseEvents(events, grid);
    const viaText = pixeliseEvents(back, grid);
    expect(viaText.count).toBe(10);
    // The writer drops particles with |y| ≥ π, which pixelise counts as outside.
    expect(viaText.outside).toBe(0);
    expect(direct.outside).toBeGreaterThan(0);
    for (let k = 0; k < direct.images.length; k++) {
      const a = direct.images[k] as number;
      // Same particles, same pixels; pT = hypot(px, py) of the re-made massless momentum differs
      // from the original's by a few ulps before the float32 rounding.
      expect(Math.abs((viaText.images[k] as number) - a)).toBeLessThanOrEqual(2e-7 * a);
    }
  });

  it('are the same after unpixelise and a HepMC2 file', async () => {
    const fill = createRng(8);
    const image = new Float32Array(32 * 32);
    for (let k = 0; k < 150; k++) image[fill.integer(1024)] = fill.uniformIn(0.05, 60);
    const grid = { pixels: 32, normalisation: 'none' } as const;
    const event = unpixelise(image, grid, createRng(9), { eventNumber: 3, weights: [0.7] });
    const [back] = await writeAndRead(join(dir, 'gluons.hepmc'), 'hepmc2', [event]);
    expect(back?.eventNumber).toBe(3);
    expect(back?.weights[0]).toBe(0.7);
    const again = pixelise(finalState(back!), grid).image;
    for (let k = 0; k < image.length; k++) {
      const v = image[k] as number;
      const expected = v > Math.fround(0.1) ? v : 0;
      expect(Math.abs((again[k] as number) - expected)).toBeLessThanOrEqual(2e-7 * expected);
    }
  });
});
