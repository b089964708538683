import type { MathLib } from '../math.js';
import type { Vec4 } from './types.js';

/** A 3×3 rotation matrix, row-major: `xy` is row x, column y. Constant entries may be numbers. */
export interface Rotation3<T> {
  xx: T | number;
  xy: T | number;
  xz: T | number;
  yx: T | number;
  yy: T | number;
  yz: T | number;
  zx: T | number;
  zy: T | number;
  zz: T | number;
}

/**
 * Rotation by `angle` about the x axis (right-handed: y → z).
 * @param m - math library
 * @param angle - radians
 * @returns the matrix
 * @example `rotationX(numberMath, Math.PI / 2)` maps (0, 1, 0) to (0, 0, 1).
 */
export function rotationX<T, B>(m: MathLib<T, B>, angle: T | number): Rotation3<T> {
  const c = m.cos(angle);
  const s = m.sin(angle);
  return { xx: 1, xy: 0, xz: 0, yx: 0, yy: c, yz: m.neg(s), zx: 0, zy: s, zz: c };
}

/**
 * Rotation by `angle` about the y axis (right-handed: z → x).
 * @param m - math library
 * @param angle - radians
 * @returns the matrix
 * @example `rotationY(numberMath, Math.PI / 2)` maps (0, 0, 1) to (1, 0, 0).
 */
export function rotationY<T, B>(m: MathLib<T, B>, angle: T | number): Rotation3<T> {
  const c = m.cos(angle);
  const s = m.sin(angle);
  return { xx: c, xy: 0, xz: s, yx: 0, yy: 1, yz: 0, zx: m.neg(s), zy: 0, zz: c };
}

/**
 * Rotation by `angle` about the z axis (right-handed: x → y).
 * @param m - math library
 * @param angle - radians
 * @returns the matrix
 * @example `rotationZ(numberMath, Math.PI / 2)` maps (1, 0, 0) to (0, 1, 0).
 */
export function rotationZ<T, B>(m: MathLib<T, B>, angle: T | number): Rotation3<T> {
  const c = m.cos(angle);
  const s = m.sin(angle);
  return { xx: c, xy: m.neg(s), xz: 0, yx: s, yy: c, yz: 0, zx: 0, zy: 0, zz: 1 };
}

/**
 * Right-handed rotation by `angle` about the axis (ux, uy, uz) (Rodrigues' formula; ROOT's
 * `TVector3::Rotate(angle, axis)`).
 * @param m - math library
 * @param ux - axis x (any length > 0; normalised here)
 * @param uy - axis y
 * @param uz - axis z
 * @param angle - radians
 * @returns the matrix; NaN entries for a zero axis (callers that can throw check first)
 * @example `rotationAxis(numberMath, 0, 0, 2, a)` equals `rotationZ(numberMath, a)`.
 */
export function rotationAxis<T, B>(
  m: MathLib<T, B>,
  ux: T | number,
  uy: T | number,
  uz: T | number,
  angle: T | number,
): Rotation3<T> {
  const n = m.sqrt(m.add(m.add(m.mul(ux, ux), m.mul(uy, uy)), m.mul(uz, uz)));
  const x = m.div(ux, n);
  const y = m.div(uy, n);
  const z = m.div(uz, n);
  const c = m.cos(angle);
  const s = m.sin(angle);
  const v = m.sub(1, c);
  return {
    xx: m.add(c, m.mul(m.mul(x, x), v)),
    xy: m.sub(m.mul(m.mul(x, y), v), m.mul(z, s)),
    xz: m.add(m.mul(m.mul(x, z), v), m.mul(y, s)),
    yx: m.add(m.mul(m.mul(y, x), v), m.mul(z, s)),
    yy: m.add(c, m.mul(m.mul(y, y), v)),
    yz: m.sub(m.mul(m.mul(y, z), v), m.mul(x, s)),
    zx: m.sub(m.mul(m.mul(z, x), v), m.mul(y, s)),
    zy: m.add(m.mul(m.mul(z, y), v), m.mul(x, s)),
    zz: m.add(c, m.mul(m.mul(z, z), v)),
  };
}

/**
 * Rotation from Euler angles in ROOT's `Math::EulerAngles` convention (Goldstein ZXZ).
 * @param m - math library
 * @param phi - first angle, about z
 * @param theta - second angle, about the new x
 * @param psi - third angle, about the new z
 * @returns the matrix of Goldstein eq. 4-46, as ROOT's `convert(EulerAngles, Rotation3D)`
 * @remarks Goldstein's matrix describes a change of axes, so `(φ, 0, 0)` equals a rotation of
 * the vector by −φ about z: `rotationEuler(m, φ, 0, 0)` = `rotationZ(m, −φ)`.
 * @example `rotationEuler(numberMath, 0, 0, 0)` is the identity.
 */
export function rotationEuler<T, B>(
  m: MathLib<T, B>,
  phi: T | number,
  theta: T | number,
  psi: T | number,
): Rotation3<T> {
  const sPhi = m.sin(phi);
  const cPhi = m.cos(phi);
  const sTheta = m.sin(theta);
  const cTheta = m.cos(theta);
  const sPsi = m.sin(psi);
  const cPsi = m.cos(psi);
  return {
    xx: m.sub(m.mul(cPsi, cPhi), m.mul(m.mul(sPsi, cTheta), sPhi)),
    xy: m.add(m.mul(cPsi, sPhi), m.mul(m.mul(sPsi, cTheta), cPhi)),
    xz: m.mul(sPsi, sTheta),
    yx: m.sub(m.neg(m.mul(sPsi, cPhi)), m.mul(m.mul(cPsi, cTheta), sPhi)),
    yy: m.add(m.neg(m.mul(sPsi, sPhi)), m.mul(m.mul(cPsi, cTheta), cPhi)),
    yz: m.mul(cPsi, sTheta),
    zx: m.mul(sTheta, sPhi),
    zy: m.neg(m.mul(sTheta, cPhi)),
    zz: cTheta,
  };
}

/**
 * Applies a rotation to the 3-momentum of (x, y, z, t); E is unchanged.
 * @param m - math library
 * @param r - the matrix
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @param out - receives the rotated components (may be reused; inputs are read first)
 * @example `applyRotation(numberMath, rotationZ(numberMath, Math.PI / 2), 1, 0, 0, 1, out)`
 * writes (0, 1, 0, 1) up to rounding.
 */
export function applyRotation<T, B>(
  m: MathLib<T, B>,
  r: Rotation3<T>,
  x: T,
  y: T,
  z: T,
  t: T,
  out: Vec4<T>,
): void {
  const nx = m.add(m.add(m.mul(r.xx, x), m.mul(r.xy, y)), m.mul(r.xz, z));
  const ny = m.add(m.add(m.mul(r.yx, x), m.mul(r.yy, y)), m.mul(r.yz, z));
  const nz = m.add(m.add(m.mul(r.zx, x), m.mul(r.zy, y)), m.mul(r.zz, z));
  out.x = nx;
  out.y = ny;
  out.z = nz;
  out.t = t;
}
