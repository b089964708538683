export {
  BEAM,
  type ClusterSequence,
  cluster,
  type JetAlgorithm,
  type JetDefinition,
  NO_PARENT,
} from './cluster.js';
export { JetsError } from './errors.js';
export {
  type ClusterJetsOptions,
  clusterJets,
  constituentsOf,
  exclusiveDmerge,
  exclusiveJetCount,
  exclusiveJets,
  exclusiveYmerge,
  inclusiveJets,
  type Jet,
  jetOf,
} from './jets.js';
export {
  deltaR2,
  fastjetRapidity,
  MAX_RAPIDITY,
  type MomentumLike,
  type ParticleArrays,
  type Particles,
  phi02pi,
  phiStd,
  signedMass,
} from './kinematics.js';
export {
  constituentMomenta,
  type Dijet,
  type DurhamResolutions,
  deltaPhi,
  dijet,
  durham,
  invariantMass,
  jetMultiplicity,
  type NsubjettinessOptions,
  nsubjettiness,
  tau21,
} from './observables.js';
export { THRUST_MAX_PARTICLES, type Thrust, thrust } from './thrust.js';
