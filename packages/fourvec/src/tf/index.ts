/**
 * Tensor form of `@apemen/fourvec`: the same formulas as `FourVector` on tfjs tensors whose last
 * axis is (px, py, pz, E), differentiable, with gradients kept finite at the edge cases.
 *
 * @remarks `@tensorflow/tfjs-core` is an optional peer dependency used only by this subpath. A
 * tfjs-layers `Layer` wrapping {@link boostBeta3} needs `@tensorflow/tfjs-layers`, which this
 * package does not depend on; such layers live in `@apemen/layers`.
 * @module @apemen/fourvec/tf
 */
export { tensorMath } from './math.js';
export {
  beta,
  beta3,
  boostBeta3,
  boostCMOf,
  boostP4,
  boostX,
  boostY,
  boostZ,
  deltaAngle,
  deltaEta,
  deltaPhi,
  deltaR,
  deltaR2,
  deltaRapidityPhi,
  dot,
  et,
  eta,
  fromPtEtaPhiE,
  fromPtEtaPhiM,
  fromPtRapidityPhiM,
  gamma,
  isLightlike,
  isSpacelike,
  isTimelike,
  mass,
  mass2,
  mt,
  mt2,
  p,
  phi,
  pt,
  rapidity,
  rotateAxis,
  rotateEuler,
  rotateX,
  rotateY,
  rotateZ,
  type TensorOrNumber,
  theta,
  wrapPhi,
} from './vector.js';
