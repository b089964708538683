// The fused typed-array fast path of the APEMEN network (training and generation on the cpu and
// wasm backends). The package's src/index.ts re-exports what it needs from here.
export { FusedActiveLoss, type FusedActiveLossOptions, gaussianFactor } from './active-loss.js';
export { fusedParameters, showerWeightsFromFused } from './convert.js';
export { fusedGenerate } from './generate.js';
export { argmaxLaw, GuideTable } from './mask-sampling.js';
export { FusedNadam, type FusedNadamOptions, type FusedNadamState } from './nadam.js';
export {
  type FusedArray,
  type FusedForwardOptions,
  type FusedGeometry,
  type FusedMergeHook,
  type FusedPrecision,
  FusedShowerNetwork,
  fusedGeometry,
  type MaskSampling,
  makeFusedArray,
} from './network.js';
export { FusedRandom } from './rng.js';
export {
  FUSED_BACKENDS,
  FUSED_SHOWER_BACKWARD,
  FUSED_SHOWER_FORWARD,
  FUSED_SHOWER_LOSS,
  type FusedLossOpOptions,
  type FusedOpOptions,
  fusedShowerForward,
  fusedShowerLoss,
  registerFusedShowerKernels,
} from './tfjs-kernels.js';
export {
  eventSeed,
  type FusedGradients,
  type FusedParameters,
  FusedTrainer,
  type FusedTrainerOptions,
  updateProbabilities,
} from './trainer.js';
