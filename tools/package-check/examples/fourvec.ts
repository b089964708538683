// The public types of @apemen/fourvec as a consumer sees them (strict, NodeNext).
import {
  DEFAULT_LIGHTCONE_TOLERANCE,
  FourVector,
  FourVectorArray,
  FourVectorError,
  type FourVectorErrorCode,
  type IndexList,
  type MathLib,
  numberMath,
  type Vector3,
  wrapPhi,
} from '@apemen/fourvec';
import { boostCMOf, mass, type TensorOrNumber, tensorMath } from '@apemen/fourvec/tf';
import * as tf from '@tensorflow/tfjs-core';

const p: FourVector = FourVector.fromPtEtaPhiM(25, 0.4, 1.2, 91.19);
const pt: number = p.pt;
const beta: Vector3 = p.beta3;
const batch: FourVectorArray = FourVectorArray.fromVectors([p, p.boostZ(0.5)]);
const offsets: IndexList = [0, 2];
const masses: Float64Array = batch.invariantMassOfSets(offsets, [0, 1]);
const code: FourVectorErrorCode = new FourVectorError('INVALID_ARGUMENT', 'example').code;
const numbers: MathLib<number, boolean> = numberMath;
const p4: tf.Tensor = tf.tensor2d([[0, 0, 3, 5]]);
const rest: tf.Tensor = mass(boostCMOf(p4, p4));
const beta0: TensorOrNumber = 0.5;
export const used = [pt, beta, masses, code, numbers, tensorMath, rest, beta0];
export const phi: number = wrapPhi(4) + DEFAULT_LIGHTCONE_TOLERANCE;
