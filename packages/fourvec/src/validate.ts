import { FourVectorError } from './errors.js';

/**
 * Rejects a boost velocity outside the open unit ball.
 * @param bx - βx
 * @param by - βy
 * @param bz - βz
 * @param what - names the argument in the message
 * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β| ≥ 1 or β is not finite
 */
export function checkBeta(bx: number, by: number, bz: number, what: string): void {
  const b2 = bx * bx + by * by + bz * bz;
  if (!(b2 < 1)) {
    throw new FourVectorError(
      'INVALID_ARGUMENT',
      `${what}: expected a boost velocity with |β| < 1, got β = (${bx}, ${by}, ${bz}), |β| = ${Math.sqrt(b2)}`,
    );
  }
}

/**
 * Rejects a rest frame that has none: E ≤ |p| (lightlike, spacelike or negative energy).
 * @param x - px
 * @param y - py
 * @param z - pz
 * @param t - E
 * @param what - names the argument in the message
 * @throws {@link FourVectorError} `INVALID_ARGUMENT` when the frame vector is not timelike with E > 0
 */
export function checkFrame(x: number, y: number, z: number, t: number, what: string): void {
  if (!(t > 0 && t * t > x * x + y * y + z * z)) {
    throw new FourVectorError(
      'INVALID_ARGUMENT',
      `${what}: expected a timelike four-vector with E > 0 to define a frame, got (px, py, pz, E) = (${x}, ${y}, ${z}, ${t})`,
    );
  }
}

/**
 * Rejects a zero or non-finite rotation axis.
 * @param ux - axis x
 * @param uy - axis y
 * @param uz - axis z
 * @throws {@link FourVectorError} `INVALID_ARGUMENT` for a zero or non-finite axis
 */
export function checkAxis(ux: number, uy: number, uz: number): void {
  const n2 = ux * ux + uy * uy + uz * uz;
  if (!(n2 > 0 && Number.isFinite(n2))) {
    throw new FourVectorError(
      'INVALID_ARGUMENT',
      `axis: expected a non-zero finite rotation axis, got (${ux}, ${uy}, ${uz})`,
    );
  }
}

/**
 * Rejects a (pt, mass) pair with no real transverse mass: pt² + m|m| < 0.
 * @param pt - transverse momentum, GeV
 * @param mass - signed mass, GeV
 * @throws {@link FourVectorError} `INVALID_ARGUMENT` when a spacelike mass exceeds pt
 */
export function checkTransverseMass(pt: number, mass: number): void {
  if (pt * pt + mass * Math.abs(mass) < 0) {
    throw new FourVectorError(
      'INVALID_ARGUMENT',
      `mass: a spacelike mass ${mass} GeV larger in size than pt = ${pt} GeV has no real rapidity (pt² + m|m| must be ≥ 0)`,
    );
  }
}
