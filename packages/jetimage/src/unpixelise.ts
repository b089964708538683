import type { GenEvent, GenParticle } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';
import { JetImageError } from './errors.js';
import { type GridOptions, type ImageGrid, resolveGrid } from './grid.js';
import type { Rng } from './rng.js';

/** Options of {@link unpixelise}. */
export interface UnpixeliseOptions {
  /**
   * Pixels with pT (after `scale`) at or below this make no particle, GeV. Compared in single
   * precision, as numpy compared the original's float32 images with 0.1: a float32 pixel of
   * 0.1 is not above 0.1.
   * @defaultValue 0.1
   */
  threshold?: number;
  /**
   * GeV per unit of pixel value: 1 for images in GeV, stats.scale⁻¹ for images normalised to N².
   * @defaultValue 1
   */
  scale?: number;
  /**
   * Event number of the result.
   * @defaultValue 0
   */
  eventNumber?: number;
  /**
   * Weights of the result (the input event's weight, in the original).
   * @defaultValue [1]
   */
  weights?: readonly number[];
  /**
   * Energy of each proton beam, GeV.
   * @defaultValue 6500
   */
  beamEnergy?: number;
}

/** Proton mass, GeV (CODATA 2018). */
const PROTON_MASS = 0.93827208816;

/**
 * Turns an event image back into particles: one massless gluon per pixel above threshold.
 *
 * @param image - N·N pixels, row-major (`image[i * N + j]`: rapidity bin i, azimuth bin j)
 * @param grid - grid options or a resolved grid (its normalisation is ignored; see `scale`)
 * @param rng - the random number generator that places particles inside their pixels
 * @param options - threshold, scale, event number, weights and beam energy
 * @returns an event in GeV and mm: two proton beams (ids 1, 2; status 4; ±z) into vertex −1,
 *   and out of it the gluons (PDG 21, status 1, ids 3, 4, … in pixel order)
 * @throws JetImageError `JETIMAGE_INPUT` if the image does not have N² pixels or an option is
 *   out of range; `JETIMAGE_GRID` on bad grid options
 * @remarks
 * Exactly as the original (APEMEN.md, "Image back to particles"): every pixel with
 * pT > threshold becomes one gluon at y and φ drawn uniformly inside the pixel (two draws of
 * `rng.uniform()` per pixel, y first, pixels in row-major order), with px = pT cos φ,
 * py = pT sin φ, pz = pT sinh y, E = pT cosh y. On a pseudorapidity grid the same formulas
 * hold, since η = y for a massless particle. The beams are protons of `beamEnergy`
 * (pz = ±√(E² − m²)), as the original's HepMC2 output had; the event carries the weights given.
 * @see ../shared/APEMEN.md "Image back to particles"
 * @example
 * ```ts
 * const image = new Float32Array(64 * 64);
 * image[32 * 64] = 25; // 25 GeV at y ∈ [0, π/32), φ ∈ [0, 2π/64)
 * const event = unpixelise(image, {}, createRng(1), { eventNumber: 7 });
 * event.particles.length; // 3: two beams and one gluon
 * ```
 */
export function unpixelise(
  image: ArrayLike<number>,
  grid: GridOptions | ImageGrid,
  rng: Rng,
  options: UnpixeliseOptions = {},
): GenEvent {
  const resolved = resolveGrid(grid);
  const n = resolved.pixels;
  if (image.length !== n * n) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `image has ${image.length} pixels, expected N² = ${n * n} for N = ${n}`,
    );
  }
  const threshold = options.threshold ?? 0.1;
  const scale = options.scale ?? 1;
  const beamEnergy = options.beamEnergy ?? 6500;
  if (!Number.isFinite(threshold)) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `threshold must be a finite number, got ${threshold}`,
    );
  }
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new JetImageError('JETIMAGE_INPUT', `scale must be a number > 0, got ${scale}`);
  }
  if (!(beamEnergy > PROTON_MASS && Number.isFinite(beamEnergy))) {
    throw new JetImageError(
      'JETIMAGE_INPUT',
      `beam energy must exceed the proton mass, got ${beamEnergy} GeV`,
    );
  }
  const dy = (resolved.yMax - resolved.yMin) / n;
  const dphi = (resolved.phiMax - resolved.phiMin) / n;
  const beamPz = Math.sqrt(beamEnergy * beamEnergy - PROTON_MASS * PROTON_MASS);
  const particles: GenParticle[] = [beam(1, beamPz, beamEnergy), beam(2, -beamPz, beamEnergy)];
  const outgoing: number[] = [];
  const cut = Math.fround(threshold);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const pt = (image[i * n + j] as number) * scale;
      if (!(Math.fround(pt) > cut)) continue;
      const y = resolved.yMin + (i + rng.uniform()) * dy;
      const phi = resolved.phiMin + (j + rng.uniform()) * dphi;
      const id = particles.length + 1;
      particles.push({
        id,
        pdgId: 21,
        status: 1,
        momentum: new FourVector(
          pt * Math.cos(phi),
          pt * Math.sin(phi),
          pt * Math.sinh(y),
          pt * Math.cosh(y),
        ),
        generatedMass: 0,
        productionVertex: -1,
        endVertex: 0,
      });
      outgoing.push(id);
    }
  }
  return {
    eventNumber: options.eventNumber ?? 0,
    weights: [...(options.weights ?? [1])],
    units: { momentum: 'GEV', length: 'MM' },
    particles,
    vertices: [{ id: -1, status: 0, position: [0, 0, 0, 0], incoming: [1, 2], outgoing }],
  };
}

function beam(id: number, pz: number, energy: number): GenParticle {
  return {
    id,
    pdgId: 2212,
    status: 4,
    momentum: new FourVector(0, 0, pz, energy),
    generatedMass: PROTON_MASS,
    productionVertex: 0,
    endVertex: -1,
  };
}
