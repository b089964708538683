import type { MathLib } from '../math.js';
import { safeSqrt } from './safe.js';
import type { Vec4 } from './types.js';

/**
 * E from |p|² and a signed mass: √(|p|² + m|m|), clamped at 0.
 * @param m - math library
 * @param momentum2 - |p|², GeV²
 * @param mass - signed mass, GeV (negative means spacelike: m² = −mass²)
 * @returns E ≥ 0, GeV
 * @remarks scikit-hep vector's `t.xy_z_tau`: E = √max(|p|² + copysign(m², m), 0).
 * @example `energyFromMass(numberMath, 9, 4)` is `5`; `energyFromMass(numberMath, 25, -4)` is `3`.
 */
export function energyFromMass<T, B>(m: MathLib<T, B>, momentum2: T, mass: T | number): T {
  const signedSquare = m.where(m.lt(mass, 0), m.neg(m.mul(mass, mass)), m.mul(mass, mass));
  const e2 = m.add(momentum2, signedSquare);
  return safeSqrt(m, m.where(m.gt(e2, 0), e2, 0));
}

/**
 * (px, py, pz) from (pt, η, φ): pt cos φ, pt sin φ, pt sinh η.
 * @param m - math library
 * @param pt - transverse momentum, GeV
 * @param eta - pseudorapidity
 * @param phi - azimuth, radians
 * @param out - receives x, y, z (t is left to the caller)
 * @example pt = 1, η = 0, φ = 0 gives (1, 0, 0).
 */
export function momentumFromPtEtaPhi<T, B>(
  m: MathLib<T, B>,
  pt: T | number,
  eta: T | number,
  phi: T | number,
  out: Vec4<T>,
): void {
  out.x = m.mul(pt, m.cos(phi));
  out.y = m.mul(pt, m.sin(phi));
  out.z = m.mul(pt, m.sinh(eta));
}

/**
 * (px, py, pz, E) from (pt, y, φ, m): mT = √(pt² + m|m|), pz = mT sinh y, E = mT cosh y.
 * @param m - math library
 * @param pt - transverse momentum, GeV
 * @param rapidity - rapidity y
 * @param phi - azimuth, radians
 * @param mass - signed mass, GeV
 * @param out - receives all four components
 * @remarks mT² < 0 (a spacelike mass larger than pt) has no real solution; this formula clamps
 * mT to 0. `FourVector` and `FourVectorArray` reject such input instead.
 * @example pt = 3, y = 0, φ = 0, m = 4 gives (3, 0, 0, 5).
 */
export function fromPtRapidityPhiMass<T, B>(
  m: MathLib<T, B>,
  pt: T | number,
  rapidity: T | number,
  phi: T | number,
  mass: T | number,
  out: Vec4<T>,
): void {
  const mt = energyFromMass(m, m.mul(pt, pt), mass);
  out.x = m.mul(pt, m.cos(phi));
  out.y = m.mul(pt, m.sin(phi));
  out.z = m.mul(mt, m.sinh(rapidity));
  out.t = m.mul(mt, m.cosh(rapidity));
}
