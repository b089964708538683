// The public types of @apemen/jets as a consumer sees them (strict, NodeNext).
import { FourVector } from '@apemen/fourvec';
import {
  type ClusterJetsOptions,
  type ClusterSequence,
  cluster,
  clusterJets,
  constituentMomenta,
  type Dijet,
  type DurhamResolutions,
  dijet,
  durham,
  exclusiveJets,
  inclusiveJets,
  type Jet,
  type JetAlgorithm,
  type JetDefinition,
  JetsError,
  jetMultiplicity,
  type MomentumLike,
  type NsubjettinessOptions,
  nsubjettiness,
  type ParticleArrays,
  type Particles,
  type Thrust,
  tau21,
  thrust,
} from '@apemen/jets';

const vectors: FourVector[] = [
  FourVector.fromPxPyPzE(10, 0, 0, 10),
  FourVector.fromPxPyPzE(0, 5, 1, 6),
];
const arrays: ParticleArrays = {
  px: new Float64Array([10, 0]),
  py: new Float64Array([0, 5]),
  pz: new Float64Array([0, 1]),
  e: new Float64Array([10, 6]),
};
const particles: Particles = arrays;
const algorithm: JetAlgorithm = 'antikt';
const definition: JetDefinition = { algorithm, R: 0.4 };
const sequence: ClusterSequence = cluster(particles, definition);
const inclusive: Jet[] = inclusiveJets(sequence, 5);
const exclusive: Jet[] = exclusiveJets(sequence, { njets: 1 });
const options: ClusterJetsOptions = { algorithm: 'kt', R: 1, ptMin: 1 };
const jets: Jet[] = clusterJets(vectors, options);
const counts: number[] = jetMultiplicity(jets, [5, 20]);
const pair: Dijet | undefined = dijet(jets);
const first: Jet | undefined = jets[0];
const constituents: Particles = first ? constituentMomenta(vectors, first.constituents) : [];
const one: MomentumLike = vectors[0] as FourVector;
const nsub: NsubjettinessOptions = { beta: 1 };
const tau2: number = nsubjettiness(constituents, 2, nsub);
const ratio: number = tau21(constituents);
const ee: DurhamResolutions = durham(vectors);
const axis: Thrust = thrust(vectors);
const error: JetsError = new JetsError('JETS_BAD_PARAMETER', 'R must be positive');
export const used = [
  inclusive,
  exclusive,
  counts,
  pair,
  tau2,
  ratio,
  ee.y23,
  axis.thrust,
  error.code,
  one,
];
