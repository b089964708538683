import { cluster } from './cluster.js';
import { JetsError } from './errors.js';
import { exclusiveJets, exclusiveYmerge, type Jet } from './jets.js';
import {
  deltaR2,
  fastjetRapidity,
  type MomentumLike,
  type ParticleArrays,
  type Particles,
  phi02pi,
  signedMass,
  toColumns,
} from './kinematics.js';

/**
 * Counts the jets at or above each of several pt thresholds.
 *
 * @param jets - the jets (any order)
 * @param thresholds - pt thresholds, GeV
 * @returns for each threshold, the number of jets with pt ≥ it
 * @example `jetMultiplicity(jets, [20, 50, 100])` is e.g. `[4, 2, 2]`.
 */
export function jetMultiplicity(
  jets: readonly { readonly pt: number }[],
  thresholds: readonly number[],
): number[] {
  return thresholds.map((threshold) => jets.filter((jet) => jet.pt >= threshold).length);
}

/**
 * Azimuthal separation of two jets, |Δφ| folded into [0, π].
 *
 * @param a - first jet (or any momentum)
 * @param b - second jet
 * @returns |φ_a − φ_b| in [0, π]
 * @example Back-to-back jets give `Math.PI`.
 */
export function deltaPhi(a: MomentumLike, b: MomentumLike): number {
  let d = Math.abs(phi02pi(a.px, a.py) - phi02pi(b.px, b.py));
  if (d > Math.PI) d = 2 * Math.PI - d;
  return d;
}

/**
 * Signed invariant mass of the sum of two momenta, GeV.
 *
 * @param a - first jet
 * @param b - second jet
 * @returns copysign(√|m²|, m²) of a + b
 * @example Two massless 50 GeV jets back to back: `100`.
 */
export function invariantMass(a: MomentumLike, b: MomentumLike): number {
  return signedMass(a.px + b.px, a.py + b.py, a.pz + b.pz, a.e + b.e);
}

/** The two hardest jets of an event seen as a pair. */
export interface Dijet {
  /** |Δφ| between the two hardest jets, in [0, π]. */
  readonly deltaPhi: number;
  /** Signed invariant mass of the pair, GeV. */
  readonly mass: number;
  /** |Δy| between them. */
  readonly deltaRapidity: number;
}

/**
 * Dijet observables of the two hardest jets.
 *
 * @param jets - the jets, hardest first (as `inclusiveJets` returns them)
 * @returns Δφ, mass and Δy of jets 0 and 1, or `undefined` with fewer than two jets
 * @example `dijet(clusterJets(p, { algorithm: 'antikt', ptMin: 20 }))?.deltaPhi`
 */
export function dijet(jets: readonly Jet[]): Dijet | undefined {
  const a = jets[0];
  const b = jets[1];
  if (a === undefined || b === undefined) return undefined;
  return {
    deltaPhi: deltaPhi(a, b),
    mass: invariantMass(a, b),
    deltaRapidity: Math.abs(a.rapidity - b.rapidity),
  };
}

/**
 * The momenta of a jet's constituents, as a structure of arrays.
 *
 * @param particles - the event's particles, as given to the clustering
 * @param indices - the jet's `constituents`
 * @returns the selected particles
 * @throws {@link JetsError} `JETS_BAD_REQUEST` if an index is out of range
 * @example `nsubjettiness(constituentMomenta(event, jets[0].constituents), 2)`
 */
export function constituentMomenta(
  particles: Particles,
  indices: readonly number[],
): ParticleArrays {
  const all = toColumns(particles);
  const out = {
    px: new Float64Array(indices.length),
    py: new Float64Array(indices.length),
    pz: new Float64Array(indices.length),
    e: new Float64Array(indices.length),
  };
  indices.forEach((index, k) => {
    if (!(Number.isInteger(index) && index >= 0 && index < all.n)) {
      throw new JetsError(
        'JETS_BAD_REQUEST',
        `constituent index ${index} is not a particle (0 to ${all.n - 1})`,
      );
    }
    out.px[k] = all.px[index] as number;
    out.py[k] = all.py[index] as number;
    out.pz[k] = all.pz[index] as number;
    out.e[k] = all.e[index] as number;
  });
  return out;
}

/** Options of {@link nsubjettiness}. */
export interface NsubjettinessOptions {
  /**
   * The angular exponent β.
   * @defaultValue 1
   */
  readonly beta?: number;
  /**
   * If given, divide by Σ_k pt_k R0^β (fjcontrib's NormalizedMeasure(β, R0)); if not, the
   * unnormalised τ_N (UnnormalizedMeasure(β)), in GeV.
   * @defaultValue undefined (unnormalised)
   */
  readonly R0?: number;
}

/**
 * N-subjettiness τ_N of a jet, with exclusive-kt axes.
 *
 * @param constituents - the jet's constituents (see {@link constituentMomenta})
 * @param N - the number of axes, ≥ 1
 * @param options - β and the optional normalisation radius R0
 * @returns τ_N = Σ_k pt_k min_a ΔR_{k,a}^β (GeV), divided by Σ_k pt_k R0^β when R0 is given;
 *   0 when the jet has N or fewer constituents
 * @throws {@link JetsError} `JETS_BAD_PARAMETER` for N < 1, β ≤ 0 or R0 ≤ 0
 * @remarks
 * As fjcontrib's `Nsubjettiness(N, KT_Axes(), UnnormalizedMeasure(β))`: the axes are the N
 * exclusive jets of kt clustering of the constituents (E-scheme, R = 1000, FastJet's
 * `max_allowable_R`), ΔR² = Δy² + Δφ² with FastJet's rapidity. The kt axes are not minimised, so
 * τ_{N+1} > τ_N can happen. The ratio τ₂₁ = τ₂/τ₁ does not depend on the normalisation.
 * @example `nsubjettiness(constituentMomenta(event, jet.constituents), 2)` is τ₂ in GeV.
 * @see J. Thaler, K. Van Tilburg, "Identifying Boosted Objects with N-subjettiness",
 *   JHEP 03 (2011) 015, arXiv:1011.2268
 */
export function nsubjettiness(
  constituents: Particles,
  N: number,
  options: NsubjettinessOptions = {},
): number {
  const beta = options.beta ?? 1;
  if (!(Number.isInteger(N) && N >= 1)) {
    throw new JetsError('JETS_BAD_PARAMETER', `N must be a whole number ≥ 1, got ${N}`);
  }
  if (!(beta > 0 && Number.isFinite(beta))) {
    throw new JetsError('JETS_BAD_PARAMETER', `beta must be a finite number > 0, got ${beta}`);
  }
  if (options.R0 !== undefined && !(options.R0 > 0 && Number.isFinite(options.R0))) {
    throw new JetsError('JETS_BAD_PARAMETER', `R0 must be a finite number > 0, got ${options.R0}`);
  }
  const c = toColumns(constituents);
  if (c.n <= N) return 0;
  const axes = exclusiveJets(cluster(c, { algorithm: 'kt', R: 1000 }), { njets: N });
  const axisRap = axes.map((a) => fastjetRapidity(a.px, a.py, a.pz, a.e));
  const axisPhi = axes.map((a) => phi02pi(a.px, a.py));
  let sum = 0;
  let norm = 0;
  for (let k = 0; k < c.n; k++) {
    const x = c.px[k] as number;
    const y = c.py[k] as number;
    const rap = fastjetRapidity(x, y, c.pz[k] as number, c.e[k] as number);
    const phi = phi02pi(x, y);
    let best = Number.POSITIVE_INFINITY;
    for (let a = 0; a < axes.length; a++) {
      const d = deltaR2(rap, phi, axisRap[a] as number, axisPhi[a] as number);
      if (d < best) best = d;
    }
    const pt = Math.sqrt(x * x + y * y);
    sum += pt * (beta === 1 ? Math.sqrt(best) : best ** (beta / 2));
    norm += pt;
  }
  if (options.R0 === undefined) return sum;
  return sum / (norm * options.R0 ** beta);
}

/**
 * The N-subjettiness ratio τ₂₁ = τ₂/τ₁ of a jet (β = 1 unless given).
 *
 * @param constituents - the jet's constituents
 * @param options - β (R0 cancels in the ratio)
 * @returns τ₂/τ₁; `NaN` when τ₁ = 0 (a jet of one particle)
 * @throws {@link JetsError} as {@link nsubjettiness}
 * @example Two-prong jets (W, Z, H) have small τ₂₁, QCD jets large.
 */
export function tau21(constituents: Particles, options: NsubjettinessOptions = {}): number {
  const tau1 = nsubjettiness(constituents, 1, options);
  if (tau1 === 0) return Number.NaN;
  return nsubjettiness(constituents, 2, options) / tau1;
}

/** Durham jet resolutions of an e+e− event. */
export interface DurhamResolutions {
  /** y₂₃: the y at which the event goes from 3 to 2 jets. */
  readonly y23: number;
  /** y₃₄: the y at which the event goes from 4 to 3 jets. */
  readonly y34: number;
}

/**
 * Durham (e+e− kt) jet resolutions y₂₃ and y₃₄.
 *
 * @param particles - the final-state particles (in the centre-of-mass frame)
 * @returns y₂₃ and y₃₄; 0 where the event has too few particles
 * @throws {@link JetsError} `JETS_BAD_PARTICLE` for a non-finite momentum
 * @remarks
 * Exclusive `ee_kt` clustering with y_ij = 2 min(E_i², E_j²)(1 − cos θ_ij)/Q², Q = Σ E, E-scheme;
 * y_{n,n+1} is the y of the step from n + 1 to n jets, as FastJet's `exclusive_ymerge(n)`.
 * @example `durham(particles).y23` for a two-jet-like event is small (≲ 0.01).
 * @see S. Catani et al., Phys. Lett. B269 (1991) 432
 */
export function durham(particles: Particles): DurhamResolutions {
  const sequence = cluster(particles, { algorithm: 'ee_kt' });
  return { y23: exclusiveYmerge(sequence, 2), y34: exclusiveYmerge(sequence, 3) };
}
