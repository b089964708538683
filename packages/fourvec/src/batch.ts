import { deltaPhi as deltaPhiOf, phi as phiOf, pt as ptOf } from './compute/azimuthal.js';
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
import { FourVectorError } from './errors.js';
import { numberMath as m } from './math.js';
import { checkAxis, checkBeta, checkFrame, checkTransverseMass } from './validate.js';
import { DEFAULT_LIGHTCONE_TOLERANCE, FourVector, type Vector3 } from './vector.js';

/** Index lists accepted by set sums: any array-like of non-negative integers. */
export type IndexList = ArrayLike<number>;

function outputColumn(n: number, out: Float64Array | undefined, what: string): Float64Array {
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) {
    throw new FourVectorError(
      'LENGTH_MISMATCH',
      `${what}: output has length ${out.length}, expected ${n}`,
    );
  }
  return out;
}

function outputFlags(n: number, out: Uint8Array | undefined, what: string): Uint8Array {
  if (out === undefined) return new Uint8Array(n);
  if (out.length !== n) {
    throw new FourVectorError(
      'LENGTH_MISMATCH',
      `${what}: output has length ${out.length}, expected ${n}`,
    );
  }
  return out;
}

function checkIndex(index: number, n: number, what: string): void {
  if (!(Number.isInteger(index) && index >= 0 && index < n)) {
    throw new FourVectorError(
      'INDEX_OUT_OF_RANGE',
      `${what}: index ${index} is not an integer in [0, ${n})`,
    );
  }
}

/**
 * n four-vectors in structure-of-arrays form: four `Float64Array` columns px, py, pz, e.
 *
 * @remarks
 * Every quantity uses the same formulas as {@link FourVector} (the shared `compute/` functions
 * over plain numbers), so both forms agree to the last bit. Quantities are written into a
 * caller-provided `Float64Array` (allocated when omitted); transformations write into `out`, which
 * may be `this` for in-place work, and are allocation-free inside the loop (one scratch record is
 * reused). Conventions and edge cases are those of {@link FourVector}.
 *
 * @example
 * ```ts
 * const jets = FourVectorArray.fromVectors([
 *   FourVector.fromPxPyPzE(0, 0, 3, 5),
 *   FourVector.fromPxPyPzE(0, 0, -3, 5),
 * ]);
 * jets.mass();                 // Float64Array [4, 4]
 * jets.invariantMassOfSets([0, 2]); // Float64Array [10]
 * jets.boostZ(0.6, jets);      // in place
 * ```
 */
export class FourVectorArray {
  /** Number of vectors. */
  readonly length: number;
  /** x components of momentum, GeV. */
  readonly px: Float64Array;
  /** y components of momentum, GeV. */
  readonly py: Float64Array;
  /** z components of momentum, GeV. */
  readonly pz: Float64Array;
  /** Energies, GeV. */
  readonly e: Float64Array;

  /**
   * Wraps four columns of equal length (not copied).
   * @param px - x components, GeV
   * @param py - y components, GeV
   * @param pz - z components, GeV
   * @param e - energies, GeV
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` when the columns differ in length
   * @example `new FourVectorArray(px, py, pz, e)` views the four arrays as vectors.
   */
  constructor(px: Float64Array, py: Float64Array, pz: Float64Array, e: Float64Array) {
    const n = px.length;
    if (py.length !== n || pz.length !== n || e.length !== n) {
      throw new FourVectorError(
        'LENGTH_MISMATCH',
        `columns: px, py, pz, e must have equal lengths, got ${px.length}, ${py.length}, ${pz.length}, ${e.length}`,
      );
    }
    this.length = n;
    this.px = px;
    this.py = py;
    this.pz = pz;
    this.e = e;
  }

  /**
   * n zero vectors.
   * @param n - number of vectors
   * @returns a new batch with fresh columns
   * @example `FourVectorArray.zeros(3).length` is `3`.
   */
  static zeros(n: number): FourVectorArray {
    return new FourVectorArray(
      new Float64Array(n),
      new Float64Array(n),
      new Float64Array(n),
      new Float64Array(n),
    );
  }

  /**
   * Copies value-type vectors into a new batch.
   * @param vectors - the vectors
   * @returns a batch of the same length
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(1, 0, 0, 2)]).px[0]` is `1`.
   */
  static fromVectors(vectors: readonly FourVector[]): FourVectorArray {
    const out = FourVectorArray.zeros(vectors.length);
    vectors.forEach((v, i) => {
      out.set(i, v);
    });
    return out;
  }

  /**
   * Makes a batch from (pt, η, φ, m) columns; see {@link FourVector.fromPtEtaPhiM}.
   * @param pt - transverse momenta, GeV
   * @param eta - pseudorapidities
   * @param phi - azimuths, radians
   * @param mass - signed masses, GeV (negative means spacelike)
   * @returns a new batch
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` when the columns differ in length
   * @example `FourVectorArray.fromPtEtaPhiM([3], [0], [0], [4]).e[0]` is `5`.
   */
  static fromPtEtaPhiM(
    pt: ArrayLike<number>,
    eta: ArrayLike<number>,
    phi: ArrayLike<number>,
    mass: ArrayLike<number>,
  ): FourVectorArray {
    const n = sameLength([pt, eta, phi, mass], 'fromPtEtaPhiM');
    const out = FourVectorArray.zeros(n);
    const v: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    for (let i = 0; i < n; i++) {
      momentumFromPtEtaPhi(m, pt[i]!, eta[i]!, phi[i]!, v);
      v.t = energyFromMass(m, v.x * v.x + v.y * v.y + v.z * v.z, mass[i]!);
      out.write(i, v);
    }
    return out;
  }

  /**
   * Makes a batch from (pt, η, φ, E) columns; see {@link FourVector.fromPtEtaPhiE}.
   * @param pt - transverse momenta, GeV
   * @param eta - pseudorapidities
   * @param phi - azimuths, radians
   * @param e - energies, GeV
   * @returns a new batch
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` when the columns differ in length
   * @example `FourVectorArray.fromPtEtaPhiE([1], [0], [0], [2]).px[0]` is `1`.
   */
  static fromPtEtaPhiE(
    pt: ArrayLike<number>,
    eta: ArrayLike<number>,
    phi: ArrayLike<number>,
    e: ArrayLike<number>,
  ): FourVectorArray {
    const n = sameLength([pt, eta, phi, e], 'fromPtEtaPhiE');
    const out = FourVectorArray.zeros(n);
    const v: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    for (let i = 0; i < n; i++) {
      momentumFromPtEtaPhi(m, pt[i]!, eta[i]!, phi[i]!, v);
      v.t = e[i]!;
      out.write(i, v);
    }
    return out;
  }

  /**
   * Makes a batch from (pt, y, φ, m) columns; see {@link FourVector.fromPtRapidityPhiM}.
   * @param pt - transverse momenta, GeV
   * @param rapidity - rapidities
   * @param phi - azimuths, radians
   * @param mass - signed masses, GeV
   * @returns a new batch
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal columns; `INVALID_ARGUMENT`
   * when some mass < −pt
   * @example `FourVectorArray.fromPtRapidityPhiM([3], [0], [0], [4]).e[0]` is `5`.
   */
  static fromPtRapidityPhiM(
    pt: ArrayLike<number>,
    rapidity: ArrayLike<number>,
    phi: ArrayLike<number>,
    mass: ArrayLike<number>,
  ): FourVectorArray {
    const n = sameLength([pt, rapidity, phi, mass], 'fromPtRapidityPhiM');
    const out = FourVectorArray.zeros(n);
    const v: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    for (let i = 0; i < n; i++) {
      checkTransverseMass(pt[i]!, mass[i]!);
      fromPtRapidityPhiMass(m, pt[i]!, rapidity[i]!, phi[i]!, mass[i]!, v);
      out.write(i, v);
    }
    return out;
  }

  /**
   * The i-th vector as a value.
   * @param i - index in [0, length)
   * @returns a new {@link FourVector}
   * @throws {@link FourVectorError} `INDEX_OUT_OF_RANGE` for a bad index
   * @example `batch.get(0).mass`
   */
  get(i: number): FourVector {
    checkIndex(i, this.length, 'get');
    return new FourVector(this.px[i]!, this.py[i]!, this.pz[i]!, this.e[i]!);
  }

  /**
   * Stores a value-type vector at index i.
   * @param i - index in [0, length)
   * @param v - the vector
   * @throws {@link FourVectorError} `INDEX_OUT_OF_RANGE` for a bad index
   * @example `batch.set(0, FourVector.fromPxPyPzE(0, 0, 0, 1))`
   */
  set(i: number, v: FourVector): void {
    checkIndex(i, this.length, 'set');
    this.px[i] = v.px;
    this.py[i] = v.py;
    this.pz[i] = v.pz;
    this.e[i] = v.e;
  }

  /**
   * Copies the vectors out as values.
   * @returns an array of {@link FourVector}
   * @example `FourVectorArray.zeros(2).toVectors().length` is `2`.
   */
  toVectors(): FourVector[] {
    const out: FourVector[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.get(i));
    return out;
  }

  private write(i: number, v: Vec4<number>): void {
    this.px[i] = v.x;
    this.py[i] = v.y;
    this.pz[i] = v.z;
    this.e[i] = v.t;
  }

  private target(out: FourVectorArray | undefined, what: string): FourVectorArray {
    if (out === undefined) return FourVectorArray.zeros(this.length);
    if (out.length !== this.length) {
      throw new FourVectorError(
        'LENGTH_MISMATCH',
        `${what}: output batch has length ${out.length}, expected ${this.length}`,
      );
    }
    return out;
  }

  private partner(other: FourVectorArray, what: string): void {
    if (other.length !== this.length) {
      throw new FourVectorError(
        'LENGTH_MISMATCH',
        `${what}: other batch has length ${other.length}, expected ${this.length}`,
      );
    }
  }

  /**
   * Transverse momenta; see {@link FourVector.pt}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(3, 4, 0, 5)]).pt()` is `[5]`.
   */
  pt(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'pt');
    const { px, py } = this;
    for (let i = 0; i < this.length; i++) r[i] = ptOf(m, px[i]!, py[i]!);
    return r;
  }

  /**
   * 3-momentum magnitudes; see {@link FourVector.p}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(1, 2, 2, 5)]).p()` is `[3]`.
   */
  p(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'p');
    const { px, py, pz } = this;
    for (let i = 0; i < this.length; i++) r[i] = pOf(m, px[i]!, py[i]!, pz[i]!);
    return r;
  }

  /**
   * Pseudorapidities; see {@link FourVector.eta} for the pt = 0 edge cases.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 1, 1)]).eta()` is `[Infinity]`.
   */
  eta(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'eta');
    const { px, py, pz } = this;
    for (let i = 0; i < this.length; i++) r[i] = etaOf(m, px[i]!, py[i]!, pz[i]!);
    return r;
  }

  /**
   * Rapidities; see {@link FourVector.rapidity} for the edge cases.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 3, 5)]).rapidity()` is `[ln 2]`.
   */
  rapidity(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'rapidity');
    const { pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = rapidityOf(m, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Azimuths in (−π, π]; see {@link FourVector.phi}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 1, 0, 1)]).phi()` is `[π/2]`.
   */
  phi(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'phi');
    const { px, py } = this;
    for (let i = 0; i < this.length; i++) r[i] = phiOf(m, px[i]!, py[i]!);
    return r;
  }

  /**
   * Polar angles in [0, π]; see {@link FourVector.theta}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(1, 0, 0, 1)]).theta()` is `[π/2]`.
   */
  theta(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'theta');
    const { px, py, pz } = this;
    for (let i = 0; i < this.length; i++) r[i] = thetaOf(m, px[i]!, py[i]!, pz[i]!);
    return r;
  }

  /**
   * Invariant masses squared; see {@link FourVector.mass2}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 3, 5)]).mass2()` is `[16]`.
   */
  mass2(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'mass2');
    const { px, py, pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = mass2Of(m, px[i]!, py[i]!, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Signed invariant masses; see {@link FourVector.mass}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 5, 3)]).mass()` is `[-4]`.
   */
  mass(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'mass');
    const { px, py, pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = massOf(m, px[i]!, py[i]!, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Transverse masses squared E² − pz²; see {@link FourVector.mt2}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(3, 0, 4, 10)]).mt2()` is `[84]`.
   */
  mt2(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'mt2');
    const { pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = mt2Of(m, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Signed transverse masses (ROOT `Mt`); see {@link FourVector.mt}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 5, 3)]).mt()` is `[-4]`.
   */
  mt(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'mt');
    const { pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = mtOf(m, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Transverse energies (ROOT `Et`); see {@link FourVector.et}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(3, 0, 4, 10)]).et()` is `[6]`.
   */
  et(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'et');
    const { px, py, pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = etOf(m, px[i]!, py[i]!, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Speeds |p|/E; see {@link FourVector.beta}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 3, 5)]).beta()` is `[0.6]`.
   */
  beta(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'beta');
    const { px, py, pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = betaOf(m, px[i]!, py[i]!, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Lorentz factors E/m; see {@link FourVector.gamma}.
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 3, 5)]).gamma()` is `[1.25]`.
   */
  gamma(out?: Float64Array): Float64Array {
    const r = outputColumn(this.length, out, 'gamma');
    const { px, py, pz, e } = this;
    for (let i = 0; i < this.length; i++) r[i] = gammaOf(m, px[i]!, py[i]!, pz[i]!, e[i]!);
    return r;
  }

  /**
   * Minkowski products with the vectors of `other`, index by index.
   * @param other - a batch of the same length
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.dot(a)` equals `a.mass2()`.
   */
  dot(other: FourVectorArray, out?: Float64Array): Float64Array {
    this.partner(other, 'dot');
    const r = outputColumn(this.length, out, 'dot');
    for (let i = 0; i < this.length; i++) {
      r[i] = dotOf(
        m,
        this.px[i]!,
        this.py[i]!,
        this.pz[i]!,
        this.e[i]!,
        other.px[i]!,
        other.py[i]!,
        other.pz[i]!,
        other.e[i]!,
      );
    }
    return r;
  }

  /**
   * Δφ in [−π, π) to the vectors of `other`; see {@link FourVector.deltaPhi}.
   * @param other - a batch of the same length
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.deltaPhi(b)[i]` equals `a.get(i).deltaPhi(b.get(i))`.
   */
  deltaPhi(other: FourVectorArray, out?: Float64Array): Float64Array {
    this.partner(other, 'deltaPhi');
    const r = outputColumn(this.length, out, 'deltaPhi');
    for (let i = 0; i < this.length; i++) {
      r[i] = deltaPhiOf(m, this.px[i]!, this.py[i]!, other.px[i]!, other.py[i]!);
    }
    return r;
  }

  /**
   * Δη to the vectors of `other`; see {@link FourVector.deltaEta}.
   * @param other - a batch of the same length
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.deltaEta(b)[i]` equals `a.get(i).deltaEta(b.get(i))`.
   */
  deltaEta(other: FourVectorArray, out?: Float64Array): Float64Array {
    this.partner(other, 'deltaEta');
    const r = outputColumn(this.length, out, 'deltaEta');
    for (let i = 0; i < this.length; i++) r[i] = this.etaAt(i) - other.etaAt(i);
    return r;
  }

  /**
   * ΔR² = Δη² + Δφ² to the vectors of `other`.
   * @param other - a batch of the same length
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.deltaR2(b)[i]` equals `a.get(i).deltaR2(b.get(i))`.
   */
  deltaR2(other: FourVectorArray, out?: Float64Array): Float64Array {
    this.partner(other, 'deltaR2');
    const r = outputColumn(this.length, out, 'deltaR2');
    for (let i = 0; i < this.length; i++) {
      r[i] = deltaR2FromDeltas(m, this.etaAt(i) - other.etaAt(i), this.deltaPhiAt(other, i));
    }
    return r;
  }

  /**
   * ΔR = √(Δη² + Δφ²) to the vectors of `other`.
   * @param other - a batch of the same length
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.deltaR(b)[i]` equals `a.get(i).deltaR(b.get(i))`.
   */
  deltaR(other: FourVectorArray, out?: Float64Array): Float64Array {
    this.partner(other, 'deltaR');
    const r = outputColumn(this.length, out, 'deltaR');
    for (let i = 0; i < this.length; i++) {
      r[i] = deltaRFromDeltas(m, this.etaAt(i) - other.etaAt(i), this.deltaPhiAt(other, i));
    }
    return r;
  }

  /**
   * √(Δy² + Δφ²) with rapidity y to the vectors of `other`.
   * @param other - a batch of the same length
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.deltaRapidityPhi(b)[i]` equals `a.get(i).deltaRapidityPhi(b.get(i))`.
   */
  deltaRapidityPhi(other: FourVectorArray, out?: Float64Array): Float64Array {
    this.partner(other, 'deltaRapidityPhi');
    const r = outputColumn(this.length, out, 'deltaRapidityPhi');
    for (let i = 0; i < this.length; i++) {
      const dy = rapidityOf(m, this.pz[i]!, this.e[i]!) - rapidityOf(m, other.pz[i]!, other.e[i]!);
      r[i] = deltaRFromDeltas(m, dy, this.deltaPhiAt(other, i));
    }
    return r;
  }

  /**
   * Opening angles between 3-momenta; see {@link FourVector.deltaAngle}.
   * @param other - a batch of the same length
   * @param out - receives n values
   * @defaultValue out: a new Float64Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.deltaAngle(b)[i]` equals `a.get(i).deltaAngle(b.get(i))`.
   */
  deltaAngle(other: FourVectorArray, out?: Float64Array): Float64Array {
    this.partner(other, 'deltaAngle');
    const r = outputColumn(this.length, out, 'deltaAngle');
    for (let i = 0; i < this.length; i++) {
      r[i] = deltaAngleOf(
        m,
        this.px[i]!,
        this.py[i]!,
        this.pz[i]!,
        other.px[i]!,
        other.py[i]!,
        other.pz[i]!,
      );
    }
    return r;
  }

  private etaAt(i: number): number {
    return etaOf(m, this.px[i]!, this.py[i]!, this.pz[i]!);
  }

  private deltaPhiAt(other: FourVectorArray, i: number): number {
    return deltaPhiOf(m, this.px[i]!, this.py[i]!, other.px[i]!, other.py[i]!);
  }

  /**
   * Light-cone classes: 1 where m² > tol·(E² + |p|²), else 0; see {@link FourVector.isTimelike}.
   * @param tolerance - relative tolerance
   * @param out - receives n flags
   * @defaultValue tolerance: {@link DEFAULT_LIGHTCONE_TOLERANCE}; out: a new Uint8Array
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 0, 1)]).isTimelike()` is `[1]`.
   */
  isTimelike(tolerance = DEFAULT_LIGHTCONE_TOLERANCE, out?: Uint8Array): Uint8Array {
    const r = outputFlags(this.length, out, 'isTimelike');
    for (let i = 0; i < this.length; i++) {
      r[i] = isTimelikeOf(m, this.px[i]!, this.py[i]!, this.pz[i]!, this.e[i]!, tolerance) ? 1 : 0;
    }
    return r;
  }

  /**
   * 1 where m² < −tol·(E² + |p|²), else 0; see {@link FourVector.isSpacelike}.
   * @param tolerance - relative tolerance
   * @param out - receives n flags
   * @defaultValue tolerance: {@link DEFAULT_LIGHTCONE_TOLERANCE}; out: a new Uint8Array
   * @returns `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 2, 1)]).isSpacelike()` is `[1]`.
   */
  isSpacelike(tolerance = DEFAULT_LIGHTCONE_TOLERANCE, out?: Uint8Array): Uint8Array {
    const r = outputFlags(this.length, out, 'isSpacelike');
    for (let i = 0; i < this.length; i++) {
      r[i] = isSpacelikeOf(m, this.px[i]!, this.py[i]!, this.pz[i]!, this.e[i]!, tolerance) ? 1 : 0;
    }
    return r;
  }

  /**
   * 1 where |m²| ≤ tol·(E² + |p|²), else 0; see {@link FourVector.isLightlike}.
   * @param tolerance - relative tolerance
   * @param out - receives n flags
   * @defaultValue tolerance: {@link DEFAULT_LIGHTCONE_TOLERANCE}; out: a new Uint8Array
   * @returns `out`
   * @example `FourVectorArray.fromVectors([FourVector.fromPxPyPzE(0, 0, 1, 1)]).isLightlike()` is `[1]`.
   */
  isLightlike(tolerance = DEFAULT_LIGHTCONE_TOLERANCE, out?: Uint8Array): Uint8Array {
    const r = outputFlags(this.length, out, 'isLightlike');
    for (let i = 0; i < this.length; i++) {
      r[i] = isLightlikeOf(m, this.px[i]!, this.py[i]!, this.pz[i]!, this.e[i]!, tolerance) ? 1 : 0;
    }
    return r;
  }

  /**
   * Index-by-index sum with `other`.
   * @param other - a batch of the same length
   * @param out - receives the sums; may be `this` or `other`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.add(b).get(i)` equals `a.get(i).add(b.get(i))`.
   */
  add(other: FourVectorArray, out?: FourVectorArray): FourVectorArray {
    this.partner(other, 'add');
    const r = this.target(out, 'add');
    for (let i = 0; i < this.length; i++) {
      r.px[i] = this.px[i]! + other.px[i]!;
      r.py[i] = this.py[i]! + other.py[i]!;
      r.pz[i] = this.pz[i]! + other.pz[i]!;
      r.e[i] = this.e[i]! + other.e[i]!;
    }
    return r;
  }

  /**
   * Index-by-index difference this − other.
   * @param other - a batch of the same length
   * @param out - receives the differences; may be `this` or `other`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths
   * @example `a.subtract(a)` is all zeros.
   */
  subtract(other: FourVectorArray, out?: FourVectorArray): FourVectorArray {
    this.partner(other, 'subtract');
    const r = this.target(out, 'subtract');
    for (let i = 0; i < this.length; i++) {
      r.px[i] = this.px[i]! - other.px[i]!;
      r.py[i] = this.py[i]! - other.py[i]!;
      r.pz[i] = this.pz[i]! - other.pz[i]!;
      r.e[i] = this.e[i]! - other.e[i]!;
    }
    return r;
  }

  /**
   * Multiplies every component by `factor`.
   * @param factor - scale factor
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @example `a.scale(2).mass()` is twice `a.mass()` for timelike vectors.
   */
  scale(factor: number, out?: FourVectorArray): FourVectorArray {
    const r = this.target(out, 'scale');
    for (let i = 0; i < this.length; i++) {
      r.px[i] = this.px[i]! * factor;
      r.py[i] = this.py[i]! * factor;
      r.pz[i] = this.pz[i]! * factor;
      r.e[i] = this.e[i]! * factor;
    }
    return r;
  }

  private rotated(rot: Rotation3<number>, out: FourVectorArray | undefined): FourVectorArray {
    const r = this.target(out, 'rotate');
    const v: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    for (let i = 0; i < this.length; i++) {
      applyRotation(m, rot, this.px[i]!, this.py[i]!, this.pz[i]!, this.e[i]!, v);
      r.write(i, v);
    }
    return r;
  }

  /**
   * Rotates every 3-momentum about x; see {@link FourVector.rotateX}.
   * @param angle - radians
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @example `a.rotateX(0.3, a)` rotates in place.
   */
  rotateX(angle: number, out?: FourVectorArray): FourVectorArray {
    return this.rotated(rotationX(m, angle), out);
  }

  /**
   * Rotates every 3-momentum about y; see {@link FourVector.rotateY}.
   * @param angle - radians
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @example `a.rotateY(0.3, a)` rotates in place.
   */
  rotateY(angle: number, out?: FourVectorArray): FourVectorArray {
    return this.rotated(rotationY(m, angle), out);
  }

  /**
   * Rotates every 3-momentum about z; see {@link FourVector.rotateZ}.
   * @param angle - radians
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @example `a.rotateZ(0.3, a)` rotates in place.
   */
  rotateZ(angle: number, out?: FourVectorArray): FourVectorArray {
    return this.rotated(rotationZ(m, angle), out);
  }

  /**
   * Rotates every 3-momentum about `axis`; see {@link FourVector.rotateAxis}.
   * @param axis - rotation axis, non-zero
   * @param angle - radians
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` for a zero axis
   * @example `a.rotateAxis([1, 1, 0], 0.3)`
   */
  rotateAxis(axis: Vector3, angle: number, out?: FourVectorArray): FourVectorArray {
    checkAxis(axis[0], axis[1], axis[2]);
    return this.rotated(rotationAxis(m, axis[0], axis[1], axis[2], angle), out);
  }

  /**
   * Rotates every 3-momentum by ROOT Euler angles (ZXZ); see {@link FourVector.rotateEuler}.
   * @param phi - first angle, radians
   * @param theta - second angle, radians
   * @param psi - third angle, radians
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @example `a.rotateEuler(0.1, 0.2, 0.3)`
   */
  rotateEuler(phi: number, theta: number, psi: number, out?: FourVectorArray): FourVectorArray {
    return this.rotated(rotationEuler(m, phi, theta, psi), out);
  }

  /**
   * Boosts every vector by the same velocity β⃗; see {@link FourVector.boostBeta3}.
   * @param beta3 - boost velocity, |β⃗| < 1
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β⃗| ≥ 1
   * @remarks γ and γ²/(1 + γ) are computed once; the loop is 16 multiply-adds per vector.
   * @example `a.boostBeta3([0, 0, 0.6], a)` boosts in place.
   */
  boostBeta3(beta3: Vector3, out?: FourVectorArray): FourVectorArray {
    const [bx, by, bz] = beta3;
    checkBeta(bx, by, bz, 'beta3');
    const r = this.target(out, 'boostBeta3');
    const { gamma, k } = boostFactors(m, bx, by, bz);
    const v: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    const { px, py, pz, e } = this;
    for (let i = 0; i < this.length; i++) {
      applyBoost(m, px[i]!, py[i]!, pz[i]!, e[i]!, bx, by, bz, gamma, k, v);
      r.px[i] = v.x;
      r.py[i] = v.y;
      r.pz[i] = v.z;
      r.e[i] = v.t;
    }
    return r;
  }

  /**
   * Boosts every vector along x; see {@link FourVector.boostX}.
   * @param beta - signed speed, |β| < 1
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β| ≥ 1
   * @example `a.boostX(0.5, a)`
   */
  boostX(beta: number, out?: FourVectorArray): FourVectorArray {
    return this.boostBeta3([beta, 0, 0], out);
  }

  /**
   * Boosts every vector along y; see {@link FourVector.boostY}.
   * @param beta - signed speed, |β| < 1
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β| ≥ 1
   * @example `a.boostY(0.5, a)`
   */
  boostY(beta: number, out?: FourVectorArray): FourVectorArray {
    return this.boostBeta3([0, beta, 0], out);
  }

  /**
   * Boosts every vector along z; see {@link FourVector.boostZ}.
   * @param beta - signed speed, |β| < 1
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when |β| ≥ 1
   * @example `a.boostZ(0.5, a)`
   */
  boostZ(beta: number, out?: FourVectorArray): FourVectorArray {
    return this.boostBeta3([0, 0, beta], out);
  }

  /**
   * Boosts every vector by the velocity of one frame vector; see {@link FourVector.boostP4}.
   * @param frame - a timelike four-vector with E > 0
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when `frame` is not timelike with E > 0
   * @example `decayProducts.boostP4(parent)` takes rest-frame products to the lab.
   */
  boostP4(frame: FourVector, out?: FourVectorArray): FourVectorArray {
    checkFrame(frame.px, frame.py, frame.pz, frame.e, 'frame');
    return this.boostBeta3(frame.beta3, out);
  }

  /**
   * Boosts every vector into the rest frame of one frame vector; see {@link FourVector.boostCMOf}.
   * @param frame - a timelike four-vector with E > 0
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `INVALID_ARGUMENT` when `frame` is not timelike with E > 0
   * @example `particles.boostCMOf(particles.sum())` moves to the centre-of-mass frame.
   */
  boostCMOf(frame: FourVector, out?: FourVectorArray): FourVectorArray {
    checkFrame(frame.px, frame.py, frame.pz, frame.e, 'frame');
    const [bx, by, bz] = frame.beta3;
    return this.boostBeta3([-bx, -by, -bz], out);
  }

  /**
   * Boosts vector i into the rest frame of `frames` vector i, for every i.
   * @param frames - a batch of timelike frame vectors with E > 0, same length
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths; `INVALID_ARGUMENT`
   * naming the index of the first frame that is not timelike with E > 0
   * @example `frames.boostCMOfEach(frames)` gives (0, 0, 0, mᵢ) for every i.
   */
  boostCMOfEach(frames: FourVectorArray, out?: FourVectorArray): FourVectorArray {
    return this.boostEach(frames, -1, out, 'boostCMOfEach');
  }

  /**
   * Boosts vector i by the velocity of `frames` vector i, for every i.
   * @param frames - a batch of timelike frame vectors with E > 0, same length
   * @param out - receives the result; may be `this`
   * @defaultValue out: a new batch
   * @returns `out`
   * @throws {@link FourVectorError} `LENGTH_MISMATCH` for unequal lengths; `INVALID_ARGUMENT`
   * naming the index of the first frame that is not timelike with E > 0
   * @example `a.boostCMOfEach(f).boostP4Each(f)` gives back `a`.
   */
  boostP4Each(frames: FourVectorArray, out?: FourVectorArray): FourVectorArray {
    return this.boostEach(frames, 1, out, 'boostP4Each');
  }

  private boostEach(
    frames: FourVectorArray,
    sign: 1 | -1,
    out: FourVectorArray | undefined,
    what: string,
  ): FourVectorArray {
    this.partner(frames, what);
    const r = this.target(out, what);
    const v: Vec4<number> = { x: 0, y: 0, z: 0, t: 0 };
    for (let i = 0; i < this.length; i++) {
      const fx = frames.px[i]!;
      const fy = frames.py[i]!;
      const fz = frames.pz[i]!;
      const ft = frames.e[i]!;
      checkFrame(fx, fy, fz, ft, `frames[${i}]`);
      const bx = (sign * fx) / ft;
      const by = (sign * fy) / ft;
      const bz = (sign * fz) / ft;
      const { gamma, k } = boostFactors(m, bx, by, bz);
      applyBoost(m, this.px[i]!, this.py[i]!, this.pz[i]!, this.e[i]!, bx, by, bz, gamma, k, v);
      r.write(i, v);
    }
    return r;
  }

  /**
   * Sum of the vectors at `indices` (all vectors when omitted).
   * @param indices - indices into this batch
   * @defaultValue indices: every index
   * @returns the total four-momentum
   * @throws {@link FourVectorError} `INDEX_OUT_OF_RANGE` for a bad index
   * @example `event.sum().mass` is the invariant mass of the whole event.
   */
  sum(indices?: IndexList): FourVector {
    let x = 0;
    let y = 0;
    let z = 0;
    let t = 0;
    const n = indices === undefined ? this.length : indices.length;
    for (let j = 0; j < n; j++) {
      const i = indices === undefined ? j : indices[j]!;
      if (indices !== undefined) checkIndex(i, this.length, 'indices');
      x += this.px[i]!;
      y += this.py[i]!;
      z += this.pz[i]!;
      t += this.e[i]!;
    }
    return new FourVector(x, y, z, t);
  }

  /**
   * Sums of sets of vectors (jets), given in compressed-row form.
   * @param offsets - k + 1 non-decreasing offsets; set j is entries offsets[j] … offsets[j+1]−1
   * @param indices - the flat index list those offsets slice; when omitted, set j is rows
   * offsets[j] … offsets[j+1]−1 of this batch
   * @param out - receives k sums
   * @defaultValue indices: the identity (contiguous sets); out: a new batch of length k
   * @returns `out`
   * @throws {@link FourVectorError} `INDEX_OUT_OF_RANGE` for decreasing or out-of-range offsets
   * or indices; `LENGTH_MISMATCH` for a wrong-sized `out`
   * @example `particles.sumSets([0, 2, 5], [4, 0, 1, 2, 3])` gives p₄ + p₀ and p₁ + p₂ + p₃.
   */
  sumSets(offsets: IndexList, indices?: IndexList, out?: FourVectorArray): FourVectorArray {
    const k = this.checkOffsets(offsets, indices);
    const r = out ?? FourVectorArray.zeros(k);
    if (r.length !== k) {
      throw new FourVectorError(
        'LENGTH_MISMATCH',
        `sumSets: output batch has length ${r.length}, expected ${k}`,
      );
    }
    for (let j = 0; j < k; j++) {
      let x = 0;
      let y = 0;
      let z = 0;
      let t = 0;
      for (let q = offsets[j]!; q < offsets[j + 1]!; q++) {
        const i = indices === undefined ? q : indices[q]!;
        x += this.px[i]!;
        y += this.py[i]!;
        z += this.pz[i]!;
        t += this.e[i]!;
      }
      r.px[j] = x;
      r.py[j] = y;
      r.pz[j] = z;
      r.e[j] = t;
    }
    return r;
  }

  /**
   * Signed invariant masses of sets of vectors (jet masses, dijet masses).
   * @param offsets - k + 1 non-decreasing offsets (see {@link FourVectorArray.sumSets})
   * @param indices - the flat index list the offsets slice
   * @param out - receives k masses
   * @defaultValue indices: the identity (contiguous sets); out: a new Float64Array of length k
   * @returns `out`
   * @throws {@link FourVectorError} as {@link FourVectorArray.sumSets}
   * @example Two back-to-back (0, 0, ±3, 5) vectors in one set have mass 10.
   */
  invariantMassOfSets(offsets: IndexList, indices?: IndexList, out?: Float64Array): Float64Array {
    const sums = this.sumSets(offsets, indices);
    return sums.mass(outputColumn(sums.length, out, 'invariantMassOfSets'));
  }

  private checkOffsets(offsets: IndexList, indices: IndexList | undefined): number {
    if (offsets.length === 0) {
      throw new FourVectorError('INDEX_OUT_OF_RANGE', 'offsets: expected at least one offset (0)');
    }
    const limit = indices === undefined ? this.length : indices.length;
    let previous = 0;
    for (let j = 0; j < offsets.length; j++) {
      const o = offsets[j]!;
      if (!(Number.isInteger(o) && o >= previous && o <= limit) || (j === 0 && o !== 0)) {
        throw new FourVectorError(
          'INDEX_OUT_OF_RANGE',
          `offsets[${j}] = ${o}: expected a non-decreasing integer sequence from 0 to at most ${limit}`,
        );
      }
      previous = o;
    }
    if (indices !== undefined) {
      for (let q = 0; q < offsets[offsets.length - 1]!; q++) {
        checkIndex(indices[q]!, this.length, `indices[${q}]`);
      }
    }
    return offsets.length - 1;
  }
}

function sameLength(columns: readonly ArrayLike<number>[], what: string): number {
  const n = columns[0]?.length ?? 0;
  for (const c of columns) {
    if (c.length !== n) {
      throw new FourVectorError(
        'LENGTH_MISMATCH',
        `${what}: columns must have equal lengths, got ${columns.map((col) => col.length).join(', ')}`,
      );
    }
  }
  return n;
}
