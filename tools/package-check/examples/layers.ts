// The public types of @apemen/layers as a consumer sees them (strict, NodeNext).
import {
  type ActiveLossFunction,
  type ActiveLossOptions,
  activationBits,
  activationBitsCallback,
  activeLoss,
  ChannelMaximum,
  type ConvolutionBank,
  type ConvolutionBankArgs,
  channelMaximum,
  convolutionBank,
  type EntropyBounds,
  type EntropyBoundsOptions,
  energyConservation,
  entropyBounds,
  type FilterMask,
  type FilterMaskArgs,
  filterEntropy,
  filterEntropyCallback,
  filterMask,
  findFilterMasks,
  gaussianKernel,
  kernelsToBank,
  LayersConfigError,
  type LevelProbabilities,
  type MergeDeconvolution,
  type MergeDeconvolutionArgs,
  maximiseEntropy,
  mergeDeconvolution,
  type Nadam,
  type NadamArgs,
  nadam,
  type RegularizerLike,
  registerWasmKernels,
  uniformProbabilities,
} from '@apemen/layers';
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

const regularizer: RegularizerLike = energyConservation(100);
const bankArgs: ConvolutionBankArgs = {
  kernelSize: 2,
  filters: 3,
  seed: 1,
  kernelRegularizer: regularizer,
};
const bank: ConvolutionBank = convolutionBank(bankArgs);
const maskArgs: FilterMaskArgs = { seed: 140280 };
const mask: FilterMask = filterMask(maskArgs);
const deconvArgs: MergeDeconvolutionArgs = { kernelSize: 2, filters: 3 };
const deconv: MergeDeconvolution = mergeDeconvolution(deconvArgs);
const maximum: ChannelMaximum = channelMaximum();
const input = tfl.input({ shape: [4, 4, 1] });
const responses = bank.apply(input) as tfl.SymbolicTensor;
const masked = mask.apply(responses) as tfl.SymbolicTensor;
const pooled = tfl.layers
  .maxPooling2d({ poolSize: 2 })
  .apply(maximum.apply(responses)) as tfl.SymbolicTensor;
const model = tfl.model({
  inputs: input,
  outputs: deconv.apply([pooled, masked]) as tfl.SymbolicTensor,
});
const lossOptions: ActiveLossOptions = {};
const loss: ActiveLossFunction = activeLoss([100, 10, 1], lossOptions);
const optimizerArgs: NadamArgs = { learningRate: 5e-5 };
const optimizer: Nadam = nadam(optimizerArgs);
model.compile({ optimizer, loss });
const masks: FilterMask[] = findFilterMasks(model);
const levels: LevelProbabilities[] = masks.map((m) => m.probabilities().dataSync());
const bits: number = activationBits(levels);
const boundsOptions: EntropyBoundsOptions = { draws: 1000, seed: 1 };
const bounds: EntropyBounds = entropyBounds(3, boundsOptions);
const entropy: number = filterEntropy(levels, bounds);
const callbacks = [activationBitsCallback(), filterEntropyCallback(boundsOptions)];
const weight: tf.Tensor = kernelsToBank([[1, 0, 0, 0]], 2);
const smearing: Float64Array = gaussianKernel(3);
const registered: string[] = registerWasmKernels();
const error: LayersConfigError = new LayersConfigError('size', 'a positive integer', 0);
export const used = [
  bits,
  entropy,
  callbacks,
  weight,
  smearing,
  registered,
  error.code,
  uniformProbabilities(1, 3),
  maximiseEntropy(1, 3),
  maximum instanceof ChannelMaximum,
];
