import { existsSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { PlotError } from './errors.js';

/** Options for rasterising a plot to PNG. */
export interface PngOptions {
  /**
   * Width of the PNG in pixels; the height follows the plot's aspect ratio. Takes precedence over
   * `scale`.
   * @defaultValue the SVG's own width times `scale`
   */
  width?: number;
  /**
   * Zoom factor applied to the SVG's own size (2 gives a picture for high-density screens).
   * @defaultValue 1
   */
  scale?: number;
  /**
   * Font files (TrueType/OpenType) used for text; when given, system fonts are not searched.
   * @defaultValue DejaVu Sans where it is installed, else the system's fonts
   */
  fontFiles?: readonly string[];
}

/** A rasterised picture: the PNG file bytes and the raw pixels. */
export interface RasterImage {
  /** The PNG file. */
  png: Uint8Array;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Pixels as RGBA bytes, row by row from the top-left corner (width·height·4 bytes). */
  rgba: Uint8Array;
}

/** Folders searched, in order, for DejaVu Sans (the project's plotting font). */
const FONT_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/local/share/fonts',
  '/Library/Fonts',
];

/**
 * The font files used to draw text in PNGs: DejaVu Sans and DejaVu Sans Bold where installed.
 *
 * @returns the paths found (empty when DejaVu Sans is not installed)
 * @remarks
 * The folder named by the environment variable `APEMEN_FONT_DIR` is searched first. resvg draws
 * no text at all without a font; where DejaVu is absent the renderer falls back to loading every
 * system font, which is slower but still draws text where any font exists.
 * @example
 * ```ts
 * findPlotFonts(); // ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '…/DejaVuSans-Bold.ttf'] on Debian
 * ```
 */
export function findPlotFonts(): string[] {
  const dirs = process.env.APEMEN_FONT_DIR
    ? [process.env.APEMEN_FONT_DIR, ...FONT_DIRS]
    : FONT_DIRS;
  for (const dir of dirs) {
    const regular = join(dir, 'DejaVuSans.ttf');
    if (!existsSync(regular)) continue;
    const bold = join(dir, 'DejaVuSans-Bold.ttf');
    return existsSync(bold) ? [regular, bold] : [regular];
  }
  return [];
}

function fontOptions(fontFiles: readonly string[] | undefined): ResvgRenderOptions['font'] {
  const files = fontFiles ?? findPlotFonts();
  if (files.length === 0) return { loadSystemFonts: true };
  // Vega writes font-family="sans-serif"; map the generic family onto the font we load.
  return {
    loadSystemFonts: false,
    fontFiles: [...files],
    defaultFontFamily: 'DejaVu Sans',
    sansSerifFamily: 'DejaVu Sans',
  };
}

/**
 * Renders a vega-lite specification to an SVG document, headless (no browser, no canvas).
 *
 * @param spec - a vega-lite top-level specification with its data inline
 * @returns the SVG text
 * @throws PlotError `PLOT_RENDER` if vega-lite or vega rejects the specification
 * @remarks
 * Uses vega's View with renderer `'none'` and `toSVG()`. Text widths are estimated by vega
 * (there is no canvas in Node), so long labels may sit a few pixels off where a browser puts them.
 * @example
 * ```ts
 * const svg = await renderSvg(lineChartSpec({ series: [{ name: 'loss', x: [1, 2], y: [0.5, 0.3] }] }));
 * svg.startsWith('<svg'); // true
 * ```
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  let view: View | undefined;
  try {
    const vegaSpec = compile(spec).spec;
    view = new View(parse(vegaSpec), { renderer: 'none' });
    return await view.toSVG();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlotError('PLOT_RENDER', `cannot render the plot specification: ${reason}`);
  } finally {
    view?.finalize();
  }
}

/**
 * Rasterises an SVG document with resvg.
 *
 * @param svg - the SVG text
 * @param options - size and fonts
 * @returns the PNG bytes, size and RGBA pixels
 * @throws PlotError `PLOT_INPUT` on a non-positive width or scale; `PLOT_RENDER` if resvg fails
 * @example
 * ```ts
 * const { width, height } = rasteriseSvg(svg, { width: 800 }); // width === 800
 * ```
 */
export function rasteriseSvg(svg: string, options: PngOptions = {}): RasterImage {
  const { width, scale = 1 } = options;
  if (width !== undefined && !(Number.isInteger(width) && width > 0)) {
    throw new PlotError('PLOT_INPUT', `PNG width must be a whole number > 0, got ${width}`);
  }
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new PlotError('PLOT_INPUT', `PNG scale must be a number > 0, got ${scale}`);
  }
  try {
    const resvg = new Resvg(svg, {
      font: fontOptions(options.fontFiles),
      fitTo: width !== undefined ? { mode: 'width', value: width } : { mode: 'zoom', value: scale },
      background: 'white',
      logLevel: 'off',
    });
    const rendered = resvg.render();
    return {
      png: rendered.asPng(),
      width: rendered.width,
      height: rendered.height,
      rgba: rendered.pixels,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlotError('PLOT_RENDER', `cannot rasterise the SVG: ${reason}`);
  }
}

/**
 * Renders a vega-lite specification to a PNG image.
 *
 * @param spec - a vega-lite top-level specification with its data inline
 * @param options - size and fonts
 * @returns the PNG file bytes
 * @throws PlotError `PLOT_RENDER` if the specification cannot be rendered; `PLOT_INPUT` on a bad size
 * @example
 * ```ts
 * const png = await renderPng(heatmapSpec({ ... }), { width: 600 });
 * png.subarray(1, 4).toString(); // 'PNG'
 * ```
 */
export async function renderPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<Uint8Array> {
  return rasteriseSvg(await renderSvg(spec), options).png;
}

/**
 * Writes a plot to a file, as SVG or PNG according to the extension (`.svg`, `.png`).
 *
 * @param path - the output file
 * @param spec - a vega-lite top-level specification with its data inline
 * @param options - PNG size and fonts (ignored for SVG)
 * @returns when the file is complete
 * @throws PlotError `PLOT_FORMAT` for another extension, `PLOT_RENDER` if rendering fails,
 *   `PLOT_WRITE` if the file cannot be written
 * @remarks
 * Written to a temporary file beside `path` and renamed onto it, so a reader never sees half a
 * picture and a failure leaves no file behind.
 * @example
 * ```ts
 * await writePlot('loss.png', lineChartSpec({ series }), { width: 800 });
 * ```
 */
export async function writePlot(
  path: string,
  spec: TopLevelSpec,
  options: PngOptions = {},
): Promise<void> {
  const extension = extname(path).toLowerCase();
  if (extension !== '.svg' && extension !== '.png') {
    throw new PlotError(
      'PLOT_FORMAT',
      `${path}: cannot tell the picture format from the extension '${extension}' (expected .svg or .png)`,
      path,
    );
  }
  const svg = await renderSvg(spec);
  const bytes = extension === '.svg' ? svg : rasteriseSvg(svg, options).png;
  await writeAtomically(path, bytes);
}

async function writeAtomically(path: string, bytes: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlotError('PLOT_WRITE', `${path}: cannot write the picture: ${reason}`, path);
  }
}

/**
 * Counts the marks of one named mark group in an SVG made by {@link renderSvg}.
 *
 * @param svg - the SVG text
 * @param name - the mark's name as the spec builders set it (such as `'heatmap_cells'`)
 * @returns the number of graphical elements in that group, 0 if there is no such group
 * @remarks
 * For tests and sanity checks: the spec builders of this package name every data mark.
 * @example
 * ```ts
 * countMarks(await renderSvg(heatmapSpec(options)), 'heatmap_cells'); // one per positive cell
 * ```
 */
export function countMarks(svg: string, name: string): number {
  const open = new RegExp(`<g class="[^"]*\\b${name}_marks\\b[^"]*"[^>]*>`, 'g');
  let total = 0;
  for (const match of svg.matchAll(open)) {
    let depth = 1;
    let index = (match.index ?? 0) + match[0].length;
    const tag = /<(\/?)(\w+)[^>]*?(\/?)>/g;
    tag.lastIndex = index;
    for (let m = tag.exec(svg); m !== null && depth > 0; m = tag.exec(svg)) {
      index = tag.lastIndex;
      if (m[1] === '/') {
        depth -= 1;
      } else if (m[3] === '/') {
        if (depth === 1) total += 1;
      } else if (m[2] === 'g') {
        if (depth === 1) total += 1;
        depth += 1;
      } else {
        if (depth === 1) total += 1;
        depth += 1;
      }
    }
  }
  return total;
}
