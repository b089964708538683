// The public types of @apemen/merging as a consumer sees them (strict, NodeNext).
import type { GenEvent } from '@apemen/eventio';
import type { Rng } from '@apemen/jetimage';
import {
  type CutoffOptions,
  cutoffs,
  eventRng,
  fusedShowerMergeHook,
  hardPart,
  type MergeHookOptions,
  type MergeOptions,
  type MergeShower,
  type MergeShowerArgs,
  MergingConfigError,
  MergingError,
  mergeImages,
  mergeShower,
  mergeShowerOp,
  referenceShowerMergeHook,
  type ShowerEventOptions,
  type ShoweredEvent,
  showerEvent,
  showerMergeHook,
} from '@apemen/merging';
import {
  buildShowerModel,
  type FusedMergeHook,
  type ReferenceMergeHook,
  type ShowerMergeHook,
  type ShowerWeights,
} from '@apemen/shower';
import * as tf from '@tensorflow/tfjs-core';

const cutoffOptions: CutoffOptions = { kernelSize: 2, levels: 5, baseCutoff: 20 };
const levels: number[] = cutoffs(cutoffOptions);
const hard: number = hardPart(30, 20);
const mergeOptions: MergeOptions = { kernelSize: 2, cutoff: 20, hardThreshold: 1 };
const merged: Float32Array = mergeImages(new Float32Array(4), new Float32Array(4), 2, mergeOptions);
const out: tf.Tensor = mergeShowerOp(tf.zeros([1, 2, 2, 1]), tf.zeros([1, 2, 2, 1]), mergeOptions);
const layerArgs: MergeShowerArgs = { ...mergeOptions, name: 'merge' };
const layer: MergeShower = mergeShower(layerArgs);
const hookOptions: MergeHookOptions = { kernelSize: 2, levels: 5 };
const tensorHook: ShowerMergeHook = showerMergeHook(hookOptions);
const loopHook: ReferenceMergeHook = referenceShowerMergeHook(hookOptions);
const fusedHook: FusedMergeHook = fusedShowerMergeHook(hookOptions);
const shower = buildShowerModel({ merge: tensorHook });
const weights: ShowerWeights = shower.kernels();
const rng: Rng = eventRng(140280, 0);
declare const input: GenEvent;
const options: ShowerEventOptions = {
  seed: 140280,
  merge: true,
  engine: 'fused',
  grid: { axis: 'rapidity' },
};
const showered: ShoweredEvent = showerEvent(weights, input, 0, options);
const event: GenEvent = showered.event;
const errors: Error[] = [new MergingConfigError('levels', 'a whole number ≥ 1', 0)];
export const used = [
  levels,
  hard,
  merged,
  out,
  layer,
  loopHook,
  fusedHook,
  rng.uniform(),
  event,
  errors,
  MergingError,
];
