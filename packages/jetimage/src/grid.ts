import { JetImageError } from './errors.js';

/** The longitudinal coordinate of an image: rapidity y or pseudorapidity η. */
export type LongitudinalAxis = 'rapidity' | 'pseudorapidity';

/**
 * How each image is scaled: `'sum-N2'` scales every event so that its pixel sum is N² (mean
 * pixel 1, as the original trained); `'none'` keeps GeV.
 */
export type Normalisation = 'sum-N2' | 'none';

/** Options of an image grid; every field has the original's default. */
export interface GridOptions {
  /**
   * Pixels along each side (the image is N×N).
   * @defaultValue 64
   */
  pixels?: number;
  /**
   * Range [min, max) of the longitudinal coordinate.
   * @defaultValue [−π, π]
   */
  yRange?: readonly [number, number];
  /**
   * Range [min, max) of the azimuth; its width is at most 2π.
   * @defaultValue [0, 2π]
   */
  phiRange?: readonly [number, number];
  /**
   * Rapidity or pseudorapidity along the first image axis.
   * @defaultValue `'rapidity'`
   */
  axis?: LongitudinalAxis;
  /**
   * Per-event scaling.
   * @defaultValue `'sum-N2'`
   */
  normalisation?: Normalisation;
}

/** A fully specified image grid (what {@link resolveGrid} returns). */
export interface ImageGrid {
  /** Pixels along each side, N. */
  readonly pixels: number;
  /** Lower edge of the first rapidity bin. */
  readonly yMin: number;
  /** Upper edge of the last rapidity bin. */
  readonly yMax: number;
  /** Lower edge of the first azimuth bin. */
  readonly phiMin: number;
  /** Upper edge of the last azimuth bin. */
  readonly phiMax: number;
  /** Rapidity or pseudorapidity. */
  readonly axis: LongitudinalAxis;
  /** Per-event scaling. */
  readonly normalisation: Normalisation;
}

const TWO_PI = 2 * Math.PI;

function isGrid(value: GridOptions | ImageGrid): value is ImageGrid {
  return 'yMin' in value && 'phiMin' in value;
}

/**
 * Fills in and checks the options of an image grid.
 *
 * @param options - the grid options (or an already resolved grid, returned checked)
 * @returns the grid with every default filled in
 * @throws JetImageError `JETIMAGE_GRID` if pixels is not a whole number ≥ 1, a range is empty or
 *   not finite, or the azimuth range is wider than 2π
 * @remarks
 * Defaults are the original's: 64×64 pixels, y ∈ [−π, π), φ ∈ [0, 2π), rapidity, images scaled
 * to a pixel sum of N².
 * @example
 * ```ts
 * resolveGrid({ pixels: 81 });
 * // { pixels: 81, yMin: -π, yMax: π, phiMin: 0, phiMax: 2π, axis: 'rapidity', normalisation: 'sum-N2' }
 * ```
 */
export function resolveGrid(options: GridOptions | ImageGrid = {}): ImageGrid {
  const grid: ImageGrid = isGrid(options)
    ? options
    : {
        pixels: options.pixels ?? 64,
        yMin: options.yRange?.[0] ?? -Math.PI,
        yMax: options.yRange?.[1] ?? Math.PI,
        phiMin: options.phiRange?.[0] ?? 0,
        phiMax: options.phiRange?.[1] ?? TWO_PI,
        axis: options.axis ?? 'rapidity',
        normalisation: options.normalisation ?? 'sum-N2',
      };
  // 65536² = 2^32 is the most values a typed array holds here: no image can be larger.
  if (!(Number.isInteger(grid.pixels) && grid.pixels >= 1 && grid.pixels <= 65536)) {
    throw new JetImageError(
      'JETIMAGE_GRID',
      `pixels must be a whole number from 1 to 65536, got ${grid.pixels}`,
    );
  }
  if (!(Number.isFinite(grid.yMin) && Number.isFinite(grid.yMax) && grid.yMax > grid.yMin)) {
    throw new JetImageError(
      'JETIMAGE_GRID',
      `rapidity range must be finite with max > min, got [${grid.yMin}, ${grid.yMax}]`,
    );
  }
  const phiWidth = grid.phiMax - grid.phiMin;
  if (!(Number.isFinite(phiWidth) && phiWidth > 0 && phiWidth <= TWO_PI)) {
    throw new JetImageError(
      'JETIMAGE_GRID',
      `azimuth range must be finite with 0 < max − min ≤ 2π, got [${grid.phiMin}, ${grid.phiMax}]`,
    );
  }
  if (grid.axis !== 'rapidity' && grid.axis !== 'pseudorapidity') {
    throw new JetImageError(
      'JETIMAGE_GRID',
      `axis must be 'rapidity' or 'pseudorapidity', got '${String(grid.axis)}'`,
    );
  }
  if (grid.normalisation !== 'sum-N2' && grid.normalisation !== 'none') {
    throw new JetImageError(
      'JETIMAGE_GRID',
      `normalisation must be 'sum-N2' or 'none', got '${String(grid.normalisation)}'`,
    );
  }
  return grid;
}

/**
 * Whether n is a power of k (n = kᴸ for a whole L ≥ 1).
 *
 * @param n - the image size
 * @param k - the kernel size, ≥ 2
 * @returns true if n = k, k², k³, …
 * @example
 * ```ts
 * isPowerOf(64, 2); // true
 * isPowerOf(81, 3); // true
 * isPowerOf(64, 3); // false
 * ```
 */
export function isPowerOf(n: number, k: number): boolean {
  if (!(Number.isInteger(n) && Number.isInteger(k) && k >= 2 && n >= k)) return false;
  let m = n;
  while (m % k === 0) m /= k;
  return m === 1;
}

/**
 * Checks that an image of N×N pixels suits a network of kernel size k: N must be a power of k.
 *
 * @param pixels - N
 * @param kernel - k, a whole number ≥ 2
 * @returns the number of network levels L = log_k N − 1
 * @throws JetImageError `JETIMAGE_GRID` if k < 2, N is not a whole number ≥ 1, or N is not k, k², k³, …
 * @remarks
 * The encoder pools by k until the image is k×k, so N = kᴸ⁺¹ (64 for k = 2, 81 for k = 3).
 * @example
 * ```ts
 * checkPowerOfKernel(64, 2); // 5
 * checkPowerOfKernel(64, 3); // throws: 64 is not a power of 3 (nearest: 27, 81)
 * ```
 */
export function checkPowerOfKernel(pixels: number, kernel: number): number {
  if (!(Number.isInteger(kernel) && kernel >= 2)) {
    throw new JetImageError(
      'JETIMAGE_GRID',
      `kernel size must be a whole number ≥ 2, got ${kernel}`,
    );
  }
  if (!(Number.isSafeInteger(pixels) && pixels >= 1)) {
    // Checked first: the search for the nearest powers below would never end for Infinity.
    throw new JetImageError(
      'JETIMAGE_GRID',
      `image size must be a whole number ≥ 1, got ${pixels}`,
    );
  }
  if (!isPowerOf(pixels, kernel)) {
    let below = kernel;
    while (below * kernel <= pixels) below *= kernel;
    const above = below * kernel;
    throw new JetImageError(
      'JETIMAGE_GRID',
      `image size ${pixels} is not a power of the kernel size ${kernel} (nearest: ${below}, ${above})`,
    );
  }
  return Math.round(Math.log(pixels) / Math.log(kernel)) - 1;
}
