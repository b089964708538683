import type { MathLib } from '../math.js';
import { safeSqrt } from './safe.js';

/**
 * Squared distance in (a, φ) where a is η or y: Δa² + Δφ².
 * @param m - math library
 * @param dA - Δη or Δy
 * @param dPhi - Δφ, already wrapped into [−π, π)
 * @returns ΔR²
 * @example `deltaR2FromDeltas(numberMath, 3, 4)` is `25`.
 */
export function deltaR2FromDeltas<T, B>(m: MathLib<T, B>, dA: T, dPhi: T): T {
  return m.add(m.mul(dA, dA), m.mul(dPhi, dPhi));
}

/**
 * Distance in (a, φ): √(Δa² + Δφ²).
 * @param m - math library
 * @param dA - Δη or Δy
 * @param dPhi - Δφ, already wrapped into [−π, π)
 * @returns ΔR ≥ 0
 * @remarks Gradient 0 for coincident directions.
 * @example `deltaRFromDeltas(numberMath, 3, 4)` is `5`.
 */
export function deltaRFromDeltas<T, B>(m: MathLib<T, B>, dA: T, dPhi: T): T {
  return safeSqrt(m, deltaR2FromDeltas(m, dA, dPhi));
}
