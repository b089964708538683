import { BEAM, type ClusterSequence, cluster, type JetAlgorithm } from './cluster.js';
import { JetsError } from './errors.js';
import { fastjetRapidity, type Particles, phiStd, signedMass } from './kinematics.js';

/** A jet: its four-momentum, the usual kinematics, and which input particles it holds. */
export interface Jet {
  /** x component of momentum, GeV. */
  readonly px: number;
  /** y component of momentum, GeV. */
  readonly py: number;
  /** z component of momentum, GeV. */
  readonly pz: number;
  /** Energy, GeV. */
  readonly e: number;
  /** Transverse momentum √(px² + py²), GeV. */
  readonly pt: number;
  /** Rapidity, as FastJet's `rap()` (see `fastjetRapidity`). */
  readonly rapidity: number;
  /** Azimuth in (−π, π]. */
  readonly phi: number;
  /** Signed invariant mass copysign(√|m²|, m²), GeV. */
  readonly mass: number;
  /** Indices of the input particles in the jet, ascending. */
  readonly constituents: readonly number[];
}

/**
 * Makes the {@link Jet} record of one jet of a clustering sequence.
 *
 * @param sequence - the clustering sequence
 * @param jet - the jet's number (0 … nParticles−1 are the particles themselves)
 * @returns the jet with its kinematics and constituents
 * @throws {@link JetsError} `JETS_BAD_REQUEST` if there is no such jet
 * @example `jetOf(seq, 0).constituents` is `[0]`: jet 0 is the first particle.
 */
export function jetOf(sequence: ClusterSequence, jet: number): Jet {
  if (!(Number.isInteger(jet) && jet >= 0 && jet < sequence.nJets)) {
    throw new JetsError('JETS_BAD_REQUEST', `no jet ${jet}: the sequence has ${sequence.nJets}`);
  }
  const px = sequence.px[jet] as number;
  const py = sequence.py[jet] as number;
  const pz = sequence.pz[jet] as number;
  const e = sequence.e[jet] as number;
  return {
    px,
    py,
    pz,
    e,
    pt: Math.sqrt(px * px + py * py),
    rapidity: fastjetRapidity(px, py, pz, e),
    phi: phiStd(px, py),
    mass: signedMass(px, py, pz, e),
    constituents: constituentsOf(sequence, jet),
  };
}

/**
 * The input particles that make up a jet of a clustering sequence.
 *
 * @param sequence - the clustering sequence
 * @param jet - the jet's number
 * @returns indices of the input particles, ascending
 * @example `constituentsOf(seq, seq.nParticles)` lists the two particles merged first.
 */
export function constituentsOf(sequence: ClusterSequence, jet: number): number[] {
  const out: number[] = [];
  const n = sequence.nParticles;
  const stack = [sequence.historyOfJet[jet] as number];
  while (stack.length > 0) {
    const h = stack.pop() as number;
    if (h < n) {
      out.push(h);
    } else {
      stack.push(sequence.parent1[h] as number, sequence.parent2[h] as number);
    }
  }
  return out.sort((a, b) => a - b);
}

function perp2(sequence: ClusterSequence, jet: number): number {
  const x = sequence.px[jet] as number;
  const y = sequence.py[jet] as number;
  return x * x + y * y;
}

function byDecreasingPt(sequence: ClusterSequence, jets: number[]): number[] {
  const { px, py } = sequence;
  return jets.sort((a, b) => {
    const xa = px[a] as number;
    const ya = py[a] as number;
    const xb = px[b] as number;
    const yb = py[b] as number;
    return xb * xb + yb * yb - (xa * xa + ya * ya);
  });
}

/**
 * The inclusive jets of a clustering: every jet that merged with the beam, with pt ≥ ptMin,
 * hardest first.
 *
 * @param sequence - the clustering sequence
 * @param ptMin - the smallest transverse momentum kept, GeV
 * @defaultValue ptMin = 0
 * @returns the jets sorted by decreasing pt
 * @throws {@link JetsError} `JETS_BAD_PARAMETER` if ptMin is negative or not finite
 * @remarks
 * The selection follows FastJet's `inclusive_jets` branch for each algorithm, so the jets are the
 * same to the last bit: for kt the step's d_iB ≥ ptMin², for Cambridge/Aachen and anti-kt the jet's
 * pt² ≥ ptMin². Equal pt keep the order FastJet's history gives them.
 * @example
 * ```ts
 * inclusiveJets(cluster(particles, { algorithm: 'antikt', R: 0.4 }), 20).map((j) => j.pt);
 * // e.g. [983.3, 908.1, 70.4]
 * ```
 */
export function inclusiveJets(sequence: ClusterSequence, ptMin = 0): Jet[] {
  if (!(ptMin >= 0 && Number.isFinite(ptMin))) {
    throw new JetsError('JETS_BAD_PARAMETER', `ptMin must be a finite number ≥ 0, got ${ptMin}`);
  }
  const dcut = ptMin * ptMin;
  const jets: number[] = [];
  const { parent1, parent2, jetOfHistory, dij, maxDijSoFar } = sequence;
  const last = 2 * sequence.nParticles - 1;
  if (sequence.algorithm === 'kt') {
    for (let i = last; i >= 0; i--) {
      if ((maxDijSoFar[i] as number) < dcut) break;
      if (parent2[i] === BEAM && (dij[i] as number) >= dcut) {
        jets.push(jetOfHistory[parent1[i] as number] as number);
      }
    }
  } else if (sequence.algorithm === 'cambridge') {
    for (let i = last; i >= 0; i--) {
      if (parent2[i] !== BEAM) break;
      const jet = jetOfHistory[parent1[i] as number] as number;
      if (perp2(sequence, jet) >= dcut) jets.push(jet);
    }
  } else {
    for (let i = last; i >= 0; i--) {
      if (parent2[i] === BEAM) {
        const jet = jetOfHistory[parent1[i] as number] as number;
        if (perp2(sequence, jet) >= dcut) jets.push(jet);
      }
    }
  }
  return byDecreasingPt(sequence, jets).map((j) => jetOf(sequence, j));
}

/**
 * The exclusive jets of a clustering: the jets present when it had made exactly `njets`, or when
 * the next step would exceed `dcut`.
 *
 * @param sequence - the clustering sequence (meaningful for kt, Cambridge/Aachen and `ee_kt`)
 * @param request - `{ njets }` or `{ dcut }` (in the units of the sequence's `dij`: GeV² for kt
 *   and `ee_kt`, ΔR²/R² for Cambridge/Aachen)
 * @returns the jets sorted by decreasing pt (for `ee_kt`, decreasing energy)
 * @throws {@link JetsError} `JETS_BAD_REQUEST` if njets exceeds the number of particles or is not a
 *   whole number ≥ 0, or dcut is negative or NaN
 * @remarks Same selection as FastJet's `exclusive_jets(int)` and `exclusive_jets(double)`.
 * @example `exclusiveJets(cluster(p, { algorithm: 'ee_kt' }), { njets: 3 }).length` is `3`.
 */
export function exclusiveJets(
  sequence: ClusterSequence,
  request: { readonly njets: number } | { readonly dcut: number },
): Jet[] {
  const n = sequence.nParticles;
  let njets: number;
  if ('njets' in request) {
    njets = request.njets;
    if (!(Number.isInteger(njets) && njets >= 0 && njets <= n)) {
      throw new JetsError(
        'JETS_BAD_REQUEST',
        `njets must be a whole number from 0 to the number of particles (${n}), got ${njets}`,
      );
    }
  } else {
    if (!(request.dcut >= 0)) {
      throw new JetsError('JETS_BAD_REQUEST', `dcut must be a number ≥ 0, got ${request.dcut}`);
    }
    njets = exclusiveJetCount(sequence, request.dcut);
  }
  let stop = 2 * n - njets;
  if (stop < n) stop = n;
  const { parent1, parent2, jetOfHistory } = sequence;
  const jets: number[] = [];
  for (let i = stop; i < 2 * n; i++) {
    const p1 = parent1[i] as number;
    if (p1 < stop) jets.push(jetOfHistory[p1] as number);
    const p2 = parent2[i] as number;
    if (p2 < stop && p2 > 0) jets.push(jetOfHistory[p2] as number);
  }
  const sorted =
    sequence.algorithm === 'ee_kt'
      ? jets.sort((a, b) => (sequence.e[b] as number) - (sequence.e[a] as number))
      : byDecreasingPt(sequence, jets);
  return sorted.map((j) => jetOf(sequence, j));
}

/**
 * The number of exclusive jets at a given d_cut (FastJet's `n_exclusive_jets`).
 *
 * @param sequence - the clustering sequence
 * @param dcut - the resolution, in the units of the sequence's `dij`
 * @returns the number of jets when clustering stops before the first step with d > dcut
 * @example `exclusiveJetCount(seq, Infinity)` is `0` for kt with every jet merged to the beam.
 */
export function exclusiveJetCount(sequence: ClusterSequence, dcut: number): number {
  let i = 2 * sequence.nParticles - 1;
  while (i >= 0) {
    if ((sequence.maxDijSoFar[i] as number) <= dcut) break;
    i--;
  }
  return 2 * sequence.nParticles - (i + 1);
}

/**
 * The d of the step that went from njets + 1 jets to njets (FastJet's `exclusive_dmerge`).
 *
 * @param sequence - the clustering sequence
 * @param njets - the number of jets after the step
 * @returns that step's d_ij (0 if there were never more than njets particles)
 * @throws {@link JetsError} `JETS_BAD_REQUEST` if njets is not a whole number ≥ 0
 * @example `exclusiveDmerge(seq, 2)` is d₂₃ of a Durham clustering, in GeV².
 */
export function exclusiveDmerge(sequence: ClusterSequence, njets: number): number {
  if (!(Number.isInteger(njets) && njets >= 0)) {
    throw new JetsError('JETS_BAD_REQUEST', `njets must be a whole number ≥ 0, got ${njets}`);
  }
  const i = 2 * sequence.nParticles - njets - 1;
  if (i < sequence.nParticles) return 0;
  return sequence.dij[i] as number;
}

/**
 * The d of the step from njets + 1 to njets jets divided by Q² (FastJet's `exclusive_ymerge`).
 *
 * @param sequence - the clustering sequence
 * @param njets - the number of jets after the step
 * @returns d/Q² with Q the total energy of the particles; for `ee_kt` this is Durham y_{n,n+1}
 * @throws {@link JetsError} `JETS_BAD_REQUEST` if njets is not a whole number ≥ 0
 * @example `exclusiveYmerge(cluster(p, { algorithm: 'ee_kt' }), 2)` is y₂₃.
 */
export function exclusiveYmerge(sequence: ClusterSequence, njets: number): number {
  return exclusiveDmerge(sequence, njets) / (sequence.qTotal * sequence.qTotal);
}

/** Options of {@link clusterJets}. */
export interface ClusterJetsOptions {
  /** The pp algorithm. */
  readonly algorithm: Exclude<JetAlgorithm, 'ee_kt'>;
  /**
   * The jet radius.
   * @defaultValue 0.4
   */
  readonly R?: number;
  /**
   * The smallest jet pt kept, GeV.
   * @defaultValue 0
   */
  readonly ptMin?: number;
}

/**
 * Clusters particles and returns the inclusive jets above a pt threshold, hardest first.
 *
 * @param particles - four-vectors or a structure of arrays
 * @param options - algorithm, radius, threshold
 * @returns the jets sorted by decreasing pt
 * @throws {@link JetsError} for bad particles or parameters (see `cluster`)
 * @example
 * ```ts
 * const jets = clusterJets(particles, { algorithm: 'antikt', R: 0.4, ptMin: 20 });
 * jets[0].pt; // the hardest jet's pt
 * ```
 */
export function clusterJets(particles: Particles, options: ClusterJetsOptions): Jet[] {
  const sequence = cluster(particles, { algorithm: options.algorithm, R: options.R ?? 0.4 });
  return inclusiveJets(sequence, options.ptMin ?? 0);
}
