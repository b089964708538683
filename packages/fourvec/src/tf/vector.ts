import * as tf from '@tensorflow/tfjs-core';
import {
  deltaPhi as deltaPhiOf,
  phi as phiOf,
  pt as ptOf,
  wrapAngle,
} from '../compute/azimuthal.js';
import { applyBoost, boostFactors } from '../compute/boost.js';
import {
  energyFromMass,
  fromPtRapidityPhiMass,
  momentumFromPtEtaPhi,
} from '../compute/construct.js';
import { deltaR2FromDeltas, deltaRFromDeltas } from '../compute/deltas.js';
import {
  isLightlike as isLightlikeOf,
  isSpacelike as isSpacelikeOf,
  isTimelike as isTimelikeOf,
} from '../compute/lightcone.js';
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
} from '../compute/lorentz.js';
import {
  applyRotation,
  type Rotation3,
  rotationAxis,
  rotationEuler,
  rotationX,
  rotationY,
  rotationZ,
} from '../compute/rotation.js';
import {
  deltaAngle as deltaAngleOf,
  eta as etaOf,
  p as pOf,
  theta as thetaOf,
} from '../compute/spatial.js';
import type { Vec4 } from '../compute/types.js';
import { FourVectorError } from '../errors.js';
import { tensorMath as m } from './math.js';

/** A tensor argument or a plain number that broadcasts like a scalar. */
export type TensorOrNumber = tf.Tensor | number;

/** Relative tolerance of the light-cone predicates, as the value type's default (100 ε). */
const LIGHTCONE_TOLERANCE = 100 * Number.EPSILON;

function split(v: tf.Tensor, size: 3 | 4, what: string): tf.Tensor[] {
  if (v.rank === 0 || v.shape[v.rank - 1] !== size) {
    throw new FourVectorError(
      'INVALID_ARGUMENT',
      `${what}: expected a tensor of shape [..., ${size}], got [${v.shape.join(', ')}]`,
    );
  }
  return tf.unstack(v, v.rank - 1);
}

function components(p4: tf.Tensor, what = 'p4'): Vec4<tf.Tensor> {
  const [x, y, z, t] = split(p4, 4, what) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  return { x, y, z, t };
}

function join(v: Vec4<tf.Tensor>): tf.Tensor {
  return tf.stack([v.x, v.y, v.z, v.t], -1);
}

function lift(a: TensorOrNumber): tf.Tensor {
  return typeof a === 'number' ? tf.scalar(a) : a;
}

function empty(): Vec4<tf.Tensor> {
  const zero = tf.scalar(0);
  return { x: zero, y: zero, z: zero, t: zero };
}

/**
 * Transverse momentum √(px² + py²) of tensors [..., 4] (px, py, pz, E).
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks Gradient 0 at pt = 0 (the naive √ has an infinite one).
 * @example `pt(tf.tensor2d([[3, 4, 0, 5]]))` is `[5]`.
 */
export function pt(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return ptOf(m, v.x, v.y);
  });
}

/**
 * Magnitude of the 3-momentum.
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks Gradient 0 at the zero 3-vector.
 * @example `p(tf.tensor2d([[1, 2, 2, 5]]))` is `[3]`.
 */
export function p(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return pOf(m, v.x, v.y, v.z);
  });
}

/**
 * Pseudorapidity asinh(pz/pt).
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks ±∞ at pt = 0 by the sign of pz, 0 for the zero vector; gradient 0 there.
 * @example `eta(tf.tensor2d([[0, 0, 1, 1]]))` is `[Infinity]`.
 */
export function eta(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return etaOf(m, v.x, v.y, v.z);
  });
}

/**
 * Rapidity ½ ln((E + pz)/(E − pz)).
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks ±∞ for E = |pz| ≠ 0, 0 for E = pz = 0, NaN for E² < pz²; the gradient is 0 on
 * all three (the naive formula gives ∞ or NaN).
 * @example `rapidity(tf.tensor2d([[0, 0, 3, 5]]))` is `[ln 2]`.
 */
export function rapidity(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return rapidityOf(m, v.z, v.t);
  });
}

/**
 * Azimuth atan2(py, px) in (−π, π].
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks 0 with gradient 0 at px = py = 0.
 * @example `phi(tf.tensor2d([[0, 1, 0, 1]]))` is `[π/2]`.
 */
export function phi(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return phiOf(m, v.x, v.y);
  });
}

/**
 * Polar angle atan2(pt, pz) in [0, π].
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks 0 with gradient 0 for the zero vector.
 * @example `theta(tf.tensor2d([[1, 0, 0, 1]]))` is `[π/2]`.
 */
export function theta(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return thetaOf(m, v.x, v.y, v.z);
  });
}

/**
 * Invariant mass squared E² − |p|².
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `mass2(tf.tensor2d([[0, 0, 3, 5]]))` is `[16]`.
 */
export function mass2(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return mass2Of(m, v.x, v.y, v.z, v.t);
  });
}

/**
 * Signed invariant mass copysign(√|m²|, m²).
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]; negative for spacelike vectors
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks Finite gradients for spacelike vectors (no √ of a negative number) and 0 for exactly
 * lightlike ones, where the true derivative is infinite.
 * @example `mass(tf.tensor2d([[0, 0, 5, 3]]))` is `[-4]`.
 */
export function mass(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return massOf(m, v.x, v.y, v.z, v.t);
  });
}

/**
 * Transverse mass squared E² − pz² (ROOT `Mt2`).
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `mt2(tf.tensor2d([[3, 0, 4, 10]]))` is `[84]`.
 */
export function mt2(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return mt2Of(m, v.z, v.t);
  });
}

/**
 * Transverse mass √(E² − pz²), signed like ROOT `Mt`.
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `mt(tf.tensor2d([[0, 0, 5, 3]]))` is `[-4]`.
 */
export function mt(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return mtOf(m, v.z, v.t);
  });
}

/**
 * Transverse energy E · pt / |p| (ROOT `Et`); 0 when pt = 0.
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `et(tf.tensor2d([[3, 0, 4, 10]]))` is `[6]`.
 */
export function et(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return etOf(m, v.x, v.y, v.z, v.t);
  });
}

/**
 * Speed |p|/E; 0 for the zero vector.
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `beta(tf.tensor2d([[0, 0, 3, 5]]))` is `[0.6]`.
 */
export function beta(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return betaOf(m, v.x, v.y, v.z, v.t);
  });
}

/**
 * Lorentz factor E/m with the signed mass; ±∞ for lightlike, 1 for the zero vector.
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `gamma(tf.tensor2d([[0, 0, 3, 5]]))` is `[1.25]`.
 */
export function gamma(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return gammaOf(m, v.x, v.y, v.z, v.t);
  });
}

/**
 * Velocity β⃗ = p⃗/E.
 * @param p4 - four-vectors, shape [..., 4]
 * @returns shape [..., 3]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `beta3(tf.tensor2d([[0, 0, 3, 5]]))` is `[[0, 0, 0.6]]`.
 */
export function beta3(p4: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return tf.stack([tf.div(v.x, v.t), tf.div(v.y, v.t), tf.div(v.z, v.t)], -1);
  });
}

/**
 * Minkowski product Ea Eb − p⃗a·p⃗b, broadcasting a against b.
 * @param a - four-vectors, shape [..., 4]
 * @param b - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @example `dot(v, v)` equals `mass2(v)`.
 */
export function dot(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = components(a, 'a');
    const v = components(b, 'b');
    return dotOf(m, u.x, u.y, u.z, u.t, v.x, v.y, v.z, v.t);
  });
}

/**
 * Δφ = φa − φb wrapped into [−π, π).
 * @param a - four-vectors, shape [..., 4]
 * @param b - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @example `deltaPhi(a, b)` matches `FourVector.deltaPhi` element by element.
 */
export function deltaPhi(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = components(a, 'a');
    const v = components(b, 'b');
    return deltaPhiOf(m, u.x, u.y, v.x, v.y);
  });
}

/**
 * Δη = ηa − ηb.
 * @param a - four-vectors, shape [..., 4]
 * @param b - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @example `deltaEta(a, b)` matches `FourVector.deltaEta`.
 */
export function deltaEta(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(eta(a), eta(b)));
}

/**
 * ΔR² = Δη² + Δφ².
 * @param a - four-vectors, shape [..., 4]
 * @param b - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @example `deltaR2(a, b)` matches `FourVector.deltaR2`.
 */
export function deltaR2(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => deltaR2FromDeltas(m, deltaEta(a, b), deltaPhi(a, b)));
}

/**
 * ΔR = √(Δη² + Δφ²); gradient 0 (not NaN) for coincident directions.
 * @param a - four-vectors, shape [..., 4]
 * @param b - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @example `deltaR(a, b)` matches `FourVector.deltaR`.
 */
export function deltaR(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => deltaRFromDeltas(m, deltaEta(a, b), deltaPhi(a, b)));
}

/**
 * √(Δy² + Δφ²) with rapidity y.
 * @param a - four-vectors, shape [..., 4]
 * @param b - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @example `deltaRapidityPhi(a, b)` matches `FourVector.deltaRapidityPhi`.
 */
export function deltaRapidityPhi(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => deltaRFromDeltas(m, tf.sub(rapidity(a), rapidity(b)), deltaPhi(a, b)));
}

/**
 * Opening angle between 3-momenta, atan2(|a × b|, a · b).
 * @param a - four-vectors, shape [..., 4]
 * @param b - four-vectors, shape [..., 4]
 * @returns shape [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @example `deltaAngle(a, b)` matches `FourVector.deltaAngle`.
 */
export function deltaAngle(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const u = components(a, 'a');
    const v = components(b, 'b');
    return deltaAngleOf(m, u.x, u.y, u.z, v.x, v.y, v.z);
  });
}

/**
 * Light-cone predicates as bool tensors; see `FourVector.isTimelike` for the relative band.
 * @param p4 - four-vectors, shape [..., 4]
 * @param tolerance - relative tolerance
 * @defaultValue tolerance: 100 ε
 * @returns bool tensor [...]: m² > tol·(E² + |p|²)
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks The tolerance is 100 ε of float64; in float32 use a larger one via `tolerance`.
 * @example `isTimelike(tf.tensor2d([[0, 0, 0, 1]]))` is `[true]`.
 */
export function isTimelike(p4: tf.Tensor, tolerance = LIGHTCONE_TOLERANCE): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return isTimelikeOf(m, v.x, v.y, v.z, v.t, tolerance);
  });
}

/**
 * Bool tensor [...]: m² < −tol·(E² + |p|²).
 * @param p4 - four-vectors, shape [..., 4]
 * @param tolerance - relative tolerance
 * @defaultValue tolerance: 100 ε
 * @returns bool tensor [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `isSpacelike(tf.tensor2d([[0, 0, 2, 1]]))` is `[true]`.
 */
export function isSpacelike(p4: tf.Tensor, tolerance = LIGHTCONE_TOLERANCE): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return isSpacelikeOf(m, v.x, v.y, v.z, v.t, tolerance);
  });
}

/**
 * Bool tensor [...]: |m²| ≤ tol·(E² + |p|²).
 * @param p4 - four-vectors, shape [..., 4]
 * @param tolerance - relative tolerance
 * @defaultValue tolerance: 100 ε
 * @returns bool tensor [...]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `isLightlike(tf.tensor2d([[0, 0, 1, 1]]))` is `[true]`.
 */
export function isLightlike(p4: tf.Tensor, tolerance = LIGHTCONE_TOLERANCE): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    return isLightlikeOf(m, v.x, v.y, v.z, v.t, tolerance);
  });
}

/**
 * Differentiable Lorentz boost by velocity β⃗ (active, ROOT `Boost`), broadcasting.
 * @param p4 - four-vectors, shape [..., 4]
 * @param beta3 - velocities, shape [..., 3], |β⃗| < 1
 * @returns boosted four-vectors, shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axes are not 4 and 3
 * @remarks Linear in `p4`, so the gradient with respect to `p4` is the (finite) boost matrix
 * for lightlike and spacelike inputs alike. γ²/(1 + γ) replaces (γ − 1)/β², so β⃗ = 0 has finite
 * gradients too. |β⃗| ≥ 1 gives NaN (no check inside a graph).
 * @example `boostBeta3(tf.tensor2d([[0, 0, 0, 1]]), tf.tensor2d([[0, 0, 0.6]]))` is `[[0, 0, 0.75, 1.25]]`.
 */
export function boostBeta3(p4: tf.Tensor, beta3: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const v = components(p4);
    const [bx, by, bz] = split(beta3, 3, 'beta3') as [tf.Tensor, tf.Tensor, tf.Tensor];
    const f = boostFactors(m, bx, by, bz);
    const out = empty();
    applyBoost(m, v.x, v.y, v.z, v.t, bx, by, bz, f.gamma, f.k, out);
    return join(out);
  });
}

function boostAlong(p4: tf.Tensor, beta: TensorOrNumber, axis: 0 | 1 | 2): tf.Tensor {
  return tf.tidy(() => {
    const b = lift(beta);
    const zero = tf.zerosLike(b);
    const parts = [zero, zero, zero];
    parts[axis] = b;
    return boostBeta3(p4, tf.stack(parts, -1));
  });
}

/**
 * Differentiable boost along x.
 * @param p4 - four-vectors, shape [..., 4]
 * @param beta - signed speeds, shape [...] or a number
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `boostX(tf.tensor2d([[0, 0, 0, 1]]), 0.6)` is `[[0.75, 0, 0, 1.25]]`.
 */
export function boostX(p4: tf.Tensor, beta: TensorOrNumber): tf.Tensor {
  return boostAlong(p4, beta, 0);
}

/**
 * Differentiable boost along y.
 * @param p4 - four-vectors, shape [..., 4]
 * @param beta - signed speeds, shape [...] or a number
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `boostY(tf.tensor2d([[0, 0, 0, 1]]), 0.6)` is `[[0, 0.75, 0, 1.25]]`.
 */
export function boostY(p4: tf.Tensor, beta: TensorOrNumber): tf.Tensor {
  return boostAlong(p4, beta, 1);
}

/**
 * Differentiable boost along z.
 * @param p4 - four-vectors, shape [..., 4]
 * @param beta - signed speeds, shape [...] or a number
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `boostZ(tf.tensor2d([[0, 0, 0, 1]]), 0.6)` is `[[0, 0, 0.75, 1.25]]`.
 */
export function boostZ(p4: tf.Tensor, beta: TensorOrNumber): tf.Tensor {
  return boostAlong(p4, beta, 2);
}

/**
 * Boosts by the velocity p⃗/E of `frame` (scikit-hep `boost_p4`), differentiable in both.
 * @param p4 - four-vectors, shape [..., 4]
 * @param frame - timelike frame vectors with E > 0, shape [..., 4]
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @remarks A frame that is not timelike gives NaN.
 * @example `boostP4(restVectors, parent)` takes decay products to the lab.
 */
export function boostP4(p4: tf.Tensor, frame: tf.Tensor): tf.Tensor {
  return tf.tidy(() => boostBeta3(p4, beta3(frame)));
}

/**
 * Boosts into the rest frame of `frame` (scikit-hep `boostCM_of`), differentiable in both.
 * @param p4 - four-vectors, shape [..., 4]
 * @param frame - timelike frame vectors with E > 0, shape [..., 4]
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when a last axis is not 4
 * @remarks `boostCMOf(p, p)` is (0, 0, 0, m) up to float32 rounding.
 * @example `boostCMOf(p, p)` for p = (0, 0, 3, 5) is (0, 0, 0, 4).
 */
export function boostCMOf(p4: tf.Tensor, frame: tf.Tensor): tf.Tensor {
  return tf.tidy(() => boostBeta3(p4, tf.neg(beta3(frame))));
}

function rotated(p4: tf.Tensor, r: Rotation3<tf.Tensor>): tf.Tensor {
  const v = components(p4);
  const out = empty();
  applyRotation(m, r, v.x, v.y, v.z, v.t, out);
  return join(out);
}

/**
 * Differentiable rotation about x (right-handed: y → z).
 * @param p4 - four-vectors, shape [..., 4]
 * @param angle - radians, shape [...] or a number
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `rotateX(tf.tensor2d([[0, 1, 0, 1]]), Math.PI / 2)` is ≈ `[[0, 0, 1, 1]]`.
 */
export function rotateX(p4: tf.Tensor, angle: TensorOrNumber): tf.Tensor {
  return tf.tidy(() => rotated(p4, rotationX(m, lift(angle))));
}

/**
 * Differentiable rotation about y (right-handed: z → x).
 * @param p4 - four-vectors, shape [..., 4]
 * @param angle - radians, shape [...] or a number
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `rotateY(tf.tensor2d([[0, 0, 1, 1]]), Math.PI / 2)` is ≈ `[[1, 0, 0, 1]]`.
 */
export function rotateY(p4: tf.Tensor, angle: TensorOrNumber): tf.Tensor {
  return tf.tidy(() => rotated(p4, rotationY(m, lift(angle))));
}

/**
 * Differentiable rotation about z (right-handed: x → y).
 * @param p4 - four-vectors, shape [..., 4]
 * @param angle - radians, shape [...] or a number
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `rotateZ(tf.tensor2d([[1, 0, 0, 1]]), Math.PI / 2)` is ≈ `[[0, 1, 0, 1]]`.
 */
export function rotateZ(p4: tf.Tensor, angle: TensorOrNumber): tf.Tensor {
  return tf.tidy(() => rotated(p4, rotationZ(m, lift(angle))));
}

/**
 * Differentiable right-handed rotation by `angle` about `axis` (Rodrigues).
 * @param p4 - four-vectors, shape [..., 4]
 * @param axis - axes, shape [..., 3], non-zero (normalised inside)
 * @param angle - radians, shape [...] or a number
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axes are not 4 and 3
 * @remarks A zero axis gives NaN (no check inside a graph).
 * @example `rotateAxis(v, tf.tensor1d([0, 0, 1]), a)` equals `rotateZ(v, a)`.
 */
export function rotateAxis(p4: tf.Tensor, axis: tf.Tensor, angle: TensorOrNumber): tf.Tensor {
  return tf.tidy(() => {
    const [ux, uy, uz] = split(axis, 3, 'axis') as [tf.Tensor, tf.Tensor, tf.Tensor];
    return rotated(p4, rotationAxis(m, ux, uy, uz, lift(angle)));
  });
}

/**
 * Differentiable rotation by ROOT `EulerAngles` (Goldstein ZXZ); see `FourVector.rotateEuler`.
 * @param p4 - four-vectors, shape [..., 4]
 * @param phi - first angle, radians
 * @param theta - second angle, radians
 * @param psi - third angle, radians
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `rotateEuler(v, a, 0, 0)` equals `rotateZ(v, -a)`.
 */
export function rotateEuler(
  p4: tf.Tensor,
  phi: TensorOrNumber,
  theta: TensorOrNumber,
  psi: TensorOrNumber,
): tf.Tensor {
  return tf.tidy(() => rotated(p4, rotationEuler(m, lift(phi), lift(theta), lift(psi))));
}

/**
 * Four-vectors from (pt, η, φ, m), shape [..., 4] → (px, py, pz, E) [..., 4].
 * @param ptEtaPhiM - last axis (pt, η, φ, signed mass)
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks Negative mass means spacelike; E clamps at 0 as in `FourVector.fromPtEtaPhiM`.
 * @example `fromPtEtaPhiM(tf.tensor2d([[3, 0, 0, 4]]))` is `[[3, 0, 0, 5]]`.
 */
export function fromPtEtaPhiM(ptEtaPhiM: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [ptT, etaT, phiT, massT] = split(ptEtaPhiM, 4, 'ptEtaPhiM') as tf.Tensor[];
    const out = empty();
    momentumFromPtEtaPhi(m, ptT!, etaT!, phiT!, out);
    const p2 = tf.add(tf.add(tf.square(out.x), tf.square(out.y)), tf.square(out.z));
    out.t = energyFromMass(m, p2, massT!);
    return join(out);
  });
}

/**
 * Four-vectors from (pt, η, φ, E), shape [..., 4] → (px, py, pz, E) [..., 4].
 * @param ptEtaPhiE - last axis (pt, η, φ, E)
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @example `fromPtEtaPhiE(tf.tensor2d([[1, 0, 0, 2]]))` is `[[1, 0, 0, 2]]`.
 */
export function fromPtEtaPhiE(ptEtaPhiE: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [ptT, etaT, phiT, eT] = split(ptEtaPhiE, 4, 'ptEtaPhiE') as tf.Tensor[];
    const out = empty();
    momentumFromPtEtaPhi(m, ptT!, etaT!, phiT!, out);
    out.t = eT!;
    return join(out);
  });
}

/**
 * Four-vectors from (pt, y, φ, m), shape [..., 4] → (px, py, pz, E) [..., 4].
 * @param ptRapidityPhiM - last axis (pt, rapidity, φ, signed mass)
 * @returns shape [..., 4]
 * @throws {@link "@apemen/fourvec"!FourVectorError} `INVALID_ARGUMENT` when the last axis is not 4
 * @remarks mass < −pt has no real solution; mT is clamped to 0 (the value type throws).
 * @example `fromPtRapidityPhiM(tf.tensor2d([[3, 0, 0, 4]]))` is `[[3, 0, 0, 5]]`.
 */
export function fromPtRapidityPhiM(ptRapidityPhiM: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [ptT, yT, phiT, massT] = split(ptRapidityPhiM, 4, 'ptRapidityPhiM') as tf.Tensor[];
    const out = empty();
    fromPtRapidityPhiMass(m, ptT!, yT!, phiT!, massT!, out);
    return join(out);
  });
}

/**
 * Wraps angles into [−π, π) (the Δφ convention), differentiably (gradient 1).
 * @param angle - radians, any shape
 * @returns same shape
 * @example `wrapPhi(tf.scalar(3 * Math.PI / 2))` is ≈ `-π/2`.
 */
export function wrapPhi(angle: tf.Tensor): tf.Tensor {
  return tf.tidy(() => wrapAngle(m, angle));
}
