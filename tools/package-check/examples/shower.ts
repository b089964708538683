// The public types of @apemen/shower as a consumer sees them (strict, NodeNext).
import {
  activationBits,
  buildShowerModel,
  cloneShowerWeights,
  fileSystemHandler,
  fromKerasWeights,
  imagesToTensor,
  loadKerasWeights,
  loadShowerModel,
  loadShowerWeights,
  type MaskSampling,
  type PredictOptions,
  type ReferenceEncoding,
  type ReferenceMergeHook,
  type ReferenceOptions,
  referenceDecode,
  referenceEncode,
  referenceReconstruct,
  type ShowerConfig,
  type ShowerEncoding,
  ShowerError,
  type ShowerErrorCode,
  type ShowerGeometry,
  type ShowerImages,
  type ShowerMergeHook,
  type ShowerModel,
  type ShowerModelOptions,
  type ShowerWeights,
  showerGeometry,
  type UniformSource,
} from '@apemen/shower';
import type * as tf from '@tensorflow/tfjs-core';

const geometry: ShowerGeometry = showerGeometry(64, 2);
const options: ShowerModelOptions = { pixels: 64, kernelSize: 2, convolutions: 9, seed: 140280 };
const shower: ShowerModel = buildShowerModel(options);
const config: ShowerConfig = shower.config;
const images: ShowerImages = new Float32Array(64 * 64);
const predict: PredictOptions = { batchSize: 1 };
const encoding: ShowerEncoding = shower.encode(images, predict);
const reconstructed: Float32Array = shower.reconstruct(images, predict);
const generated: Float32Array = shower.generate(images, 1);
const weights: ShowerWeights = cloneShowerWeights(shower.kernels());
const bits: number = activationBits(weights);
let state = 0.5;
const uniform: UniformSource = () => (state = (state * 9301 + 0.49297) % 1);
const referenceOptions: ReferenceOptions = { uniform };
const hook: ReferenceMergeHook = (decoded) => decoded;
const loops: Float32Array = referenceReconstruct(weights, reconstructed, { uniform, merge: hook });
const encoded: ReferenceEncoding = referenceEncode(weights, loops, referenceOptions);
const decoded: Float32Array = referenceDecode(weights, encoded, hook);
const tensor: tf.Tensor4D = imagesToTensor(images, 64);
const tensorHook: ShowerMergeHook = (out) => out;
const merged: ShowerModel = await loadShowerModel('runs/k2', { merge: tensorHook });
const published: ShowerModel = await fromKerasWeights('k2.h5');
const plain: ShowerWeights = await loadKerasWeights('k2.h5');
const either: ShowerWeights = await loadShowerWeights('runs/k2');
const handler: tf.io.IOHandler = fileSystemHandler('runs/k2');
const sampling: MaskSampling = 'categorical';
const code: ShowerErrorCode = new ShowerError('BAD_GEOMETRY', 'example').code;
await shower.save('runs/k2');
export const used = [
  geometry,
  config,
  encoding,
  generated,
  bits,
  decoded,
  tensor,
  merged,
  published,
  plain,
  either,
  handler,
  sampling,
  code,
];
