import {
  deltaPhi as deltaPhiOf,
  phi as phiOf,
  pt as ptOf,
  wrapAngle,
} from './compute/azimuthal.js';
import { applyBoost, boostFactors } from './compute/boost.js';
import {
  energyFromMass,
  fromPtRapidityPhiMass,
  momentumFromPtEtaPhi,
} from './compute/construct.js';
import { deltaR2FromDeltas, deltaRFromDeltas } from './compute/deltas.js';
import {
  isLightlike as isLightlikeOf,
  isSpacelike as isSpacelikeOf,
  isTimelike as isTimelikeOf,
} from './compute/lightcone.js';
import {
  beta as betaOf,
  dot as dotOf,
  et as etOf,
  gamma as gammaOf,
  mass2 as mass2Of,
  mass as massOf,
  mt2 as mt2Of,
  mt as mtOf,
  rapidity as rapidityOf,
} from './compute/lorentz.js';
import {
  applyRotation,
  type Rotation3,
  rotationAxis,
  rotationEuler,
  rotationX,
  rotationY,
  rotationZ,
} from './compute/rotation.js';
import {
  deltaAngle as deltaAngleOf,
  eta as etaOf,
  p as pOf,
  theta as thetaOf,
} from './compute/spatial.js';
import type { Vec4 } from './compute/types.js';
import { numberMath as m } from './math.js';
import { checkAxis, checkBeta, checkFrame, checkTransverseMass } from './validate.js';

/** A 3-vector (x, y, z) as a tuple: velocities β⃗ and rotation axes. */
export type Vector3 = readonly [x: number, y: number, z: number];

/** Default relative tolerance of the light-cone predicates: 100 ε, as ROOT's `isLightlike`. */
export const DEFAULT_LIGHTCONE_TOLERANCE = 100 * Number.EPSILON;

function fromVec4(v: Vec4<number>): FourVector {
  return new FourVector(v.x, v.y, v.z, v.t);
}

/**
 * An immutable Lorentz four-vector (px, py, pz, E) in GeV with metric (+,−,−,−).
 *
 * @remarks
 * Conventions follow scikit-hep `vector` and ROOT:
 * - φ = atan2(py, px) in (−π, π]; φ = 0 when px = py = 0.
 * - A spacelike vector has negative signed mass, copysign(√|m²|, m²); a negative mass given to a
 *   constructor means m² = −mass² (spacelike).
 * - η at pt = 0 is +∞ / −∞ by the sign of pz, and 0 for the zero vector.
 * - Δφ is wrapped into [−π, π).
 * - Boosts are active (ROOT `Boost`): a vector at rest boosted by +β⃗ moves along +β⃗.
 * All formulas are the shared ones in `compute/`, also used by {@link FourVectorArray} and the
 * tensor form `@apemen/fourvec/tf`.
 *
 * @example
 * ```ts
 * const v = FourVector.fromPxPyPzE(3, 4, 12, 13.5);
 * v.pt;    // 5
 * v.mass2; // 13.25  (13.5² − 3² − 4² − 12² = 182.25 − 169)
 * ```
 */
export class FourVector {
  /** x component of momentum, GeV. */
  readonly px: number;
  /** y component of momentum, GeV. */
  readonly py: number;
  /** z component of momentum, GeV. */
  readonly pz: number;
  /** Energy, GeV. */
  readonly e: number;

  /**
   * Makes a vector from Cartesian components (same as {@link FourVector.fromPxPyPzE}).
   * @param px - x component, GeV
   * @param py - y component, GeV
   * @param pz - z component, GeV
   * @param e - energy, GeV
   * @example `new FourVector(0, 0, 0, 1).mass` is `1`.
   */
  constructor(px: number, py: number, pz: number, e: number) {
    this.px = px;
    this.py = py;
    this.pz = pz;
    this.e = e;
  }

  /**
   * Makes a vector from Cartesian components.
   * @param px - x component, GeV
   * @param py - y component, GeV
   * @param pz - z component, GeV
   * @param e - energy, GeV
   * @returns the vector
   * @example `FourVector.fromPxPyPzE(3, 4, 0, 5).pt` is `5`.
   */
  static fromPxPyPzE(px: number, py: number, pz: number, e: number): FourVector {
    return new FourVector(px, py, pz, e);
  }

  /**
   * Makes a vector from (x, y, z, t): scikit-hep vector's and ROOT's `SetXYZT` name.
   * @param x - x component, GeV
   * @param y - y component, GeV
   * @param z - z component, GeV
   * @param t - time component (energy), GeV
   * @returns the vector
   * @example `FourVector.fromXYZT(1, 2, 3, 4).e` is `4`.
   */
  static fromXYZT(x: number, y: number, z: number, t: number): FourVector {
    return new FourVector(x, y, z, t);
  }

  /**
   * Makes a vector from transverse momentum, pseudorapidity, azimuth and mass.
   * @param pt - transverse momentum, GeV
   * @param eta - pseudorapidity
   * @param phi - azimuth, radians
   * @param mass - signed mass, GeV
   * @returns the vector with E = √(|p|² + m|m|)
   * @remarks A negative mass means spacelike (m² = −mass²). If |p|² < mass² for a spacelike
   * mass, E is clamped to 0 (scikit-hep vector), so the stored m² is −|p|², not −mass².
   * pt = 0 with η = ±∞ gives pz = NaN (0 · ∞); give such vectors with `fromPxPyPzE`.
   * @example `FourVector.fromPtEtaPhiM(3, 0, 0, 4)` is (3, 0, 0, 5).
   */
  static fromPtEtaPhiM(pt: number, eta: number, phi: number, mass: number): FourVector {
    const out: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    momentumFromPtEtaPhi(m, pt, eta, phi, out);
    out.t = energyFromMass(m, out.x * out.x + out.y * out.y + out.z * out.z, mass);
    return fromVec4(out);
  }

  /**
   * Makes a vector from transverse momentum, pseudorapidity, azimuth and energy.
   * @param pt - transverse momentum, GeV
   * @param eta - pseudorapidity
   * @param phi - azimuth, radians
   * @param e - energy, GeV
   * @returns the vector
   * @example `FourVector.fromPtEtaPhiE(1, 0, Math.PI / 2, 2).py` is `1`.
   */
  static fromPtEtaPhiE(pt: number, eta: number, phi: number, e: number): FourVector {
    const out: Vec4<number> = { x: 0, y: 0, z: 0, t: e };
    momentumFromPtEtaPhi(m, pt, eta, phi, out);
    return fromVec4(out);
  }

  /**
   * Makes a vector from transverse momentum, rapidity, azimuth and mass.
   * @param pt - transverse momentum, GeV
   * @param rapidity - rapidity y
   * @param phi - azimuth, radians
   * @param mass - signed mass, GeV (negative means spacelike)
   * @returns the vector with mT = √(pt² + m|m|), pz = mT sinh y, E = mT cosh y
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when mass < −pt (no real rapidity)
   * @example `FourVector.fromPtRapidityPhiM(3, 0, 0, 4)` is (3, 0, 0, 5).
   */
  static fromPtRapidityPhiM(pt: number, rapidity: number, phi: number, mass: number): FourVector {
    checkTransverseMass(pt, mass);
    const out: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    fromPtRapidityPhiMass(m, pt, rapidity, phi, mass, out);
    return fromVec4(out);
  }

  /** Alias of {@link FourVector.px} (scikit-hep vector's `x`). */
  get x(): number {
    return this.px;
  }
  /** Alias of {@link FourVector.py}. */
  get y(): number {
    return this.py;
  }
  /** Alias of {@link FourVector.pz}. */
  get z(): number {
    return this.pz;
  }
  /** Alias of {@link FourVector.e}. */
  get t(): number {
    return this.e;
  }

  /**
   * Transverse momentum √(px² + py²), GeV.
   * @example `FourVector.fromPxPyPzE(3, 4, 0, 5).pt` is `5`.
   */
  get pt(): number {
    return ptOf(m, this.px, this.py);
  }

  /**
   * Magnitude of the 3-momentum |p|, GeV.
   * @example `FourVector.fromPxPyPzE(1, 2, 2, 5).p` is `3`.
   */
  get p(): number {
    return pOf(m, this.px, this.py, this.pz);
  }

  /**
   * Pseudorapidity η = asinh(pz / pt).
   * @remarks +∞ / −∞ at pt = 0 by the sign of pz; 0 for the zero vector.
   * @example `FourVector.fromPxPyPzE(0, 0, 1, 1).eta` is `Infinity`.
   */
  get eta(): number {
    return etaOf(m, this.px, this.py, this.pz);
  }

  /**
   * Rapidity y = ½ ln((E + pz)/(E − pz)).
   * @remarks ±∞ when E = |pz| ≠ 0 (massless along the beam), 0 when E = pz = 0, NaN when
   * E² < pz² (ROOT and scikit-hep vector give NaN too).
   * @example `FourVector.fromPxPyPzE(0, 0, 3, 5).rapidity` is `Math.log(2)`.
   */
  get rapidity(): number {
    return rapidityOf(m, this.pz, this.e);
  }

  /**
   * Azimuth atan2(py, px) in (−π, π].
   * @remarks 0 when px = py = 0 (ROOT).
   * @example `FourVector.fromPxPyPzE(-1, 0, 0, 1).phi` is `Math.PI`.
   */
  get phi(): number {
    return phiOf(m, this.px, this.py);
  }

  /**
   * Polar angle θ = atan2(pt, pz) in [0, π].
   * @remarks 0 for the zero vector (ROOT).
   * @example `FourVector.fromPxPyPzE(0, 0, -1, 1).theta` is `Math.PI`.
   */
  get theta(): number {
    return thetaOf(m, this.px, this.py, this.pz);
  }

  /**
   * Invariant mass squared E² − |p|², GeV² (negative when spacelike).
   * @example `FourVector.fromPxPyPzE(0, 0, 3, 5).mass2` is `16`.
   */
  get mass2(): number {
    return mass2Of(m, this.px, this.py, this.pz, this.e);
  }

  /**
   * Signed invariant mass copysign(√|m²|, m²), GeV.
   * @remarks Negative for spacelike vectors (scikit-hep vector's τ).
   * @example `FourVector.fromPxPyPzE(0, 0, 5, 3).mass` is `-4`.
   */
  get mass(): number {
    return massOf(m, this.px, this.py, this.pz, this.e);
  }

  /**
   * Transverse mass squared E² − pz² (ROOT's `Mt2`), GeV².
   * @example `FourVector.fromPxPyPzE(3, 0, 4, 10).mt2` is `84`.
   */
  get mt2(): number {
    return mt2Of(m, this.pz, this.e);
  }

  /**
   * Transverse mass √(E² − pz²) (ROOT's `Mt`), GeV.
   * @remarks −√(pz² − E²) when E² < pz², as ROOT.
   * @example `FourVector.fromPxPyPzE(0, 0, 5, 3).mt` is `-4`.
   */
  get mt(): number {
    return mtOf(m, this.pz, this.e);
  }

  /**
   * Transverse energy E · pt / |p| (ROOT's `Et`), GeV.
   * @remarks Has the sign of E; 0 when pt = 0.
   * @example `FourVector.fromPxPyPzE(3, 0, 4, 10).et` is `6`.
   */
  get et(): number {
    return etOf(m, this.px, this.py, this.pz, this.e);
  }

  /**
   * Speed β = |p| / E.
   * @remarks 0 for the zero vector; 1 for lightlike and > 1 for spacelike vectors.
   * @example `FourVector.fromPxPyPzE(0, 0, 3, 5).beta` is `0.6`.
   */
  get beta(): number {
    return betaOf(m, this.px, this.py, this.pz, this.e);
  }

  /**
   * Lorentz factor γ = E / m.
   * @remarks Uses the signed mass (scikit-hep vector): negative for spacelike vectors, ±∞ for
   * lightlike ones, 1 for the zero vector.
   * @example `FourVector.fromPxPyPzE(0, 0, 3, 5).gamma` is `1.25`.
   */
  get gamma(): number {
    return gammaOf(m, this.px, this.py, this.pz, this.e);
  }

  /**
   * Velocity β⃗ = p⃗ / E, the argument that {@link FourVector.boostBeta3} takes.
   * @remarks Components are ±∞ or NaN when E = 0.
   * @example `FourVector.fromPxPyPzE(0, 0, 3, 5).beta3` is `[0, 0, 0.6]`.
   */
  get beta3(): Vector3 {
    return [this.px / this.e, this.py / this.e, this.pz / this.e];
  }

  /**
   * Sum of two four-vectors.
   * @param other - the vector to add
   * @returns this + other
   * @example `a.add(b).mass` is the invariant mass of the pair.
   */
  add(other: FourVector): FourVector {
    return new FourVector(
      this.px + other.px,
      this.py + other.py,
      this.pz + other.pz,
      this.e + other.e,
    );
  }

  /**
   * Difference of two four-vectors.
   * @param other - the vector to subtract
   * @returns this − other
   * @example `a.subtract(a).mass2` is `0`.
   */
  subtract(other: FourVector): FourVector {
    return new FourVector(
      this.px - other.px,
      this.py - other.py,
      this.pz - other.pz,
      this.e - other.e,
    );
  }

  /**
   * Multiplies all four components by a number.
   * @param factor - the scale factor
   * @returns factor · this
   * @remarks m² scales by factor², so the signed mass scales by |factor|; a negative factor
   * also flips the sign of E.
   * @example `FourVector.fromPxPyPzE(0, 0, 0, 1).scale(2).mass` is `2`.
   */
  scale(factor: number): FourVector {
    return new FourVector(this.px * factor, this.py * factor, this.pz * factor, this.e * factor);
  }

  /**
   * Minkowski product E₁E₂ − p⃗₁·p⃗₂ (metric +,−,−,−).
   * @param other - the second vector
   * @returns the product, GeV²
   * @example `v.dot(v)` equals `v.mass2`.
   */
  dot(other: FourVector): number {
    return dotOf(m, this.px, this.py, this.pz, this.e, other.px, other.py, other.pz, other.e);
  }

  /**
   * Azimuthal difference φ − φ_other wrapped into [−π, π).
   * @param other - the second vector
   * @returns Δφ, radians
   * @remarks A difference of exactly π is reported as −π (floored modulo, scikit-hep vector).
   * @example `FourVector.fromPxPyPzE(-1, 0, 0, 1).deltaPhi(FourVector.fromPxPyPzE(1, 0, 0, 1))` is `-Math.PI`.
   */
  deltaPhi(other: FourVector): number {
    return deltaPhiOf(m, this.px, this.py, other.px, other.py);
  }

  /**
   * Pseudorapidity difference η − η_other.
   * @param other - the second vector
   * @returns Δη
   * @remarks NaN when both vectors lie on the beam axis on the same side (∞ − ∞).
   * @example `FourVector.fromPtEtaPhiM(1, 2, 0, 0).deltaEta(FourVector.fromPtEtaPhiM(1, 0.5, 0, 0))` is `1.5` (to rounding).
   */
  deltaEta(other: FourVector): number {
    return this.eta - other.eta;
  }

  /**
   * Squared angular distance Δη² + Δφ².
   * @param other - the second vector
   * @returns ΔR²
   * @example Two vectors with Δη = 0.3 and Δφ = 0.4 have `deltaR2` 0.25.
   */
  deltaR2(other: FourVector): number {
    return deltaR2FromDeltas(m, this.deltaEta(other), this.deltaPhi(other));
  }

  /**
   * Angular distance √(Δη² + Δφ²), with pseudorapidity (scikit-hep vector's `deltaR`).
   * @param other - the second vector
   * @returns ΔR ≥ 0
   * @example Two vectors with Δη = 0.3 and Δφ = 0.4 have `deltaR` 0.5.
   */
  deltaR(other: FourVector): number {
    return deltaRFromDeltas(m, this.deltaEta(other), this.deltaPhi(other));
  }

  /**
   * Angular distance √(Δy² + Δφ²) with rapidity y (the jet-clustering distance).
   * @param other - the second vector
   * @returns ΔR_y ≥ 0
   * @example Two massless vectors with Δy = 0.3 and Δφ = 0.4 have `deltaRapidityPhi` 0.5.
   */
  deltaRapidityPhi(other: FourVector): number {
    return deltaRFromDeltas(m, this.rapidity - other.rapidity, this.deltaPhi(other));
  }

  /**
   * Opening angle between the 3-momenta, in [0, π].
   * @param other - the second vector
   * @returns the angle, radians
   * @remarks atan2(|p⃗₁ × p⃗₂|, p⃗₁·p⃗₂): ROOT's `Angle` without acos's loss of precision near 0 and
   * π. 0 when either 3-momentum is zero.
   * @example (1, 0, 0, ·) and (0, 1, 0, ·) are `Math.PI / 2` apart.
   */
  deltaAngle(other: FourVector): number {
    return deltaAngleOf(m, this.px, this.py, this.pz, other.px, other.py, other.pz);
  }

  /** Applies a rotation matrix to the 3-momentum. */
  private rotated(r: Rotation3<number>): FourVector {
    const out: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    applyRotation(m, r, this.px, this.py, this.pz, this.e, out);
    return fromVec4(out);
  }

  /**
   * Rotates the 3-momentum about the x axis (right-handed: y → z).
   * @param angle - radians
   * @returns the rotated vector; E unchanged
   * @example `FourVector.fromPxPyPzE(0, 1, 0, 1).rotateX(Math.PI / 2)` is (0, 0, 1, 1) to rounding.
   */
  rotateX(angle: number): FourVector {
    return this.rotated(rotationX(m, angle));
  }

  /**
   * Rotates the 3-momentum about the y axis (right-handed: z → x).
   * @param angle - radians
   * @returns the rotated vector; E unchanged
   * @example `FourVector.fromPxPyPzE(0, 0, 1, 1).rotateY(Math.PI / 2)` is (1, 0, 0, 1) to rounding.
   */
  rotateY(angle: number): FourVector {
    return this.rotated(rotationY(m, angle));
  }

  /**
   * Rotates the 3-momentum about the z axis (right-handed: x → y); φ increases by `angle`.
   * @param angle - radians
   * @returns the rotated vector; E unchanged
   * @example `FourVector.fromPxPyPzE(1, 0, 0, 1).rotateZ(Math.PI / 2)` is (0, 1, 0, 1) to rounding.
   */
  rotateZ(angle: number): FourVector {
    return this.rotated(rotationZ(m, angle));
  }

  /**
   * Rotates the 3-momentum right-handedly by `angle` about `axis` (ROOT's `Rotate(angle, axis)`).
   * @param axis - rotation axis, any non-zero length
   * @param angle - radians
   * @returns the rotated vector; E unchanged
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` for a zero or non-finite axis
   * @example `v.rotateAxis([0, 0, 1], a)` equals `v.rotateZ(a)`.
   */
  rotateAxis(axis: Vector3, angle: number): FourVector {
    checkAxis(axis[0], axis[1], axis[2]);
    return this.rotated(rotationAxis(m, axis[0], axis[1], axis[2], angle));
  }

  /**
   * Rotates the 3-momentum by Euler angles in ROOT's `Math::EulerAngles` convention (Goldstein
   * ZXZ: φ about z, θ about the new x, ψ about the new z).
   * @param phi - first angle, radians
   * @param theta - second angle, radians
   * @param psi - third angle, radians
   * @returns the rotated vector; E unchanged
   * @remarks Goldstein's matrix rotates the axes, so the vector turns the other way:
   * `rotateEuler(φ, 0, 0)` equals `rotateZ(−φ)`, and `rotateEuler(0, θ, 0)` equals `rotateX(−θ)`.
   * @example `FourVector.fromPxPyPzE(1, 0, 0, 1).rotateEuler(Math.PI / 2, 0, 0)` is (0, −1, 0, 1).
   */
  rotateEuler(phi: number, theta: number, psi: number): FourVector {
    return this.rotated(rotationEuler(m, phi, theta, psi));
  }

  /**
   * Boosts by velocity β⃗ (active: a vector at rest ends up moving along +β⃗).
   * @param beta3 - the boost velocity, |β⃗| < 1
   * @returns the boosted vector
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β⃗| ≥ 1 or β⃗ is not finite
   * @remarks ROOT `TLorentzVector::Boost` / scikit-hep `boost_beta3`. m² is invariant.
   * @example `FourVector.fromPxPyPzE(0, 0, 0, 1).boostBeta3([0, 0, 0.6])` is (0, 0, 0.75, 1.25).
   */
  boostBeta3(beta3: Vector3): FourVector {
    const [bx, by, bz] = beta3;
    checkBeta(bx, by, bz, 'beta3');
    const f = boostFactors(m, bx, by, bz);
    const out: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    applyBoost(m, this.px, this.py, this.pz, this.e, bx, by, bz, f.gamma, f.k, out);
    return fromVec4(out);
  }

  /**
   * Boosts along x by speed β.
   * @param beta - signed speed, |β| < 1
   * @returns the boosted vector
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β| ≥ 1
   * @example `FourVector.fromPxPyPzE(0, 0, 0, 1).boostX(0.6)` is (0.75, 0, 0, 1.25).
   */
  boostX(beta: number): FourVector {
    return this.boostBeta3([beta, 0, 0]);
  }

  /**
   * Boosts along y by speed β.
   * @param beta - signed speed, |β| < 1
   * @returns the boosted vector
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β| ≥ 1
   * @example `FourVector.fromPxPyPzE(0, 0, 0, 1).boostY(0.6)` is (0, 0.75, 0, 1.25).
   */
  boostY(beta: number): FourVector {
    return this.boostBeta3([0, beta, 0]);
  }

  /**
   * Boosts along z by speed β.
   * @param beta - signed speed, |β| < 1
   * @returns the boosted vector
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β| ≥ 1
   * @example `FourVector.fromPxPyPzE(0, 0, 0, 1).boostZ(0.6)` is (0, 0, 0.75, 1.25).
   */
  boostZ(beta: number): FourVector {
    return this.boostBeta3([0, 0, beta]);
  }

  /**
   * Boosts by the velocity of `frame`, β⃗ = p⃗/E (scikit-hep vector `boost_p4`): takes a vector
   * from the rest frame of `frame` to the frame in which `frame` is measured.
   * @param frame - a timelike four-vector with E > 0
   * @returns the boosted vector
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when `frame` is not timelike with E > 0
   * @example `FourVector.fromPxPyPzE(0, 0, 0, 4).boostP4(FourVector.fromPxPyPzE(0, 0, 3, 5))` is (0, 0, 3, 5).
   */
  boostP4(frame: FourVector): FourVector {
    checkFrame(frame.px, frame.py, frame.pz, frame.e, 'frame');
    return this.boostBeta3(frame.beta3);
  }

  /**
   * Boosts into the rest frame (centre-of-mass frame) of `frame`, by −β⃗ of `frame`
   * (scikit-hep vector `boostCM_of`).
   * @param frame - a timelike four-vector with E > 0
   * @returns the vector as seen in the rest frame of `frame`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when `frame` is not timelike with E > 0
   * @remarks `p.boostCMOf(p)` has zero 3-momentum and E = p.mass (to rounding).
   * @example `FourVector.fromPxPyPzE(0, 0, 3, 5).boostCMOf(FourVector.fromPxPyPzE(0, 0, 3, 5))` is (0, 0, 0, 4).
   */
  boostCMOf(frame: FourVector): FourVector {
    checkFrame(frame.px, frame.py, frame.pz, frame.e, 'frame');
    const [bx, by, bz] = frame.beta3;
    return this.boostBeta3([-bx, -by, -bz]);
  }

  /**
   * Whether m² > tol · (E² + |p|²).
   * @param tolerance - relative tolerance
   * @defaultValue tolerance: {@link DEFAULT_LIGHTCONE_TOLERANCE} (100 ε)
   * @returns true for vectors inside the light cone beyond the tolerance band
   * @remarks The band is relative because rounding makes m² of a massless vector of order ε·E².
   * Exactly one of isTimelike, isSpacelike, isLightlike is true (for finite components).
   * @example `FourVector.fromPxPyPzE(0, 0, 0, 1).isTimelike()` is `true`.
   */
  isTimelike(tolerance: number = DEFAULT_LIGHTCONE_TOLERANCE): boolean {
    return isTimelikeOf(m, this.px, this.py, this.pz, this.e, tolerance);
  }

  /**
   * Whether m² < −tol · (E² + |p|²).
   * @param tolerance - relative tolerance
   * @defaultValue tolerance: {@link DEFAULT_LIGHTCONE_TOLERANCE} (100 ε)
   * @returns true for vectors outside the light cone beyond the tolerance band
   * @example `FourVector.fromPxPyPzE(0, 0, 2, 1).isSpacelike()` is `true`.
   */
  isSpacelike(tolerance: number = DEFAULT_LIGHTCONE_TOLERANCE): boolean {
    return isSpacelikeOf(m, this.px, this.py, this.pz, this.e, tolerance);
  }

  /**
   * Whether |m²| ≤ tol · (E² + |p|²).
   * @param tolerance - relative tolerance
   * @defaultValue tolerance: {@link DEFAULT_LIGHTCONE_TOLERANCE} (100 ε)
   * @returns true for vectors on the light cone within the band; the zero vector is lightlike
   * @example `FourVector.fromPtEtaPhiM(7, 1.3, 0.2, 0).isLightlike()` is `true`.
   */
  isLightlike(tolerance: number = DEFAULT_LIGHTCONE_TOLERANCE): boolean {
    return isLightlikeOf(m, this.px, this.py, this.pz, this.e, tolerance);
  }

  /**
   * A readable form with the Cartesian components.
   * @returns `FourVector(px=…, py=…, pz=…, E=…)`
   * @example `FourVector.fromPxPyPzE(1, 2, 3, 4).toString()` is `'FourVector(px=1, py=2, pz=3, E=4)'`.
   */
  toString(): string {
    return `FourVector(px=${this.px}, py=${this.py}, pz=${this.pz}, E=${this.e})`;
  }
}

/**
 * Wraps any angle into [−π, π) (the Δφ convention).
 * @param angle - radians
 * @returns angle − 2πk in [−π, π)
 * @example `wrapPhi(3 * Math.PI / 2)` is `-Math.PI / 2`.
 */
export function wrapPhi(angle: number): number {
  return wrapAngle(m, angle);
}
