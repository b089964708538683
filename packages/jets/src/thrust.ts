import { JetsError } from './errors.js';
import { type Particles, toColumns } from './kinematics.js';

/** Thrust of an event and its axis. */
export interface Thrust {
  /** T = max_n Σ|p·n| / Σ|p|, in [½, 1] for a balanced event. */
  readonly thrust: number;
  /** The thrust axis n (unit vector, sign arbitrary), [x, y, z]. */
  readonly axis: readonly [number, number, number];
}

/**
 * The largest number of particles {@link thrust} accepts (its cost grows as N³).
 * @example `thrust(particles.slice(0, THRUST_MAX_PARTICLES))`
 */
export const THRUST_MAX_PARTICLES = 1000;

/**
 * Thrust of an e+e− event, computed exactly.
 *
 * @param particles - the final-state particles (their three-momenta are used)
 * @returns the thrust and its axis
 * @throws {@link JetsError} `JETS_BAD_PARAMETER` with more than {@link THRUST_MAX_PARTICLES}
 *   particles; `JETS_BAD_PARTICLE` for a non-finite momentum
 * @remarks
 * Method: exhaustive over the hemisphere partitions that planes through the origin can make,
 * O(N³). For the maximising axis n the event splits into S = {k : p_k·n > 0} and the rest, and
 * T = |2 P_S − P_total| / Σ|p|. Turning the dividing plane until it touches two particles i, j
 * changes no other particle's side, so every candidate S is found from some pair (i, j): the
 * particles on the positive side of the plane spanned by p_i and p_j, plus any of the four
 * choices for i and j themselves. The whole event (S = all) is also a candidate, which covers
 * N ≤ 1 and unbalanced events. An exactly planar event (every three-particle event) is done in
 * its plane instead: the dividing line turned until it touches a particle p_i, O(N²). With no
 * particles, or all momenta zero, T = 0 and the axis is z.
 * @example Two back-to-back particles give `thrust = 1`; three at 120° with equal |p| give ⅔.
 * @see S. Brandt, Ch. Peyrou, R. Sosnowski, A. Wroblewski, Phys. Lett. 12 (1964) 57;
 *   E. Farhi, Phys. Rev. Lett. 39 (1977) 1587
 */
export function thrust(particles: Particles): Thrust {
  const c = toColumns(particles);
  const n = c.n;
  if (n > THRUST_MAX_PARTICLES) {
    throw new JetsError(
      'JETS_BAD_PARAMETER',
      `thrust is exact and O(N³): at most ${THRUST_MAX_PARTICLES} particles, got ${n}`,
    );
  }
  const { px, py, pz } = c;
  let totalX = 0;
  let totalY = 0;
  let totalZ = 0;
  let sumAbs = 0;
  for (let k = 0; k < n; k++) {
    const x = px[k] as number;
    const y = py[k] as number;
    const z = pz[k] as number;
    totalX += x;
    totalY += y;
    totalZ += z;
    sumAbs += Math.sqrt(x * x + y * y + z * z);
  }
  if (sumAbs === 0) return { thrust: 0, axis: [0, 0, 1] };

  // Best |2 P_S − P_total|² so far and its vector.
  let bestX = totalX;
  let bestY = totalY;
  let bestZ = totalZ;
  let best = totalX * totalX + totalY * totalY + totalZ * totalZ;
  const consider = (sx: number, sy: number, sz: number): void => {
    const x = 2 * sx - totalX;
    const y = 2 * sy - totalY;
    const z = 2 * sz - totalZ;
    const v = x * x + y * y + z * z;
    if (v > best) {
      best = v;
      bestX = x;
      bestY = y;
      bestZ = z;
    }
  };
  const size = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const x = px[k] as number;
    const y = py[k] as number;
    const z = pz[k] as number;
    size[k] = Math.sqrt(x * x + y * y + z * z);
  }
  // Is particle k on the plane with normal (nx, ny, nz) of length nLength, up to rounding?
  const onPlane = (k: number, side: number, nLength: number): boolean =>
    Math.abs(side) <= 1e-12 * nLength * (size[k] as number);

  // The particles of `list` all lie in the plane with normal m; `base` holds the others already
  // assigned to S. Dividing lines in that plane through the origin, turned until they touch a
  // particle p_b, split the list; particles along ±p_b go with or against p_b.
  const boundary = new Int32Array(n);
  const splitPlane = (
    list: Int32Array,
    count: number,
    mx: number,
    my: number,
    mz: number,
    baseX: number,
    baseY: number,
    baseZ: number,
  ): void => {
    for (let u = 0; u < count; u++) {
      const b = list[u] as number;
      if (size[b] === 0) continue;
      const bx = px[b] as number;
      const by = py[b] as number;
      const bz = pz[b] as number;
      const nx = by * mz - bz * my;
      const ny = bz * mx - bx * mz;
      const nz = bx * my - by * mx;
      const nLength = Math.sqrt(nx * nx + ny * ny + nz * nz);
      let sx = baseX;
      let sy = baseY;
      let sz = baseZ;
      let withX = 0;
      let withY = 0;
      let withZ = 0;
      let againstX = 0;
      let againstY = 0;
      let againstZ = 0;
      for (let v = 0; v < count; v++) {
        const k = list[v] as number;
        const kx = px[k] as number;
        const ky = py[k] as number;
        const kz = pz[k] as number;
        const side = kx * nx + ky * ny + kz * nz;
        if (onPlane(k, side, nLength)) {
          if (kx * bx + ky * by + kz * bz > 0) {
            withX += kx;
            withY += ky;
            withZ += kz;
          } else {
            againstX += kx;
            againstY += ky;
            againstZ += kz;
          }
        } else if (side > 0) {
          sx += kx;
          sy += ky;
          sz += kz;
        }
      }
      consider(sx, sy, sz);
      consider(sx + withX, sy + withY, sz + withZ);
      consider(sx + againstX, sy + againstY, sz + againstZ);
      consider(sx + withX + againstX, sy + withY + againstY, sz + withZ + againstZ);
    }
  };

  // The event plane, if there is one: m = p_a × p_k of largest size, p_a the hardest particle.
  let a = 0;
  for (let k = 1; k < n; k++) if ((size[k] as number) > (size[a] as number)) a = k;
  const ax = px[a] as number;
  const ay = py[a] as number;
  const az = pz[a] as number;
  let mx = 0;
  let my = 0;
  let mz = 0;
  let mSize = 0;
  for (let k = 0; k < n; k++) {
    const x = px[k] as number;
    const y = py[k] as number;
    const z = pz[k] as number;
    const cx = ay * z - az * y;
    const cy = az * x - ax * z;
    const cz = ax * y - ay * x;
    const s2 = cx * cx + cy * cy + cz * cz;
    if (s2 > mSize) {
      mSize = s2;
      mx = cx;
      my = cy;
      mz = cz;
    }
  }
  const mLength = Math.sqrt(mSize);
  let planar = true;
  for (let k = 0; k < n && planar; k++) {
    const side = (px[k] as number) * mx + (py[k] as number) * my + (pz[k] as number) * mz;
    if (!onPlane(k, side, mLength)) planar = false;
  }

  if (planar) {
    for (let k = 0; k < n; k++) boundary[k] = k;
    splitPlane(boundary, n, mx, my, mz, 0, 0, 0);
  } else {
    for (let i = 0; i < n; i++) {
      const ix = px[i] as number;
      const iy = py[i] as number;
      const iz = pz[i] as number;
      for (let j = i + 1; j < n; j++) {
        const jx = px[j] as number;
        const jy = py[j] as number;
        const jz = pz[j] as number;
        // Normal of the plane through p_i and p_j.
        const nx = iy * jz - iz * jy;
        const ny = iz * jx - ix * jz;
        const nz = ix * jy - iy * jx;
        const nLength = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (nLength === 0) continue;
        let sx = 0;
        let sy = 0;
        let sz = 0;
        let onBoundary = 0;
        for (let k = 0; k < n; k++) {
          const kx = px[k] as number;
          const ky = py[k] as number;
          const kz = pz[k] as number;
          const side = kx * nx + ky * ny + kz * nz;
          if (k === i || k === j || onPlane(k, side, nLength)) {
            boundary[onBoundary++] = k;
          } else if (side > 0) {
            sx += kx;
            sy += ky;
            sz += kz;
          }
        }
        if (onBoundary === 2) {
          consider(sx, sy, sz);
          consider(sx + ix, sy + iy, sz + iz);
          consider(sx + jx, sy + jy, sz + jz);
          consider(sx + ix + jx, sy + iy + jy, sz + iz + jz);
        } else {
          // More than two particles on the plane: split them within it.
          splitPlane(boundary, onBoundary, nx, ny, nz, sx, sy, sz);
        }
      }
    }
  }
  const length = Math.sqrt(best);
  if (length === 0) return { thrust: 0, axis: [0, 0, 1] };
  return { thrust: length / sumAbs, axis: [bestX / length, bestY / length, bestZ / length] };
}
