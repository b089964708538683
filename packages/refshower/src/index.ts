export type { AlphaS, AlphaSOptions } from './alphas.js';
export { betaCoefficients, createAlphaS, fixedAlphaS } from './alphas.js';
export type { ColourTags } from './check.js';
export { colourFlowProblems, momentumImbalance } from './check.js';
export type { RefShowerErrorCode } from './errors.js';
export { RefShowerError } from './errors.js';
export type {
  EventShowerOptions,
  FileShowerOptions,
  GenerateOptions,
  ProcessName,
  ShoweredEvent,
} from './events.js';
export { generateEvent, showerGenEvent } from './events.js';
export type { Momentum } from './kinematics.js';
export {
  boost,
  finalFinalKinematics,
  masslessProjection,
  minkowskiDot,
  transverseBasis,
} from './kinematics.js';
export type { Beam, DijetOptions, EeOptions, HardProcess } from './processes.js';
export { dijet, eeFlavourProbabilities, eeToQuarks } from './processes.js';
export type { RandomSource } from './random.js';
export { createRandom, Xoshiro128 } from './random.js';
export type { Emission, Parton, ShowerOptions, ShowerResult, Splitting } from './shower.js';
export { showerPartons } from './shower.js';
