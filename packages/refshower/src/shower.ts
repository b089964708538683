import type { AlphaS } from './alphas.js';
import { createAlphaS } from './alphas.js';
import { RefShowerError } from './errors.js';
import { finalFinalKinematics, minkowskiDot } from './kinematics.js';
import type { RandomSource } from './random.js';

/**
 * A massless parton with leading-colour line tags.
 *
 * @remarks
 * `colour` and `anticolour` are positive line tags or 0 for none (LHE ICOLUP convention): a quark
 * has (c, 0), an antiquark (0, a), a gluon (c, a) with c ≠ a. Two partons are colour-connected
 * (form a dipole) when one's colour equals the other's anticolour.
 */
export interface Parton {
  /** PDG code: ±1…±5 for quarks, 21 for the gluon. */
  pdgId: number;
  /** x component of momentum, GeV. */
  px: number;
  /** y component of momentum, GeV. */
  py: number;
  /** z component of momentum, GeV. */
  pz: number;
  /** Energy, GeV. */
  e: number;
  /** Colour line tag, 0 for none. */
  colour: number;
  /** Anticolour line tag, 0 for none. */
  anticolour: number;
}

/** The three splittings of the massless final-state shower. */
export type Splitting = 'q->qg' | 'g->gg' | 'g->qqbar';

/** One accepted emission, in the order the shower made them. */
export interface Emission {
  /** Evolution variable t = kT², GeV². */
  t: number;
  /** Light-cone fraction of the emitter's first daughter pi. */
  z: number;
  /** Catani–Seymour recoil variable y. */
  y: number;
  /** Azimuth of k⊥ about the dipole, radians. */
  phi: number;
  /** The splitting. */
  splitting: Splitting;
  /** Index (in the parton list after the emission) of the first daughter pi. */
  emitter: number;
  /** Index of the spectator. */
  spectator: number;
  /** Index of the new parton pj (always appended at the end of the list). */
  emitted: number;
}

/** Options of {@link showerPartons}. */
export interface ShowerOptions {
  /**
   * Cutoff t₀ = kT²_min, GeV²: no emission has t < t₀ and dipoles with Q² < 4t₀ do not radiate.
   * @defaultValue 1
   */
  cutoff?: number;
  /**
   * The coupling, evaluated at μ² = t.
   * @defaultValue createAlphaS() (two-loop, αs(mZ) = 0.118)
   */
  alphaS?: AlphaS;
  /**
   * Number of massless quark flavours that g → qq̄ produces (d, u, s, c, b in PDG order).
   * @defaultValue 5
   */
  nf?: number;
  /**
   * If given, the evolution scale t_stop, GeV² (≥ cutoff), at which a snapshot of the partons is
   * kept: the state after every emission with t > t_stop. The shower itself is not changed.
   */
  stopAt?: number;
  /**
   * Stop after this many accepted emissions (used to study the first emission alone).
   * @defaultValue Infinity
   */
  maxEmissions?: number;
}

/** What {@link showerPartons} returns. */
export interface ShowerResult {
  /** Partons after the shower; the inputs come first (updated), emissions are appended. */
  partons: Parton[];
  /** Accepted emissions in the order made (decreasing t). */
  emissions: Emission[];
  /** The partons at t_stop when `stopAt` was given. */
  snapshot?: { partons: Parton[]; emissionCount: number };
}

const CF = 4 / 3;
const CA = 3;
const TR = 1 / 2;
const TWO_PI = 2 * Math.PI;

/** Which colour line of the emitter connects it to the spectator. */
enum Side {
  Colour = 0,
  Anticolour = 1,
}

enum Kernel {
  QuarkToQuarkGluon = 0,
  GluonToGluonGluon = 1,
  GluonToQuarkAntiquark = 2,
}

/** One way the next emission can happen: a dipole end and a kernel, with its trial rate. */
interface Channel {
  emitter: number;
  spectator: number;
  side: Side;
  kernel: Kernel;
  q2: number;
  zMax: number;
  /** Sum of the rates of this and all earlier channels. */
  cumulative: number;
}

/**
 * The splitting kernel per dipole, K(z, y) in dP = αs/(2π) dt/t dz (1 − y) K(z, y).
 *
 * @remarks
 * Catani–Seymour spin-averaged final-state kernels (hep-ph/9605323 eqs. 5.145–5.147) with the
 * gluon's kernels shared between its two colour dipoles in the leading-colour limit (each gets
 * CA/2 of the soft term and TR/2 of g → qq̄), as in S. Höche, arXiv:1411.4085, section 3.
 */
function kernelValue(kernel: Kernel, z: number, y: number, nf: number): number {
  switch (kernel) {
    case Kernel.QuarkToQuarkGluon:
      return CF * (2 / (1 - z * (1 - y)) - (1 + z));
    case Kernel.GluonToGluonGluon:
      return (CA / 2) * (2 / (1 - z * (1 - y)) - 2 + z * (1 - z));
    default:
      return nf * (TR / 2) * (1 - 2 * z * (1 - z));
  }
}

/** Overestimate E(z) ≥ (1 − y) K(z, y) for all 0 ≤ y < 1. */
function kernelEstimate(kernel: Kernel, z: number, nf: number): number {
  switch (kernel) {
    case Kernel.QuarkToQuarkGluon:
      return (2 * CF) / (1 - z);
    case Kernel.GluonToGluonGluon:
      return CA / (1 - z);
    default:
      return nf * (TR / 2);
  }
}

/** ∫ E(z) dz over (zMin, zMax). */
function kernelIntegral(kernel: Kernel, zMin: number, zMax: number, nf: number): number {
  switch (kernel) {
    case Kernel.QuarkToQuarkGluon:
      return 2 * CF * Math.log((1 - zMin) / (1 - zMax));
    case Kernel.GluonToGluonGluon:
      return CA * Math.log((1 - zMin) / (1 - zMax));
    default:
      return nf * (TR / 2) * (zMax - zMin);
  }
}

/** z distributed as E(z) on (zMin, zMax), from a uniform u. */
function kernelSampleZ(kernel: Kernel, zMin: number, zMax: number, u: number): number {
  if (kernel === Kernel.GluonToQuarkAntiquark) return zMin + u * (zMax - zMin);
  return 1 - (1 - zMin) * ((1 - zMax) / (1 - zMin)) ** u;
}

function isQuark(pdgId: number): boolean {
  return pdgId !== 0 && Math.abs(pdgId) <= 6;
}

/** Copies partons so that the caller's objects are never changed. */
function copyPartons(partons: readonly Parton[]): Parton[] {
  return partons.map((p) => ({ ...p }));
}

/**
 * Checks the input partons: massless-enough QCD partons with consistent leading-colour tags.
 * Colour partners may be missing (a line that ends on an incoming parton); such lines do not
 * radiate.
 */
function validatePartons(partons: readonly Parton[]): void {
  partons.forEach((p, i) => {
    const gluon = p.pdgId === 21;
    if (!gluon && !isQuark(p.pdgId)) {
      throw new RefShowerError(
        'invalid-event',
        `parton ${i}: PDG code ${p.pdgId} is not a quark or gluon`,
      );
    }
    const wantColour = gluon || p.pdgId > 0;
    const wantAnticolour = gluon || p.pdgId < 0;
    if (wantColour !== p.colour > 0 || wantAnticolour !== p.anticolour > 0) {
      throw new RefShowerError(
        'invalid-event',
        `parton ${i} (PDG ${p.pdgId}): colour tags (${p.colour}, ${p.anticolour}) do not fit its flavour`,
      );
    }
    if (gluon && p.colour === p.anticolour) {
      throw new RefShowerError(
        'invalid-event',
        `gluon ${i}: colour and anticolour are both ${p.colour}`,
      );
    }
    for (const v of [p.px, p.py, p.pz, p.e]) {
      if (!Number.isFinite(v))
        throw new RefShowerError('invalid-event', `parton ${i}: momentum is not finite`);
    }
  });
}

/**
 * Runs the final-state dipole shower on a set of colour-connected massless partons.
 *
 * @param partons - the partons to shower (not modified); quarks, antiquarks and gluons with
 *   leading-colour tags
 * @param startScale - the starting evolution scale t_start = kT²_max, GeV²
 * @param random - the uniform random numbers
 * @param options - cutoff, coupling, flavours, stop-at snapshot; see {@link ShowerOptions}
 * @returns the showered partons, the emission history and (with `stopAt`) the snapshot
 * @throws RefShowerError `invalid-option` for a bad option, `invalid-event` for partons that are
 *   not QCD partons with consistent colour tags
 * @remarks
 * Every ordered colour-connected pair (emitter i, spectator k) is a dipole. Emissions are
 * generated by the veto algorithm with competition: each dipole and kernel (a channel) has the
 * overestimated rate dP = (αmax/2π) I dt/t with I = ∫ E(z) dz over z(1 − z) > t₀/Q², constant in
 * ln t, so the channels together are one Poisson process of rate Σ(αmax I/2π): the next trial is
 * t' = t R^(1/Σ) and belongs to a channel with probability proportional to its rate (the same as
 * letting every channel propose and the highest win). z is drawn from E(z), and the trial is
 * accepted with probability (1 − y) αs(t) K(z, y) / (αmax E(z)), y = t/(z(1 − z)Q²) < 1; a
 * rejected trial still lowers
 * t. αmax = αs(t₀), so the coupling must not rise above t₀. A gluon emitted off the
 * (i, k) dipole is inserted between i and k on the colour line; g → qq̄ gives the quark the
 * gluon's colour and the antiquark its anticolour. The snapshot at t_stop is taken when the
 * evolution first passes below t_stop, so the full shower is the same whether or not `stopAt` is
 * given (the same random numbers are drawn).
 * @see S. Schumann, F. Krauss, arXiv:0709.1027; S. Catani, M. H. Seymour, hep-ph/9605323;
 *   T. Sjöstrand et al., the veto algorithm (hep-ph/0603175 section 4.2)
 * @example
 * ```ts
 * const q = { pdgId: 1, px: 0, py: 0, pz: 45.6, e: 45.6, colour: 501, anticolour: 0 };
 * const qbar = { pdgId: -1, px: 0, py: 0, pz: -45.6, e: 45.6, colour: 0, anticolour: 501 };
 * const { partons } = showerPartons([q, qbar], 91.2 ** 2, createRandom(1));
 * ```
 */
export function showerPartons(
  partons: readonly Parton[],
  startScale: number,
  random: RandomSource,
  options: ShowerOptions = {},
): ShowerResult {
  const cutoff = options.cutoff ?? 1;
  const nf = options.nf ?? 5;
  const maxEmissions = options.maxEmissions ?? Number.POSITIVE_INFINITY;
  const stopAt = options.stopAt;
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) {
    throw new RefShowerError(
      'invalid-option',
      `shower cutoff must be a finite number > 0 GeV², got ${cutoff}`,
    );
  }
  if (!Number.isInteger(nf) || nf < 0 || nf > 6) {
    throw new RefShowerError('invalid-option', `nf must be a whole number in [0, 6], got ${nf}`);
  }
  if (!(startScale > 0)) {
    throw new RefShowerError('invalid-option', `start scale must be > 0 GeV², got ${startScale}`);
  }
  if (stopAt !== undefined && !(stopAt >= cutoff && Number.isFinite(stopAt))) {
    throw new RefShowerError(
      'invalid-option',
      `stop-at scale must be ≥ the cutoff ${cutoff} GeV², got ${stopAt}`,
    );
  }
  if (!(maxEmissions >= 0)) {
    throw new RefShowerError('invalid-option', `maxEmissions must be ≥ 0, got ${maxEmissions}`);
  }
  validatePartons(partons);
  const alphaS = options.alphaS ?? createAlphaS();
  const alphaMax = alphaS.value(cutoff);
  const state = copyPartons(partons);
  const emissions: Emission[] = [];
  let snapshot: ShowerResult['snapshot'];
  const takeSnapshot = () => {
    snapshot = { partons: copyPartons(state), emissionCount: emissions.length };
  };
  let nextTag = 1;
  for (const p of state) nextTag = Math.max(nextTag, p.colour + 1, p.anticolour + 1);

  // The channels (emitter, spectator, kernel) and their trial rates. A rate depends only on the
  // dipole mass and t₀, not on t, so the channels are rebuilt only after an accepted emission.
  const channels: Channel[] = [];
  let totalRate = 0;
  const rebuild = () => {
    channels.length = 0;
    totalRate = 0;
    const colourOwner = new Map<number, number>();
    const anticolourOwner = new Map<number, number>();
    for (let i = 0; i < state.length; i++) {
      const p = state[i] as Parton;
      if (p.colour > 0) colourOwner.set(p.colour, i);
      if (p.anticolour > 0) anticolourOwner.set(p.anticolour, i);
    }
    for (let i = 0; i < state.length; i++) {
      const emitter = state[i] as Parton;
      for (let side = Side.Colour; side <= Side.Anticolour; side++) {
        const tag = side === Side.Colour ? emitter.colour : emitter.anticolour;
        if (tag === 0) continue;
        const k = side === Side.Colour ? anticolourOwner.get(tag) : colourOwner.get(tag);
        if (k === undefined || k === i) continue;
        const q2 = 2 * minkowskiDot(emitter, state[k] as Parton);
        if (!(q2 > 4 * cutoff)) continue;
        const zMax = 0.5 * (1 + Math.sqrt(1 - (4 * cutoff) / q2));
        const first = emitter.pdgId === 21 ? Kernel.GluonToGluonGluon : Kernel.QuarkToQuarkGluon;
        const last = emitter.pdgId === 21 && nf > 0 ? Kernel.GluonToQuarkAntiquark : first;
        for (let kernel = first; kernel <= last; kernel++) {
          const rate = (alphaMax / TWO_PI) * kernelIntegral(kernel, 1 - zMax, zMax, nf);
          totalRate += rate;
          channels.push({
            emitter: i,
            spectator: k,
            side,
            kernel,
            q2,
            zMax,
            cumulative: totalRate,
          });
        }
      }
    }
  };
  rebuild();
  let t = startScale;
  while (emissions.length < maxEmissions) {
    // Superposed Poisson processes in ln t with constant rates: the next trial of any channel
    // comes at t·R^(1/Σrate) and belongs to channel c with probability rate_c/Σrate.
    const trial = totalRate > 0 ? t * (1 - random.next()) ** (1 / totalRate) : 0;
    if (stopAt !== undefined && snapshot === undefined && !(trial > stopAt)) takeSnapshot();
    if (!(trial > cutoff)) break;
    t = trial;
    const pick = random.next() * totalRate;
    let c = 0;
    while (c < channels.length - 1 && (channels[c] as Channel).cumulative <= pick) c++;
    const {
      kernel,
      q2,
      zMax,
      side,
      emitter: emitterIndex,
      spectator: spectatorIndex,
    } = channels[c] as Channel;
    const z = kernelSampleZ(kernel, 1 - zMax, zMax, random.next());
    const y = t / (q2 * z * (1 - z));
    if (!(y < 1)) continue;
    const alpha = alphaS.value(t);
    const accept =
      ((1 - y) * alpha * kernelValue(kernel, z, y, nf)) /
      (alphaMax * kernelEstimate(kernel, z, nf));
    if (accept > 1 + 1e-12) {
      throw new RefShowerError(
        'invalid-option',
        `the overestimate failed (ratio ${accept} at t = ${t} GeV²): αs must not increase above the cutoff`,
      );
    }
    if (!(random.next() < accept)) continue;
    const phi = TWO_PI * random.next();
    const emitter = state[emitterIndex] as Parton;
    const spectator = state[spectatorIndex] as Parton;
    const [pi, pj, pk] = finalFinalKinematics(emitter, spectator, z, y, phi);
    const newTag = nextTag++;
    let daughterI: Parton;
    let daughterJ: Parton;
    if (kernel === Kernel.GluonToQuarkAntiquark) {
      const flavour = 1 + Math.min(nf - 1, Math.floor(random.next() * nf));
      daughterI = { pdgId: flavour, ...pi, colour: emitter.colour, anticolour: 0 };
      daughterJ = { pdgId: -flavour, ...pj, colour: 0, anticolour: emitter.anticolour };
    } else if (side === Side.Colour) {
      // The soft gluon sits between i and k: it takes i's old colour (k's anticolour) and
      // passes a new line back to i.
      daughterI = { ...emitter, ...pi, colour: newTag };
      daughterJ = { pdgId: 21, ...pj, colour: emitter.colour, anticolour: newTag };
    } else {
      daughterI = { ...emitter, ...pi, anticolour: newTag };
      daughterJ = { pdgId: 21, ...pj, colour: newTag, anticolour: emitter.anticolour };
    }
    state[emitterIndex] = daughterI;
    state[spectatorIndex] = { ...spectator, ...pk };
    state.push(daughterJ);
    emissions.push({
      t,
      z,
      y,
      phi,
      splitting:
        kernel === Kernel.QuarkToQuarkGluon
          ? 'q->qg'
          : kernel === Kernel.GluonToGluonGluon
            ? 'g->gg'
            : 'g->qqbar',
      emitter: emitterIndex,
      spectator: spectatorIndex,
      emitted: state.length - 1,
    });
    rebuild();
  }
  if (stopAt !== undefined && snapshot === undefined) takeSnapshot();
  const result: ShowerResult = { partons: state, emissions };
  if (snapshot !== undefined) result.snapshot = snapshot;
  return result;
}
