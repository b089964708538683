import { RefShowerError } from './errors.js';
import type { Momentum } from './kinematics.js';
import type { RandomSource } from './random.js';
import type { Parton } from './shower.js';

/** An incoming (beam) particle of a hard process. */
export interface Beam extends Momentum {
  /** PDG code. */
  pdgId: number;
}

/** A hard process ready to shower: incoming beams, outgoing partons and the starting scale. */
export interface HardProcess {
  /** Incoming particles (empty where the process has none). */
  beams: Beam[];
  /** Outgoing partons with their colour lines. */
  partons: Parton[];
  /** Starting evolution scale t_start, GeV². */
  startScale: number;
}

/** Options of {@link eeToQuarks}. */
export interface EeOptions {
  /**
   * Centre-of-mass energy √s, GeV.
   * @defaultValue 91.2
   */
  sqrtS?: number;
  /**
   * How the quark flavour (d, u, s, c, b) is chosen: `'z-pole'` weights by vq² + aq² of the Z
   * couplings (the Z-pole partial widths at lowest order), `'equal'` gives each 1/5.
   * @defaultValue 'z-pole'
   */
  flavours?: 'z-pole' | 'equal';
  /**
   * sin²θW used in the Z vector couplings.
   * @defaultValue 0.2312
   */
  sin2ThetaW?: number;
}

/** Options of {@link dijet}. */
export interface DijetOptions {
  /**
   * Lower bound of the parton pT, GeV.
   * @defaultValue 100
   */
  ptMin?: number;
  /**
   * Upper bound of the parton pT, GeV.
   * @defaultValue 500
   */
  ptMax?: number;
  /**
   * n in the falling spectrum dN/dpT ∝ pT^−n.
   * @defaultValue 5
   */
  ptExponent?: number;
  /**
   * Each parton's rapidity is uniform in (−maxRapidity, maxRapidity).
   * @defaultValue 2.5
   */
  maxRapidity?: number;
  /**
   * Probability that the pair is gg rather than qq̄.
   * @defaultValue 0.5
   */
  gluonFraction?: number;
}

/**
 * Z-pole flavour weights vq² + aq² with vq = T3 − 2 Q sin²θW, aq = T3.
 * @param sin2ThetaW - sin²θW
 * @returns weights of d, u, s, c, b (not normalised)
 */
function zPoleWeights(sin2ThetaW: number): number[] {
  const down = (-0.5 + (2 / 3) * sin2ThetaW) ** 2 + 0.25;
  const up = (0.5 - (4 / 3) * sin2ThetaW) ** 2 + 0.25;
  return [down, up, down, up, down];
}

/**
 * Probabilities of the quark flavours d, u, s, c, b in e+e− → qq̄.
 *
 * @param options - flavour scheme and sin²θW; see {@link EeOptions}
 * @returns five probabilities summing to 1, in PDG order 1…5
 * @remarks
 * At the Z pole, lowest order, Γ(Z → qq̄) ∝ vq² + aq². With sin²θW = 0.2312:
 * down-type 0.34587² + 0.25 = 0.36963, up-type 0.19173² + 0.25 = 0.28676, so P(d) = 0.2197 and
 * P(u) = 0.1704. Photon exchange and γ–Z interference are neglected (at √s = mZ they are
 * below 1%).
 * @example `eeFlavourProbabilities({ flavours: 'equal' })` is `[0.2, 0.2, 0.2, 0.2, 0.2]`.
 */
export function eeFlavourProbabilities(options: EeOptions = {}): number[] {
  const weights =
    (options.flavours ?? 'z-pole') === 'equal'
      ? [1, 1, 1, 1, 1]
      : zPoleWeights(options.sin2ThetaW ?? 0.2312);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RefShowerError('invalid-option', `${name} must be a finite number > 0, got ${value}`);
  }
}

/**
 * Generates the hard process e+e− → qq̄ at lowest order.
 *
 * @param random - uniform random numbers
 * @param options - energy and flavour scheme; see {@link EeOptions}
 * @returns beams e− (along +z) and e+, the qq̄ pair with one colour line (tag 501), and
 *   t_start = s
 * @throws RefShowerError `invalid-option` for a non-positive energy
 * @remarks
 * cos θ of the quark relative to the e− follows 1 + cos²θ (the parity-violating forward–backward
 * term of Z exchange is left out), φ is uniform. The start scale s lets the first emission
 * fill the whole dipole phase space kT² ≤ s/4.
 * @example
 * ```ts
 * const hard = eeToQuarks(createRandom(1));
 * hard.partons[0].e + hard.partons[1].e; // 91.2
 * ```
 */
export function eeToQuarks(random: RandomSource, options: EeOptions = {}): HardProcess {
  const sqrtS = options.sqrtS ?? 91.2;
  checkPositive('sqrtS', sqrtS);
  const probabilities = eeFlavourProbabilities(options);
  let u = random.next();
  let flavour = 5;
  for (let f = 0; f < 5; f++) {
    u -= probabilities[f] ?? 0;
    if (u < 0) {
      flavour = f + 1;
      break;
    }
  }
  let cosTheta: number;
  do cosTheta = 2 * random.next() - 1;
  while (2 * random.next() > 1 + cosTheta * cosTheta);
  const sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
  const phi = 2 * Math.PI * random.next();
  const energy = sqrtS / 2;
  const px = energy * sinTheta * Math.cos(phi);
  const py = energy * sinTheta * Math.sin(phi);
  const pz = energy * cosTheta;
  return {
    beams: [
      { pdgId: 11, px: 0, py: 0, pz: energy, e: energy },
      { pdgId: -11, px: 0, py: 0, pz: -energy, e: energy },
    ],
    partons: [
      { pdgId: flavour, px, py, pz, e: energy, colour: 501, anticolour: 0 },
      { pdgId: -flavour, px: -px, py: -py, pz: -pz, e: energy, colour: 0, anticolour: 501 },
    ],
    startScale: sqrtS * sqrtS,
  };
}

/**
 * Generates an LHC-like colour-singlet dijet: two back-to-back (in azimuth) partons of equal pT.
 *
 * @param random - uniform random numbers
 * @param options - pT range and spectrum, rapidity range, gluon fraction; see {@link DijetOptions}
 * @returns no beams, the two partons (gg or qq̄) and t_start = pT²
 * @throws RefShowerError `invalid-option` for bounds that are not 0 < ptMin < ptMax, a negative
 *   rapidity range or a gluon fraction outside [0, 1]
 * @remarks
 * pT is drawn from pT^−n between the bounds, each rapidity uniformly in (−ymax, ymax), φ uniformly;
 * the pair's total transverse momentum is zero but it may move along z. The pair is one colour
 * singlet: qq̄ on one line (flavour uniform over d…b) or gg on two lines (two dipoles between the
 * gluons). Only final-state radiation follows; there is no initial-state shower, no underlying
 * event and no incoming partons, so the event is a toy of LHC jets, not a cross-section model.
 * @example
 * ```ts
 * const hard = dijet(createRandom(3), { ptMin: 200, ptMax: 300 });
 * Math.hypot(hard.partons[0].px, hard.partons[0].py); // in [200, 300]
 * ```
 */
export function dijet(random: RandomSource, options: DijetOptions = {}): HardProcess {
  const ptMin = options.ptMin ?? 100;
  const ptMax = options.ptMax ?? 500;
  const n = options.ptExponent ?? 5;
  const yMax = options.maxRapidity ?? 2.5;
  const gluonFraction = options.gluonFraction ?? 0.5;
  checkPositive('ptMin', ptMin);
  checkPositive('ptMax', ptMax);
  if (!(ptMin < ptMax)) {
    throw new RefShowerError(
      'invalid-option',
      `ptMin must be below ptMax, got ${ptMin} and ${ptMax}`,
    );
  }
  if (!Number.isFinite(n))
    throw new RefShowerError('invalid-option', `ptExponent must be finite, got ${n}`);
  if (!(yMax >= 0) || !Number.isFinite(yMax)) {
    throw new RefShowerError('invalid-option', `maxRapidity must be ≥ 0, got ${yMax}`);
  }
  if (!(gluonFraction >= 0 && gluonFraction <= 1)) {
    throw new RefShowerError(
      'invalid-option',
      `gluonFraction must be in [0, 1], got ${gluonFraction}`,
    );
  }
  const u = random.next();
  let pt: number;
  if (Math.abs(n - 1) < 1e-12) {
    pt = ptMin * (ptMax / ptMin) ** u;
  } else {
    const a = ptMin ** (1 - n);
    const b = ptMax ** (1 - n);
    pt = (a + u * (b - a)) ** (1 / (1 - n));
  }
  const y1 = yMax * (2 * random.next() - 1);
  const y2 = yMax * (2 * random.next() - 1);
  const phi = 2 * Math.PI * random.next();
  const px = pt * Math.cos(phi);
  const py = pt * Math.sin(phi);
  const first = { px, py, pz: pt * Math.sinh(y1), e: pt * Math.cosh(y1) };
  const second = { px: -px, py: -py, pz: pt * Math.sinh(y2), e: pt * Math.cosh(y2) };
  let partons: Parton[];
  if (random.next() < gluonFraction) {
    partons = [
      { pdgId: 21, ...first, colour: 501, anticolour: 502 },
      { pdgId: 21, ...second, colour: 502, anticolour: 501 },
    ];
  } else {
    const flavour = 1 + Math.min(4, Math.floor(5 * random.next()));
    const sign = random.next() < 0.5 ? 1 : -1;
    partons = [
      {
        pdgId: sign * flavour,
        ...first,
        colour: sign > 0 ? 501 : 0,
        anticolour: sign > 0 ? 0 : 501,
      },
      {
        pdgId: -sign * flavour,
        ...second,
        colour: sign > 0 ? 0 : 501,
        anticolour: sign > 0 ? 501 : 0,
      },
    ];
  }
  return { beams: [], partons, startScale: pt * pt };
}
