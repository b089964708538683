import { heatmapSpec, type PlotSpec, type PngOptions, writePlot } from '@apemen/plot';

import { JetImageError } from './errors.js';
import { type GridOptions, type ImageGrid, resolveGrid } from './grid.js';

/** Options of {@link eventImageSpec} and {@link writeEventImage}. */
export interface EventImageOptions {
  /**
   * Plot title.
   * @defaultValue none
   */
  title?: string;
  /**
   * Title of the colour legend.
   * @defaultValue `'pT [GeV]'`, or `'pT / mean pixel'` for a grid normalised to N²
   */
  colourTitle?: string;
  /**
   * Pixels at or below this are left white (a log scale cannot show 0).
   * @defaultValue 0
   */
  minValue?: number;
  /**
   * Vega colour scheme.
   * @defaultValue `'viridis'`
   */
  scheme?: string;
  /**
   * Side of the picture's image area in SVG pixels.
   * @defaultValue 400
   */
  size?: number;
}

/**
 * The mean of a stack of images, pixel by pixel.
 *
 * @param images - n·N·N pixels
 * @param count - n, ≥ 1
 * @param pixels - N
 * @returns N·N mean pixels (summed in double precision)
 * @throws JetImageError `JETIMAGE_INPUT` if the array does not hold n·N·N values or n < 1
 * @example
 * ```ts
 * meanImage(Float32Array.of(1, 2, 3, 4, 3, 4, 5, 6), 2, 2); // Float32Array [2, 3, 4, 5]
 * ```
 */
export function meanImage(images: ArrayLike<number>, count: number, pixels: number): Float32Array {
  const size = pixels * pixels;
  if (!(Number.isInteger(count) && count >= 1) || images.length !== count * size) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `mean image: expected n ≥ 1 images of ${pixels}×${pixels} (${count * size} values), got ${images.length} values for n = ${count}`,
    );
  }
  const sums = new Float64Array(size);
  for (let e = 0; e < count; e++) {
    const base = e * size;
    for (let k = 0; k < size; k++) sums[k] = (sums[k] as number) + (images[base + k] as number);
  }
  const mean = new Float32Array(size);
  for (let k = 0; k < size; k++) mean[k] = (sums[k] as number) / count;
  return mean;
}

/**
 * A picture of one event image: log colour scale, rapidity across, azimuth up.
 *
 * @param image - N·N pixels, `image[i * N + j]`: rapidity bin i, azimuth bin j
 * @param grid - the grid the image was made on
 * @param options - title, colours, size
 * @returns a vega-lite specification for `@apemen/plot` (`renderSvg`, `renderPng`, `writePlot`)
 * @throws JetImageError `JETIMAGE_INPUT` if the image does not have N² pixels
 * @remarks
 * The horizontal axis is y (or η) over the grid's range and the vertical axis φ, as event and
 * jet images are usually drawn. Empty pixels are white.
 * @example
 * ```ts
 * await writePlot('event.png', eventImageSpec(pixelise(particles).image, {}), { scale: 2 });
 * ```
 */
export function eventImageSpec(
  image: ArrayLike<number>,
  grid: GridOptions | ImageGrid,
  options: EventImageOptions = {},
): PlotSpec {
  const g = resolveGrid(grid);
  const n = g.pixels;
  if (image.length !== n * n) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `image has ${image.length} pixels, expected N² = ${n * n} for N = ${n}`,
    );
  }
  // The heatmap's rows run up the vertical axis (φ bin j) and its columns across (y bin i).
  const transposed = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) transposed[j * n + i] = image[i * n + j] as number;
  }
  const longitudinal = g.axis === 'rapidity' ? 'rapidity y' : 'pseudorapidity η';
  return heatmapSpec({
    values: transposed,
    rows: n,
    cols: n,
    x: { min: g.yMin, max: g.yMax, title: longitudinal },
    y: { min: g.phiMin, max: g.phiMax, title: 'azimuth φ' },
    colourTitle:
      options.colourTitle ?? (g.normalisation === 'sum-N2' ? 'pT / mean pixel' : 'pT [GeV]'),
    logScale: true,
    minValue: options.minValue ?? 0,
    scheme: options.scheme ?? 'viridis',
    width: options.size ?? 400,
    height: options.size ?? 400,
    ...(options.title !== undefined ? { title: options.title } : {}),
  });
}

/**
 * Writes a picture of one event image (or of a mean image) as PNG or SVG.
 *
 * @param path - the output file, `.png` or `.svg`
 * @param image - N·N pixels (use {@link meanImage} for the mean of many events)
 * @param grid - the grid the image was made on
 * @param options - picture options, plus PNG width or scale
 * @returns when the file is complete (written to a temporary name, then renamed)
 * @throws JetImageError `JETIMAGE_INPUT` on a wrong pixel count; PlotError `PLOT_FORMAT` for
 *   another extension, `PLOT_WRITE` if the file cannot be written
 * @example
 * ```ts
 * const batch = pixeliseEvents(events);
 * await writeEventImage('mean.png', meanImage(batch.images, batch.count, 64), {}, { title: 'mean of 1000 events' });
 * ```
 */
export async function writeEventImage(
  path: string,
  image: ArrayLike<number>,
  grid: GridOptions | ImageGrid,
  options: EventImageOptions & PngOptions = {},
): Promise<void> {
  const png: PngOptions = {};
  if (options.width !== undefined) png.width = options.width;
  png.scale = options.scale ?? 2;
  await writePlot(path, eventImageSpec(image, grid, options), png);
}
