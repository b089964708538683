import type { GenEvent } from '@apemen/eventio';
import { JetImageError } from './errors.js';
import { type GridOptions, type ImageGrid, resolveGrid } from './grid.js';

/** A four-momentum (px, py, pz, E) in GeV, as `FourVector` has it. */
export interface Momentum {
  /** x component, GeV. */
  readonly px: number;
  /** y component, GeV. */
  readonly py: number;
  /** z component, GeV. */
  readonly pz: number;
  /** Energy, GeV. */
  readonly e: number;
}

/** Anything carrying a four-momentum, such as eventio's `GenParticle`. */
export interface HasMomentum {
  /** The particle's four-momentum. */
  readonly momentum: Momentum;
}

/** What happened to the particles of one event when it was pixelised. */
export interface PixelStats {
  /** Particles offered. */
  particles: number;
  /** Particles that landed in a pixel. */
  inside: number;
  /**
   * Particles outside the grid's range, or whose coordinate is undefined (E ≤ |pz| for
   * rapidity, pT = 0 for pseudorapidity): counted, never silently lost.
   */
  outside: number;
  /** Summed pT of the particles counted in `outside`, GeV (non-finite values left out). */
  outsidePt: number;
  /** Summed pT of the particles inside, GeV, before normalisation. */
  sumPt: number;
  /** The factor every pixel was multiplied by (N²/sumPt for `'sum-N2'`, else 1; 1 for an empty image). */
  scale: number;
}

/** One pixelised event. */
export interface PixelisedImage {
  /** N·N pixels, row-major: `image[i * N + j]` is rapidity bin i, azimuth bin j. */
  image: Float32Array;
  /** N. */
  pixels: number;
  /** What happened to the particles. */
  stats: PixelStats;
}

const TWO_PI = 2 * Math.PI;

/**
 * The longitudinal coordinate (rapidity or pseudorapidity) of a momentum.
 *
 * @param p - the momentum, GeV
 * @param axis - which coordinate
 * @returns y = ½ ln((E + pz)/(E − pz)) or η = asinh(pz/pT); ±Infinity or NaN where undefined
 * @example
 * ```ts
 * longitudinal({ px: 1, py: 0, pz: 0, e: 1 }, 'rapidity'); // 0
 * ```
 */
export function longitudinal(p: Momentum, axis: ImageGrid['axis']): number {
  if (axis === 'rapidity') return 0.5 * Math.log((p.e + p.pz) / (p.e - p.pz));
  return Math.asinh(p.pz / Math.hypot(p.px, p.py));
}

/**
 * The azimuth of a momentum mapped into the grid's window [φmin, φmin + 2π).
 *
 * @param p - the momentum
 * @param phiMin - lower edge of the window
 * @returns atan2(py, px) + 2πm for the whole m that puts it in the window
 * @remarks
 * With the default window [0, 2π): φ = −0.1 becomes 2π − 0.1. A value that rounds up to the
 * window's top edge is the bottom edge (they are the same direction).
 * @example
 * ```ts
 * azimuthFrom({ px: Math.cos(-0.1), py: Math.sin(-0.1), pz: 0, e: 1 }, 0); // 2π − 0.1
 * ```
 */
export function azimuthFrom(p: Momentum, phiMin: number): number {
  let d = Math.atan2(p.py, p.px) - phiMin;
  d -= TWO_PI * Math.floor(d / TWO_PI);
  if (d >= TWO_PI) d = 0;
  return phiMin + d;
}

/**
 * The fractions of a momentum along the grid's two axes, as the APEMEN text format writes them.
 *
 * @param p - the momentum
 * @param grid - the image grid
 * @returns yfrac = (y − ymin)/(ymax − ymin) and phifrac = (φ − φmin)/(φmax − φmin); the particle
 *   is inside the grid iff both are in [0, 1)
 * @remarks
 * For the default grid these are exactly the text format's yfrac = (y + π)/2π and
 * phifrac = φ/2π with φ ∈ [0, 2π), computed with the same floating-point operations, so that
 * `binOf(yfrac, N)` is the same bin whether a particle goes through the text file or not.
 * @example
 * ```ts
 * particleFractions({ px: 1, py: 0, pz: 0, e: 1 }, resolveGrid()); // { yfrac: 0.5, phifrac: 0 }
 * ```
 */
export function particleFractions(
  p: Momentum,
  grid: ImageGrid,
): { yfrac: number; phifrac: number } {
  const y = longitudinal(p, grid.axis);
  const phi = azimuthFrom(p, grid.phiMin);
  return {
    yfrac: (y - grid.yMin) / (grid.yMax - grid.yMin),
    phifrac: (phi - grid.phiMin) / (grid.phiMax - grid.phiMin),
  };
}

/**
 * The bin of a fraction along one axis: floor(N·frac), as the APEMEN text format defines it.
 *
 * @param frac - the fraction, in [0, 1) for a particle inside the grid
 * @param pixels - N
 * @returns the bin in [0, N), or −1 if frac is outside [0, 1) or not a number
 * @example
 * ```ts
 * binOf(0.5, 64); // 32
 * binOf(1, 64);   // -1
 * ```
 */
export function binOf(frac: number, pixels: number): number {
  if (!(frac >= 0 && frac < 1)) return -1;
  // N·frac can round up to N when frac is within an ulp of 1.
  return Math.min(Math.floor(pixels * frac), pixels - 1);
}

/**
 * Pixelises particles into one N×N slice of a larger array (the batched core).
 *
 * @param target - the output array; pixels are written to target[offset .. offset + N²)
 * @param offset - where the image starts in `target`
 * @param particles - the particles (every one offered is placed or counted as outside)
 * @param grid - a resolved grid
 * @param scratch - a Float64Array of at least N² elements, reused between calls (overwritten)
 * @returns what happened to the particles
 * @throws JetImageError `JETIMAGE_INPUT` if the target or scratch is too small
 * @remarks
 * Pixel sums are accumulated in double precision and rounded to float32 once, after scaling.
 * @example
 * ```ts
 * const grid = resolveGrid();
 * const images = new Float32Array(2 * 64 * 64);
 * const scratch = new Float64Array(64 * 64);
 * pixeliseInto(images, 64 * 64, event.particles, grid, scratch); // second image
 * ```
 */
export function pixeliseInto(
  target: Float32Array,
  offset: number,
  particles: readonly HasMomentum[],
  grid: ImageGrid,
  scratch: Float64Array,
): PixelStats {
  const n = grid.pixels;
  const size = n * n;
  if (offset < 0 || offset + size > target.length) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `image target of ${target.length} elements cannot hold ${size} pixels at offset ${offset}`,
    );
  }
  if (scratch.length < size) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `scratch needs ${size} elements, has ${scratch.length}`,
    );
  }
  scratch.fill(0, 0, size);
  const yMin = grid.yMin;
  const yWidth = grid.yMax - grid.yMin;
  const phiMin = grid.phiMin;
  const phiWidth = grid.phiMax - grid.phiMin;
  const rapidity = grid.axis === 'rapidity';
  let inside = 0;
  let outside = 0;
  let outsidePt = 0;
  let sumPt = 0;
  for (const particle of particles) {
    const p = particle.momentum;
    const pt = Math.hypot(p.px, p.py);
    const y = rapidity ? 0.5 * Math.log((p.e + p.pz) / (p.e - p.pz)) : Math.asinh(p.pz / pt);
    let d = Math.atan2(p.py, p.px) - phiMin;
    d -= TWO_PI * Math.floor(d / TWO_PI);
    if (d >= TWO_PI) d = 0;
    const i = binOf((y - yMin) / yWidth, n);
    const j = binOf(d / phiWidth, n);
    if (i < 0 || j < 0 || !Number.isFinite(pt)) {
      outside += 1;
      if (Number.isFinite(pt)) outsidePt += pt;
      continue;
    }
    inside += 1;
    sumPt += pt;
    scratch[i * n + j] = (scratch[i * n + j] as number) + pt;
  }
  const scale = grid.normalisation === 'sum-N2' && sumPt > 0 ? size / sumPt : 1;
  if (Number.isFinite(scale)) {
    for (let k = 0; k < size; k++) target[offset + k] = (scratch[k] as number) * scale;
  } else {
    // A subnormal pT sum overflows N²/sum; dividing first keeps the pixels finite.
    for (let k = 0; k < size; k++) target[offset + k] = ((scratch[k] as number) / sumPt) * size;
  }
  return { particles: inside + outside, inside, outside, outsidePt, sumPt, scale };
}

/**
 * Pixelises particles into a pT-weighted image in (rapidity, azimuth).
 *
 * @param particles - the particles to place (pass the final state: eventio's `finalState(event)`)
 * @param grid - grid options or a resolved grid
 * @defaultValue grid: 64×64, y ∈ [−π, π), φ ∈ [0, 2π), rapidity, pixel sum N²
 * @returns the image (`image[i * N + j]`: rapidity bin i, azimuth bin j) and what happened to
 *   the particles
 * @throws JetImageError `JETIMAGE_GRID` on bad grid options
 * @remarks
 * Pixel (i, j) holds the summed pT of the particles with bin i = floor(N·yfrac) and
 * j = floor(N·phifrac) (APEMEN.md, event images). φ = atan2(py, px) is mapped into
 * [φmin, φmin + 2π) first. Particles outside the ranges are counted in `stats.outside` with
 * their pT. With `'sum-N2'` each event is scaled so that its pixels sum to N² (the original's
 * training input); `stats.scale` says by how much, to get GeV back.
 * @see ../shared/APEMEN.md "Event images"
 * @example
 * ```ts
 * // One particle of pT 10 GeV at y = 0, φ = 0 on the default grid: bin (32, 0).
 * const { image, stats } = pixelise([{ momentum: { px: 10, py: 0, pz: 0, e: 10 } }], { normalisation: 'none' });
 * image[32 * 64 + 0]; // 10
 * stats.inside;       // 1
 * ```
 */
export function pixelise(
  particles: readonly HasMomentum[],
  grid: GridOptions | ImageGrid = {},
): PixelisedImage {
  const resolved = resolveGrid(grid);
  const size = resolved.pixels * resolved.pixels;
  const image = new Float32Array(size);
  const stats = pixeliseInto(image, 0, particles, resolved, new Float64Array(size));
  return { image, pixels: resolved.pixels, stats };
}

/** Which particles of an event go into its image. */
export type ParticleSelection = 'final' | 'visible';

/** Options of {@link pixeliseEvents}. */
export interface PixeliseEventsOptions {
  /**
   * `'final'`: every status-1 particle (as the original); `'visible'`: status 1 without neutrinos.
   * @defaultValue `'final'`
   */
  select?: ParticleSelection;
}

/** A batch of pixelised events. */
export interface ImageBatch {
  /** n·N·N pixels: image e starts at e·N², row-major within it. */
  images: Float32Array;
  /** Number of images, n. */
  count: number;
  /** N. */
  pixels: number;
  /** Event number of each image. */
  eventNumbers: Float64Array;
  /** Nominal weight (the first) of each event; 1 where the event has none. */
  weights: Float64Array;
  /** What happened to the particles of each event. */
  stats: PixelStats[];
  /** Particles counted outside the grid, all events together. */
  outside: number;
  /** Their summed pT, GeV. */
  outsidePt: number;
}

const NEUTRINOS = new Set([12, 14, 16, -12, -14, -16]);

/**
 * The particles of an event that go into its image.
 *
 * @param event - the event
 * @param select - which particles
 * @defaultValue select: `'final'`
 * @returns status-1 particles, without neutrinos for `'visible'`
 * @example
 * ```ts
 * selectParticles(event, 'visible').every((p) => p.status === 1); // true
 * ```
 */
export function selectParticles(
  event: GenEvent,
  select: ParticleSelection = 'final',
): GenEvent['particles'] {
  return event.particles.filter(
    (p) => p.status === 1 && (select === 'final' || !NEUTRINOS.has(p.pdgId)),
  );
}

/**
 * Pixelises many events into one contiguous array [n, N, N].
 *
 * @param events - the events
 * @param grid - grid options or a resolved grid
 * @param options - which particles to take
 * @returns the images, event numbers, weights and per-event statistics
 * @throws JetImageError `JETIMAGE_GRID` on bad grid options
 * @remarks
 * The array is laid out as a [n, N, N, 1] tensor wants it (channels last); see {@link toTensor}.
 * @example
 * ```ts
 * const batch = pixeliseEvents(events, { pixels: 64 });
 * batch.images.length === batch.count * 64 * 64; // true
 * ```
 */
export function pixeliseEvents(
  events: Iterable<GenEvent>,
  grid: GridOptions | ImageGrid = {},
  options: PixeliseEventsOptions = {},
): ImageBatch {
  const resolved = resolveGrid(grid);
  const list = Array.isArray(events) ? (events as GenEvent[]) : [...events];
  const size = resolved.pixels * resolved.pixels;
  const images = new Float32Array(list.length * size);
  const scratch = new Float64Array(size);
  const eventNumbers = new Float64Array(list.length);
  const weights = new Float64Array(list.length);
  const stats: PixelStats[] = [];
  let outside = 0;
  let outsidePt = 0;
  list.forEach((event, e) => {
    const s = pixeliseInto(
      images,
      e * size,
      selectParticles(event, options.select),
      resolved,
      scratch,
    );
    stats.push(s);
    outside += s.outside;
    outsidePt += s.outsidePt;
    eventNumbers[e] = event.eventNumber;
    weights[e] = event.weights[0] ?? 1;
  });
  return {
    images,
    count: list.length,
    pixels: resolved.pixels,
    eventNumbers,
    weights,
    stats,
    outside,
    outsidePt,
  };
}
