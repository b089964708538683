/**
 * Event shapes for validating the shower (test helper, not part of the published build): thrust
 * and the Durham y23 of a massless final state in its centre-of-mass frame.
 */
import type { Momentum } from './kinematics.js';

/**
 * Thrust T = max over unit n of Σ|p·n| / Σ|p|.
 *
 * @remarks
 * The thrust axis is parallel to the sum of the momenta in one hemisphere, and a hemisphere
 * boundary can be moved until it touches two momenta, so every candidate is ±pi ± pj plus the
 * momenta on the positive side of the plane normal to pi × pj. Each candidate direction is scored
 * with the thrust function itself, which also handles coplanar events. O(n³).
 */
export function thrust(partons: readonly Momentum[]): number {
  const p = partons.map((q) => [q.px, q.py, q.pz] as const);
  const total = p.reduce((s, q) => s + Math.hypot(q[0], q[1], q[2]), 0);
  const score = (nx: number, ny: number, nz: number) => {
    const norm = Math.hypot(nx, ny, nz);
    if (norm === 0) return 0;
    let s = 0;
    for (const q of p) s += Math.abs(q[0] * nx + q[1] * ny + q[2] * nz);
    return s / (norm * total);
  };
  let best = 0;
  for (const q of p) best = Math.max(best, score(q[0], q[1], q[2]));
  for (let i = 0; i < p.length; i++) {
    for (let j = i + 1; j < p.length; j++) {
      const a = p[i]!;
      const b = p[j]!;
      const nx = a[1] * b[2] - a[2] * b[1];
      const ny = a[2] * b[0] - a[0] * b[2];
      const nz = a[0] * b[1] - a[1] * b[0];
      let sx = 0;
      let sy = 0;
      let sz = 0;
      for (let k = 0; k < p.length; k++) {
        if (k === i || k === j) continue;
        const q = p[k]!;
        if (q[0] * nx + q[1] * ny + q[2] * nz > 0) {
          sx += q[0];
          sy += q[1];
          sz += q[2];
        }
      }
      for (const si of [1, -1]) {
        for (const sj of [1, -1]) {
          best = Math.max(
            best,
            score(
              sx + si * a[0] + sj * b[0],
              sy + si * a[1] + sj * b[1],
              sz + si * a[2] + sj * b[2],
            ),
          );
        }
      }
    }
  }
  return best;
}

/**
 * The Durham (kT) jet resolution y23: cluster with yij = 2 min(Ei², Ej²)(1 − cos θij)/Evis² and
 * E-scheme recombination down to three jets, then y23 is the smallest yij among them (0 for
 * fewer than three partons).
 */
export function durhamY23(partons: readonly Momentum[]): number {
  const jets = partons.map((q) => ({ ...q }));
  if (jets.length < 3) return 0;
  const evis2 = jets.reduce((s, q) => s + q.e, 0) ** 2;
  const y = (a: Momentum, b: Momentum) => {
    const cos =
      (a.px * b.px + a.py * b.py + a.pz * b.pz) /
      (Math.hypot(a.px, a.py, a.pz) * Math.hypot(b.px, b.py, b.pz));
    return (2 * Math.min(a.e * a.e, b.e * b.e) * (1 - cos)) / evis2;
  };
  for (;;) {
    let min = Number.POSITIVE_INFINITY;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < jets.length; i++) {
      for (let j = i + 1; j < jets.length; j++) {
        const v = y(jets[i]!, jets[j]!);
        if (v < min) {
          min = v;
          bi = i;
          bj = j;
        }
      }
    }
    if (jets.length === 3) return min;
    const a = jets[bi]!;
    const b = jets[bj]!;
    jets[bi] = { px: a.px + b.px, py: a.py + b.py, pz: a.pz + b.pz, e: a.e + b.e };
    jets.splice(bj, 1);
  }
}
