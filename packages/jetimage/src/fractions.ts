import { JetImageError } from './errors.js';
import type { Normalisation } from './grid.js';
import { binOf, type PixelisedImage } from './pixelise.js';

/** The particle lines of one event of the APEMEN text format, as parallel arrays. */
export interface FractionLines {
  /** yfrac = (y + π)/2π of each line. */
  yfrac: ArrayLike<number>;
  /** phifrac = φ/2π of each line, φ ∈ [0, 2π). */
  phifrac: ArrayLike<number>;
  /** pT of each line, GeV. */
  pt: ArrayLike<number>;
}

/**
 * Pixelises the particle lines of the APEMEN text format exactly as the original read them.
 *
 * @param lines - the lines' yfrac, phifrac and pT
 * @param pixels - N
 * @param normalisation - `'sum-N2'` (pixel sum N²) or `'none'` (GeV)
 * @defaultValue normalisation: `'sum-N2'`
 * @returns the image and what happened to the lines (a skipped line counts as outside)
 * @throws JetImageError `JETIMAGE_INPUT` if the arrays differ in length or N < 1
 * @remarks
 * Pixel (floor(N·yfrac), floor(N·phifrac)) gets the line's pT (APEMEN.md, the text input
 * format). A line whose yfrac or phifrac is exactly 1 is skipped, as the original skipped it;
 * so is any fraction outside [0, 1). {@link particleFractions} computes the same fractions from
 * a momentum, so a particle lands in the same pixel whether or not it went through a text file.
 * @see ../shared/APEMEN.md "The text input format"
 * @example
 * ```ts
 * const { image } = pixeliseFractions({ yfrac: [0.5, 1], phifrac: [0.25, 0.5], pt: [3, 9] }, 4, 'none');
 * image[2 * 4 + 1]; // 3 (the second line is skipped: yfrac = 1)
 * ```
 */
export function pixeliseFractions(
  lines: FractionLines,
  pixels: number,
  normalisation: Normalisation = 'sum-N2',
): PixelisedImage {
  const count = lines.pt.length;
  if (lines.yfrac.length !== count || lines.phifrac.length !== count) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `fraction lines: yfrac, phifrac and pt must have one entry per line, got ${lines.yfrac.length}, ${lines.phifrac.length}, ${count}`,
    );
  }
  if (!(Number.isInteger(pixels) && pixels >= 1)) {
    throw new JetImageError('JETIMAGE_INPUT', `pixels must be a whole number ≥ 1, got ${pixels}`);
  }
  const sums = new Float64Array(pixels * pixels);
  let inside = 0;
  let outside = 0;
  let outsidePt = 0;
  let sumPt = 0;
  for (let k = 0; k < count; k++) {
    const pt = lines.pt[k] as number;
    const i = binOf(lines.yfrac[k] as number, pixels);
    const j = binOf(lines.phifrac[k] as number, pixels);
    if (i < 0 || j < 0 || !Number.isFinite(pt)) {
      outside += 1;
      if (Number.isFinite(pt)) outsidePt += pt;
      continue;
    }
    inside += 1;
    sumPt += pt;
    sums[i * pixels + j] = (sums[i * pixels + j] as number) + pt;
  }
  const scale = normalisation === 'sum-N2' && sumPt > 0 ? (pixels * pixels) / sumPt : 1;
  const image = new Float32Array(pixels * pixels);
  for (let k = 0; k < image.length; k++) image[k] = (sums[k] as number) * scale;
  return { image, pixels, stats: { particles: count, inside, outside, outsidePt, sumPt, scale } };
}
