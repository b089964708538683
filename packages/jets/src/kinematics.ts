import { JetsError } from './errors.js';

/**
 * 2π exactly as FastJet's `twopi` (the same double).
 * @example `TWO_PI === 6.283185307179586`
 */
export const TWO_PI = 2 * Math.PI;

/**
 * The rapidity FastJet gives a particle with pt = 0 and E = |pz|, before adding |pz|.
 * @remarks FastJet's `MaxRap`; adding |pz| keeps different such particles apart.
 * @example `fastjetRapidity(0, 0, 7, 7) === MAX_RAPIDITY + 7`
 */
export const MAX_RAPIDITY = 1e5;

/** Anything with Cartesian four-momentum components, such as `FourVector` from `@apemen/fourvec`. */
export interface MomentumLike {
  /** x component of momentum, GeV. */
  readonly px: number;
  /** y component of momentum, GeV. */
  readonly py: number;
  /** z component of momentum, GeV. */
  readonly pz: number;
  /** Energy, GeV. */
  readonly e: number;
}

/** Particles as a structure of arrays: element i of each array belongs to particle i. */
export interface ParticleArrays {
  /** x components of momentum, GeV. */
  readonly px: ArrayLike<number>;
  /** y components of momentum, GeV. */
  readonly py: ArrayLike<number>;
  /** z components of momentum, GeV. */
  readonly pz: ArrayLike<number>;
  /** Energies, GeV. */
  readonly e: ArrayLike<number>;
}

/** The particles a clustering takes: four-vectors, or a structure of arrays. */
export type Particles = readonly MomentumLike[] | ParticleArrays;

/** Particles copied into one Float64Array per component. */
export interface ParticleColumns {
  /** Number of particles. */
  readonly n: number;
  /** x components. */
  readonly px: Float64Array;
  /** y components. */
  readonly py: Float64Array;
  /** z components. */
  readonly pz: Float64Array;
  /** Energies. */
  readonly e: Float64Array;
}

function isArrays(particles: Particles): particles is ParticleArrays {
  return !Array.isArray(particles);
}

/**
 * Copies particles into typed columns, checking every component is a finite number.
 *
 * @param particles - four-vectors or a structure of arrays
 * @param capacity - length of each column (at least the number of particles)
 * @returns the columns, with the particles in the first `n` places
 * @throws {@link JetsError} `JETS_BAD_PARTICLE` if a component is not finite or the arrays of a
 * structure of arrays differ in length
 */
export function toColumns(particles: Particles, capacity?: (n: number) => number): ParticleColumns {
  let n: number;
  if (isArrays(particles)) {
    n = particles.px.length;
    if (particles.py.length !== n || particles.pz.length !== n || particles.e.length !== n) {
      throw new JetsError(
        'JETS_BAD_PARTICLE',
        `particle arrays differ in length: px ${n}, py ${particles.py.length}, pz ${particles.pz.length}, e ${particles.e.length}`,
      );
    }
  } else {
    n = (particles as readonly MomentumLike[]).length;
  }
  const size = capacity ? Math.max(n, capacity(n)) : n;
  const px = new Float64Array(size);
  const py = new Float64Array(size);
  const pz = new Float64Array(size);
  const e = new Float64Array(size);
  if (isArrays(particles)) {
    for (let i = 0; i < n; i++) {
      px[i] = particles.px[i] as number;
      py[i] = particles.py[i] as number;
      pz[i] = particles.pz[i] as number;
      e[i] = particles.e[i] as number;
    }
  } else {
    const list = particles as readonly MomentumLike[];
    for (let i = 0; i < n; i++) {
      const p = list[i] as MomentumLike;
      px[i] = p.px;
      py[i] = p.py;
      pz[i] = p.pz;
      e[i] = p.e;
    }
  }
  for (let i = 0; i < n; i++) {
    const a = px[i] as number;
    const b = py[i] as number;
    const c = pz[i] as number;
    const d = e[i] as number;
    if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) {
      throw new JetsError(
        'JETS_BAD_PARTICLE',
        `particle ${i}: expected finite (px, py, pz, E), got (${a}, ${b}, ${c}, ${d})`,
      );
    }
  }
  return { n, px, py, pz, e };
}

/**
 * Rapidity exactly as FastJet computes it (`PseudoJet::rap`).
 *
 * @param px - x component, GeV
 * @param py - y component, GeV
 * @param pz - z component, GeV
 * @param e - energy, GeV
 * @returns ½ ln((E + pz)/(E − pz)) computed as FastJet does; ±(10⁵ + |pz|) when pt = 0 and E = |pz|
 * @remarks
 * FastJet forces a non-negative mass, m² → max(0, m²), and uses the better-conditioned light-cone
 * component: y = −½ ln((pt² + m²)/(E + |pz|)²) · sign(pz). Particles exactly along the beam get a
 * huge finite rapidity that still differs between them, so that their distances stay ordered.
 * @example `fastjetRapidity(3, 4, 0, 13)` is `0`; `fastjetRapidity(0, 0, 5, 5)` is `100005`.
 */
export function fastjetRapidity(px: number, py: number, pz: number, e: number): number {
  const kt2 = px * px + py * py;
  if (kt2 === 0 && e === Math.abs(pz)) {
    const maxRapHere = MAX_RAPIDITY + Math.abs(pz);
    return pz >= 0 ? maxRapHere : -maxRapHere;
  }
  const m2 = (e + pz) * (e - pz) - kt2;
  const effectiveM2 = Math.max(m2, 0);
  const ePlusPz = e + Math.abs(pz);
  const rap = 0.5 * Math.log((kt2 + effectiveM2) / (ePlusPz * ePlusPz));
  return pz > 0 ? -rap : rap;
}

/**
 * Azimuth in [0, 2π) as FastJet stores it internally (`PseudoJet::phi_02pi`).
 *
 * @param px - x component, GeV
 * @param py - y component, GeV
 * @returns atan2(py, px) mapped into [0, 2π); 0 when pt = 0
 * @example `phi02pi(0, -1)` is `3π/2`.
 */
export function phi02pi(px: number, py: number): number {
  let phi = px * px + py * py === 0 ? 0 : Math.atan2(py, px);
  if (phi < 0) phi += TWO_PI;
  if (phi >= TWO_PI) phi -= TWO_PI;
  return phi;
}

/**
 * Azimuth in (−π, π], the project's convention (FastJet's `phi_std`).
 *
 * @param px - x component, GeV
 * @param py - y component, GeV
 * @returns the azimuth in (−π, π]; 0 when pt = 0
 * @example `phiStd(-1, 0)` is `π`.
 */
export function phiStd(px: number, py: number): number {
  const phi = phi02pi(px, py);
  return phi > Math.PI ? phi - TWO_PI : phi;
}

/**
 * Signed invariant mass as FastJet computes it (`PseudoJet::m`).
 *
 * @param px - x component, GeV
 * @param py - y component, GeV
 * @param pz - z component, GeV
 * @param e - energy, GeV
 * @returns copysign(√|m²|, m²) with m² = (E + pz)(E − pz) − pt²
 * @example `signedMass(0, 0, 3, 5)` is `4`; `signedMass(0, 0, 5, 3)` is `-4`.
 */
export function signedMass(px: number, py: number, pz: number, e: number): number {
  const m2 = (e + pz) * (e - pz) - (px * px + py * py);
  return m2 < 0 ? -Math.sqrt(-m2) : Math.sqrt(m2);
}

/**
 * Squared distance in the (rapidity, azimuth) plane, ΔR² = Δy² + Δφ², as FastJet computes it.
 *
 * @param rapA - rapidity of the first
 * @param phiA - azimuth of the first, in [0, 2π)
 * @param rapB - rapidity of the second
 * @param phiB - azimuth of the second, in [0, 2π)
 * @returns Δy² + Δφ² with Δφ folded into [0, π]
 * @example `deltaR2(0, 0.1, 0.3, 6.2)` is `0.09 + (2π − 6.1)²`.
 */
export function deltaR2(rapA: number, phiA: number, rapB: number, phiB: number): number {
  let dphi = Math.abs(phiA - phiB);
  if (dphi > Math.PI) dphi = TWO_PI - dphi;
  const drap = rapA - rapB;
  return dphi * dphi + drap * drap;
}
