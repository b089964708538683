/** A four-momentum as plain numbers (px, py, pz, E) in GeV, metric (+,−,−,−). */
export interface Momentum {
  /** x component, GeV. */
  px: number;
  /** y component, GeV. */
  py: number;
  /** z component, GeV. */
  pz: number;
  /** Energy, GeV. */
  e: number;
}

/**
 * Minkowski product a·b = EaEb − pa·pb.
 * @param a - first vector
 * @param b - second vector
 * @returns a·b, GeV²
 * @example `minkowskiDot({ px: 0, py: 0, pz: 1, e: 1 }, { px: 0, py: 0, pz: -1, e: 1 })` is `2`.
 */
export function minkowskiDot(a: Momentum, b: Momentum): number {
  return a.e * b.e - a.px * b.px - a.py * b.py - a.pz * b.pz;
}

function combine(ca: number, a: Momentum, cb: number, b: Momentum, cc: number, c: Momentum) {
  return {
    px: ca * a.px + cb * b.px + cc * c.px,
    py: ca * a.py + cb * b.py + cc * c.py,
    pz: ca * a.pz + cb * b.pz + cc * c.pz,
    e: ca * a.e + cb * b.e + cc * c.e,
  };
}

const AXES: readonly Momentum[] = [
  { px: 1, py: 0, pz: 0, e: 0 },
  { px: 0, py: 1, pz: 0, e: 0 },
  { px: 0, py: 0, pz: 1, e: 0 },
];

/**
 * Two space-like unit vectors n1, n2 (n² = −1, n1·n2 = 0) orthogonal to both light-like
 * vectors p and k.
 *
 * @param p - first (massless) momentum
 * @param k - second (massless) momentum, not parallel to p
 * @returns [n1, n2]
 * @remarks
 * Gram–Schmidt in Minkowski space: a spatial axis r is projected as
 * n = r − (r·k/p·k) p − (r·p/p·k) k, which is orthogonal to p and k when p² = k² = 0; the axes
 * with the largest |n²| are used so that the construction is well conditioned in every frame.
 * @example
 * ```ts
 * const [n1, n2] = transverseBasis({ px: 0, py: 0, pz: 5, e: 5 }, { px: 0, py: 0, pz: -5, e: 5 });
 * // n1 and n2 span the x–y plane
 * ```
 */
export function transverseBasis(p: Momentum, k: Momentum): [Momentum, Momentum] {
  const pk = minkowskiDot(p, k);
  const project = (r: Momentum) =>
    combine(1, r, -minkowskiDot(r, k) / pk, p, -minkowskiDot(r, p) / pk, k);
  const candidates = AXES.map(project);
  let first = 0;
  for (let a = 1; a < 3; a++) {
    const c = candidates[a] as Momentum;
    if (
      -minkowskiDot(c, c) >
      -minkowskiDot(candidates[first] as Momentum, candidates[first] as Momentum)
    )
      first = a;
  }
  const raw1 = candidates[first] as Momentum;
  const norm1 = Math.sqrt(-minkowskiDot(raw1, raw1));
  const n1 = combine(1 / norm1, raw1, 0, raw1, 0, raw1);
  let best: Momentum | undefined;
  let bestNorm2 = -1;
  for (let a = 0; a < 3; a++) {
    if (a === first) continue;
    const c = candidates[a] as Momentum;
    // Remove the n1 component: n1² = −1, so c − (c·n1/n1²) n1 = c + (c·n1) n1.
    const d = combine(1, c, minkowskiDot(c, n1), n1, 0, n1);
    const norm2 = -minkowskiDot(d, d);
    if (norm2 > bestNorm2) {
      bestNorm2 = norm2;
      best = d;
    }
  }
  const raw2 = best as Momentum;
  const n2 = combine(1 / Math.sqrt(bestNorm2), raw2, 0, raw2, 0, raw2);
  return [n1, n2];
}

/**
 * Catani–Seymour final–final dipole kinematics for massless partons: splits the emitter p̃ij into
 * pi and pj with the spectator p̃k absorbing the recoil.
 *
 * @param pij - emitter momentum p̃ij before the splitting (massless)
 * @param pk - spectator momentum p̃k before the splitting (massless)
 * @param z - light-cone fraction of pi, 0 < z < 1
 * @param y - recoil variable y = pi·pj/(pi·pj + pi·pk + pj·pk), 0 ≤ y < 1
 * @param phi - azimuth of the transverse momentum about the dipole axis, radians
 * @returns [pi, pj, pk] after the splitting
 * @remarks
 * pi = z p̃ij + (1 − z) y p̃k + k⊥, pj = (1 − z) p̃ij + z y p̃k − k⊥, pk = (1 − y) p̃k, with
 * k⊥·p̃ij = k⊥·p̃k = 0 and −k⊥² = kT² = z(1 − z) y Q², Q² = 2 p̃ij·p̃k
 * (Catani & Seymour, hep-ph/9605323, section 5.1). The three outputs sum to p̃ij + p̃k exactly in
 * exact arithmetic (the coefficients add to one term by term) and are massless.
 * @example
 * ```ts
 * const [pi, pj, pk] = finalFinalKinematics(
 *   { px: 0, py: 0, pz: 45, e: 45 }, { px: 0, py: 0, pz: -45, e: 45 }, 0.5, 0.1, 0);
 * // pi.e + pj.e + pk.e === 90
 * ```
 */
export function finalFinalKinematics(
  pij: Momentum,
  pk: Momentum,
  z: number,
  y: number,
  phi: number,
): [Momentum, Momentum, Momentum] {
  const q2 = 2 * minkowskiDot(pij, pk);
  const kt = Math.sqrt(Math.max(0, z * (1 - z) * y * q2));
  const [n1, n2] = transverseBasis(pij, pk);
  const kPerp = combine(kt * Math.cos(phi), n1, kt * Math.sin(phi), n2, 0, n1);
  const pi = combine(z, pij, (1 - z) * y, pk, 1, kPerp);
  const pj = combine(1 - z, pij, z * y, pk, -1, kPerp);
  const pkNew = combine(1 - y, pk, 0, pk, 0, pk);
  return [pi, pj, pkNew];
}

/**
 * Lorentz boost of p by the velocity (bx, by, bz) (|β| < 1).
 * @param p - the momentum
 * @param bx - β_x
 * @param by - β_y
 * @param bz - β_z
 * @returns the boosted momentum: a particle at rest ends up moving with velocity β
 * @example `boost({ px: 0, py: 0, pz: 0, e: 1 }, 0, 0, 0.6)` is `{ px: 0, py: 0, pz: 0.75, e: 1.25 }`.
 */
export function boost(p: Momentum, bx: number, by: number, bz: number): Momentum {
  const b2 = bx * bx + by * by + bz * bz;
  if (b2 === 0) return { ...p };
  const gamma = 1 / Math.sqrt(1 - b2);
  const bp = bx * p.px + by * p.py + bz * p.pz;
  const factor = ((gamma - 1) * bp) / b2 + gamma * p.e;
  return {
    px: p.px + factor * bx,
    py: p.py + factor * by,
    pz: p.pz + factor * bz,
    e: gamma * (p.e + bp),
  };
}

/**
 * Maps momenta with masses onto massless ones with the same total four-momentum.
 *
 * @param momenta - two or more momenta whose sum is time-like
 * @returns massless momenta with the same sum, or copies of the inputs when they are already
 *   massless (|m²| ≤ 1e-12 E²), fewer than two, or their sum is nearly light-like
 *   (M² ≤ 1e-8 E²)
 * @remarks
 * In the rest frame of the sum every three-momentum is scaled by one factor ξ = ΣE/Σ|p| and each
 * energy set to its new |p|; this keeps the total momentum (zero) and energy, and the directions.
 * The result is boosted back. Used before showering LHE partons (b and c quarks carry masses
 * there), since the shower's kinematics are those of massless partons.
 * @example
 * ```ts
 * masslessProjection([{ px: 0, py: 0, pz: 3, e: 5 }, { px: 0, py: 0, pz: -3, e: 5 }]);
 * // [{ px: 0, py: 0, pz: 5, e: 5 }, { px: 0, py: 0, pz: -5, e: 5 }]
 * ```
 */
export function masslessProjection(momenta: readonly Momentum[]): Momentum[] {
  const massless = momenta.every((p) => Math.abs(minkowskiDot(p, p)) <= 1e-12 * p.e * p.e);
  if (massless || momenta.length < 2) return momenta.map((p) => ({ ...p }));
  let total: Momentum = { px: 0, py: 0, pz: 0, e: 0 };
  for (const p of momenta) total = combine(1, total, 1, p, 0, p);
  // A nearly light-like system has no well-conditioned rest frame (and nothing to shower).
  if (!(minkowskiDot(total, total) > 1e-8 * total.e * total.e))
    return momenta.map((p) => ({ ...p }));
  const bx = total.px / total.e;
  const by = total.py / total.e;
  const bz = total.pz / total.e;
  const rest = momenta.map((p) => boost(p, -bx, -by, -bz));
  const energy = rest.reduce((s, p) => s + p.e, 0);
  const length = rest.reduce((s, p) => s + Math.hypot(p.px, p.py, p.pz), 0);
  const xi = energy / length;
  return rest.map((p) => {
    const q = { px: xi * p.px, py: xi * p.py, pz: xi * p.pz, e: xi * Math.hypot(p.px, p.py, p.pz) };
    return boost(q, bx, by, bz);
  });
}
