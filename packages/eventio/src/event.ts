import type { FourVector } from '@apemen/fourvec';

/**
 * Units of an event record.
 *
 * @remarks
 * The project works in GeV and mm; readers keep what the file says here and
 * {@link GenEvent.units} tells it, so that writers can reproduce the file.
 */
export interface EventUnits {
  /** Momentum and energy unit. */
  momentum: 'GEV' | 'MEV';
  /** Length unit of vertex positions. */
  length: 'MM' | 'CM';
}

/** Cross section of the sample the event belongs to, in pb. */
export interface CrossSection {
  /** Cross section, pb. */
  value: number;
  /** Its uncertainty, pb. */
  error: number;
  /** Number of accepted events (HepMC3 `GenCrossSection`), where the file gives it; −1 unknown. */
  acceptedEvents?: number;
  /** Number of attempted events (HepMC3 `GenCrossSection`), where the file gives it; −1 unknown. */
  attemptedEvents?: number;
}

/**
 * Parton-density information of the hard process (HepMC2 `F` line, HepMC3 `GenPdfInfo`).
 */
export interface PdfInfo {
  /** PDG ids of the two incoming partons (0 for a gluon in HepMC2 files that write it so). */
  parton: [number, number];
  /** Momentum fractions of the two partons. */
  x: [number, number];
  /** Factorisation scale Q, GeV. */
  scale: number;
  /** x·f(x) of the two partons. */
  xf: [number, number];
  /** LHAPDF set ids of the two beams (0 where unknown). */
  pdfId: [number, number];
}

/**
 * One particle of an event record.
 *
 * @remarks
 * `productionVertex` and `endVertex` hold vertex ids (negative integers, as in HepMC3) or 0
 * where the particle has none. `id` is the particle's 1-based position (HepMC3 id, HepMC2
 * barcode order, LHE line number).
 */
export interface GenParticle {
  /** 1-based id of the particle within its event. */
  id: number;
  /** PDG Monte Carlo particle code. */
  pdgId: number;
  /** Status code: 1 final state, 2 decayed, 4 beam, other values generator-specific. */
  status: number;
  /** Four-momentum, in the event's momentum unit. */
  momentum: FourVector;
  /** Generated mass, in the event's momentum unit. */
  generatedMass: number;
  /** Id of the production vertex, 0 if none. */
  productionVertex: number;
  /** Id of the end vertex, 0 if none. */
  endVertex: number;
  /** Colour and anticolour line tags (LHE ICOLUP, HepMC flow codes 1 and 2); 0 means none. */
  colour?: [number, number];
  /** Generator-specific extras that a writer of the same format keeps (LHE lifetime, spin, mothers). */
  extra?: Record<string, number | string>;
}

/** One vertex of an event record. */
export interface GenVertex {
  /** Negative integer id of the vertex within its event. */
  id: number;
  /** Vertex status code. */
  status: number;
  /** Position (x, y, z, ct) in the event's length unit. */
  position: [number, number, number, number];
  /** Ids of incoming particles. */
  incoming: number[];
  /** Ids of outgoing particles. */
  outgoing: number[];
  /** Free-form attributes (HepMC3 `A` lines of the vertex; HepMC2 vertex weights as `weight0`, …). */
  attributes?: Record<string, string>;
}

/**
 * A generated event: the common record that every reader yields and every writer takes.
 *
 * @remarks
 * Formats that have no vertices (LHE, the APEMEN text format, plain momentum lists) give an empty
 * `vertices` array and particles with vertex ids 0. Weight names, where present, are as many as the
 * weights.
 */
export interface GenEvent {
  /** Event number as written in the file (counted from 0 or 1 where the format has none). */
  eventNumber: number;
  /** Event weights; the first is the nominal weight. */
  weights: number[];
  /** Names of the weights, where the file gives them. */
  weightNames?: string[];
  /** Cross section, where the file gives it. */
  crossSection?: CrossSection;
  /** Units of momenta and lengths. */
  units: EventUnits;
  /** Parton-density information, where present. */
  pdfInfo?: PdfInfo;
  /** Particles, in file order. */
  particles: GenParticle[];
  /** Vertices, in file order. */
  vertices: GenVertex[];
  /** Position (x, y, z, ct) of the event's origin, where the file gives one (HepMC3 `E … @ x y z t`). */
  position?: [number, number, number, number];
  /** Free-form attributes (HepMC3 `A` lines, LHE event attributes), as strings. */
  attributes?: Record<string, string>;
  /** The format the event was read from, where it was read from a file. */
  sourceFormat?: EventFormat;
}

/** The event-file formats that the project reads. */
export type EventFormat = 'hepmc2' | 'hepmc3' | 'lhe' | 'apemen-text' | 'momenta';

/** PDG codes of the three neutrinos and their antiparticles. */
const NEUTRINOS = new Set([12, 14, 16, -12, -14, -16]);

/**
 * The final-state particles of an event (status 1).
 * @param event - the event
 * @returns its status-1 particles, in file order
 */
export function finalState(event: GenEvent): GenParticle[] {
  return event.particles.filter((p) => p.status === 1);
}

/**
 * The visible final state of an event: status-1 particles other than neutrinos.
 * @param event - the event
 * @returns its status-1 particles whose PDG code is not a neutrino's
 */
export function visible(event: GenEvent): GenParticle[] {
  return event.particles.filter((p) => p.status === 1 && !NEUTRINOS.has(p.pdgId));
}
