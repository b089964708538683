/**
 * An immutable Lorentz four-vector (px, py, pz, E) in GeV with metric (+,−,−,−).
 *
 * @remarks
 * Conventions follow scikit-hep `vector` and ROOT: φ = atan2(py, px) in (−π, π]; a spacelike
 * vector has negative signed mass, copysign(√|m²|, m²).
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
   * @param px - x component, GeV
   * @param py - y component, GeV
   * @param pz - z component, GeV
   * @param e - energy, GeV
   */
  constructor(px: number, py: number, pz: number, e: number) {
    this.px = px;
    this.py = py;
    this.pz = pz;
    this.e = e;
  }

  /**
   * Makes a vector from Cartesian components.
   * @example `FourVector.fromPxPyPzE(3, 4, 0, 5).pt` is `5`.
   */
  static fromPxPyPzE(px: number, py: number, pz: number, e: number): FourVector {
    return new FourVector(px, py, pz, e);
  }

  /** Transverse momentum √(px² + py²), GeV. */
  get pt(): number {
    return Math.hypot(this.px, this.py);
  }

  /** Azimuth atan2(py, px) in (−π, π]. */
  get phi(): number {
    return Math.atan2(this.py, this.px);
  }

  /** Rapidity ½ ln((E + pz)/(E − pz)). */
  get rapidity(): number {
    return 0.5 * Math.log((this.e + this.pz) / (this.e - this.pz));
  }

  /** Invariant mass squared E² − |p|², GeV². */
  get mass2(): number {
    return this.e * this.e - this.px * this.px - this.py * this.py - this.pz * this.pz;
  }

  /** Signed invariant mass copysign(√|m²|, m²), GeV. */
  get mass(): number {
    const m2 = this.mass2;
    return m2 >= 0 ? Math.sqrt(m2) : -Math.sqrt(-m2);
  }

  /** Sum of two four-vectors. */
  add(other: FourVector): FourVector {
    return new FourVector(
      this.px + other.px,
      this.py + other.py,
      this.pz + other.pz,
      this.e + other.e,
    );
  }
}
