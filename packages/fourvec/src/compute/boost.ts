import type { MathLib } from '../math.js';
import type { Vec4 } from './types.js';

/** The β-dependent factors of a Lorentz boost: γ and γ²/(1 + γ). */
export interface BoostFactors<T> {
  /** γ = 1/√(1 − β²) */
  gamma: T;
  /** γ²/(1 + γ), equal to (γ − 1)/β² but finite at β = 0. */
  k: T;
}

/**
 * Computes γ and γ²/(1 + γ) for the boost velocity β⃗ (scikit-hep vector `boost_beta3`).
 * @param m - math library
 * @param bx - βx
 * @param by - βy
 * @param bz - βz
 * @returns the factors; NaN when |β| ≥ 1 (callers that can throw check first)
 * @example `boostFactors(numberMath, 0.6, 0, 0).gamma` is `1.25`.
 */
export function boostFactors<T, B>(m: MathLib<T, B>, bx: T, by: T, bz: T): BoostFactors<T> {
  const b2 = m.add(m.add(m.mul(bx, bx), m.mul(by, by)), m.mul(bz, bz));
  const gamma = m.div(1, m.sqrt(m.sub(1, b2)));
  return { gamma, k: m.div(m.mul(gamma, gamma), m.add(1, gamma)) };
}

/**
 * Applies the active boost by β⃗ to (x, y, z, t) and writes the result into `out`.
 * @param m - math library
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @param bx - βx
 * @param by - βy
 * @param bz - βz
 * @param gamma - γ from {@link boostFactors}
 * @param k - γ²/(1 + γ) from {@link boostFactors}
 * @param out - receives the boosted components (may be reused; inputs are read first)
 * @remarks ROOT's `TLorentzVector::Boost` / scikit-hep `boost_beta3`: a particle at rest boosted
 * by +β⃗ moves with velocity +β⃗. With β⃗·p⃗ = bp: p⃗' = p⃗ + (k·bp + γE) β⃗, E' = γ(E + bp).
 * @example A rest mass 1 boosted by βz = 0.6 becomes (0, 0, 0.75, 1.25).
 */
export function applyBoost<T, B>(
  m: MathLib<T, B>,
  x: T,
  y: T,
  z: T,
  t: T,
  bx: T,
  by: T,
  bz: T,
  gamma: T,
  k: T,
  out: Vec4<T>,
): void {
  const bp = m.add(m.add(m.mul(bx, x), m.mul(by, y)), m.mul(bz, z));
  const shift = m.add(m.mul(k, bp), m.mul(gamma, t));
  out.x = m.add(x, m.mul(shift, bx));
  out.y = m.add(y, m.mul(shift, by));
  out.z = m.add(z, m.mul(shift, bz));
  out.t = m.mul(gamma, m.add(t, bp));
}
