export type { ActiveLossFunction, ActiveLossOptions } from './active_loss.js';
export { activeLoss, gaussianKernel } from './active_loss.js';
export { ChannelMaximum, channelMaximum, channelMaximumOp } from './channel_maximum.js';
export type { ConvolutionBankArgs } from './convolution_bank.js';
export {
  bankToKernels,
  ConvolutionBank,
  convolutionBank,
  kernelsToBank,
} from './convolution_bank.js';
export { LayersConfigError, LayersError, LayersShapeError } from './errors.js';
export type { FilterMaskArgs } from './filter_mask.js';
export {
  FilterMask,
  filterMask,
  filterMaskOp,
  filterMaskUniforms,
  uniqueWinnerCounts,
} from './filter_mask.js';
export { absTF, heaviside, KERAS_EPSILON, signTF } from './heaviside.js';
export type { MergeDeconvolutionArgs } from './merge_deconvolution.js';
export { MergeDeconvolution, mergeDeconvolution } from './merge_deconvolution.js';
export type { EntropyBounds, EntropyBoundsOptions, LevelProbabilities } from './monitors.js';
export {
  ActivationBitsCallback,
  activationBits,
  activationBitsCallback,
  entropyBounds,
  FilterEntropyCallback,
  filterEntropy,
  filterEntropyCallback,
  findFilterMasks,
} from './monitors.js';
export type { NadamArgs } from './nadam.js';
export { Nadam, nadam } from './nadam.js';
export {
  EnergyConservation,
  energyConservation,
  MaximiseEntropy,
  maximiseEntropy,
  UniformProbabilities,
  uniformProbabilities,
} from './regularizers.js';
export type { RegularizerLike } from './serial.js';
export { registerWasmKernels } from './wasm_kernels.js';
