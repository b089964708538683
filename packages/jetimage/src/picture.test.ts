import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countMarks, renderSvg } from '@apemen/plot';
import { describe, expect, it } from 'vitest';
import { eventImageSpec, meanImage, writeEventImage } from './picture.js';

describe('meanImage', () => {
  it('averages pixel by pixel', () => {
    // (1 + 3)/2 = 2, (2 + 4)/2 = 3, (3 + 5)/2 = 4, (4 + 6)/2 = 5.
    expect([...meanImage(Float32Array.of(1, 2, 3, 4, 3, 4, 5, 6), 2, 2)]).toEqual([2, 3, 4, 5]);
    expect(() => meanImage(new Float32Array(7), 2, 2)).toThrow(/expected n ≥ 1 images of 2×2/);
  });
});

describe('eventImageSpec', () => {
  it('draws rapidity across and azimuth up, one cell per non-empty pixel', async () => {
    const image = new Float32Array(64 * 64);
    image[10 * 64 + 50] = 7; // rapidity bin 10, azimuth bin 50
    image[63 * 64 + 0] = 0.5;
    const spec = eventImageSpec(image, { normalisation: 'none' });
    const cells = (spec as { data: { values: Record<string, number>[] } }).data.values;
    const seven = cells.find((c) => c.v === 7);
    // y ∈ [−π + 10·2π/64, −π + 11·2π/64), φ ∈ [50·2π/64, 51·2π/64).
    expect(seven?.x0).toBeCloseTo(-Math.PI + (10 * 2 * Math.PI) / 64, 12);
    expect(seven?.y0).toBeCloseTo((50 * 2 * Math.PI) / 64, 12);
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'heatmap_cells')).toBe(2);
    expect(svg).toContain('>rapidity y</text>');
    expect(svg).toContain('>azimuth φ</text>');
    expect(svg).toContain('>pT [GeV]</text>');
    const eta = await renderSvg(eventImageSpec(image, { axis: 'pseudorapidity' }));
    expect(eta).toContain('>pseudorapidity η</text>');
    expect(eta).toContain('>pT / mean pixel</text>');
  });

  it('rejects an image of the wrong size', () => {
    expect(() => eventImageSpec(new Float32Array(10), { pixels: 4 })).toThrow(
      /expected N² = 16 for N = 4/,
    );
  });
});

describe('writeEventImage', () => {
  it('writes a PNG of the requested width', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'apemen-jetimage-'));
    try {
      const image = new Float32Array(16 * 16).map((_, k) => k % 5);
      const path = join(dir, 'event.png');
      await writeEventImage(path, image, { pixels: 16 }, { width: 500, title: 'test' });
      const png = await readFile(path);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(500);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
