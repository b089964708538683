export { ShowerError, type ShowerErrorCode } from './errors.js';
export { fileSystemHandler, MODEL_JSON, readModelJson, WEIGHTS_BIN } from './files.js';
export {
  type ShowerKernelTensors,
  type ShowerMergeContext,
  type ShowerMergeHook,
  showerForward,
} from './forward.js';
export {
  argmaxLaw,
  eventSeed,
  FusedActiveLoss,
  type FusedActiveLossOptions,
  type FusedArray,
  type FusedForwardOptions,
  type FusedGeometry,
  type FusedGradients,
  FusedNadam,
  type FusedNadamOptions,
  type FusedNadamState,
  type FusedParameters,
  type FusedPrecision,
  FusedRandom,
  FusedShowerNetwork,
  FusedTrainer,
  type FusedTrainerOptions,
  fusedGeometry,
  type MaskSampling,
  makeFusedArray,
  updateProbabilities,
} from './fused/index.js';
export { type ShowerGeometry, showerGeometry } from './geometry.js';
export { imagesToTensor, type ShowerImages } from './images.js';
export { loadKerasWeights } from './keras.js';
export {
  buildShowerModel,
  fromKerasWeights,
  loadShowerModel,
  loadShowerWeights,
  type PredictOptions,
  type ShowerConfig,
  type ShowerEncoding,
  type ShowerModel,
  type ShowerModelOptions,
} from './model.js';
export {
  asUniformSource,
  KERAS_EPSILON,
  type ReferenceEncoding,
  type ReferenceMergeContext,
  type ReferenceMergeHook,
  type ReferenceOptions,
  referenceConvolveSame,
  referenceDecode,
  referenceEncode,
  referenceFilterMask,
  referenceReconstruct,
  type UniformGenerator,
  type UniformSource,
} from './reference.js';
export {
  activationBits,
  checkShowerWeights,
  cloneShowerWeights,
  levelActivationBits,
  type ShowerWeights,
} from './weights.js';
