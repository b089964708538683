/**
 * Lorentz four-vectors in the conventions of ROOT and scikit-hep `vector`: the immutable value
 * type {@link FourVector} and the batched structure-of-arrays form {@link FourVectorArray}. The
 * differentiable tensor form is the `@apemen/fourvec/tf` subpath.
 *
 * @remarks Units GeV, metric (+, −, −, −), φ in (−π, π].
 * @module @apemen/fourvec
 */
export { FourVectorArray, type IndexList } from './batch.js';
export { FourVectorError, type FourVectorErrorCode } from './errors.js';
export { type MathLib, numberMath } from './math.js';
export { DEFAULT_LIGHTCONE_TOLERANCE, FourVector, type Vector3, wrapPhi } from './vector.js';
