import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlotError } from './errors.js';
import {
  countMarks,
  findPlotFonts,
  rasteriseSvg,
  renderPng,
  renderSvg,
  writePlot,
} from './render.js';
import { heatmapSpec, lineChartSpec } from './specs.js';
import { decodePng, PNG_SIGNATURE } from './test-png.js';

const losses = lineChartSpec({
  series: [
    { name: 'training', x: [1, 2, 3], y: [0.9, 0.5, 0.4] },
    { name: 'validation', x: [1, 2, 3], y: [1.0, 0.6, 0.5] },
  ],
  xTitle: 'epoch number',
  yTitle: 'activeLoss',
});

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="(\d+)"\s+height="(\d+)"/.exec(svg);
  if (!match) throw new Error('no size in SVG');
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Offset of the plot area: the translate of vega's root group. */
function plotOrigin(svg: string): { x: number; y: number } {
  const match =
    /<g fill="none" stroke-miterlimit="4" transform="translate\(([\d.]+),([\d.]+)\)">/.exec(svg);
  if (!match) throw new Error('no root group in SVG');
  return { x: Number(match[1]), y: Number(match[2]) };
}

function rgbAt(image: { width: number; rgba: Uint8Array }, x: number, y: number): number[] {
  const i = (Math.floor(y) * image.width + Math.floor(x)) * 4;
  return [image.rgba[i] as number, image.rgba[i + 1] as number, image.rgba[i + 2] as number];
}

describe('renderSvg', () => {
  it('writes the axis titles, the legend entries and one line per series', async () => {
    const svg = await renderSvg(losses);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>epoch number</text>');
    expect(svg).toContain('>activeLoss</text>');
    expect(svg).toContain('>training</text>');
    expect(svg).toContain('>validation</text>');
    // Vega draws a line mark per series group: two series, two paths.
    expect(countMarks(svg, 'lines')).toBe(2);
  });

  it('turns a specification that vega-lite rejects into a PlotError', async () => {
    const bad = { mark: 'no-such-mark', data: { values: [] } } as unknown as TopLevelSpec;
    await expect(renderSvg(bad)).rejects.toMatchObject({ code: 'PLOT_RENDER' });
  });
});

describe('renderPng', () => {
  it('writes a PNG of the requested width with the SVG aspect ratio', async () => {
    const svg = await renderSvg(losses);
    const { width, height } = svgSize(svg);
    const png = await renderPng(losses, { width: 600 });
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    // IHDR is the first chunk: length (4 bytes), 'IHDR', then width and height, big-endian.
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    expect(view.getUint32(16)).toBe(600);
    expect(view.getUint32(20)).toBe(Math.round((height * 600) / width));
  });

  it('scales by the zoom factor when no width is given', async () => {
    const svg = await renderSvg(losses);
    const { width, height } = svgSize(svg);
    const image = rasteriseSvg(svg, { scale: 2 });
    expect(image.width).toBe(2 * width);
    expect(image.height).toBe(2 * height);
  });

  it('rejects a non-positive or fractional width', () => {
    expect(() => rasteriseSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', { width: 0 })).toThrow(
      PlotError,
    );
    expect(() =>
      rasteriseSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', { width: 10.5 }),
    ).toThrow(/whole number/);
  });

  it('paints a heatmap cell where the layout puts it: dark for the maximum, white where empty', async () => {
    // 4×4 cells over [0, 4]×[0, 4], 200×200 SVG pixels: 50 px per cell. Greys runs from almost
    // white (low) to almost black (high). Cell (row 2, col 1) = 100 is the maximum, the other
    // cells of row 0 hold 1 (the minimum), the rest are 0 and not drawn.
    const values = new Float64Array(16);
    values[2 * 4 + 1] = 100;
    for (let col = 0; col < 4; col++) values[col] = 1;
    const spec = heatmapSpec({
      values,
      rows: 4,
      cols: 4,
      x: { min: 0, max: 4, title: 'x' },
      y: { min: 0, max: 4, title: 'y' },
      scheme: 'greys',
      width: 200,
      height: 200,
    });
    const svg = await renderSvg(spec);
    const origin = plotOrigin(svg);
    const raster = rasteriseSvg(svg, { scale: 2 });
    const decoded = decodePng(raster.png);
    expect(decoded.width).toBe(raster.width);
    // The PNG bytes decode to exactly resvg's own pixel buffer.
    expect(Buffer.compare(Buffer.from(decoded.rgba), Buffer.from(raster.rgba))).toBe(0);
    // Row r is drawn from the bottom: its centre is at y = origin + (rows − 1 − r + ½)·50.
    const centre = (row: number, col: number): [number, number] => [
      2 * (origin.x + (col + 0.5) * 50),
      2 * (origin.y + (3 - row + 0.5) * 50),
    ];
    const dark = rgbAt(decoded, ...centre(2, 1));
    const light = rgbAt(decoded, ...centre(0, 3));
    const empty = rgbAt(decoded, ...centre(3, 3));
    expect(Math.max(...dark)).toBeLessThan(60);
    expect(Math.min(...light)).toBeGreaterThan(200);
    expect(empty).toEqual([255, 255, 255]);
  });

  it.skipIf(findPlotFonts().length === 0)('draws text with the plotting font', () => {
    const text =
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">' +
      '<rect width="200" height="40" fill="white"/>' +
      '<text x="10" y="30" font-family="sans-serif" font-size="24" fill="black">rapidity</text></svg>';
    const withFont = rasteriseSvg(text, { fontFiles: findPlotFonts() });
    let inked = 0;
    for (let i = 0; i < withFont.rgba.length; i += 4)
      if ((withFont.rgba[i] as number) < 128) inked++;
    // Eight glyphs at 24 px ink a few hundred pixels; an absent font inks none.
    expect(inked).toBeGreaterThan(200);
  });
});

describe('writePlot', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apemen-plot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes SVG or PNG by extension and leaves no temporary file', async () => {
    await writePlot(join(dir, 'loss.svg'), losses);
    await writePlot(join(dir, 'loss.PNG'), losses, { width: 300 });
    const svg = await readFile(join(dir, 'loss.svg'), 'utf8');
    expect(svg).toContain('>activeLoss</text>');
    const png = await readFile(join(dir, 'loss.PNG'));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(decodePng(png).width).toBe(300);
    expect((await readdir(dir)).sort()).toEqual(['loss.PNG', 'loss.svg']);
  });

  it('refuses an unknown extension without writing anything', async () => {
    const path = join(dir, 'loss.gif');
    await expect(writePlot(path, losses)).rejects.toMatchObject({ code: 'PLOT_FORMAT' });
    expect(existsSync(path)).toBe(false);
  });

  it('reports an unwritable path as PLOT_WRITE', async () => {
    const path = join(dir, 'no-such-folder', 'loss.svg');
    await expect(writePlot(path, losses)).rejects.toMatchObject({ code: 'PLOT_WRITE', file: path });
  });
});
