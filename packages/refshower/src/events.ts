import type { GenEvent, GenParticle, GenVertex } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';
import { RefShowerError } from './errors.js';
import { masslessProjection } from './kinematics.js';
import type { DijetOptions, EeOptions, HardProcess } from './processes.js';
import { dijet, eeToQuarks } from './processes.js';
import { createRandom } from './random.js';
import type { Emission, Parton, ShowerOptions } from './shower.js';
import { showerPartons } from './shower.js';

/** The built-in hard processes. */
export type ProcessName = 'ee' | 'dijet';

/** Shower settings shared by {@link generateEvent} and {@link showerGenEvent}. */
export interface EventShowerOptions {
  /** Master seed, an integer in [0, 2⁵³); event i uses stream i of it. */
  seed: number;
  /** Cutoff, coupling and flavours of the shower (its `stopAt` is set from `stopAtKt`). */
  shower?: Omit<ShowerOptions, 'stopAt'>;
  /**
   * If given, also return the event at the stopping scale kT = stopAtKt (GeV): the partons after
   * every emission with kT above it.
   */
  stopAtKt?: number;
}

/** Options of {@link generateEvent}. */
export interface GenerateOptions extends EventShowerOptions {
  /** Which hard process. */
  process: ProcessName;
  /** Options of the e+e− process. */
  ee?: EeOptions;
  /** Options of the dijet process. */
  dijet?: DijetOptions;
}

/** A showered event and, with `stopAtKt`, its pre-shower partner. */
export interface ShoweredEvent {
  /** The fully showered event. */
  event: GenEvent;
  /** The event at the stopping scale (only with `stopAtKt`). */
  preShower?: GenEvent;
  /** The accepted emissions of the full shower, in order. */
  emissions: Emission[];
}

function checkIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= 2 ** 32) {
    throw new RefShowerError(
      'invalid-option',
      `event index must be an integer in [0, 2^32), got ${index}`,
    );
  }
}

function stopScale(options: EventShowerOptions): number | undefined {
  if (options.stopAtKt === undefined) return undefined;
  const kt = options.stopAtKt;
  const cutoff = options.shower?.cutoff ?? 1;
  if (!(kt * kt >= cutoff) || !Number.isFinite(kt)) {
    throw new RefShowerError(
      'invalid-option',
      `stop-at kT must be ≥ √cutoff = ${Math.sqrt(cutoff)} GeV, got ${kt}`,
    );
  }
  return kt * kt;
}

function partonParticle(
  id: number,
  p: Parton,
  status: number,
  production: number,
  end: number,
): GenParticle {
  return {
    id,
    pdgId: p.pdgId,
    status,
    momentum: new FourVector(p.px, p.py, p.pz, p.e),
    generatedMass: 0,
    productionVertex: production,
    endVertex: end,
    colour: [p.colour, p.anticolour],
  };
}

/**
 * Builds the event record: beams (status 4) → vertex −1 → hard partons (status 2) → shower
 * vertex → final partons (status 1). Without beams the hard partons have no production vertex
 * and the shower vertex is −1.
 */
function buildEvent(
  eventNumber: number,
  hard: HardProcess,
  final: readonly Parton[],
  attributes: Record<string, string>,
): GenEvent {
  const particles: GenParticle[] = [];
  const vertices: GenVertex[] = [];
  const nb = hard.beams.length;
  const nh = hard.partons.length;
  const hardVertex = nb > 0 ? -1 : 0;
  const showerVertex = nb > 0 ? -2 : -1;
  hard.beams.forEach((b, i) => {
    particles.push({
      id: i + 1,
      pdgId: b.pdgId,
      status: 4,
      momentum: new FourVector(b.px, b.py, b.pz, b.e),
      generatedMass: 0,
      productionVertex: 0,
      endVertex: hardVertex,
    });
  });
  hard.partons.forEach((p, i) => {
    particles.push(partonParticle(nb + i + 1, p, 2, hardVertex, showerVertex));
  });
  final.forEach((p, i) => {
    particles.push(partonParticle(nb + nh + i + 1, p, 1, showerVertex, 0));
  });
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  if (nb > 0) {
    vertices.push({
      id: -1,
      status: 0,
      position: [0, 0, 0, 0],
      incoming: range(1, nb),
      outgoing: range(nb + 1, nh),
    });
  }
  vertices.push({
    id: showerVertex,
    status: 0,
    position: [0, 0, 0, 0],
    incoming: range(nb + 1, nh),
    outgoing: range(nb + nh + 1, final.length),
  });
  return {
    eventNumber,
    weights: [1],
    units: { momentum: 'GEV', length: 'MM' },
    particles,
    vertices,
    attributes,
  };
}

/**
 * Generates one showered event of a built-in process, reproducibly from (seed, index).
 *
 * @param index - the event's index, an integer in [0, 2³²); it is the event number and selects
 *   the random stream
 * @param options - process, seed, shower and stop-at settings; see {@link GenerateOptions}
 * @returns the showered event, the pre-shower event when `stopAtKt` is given, and the emissions
 * @throws RefShowerError `invalid-option` for a bad option or index
 * @remarks
 * The event record: for e+e−, the beams e− e+ (status 4) enter vertex −1, which makes the qq̄
 * pair (status 2); the pair enters the shower vertex −2, which makes the final partons
 * (status 1). The dijet process has no beams: its two hard partons (status 2) enter the shower
 * vertex −1. Colour tags go in `colour`. The pre-shower event has the same structure with the
 * partons at the stopping scale as its final state; its shower continued is exactly the full
 * event (same random numbers). Attributes: `refshower_process`, `refshower_start_t` (GeV²),
 * `refshower_emissions`, and on the pre-shower event `refshower_stop_t`.
 * @example
 * ```ts
 * const { event, preShower } = generateEvent(0, { process: 'ee', seed: 7, stopAtKt: 5 });
 * ```
 */
export function generateEvent(index: number, options: GenerateOptions): ShoweredEvent {
  checkIndex(index);
  const tStop = stopScale(options);
  const random = createRandom(options.seed, index);
  let hard: HardProcess;
  if (options.process === 'ee') hard = eeToQuarks(random, options.ee);
  else if (options.process === 'dijet') hard = dijet(random, options.dijet);
  else
    throw new RefShowerError(
      'invalid-option',
      `unknown process '${String(options.process)}': expected ee or dijet`,
    );
  const showerOptions: ShowerOptions = { ...options.shower };
  if (tStop !== undefined) showerOptions.stopAt = tStop;
  const result = showerPartons(hard.partons, hard.startScale, random, showerOptions);
  const attributes = (count: number): Record<string, string> => ({
    refshower_process: options.process,
    refshower_start_t: String(hard.startScale),
    refshower_emissions: String(count),
  });
  const out: ShoweredEvent = {
    event: buildEvent(index, hard, result.partons, attributes(result.emissions.length)),
    emissions: result.emissions,
  };
  if (result.snapshot !== undefined && tStop !== undefined) {
    out.preShower = buildEvent(index, hard, result.snapshot.partons, {
      ...attributes(result.snapshot.emissionCount),
      refshower_stop_t: String(tStop),
    });
  }
  return out;
}

/** Quarks d…b, their antiquarks and the gluon: what the shower can take. */
const isQcdParton = (pdgId: number) => pdgId === 21 || (pdgId !== 0 && Math.abs(pdgId) <= 5);

/**
 * The starting scale t_start (GeV²) for showering an event read from a file.
 *
 * @param event - the event
 * @param partons - its outgoing coloured partons
 * @returns SCALUP² when the event carries it (attribute `scalup`, `SCALUP` or `scale`, or
 *   `pdfInfo.scale`), otherwise the invariant mass squared of the coloured final state
 */
function fileStartScale(event: GenEvent, partons: readonly GenParticle[]): number {
  const attributes = event.attributes ?? {};
  for (const key of ['scalup', 'SCALUP', 'scale']) {
    const value = Number(attributes[key]);
    if (attributes[key] !== undefined && value > 0) return value * value;
  }
  if (event.pdfInfo !== undefined && event.pdfInfo.scale > 0) return event.pdfInfo.scale ** 2;
  let e = 0;
  let px = 0;
  let py = 0;
  let pz = 0;
  for (const p of partons) {
    e += p.momentum.e;
    px += p.momentum.px;
    py += p.momentum.py;
    pz += p.momentum.pz;
  }
  return e * e - px * px - py * py - pz * pz;
}

/** Options of {@link showerGenEvent}. */
export interface FileShowerOptions extends EventShowerOptions {
  /**
   * Starting scale t_start, GeV².
   * @defaultValue SCALUP² of the event where present, else the coloured final state's mass²
   */
  startScale?: number;
}

/**
 * Showers the outgoing partons of an event read from a file (for example LHE), following its
 * colour lines.
 *
 * @param event - the input event; status-1 quarks (|PDG| ≤ 5) and gluons with `colour` tags are
 *   showered, everything else is kept as it is
 * @param index - stream number for the random numbers (normally the event's position in the file)
 * @param options - seed, shower, stop-at and start-scale settings; see {@link FileShowerOptions}
 * @returns the showered event (and the pre-shower event with `stopAtKt`)
 * @throws RefShowerError `invalid-event` if a status-1 parton has no colour tags or the colour
 *   tags do not fit its flavour; `invalid-option` for bad options
 * @remarks
 * Only final–final dipoles radiate: a colour line that ends on an incoming parton gives no
 * dipole (there is no initial-state shower), so such a parton radiates only towards its
 * final-state partners. The showered partons get status 2 and end in a new shower vertex; the
 * new partons (status 1) come out of it. Massive input partons are first mapped onto massless
 * ones with the same total four-momentum ({@link masslessProjection}), since the shower is
 * massless. Other particles, vertices, weights and attributes are copied; `refshower_start_t`
 * and `refshower_emissions` are added.
 * @example
 * ```ts
 * for await (const ev of readEvents('in.lhe')) out.push(showerGenEvent(ev, i++, { seed: 1 }).event);
 * ```
 */
export function showerGenEvent(
  event: GenEvent,
  index: number,
  options: FileShowerOptions,
): ShoweredEvent {
  checkIndex(index);
  const tStop = stopScale(options);
  const coloured = event.particles.filter((p) => p.status === 1 && isQcdParton(p.pdgId));
  const partons: Parton[] = coloured.map((p) => {
    if (p.colour === undefined) {
      throw new RefShowerError(
        'invalid-event',
        `event ${event.eventNumber}: outgoing parton ${p.id} (PDG ${p.pdgId}) has no colour tags`,
      );
    }
    return {
      pdgId: p.pdgId,
      px: p.momentum.px,
      py: p.momentum.py,
      pz: p.momentum.pz,
      e: p.momentum.e,
      colour: p.colour[0],
      anticolour: p.colour[1],
    };
  });
  // The shower's kinematics are massless: put massive partons (LHE b and c quarks) on the light
  // cone first, keeping their total four-momentum.
  masslessProjection(partons).forEach((q, i) => {
    Object.assign(partons[i] as Parton, q);
  });
  const startScale = options.startScale ?? fileStartScale(event, coloured);
  const random = createRandom(options.seed, index);
  const showerOptions: ShowerOptions = { ...options.shower };
  if (tStop !== undefined) showerOptions.stopAt = tStop;
  let result: ReturnType<typeof showerPartons>;
  try {
    result = showerPartons(partons, startScale, random, showerOptions);
  } catch (error) {
    if (error instanceof RefShowerError && error.code === 'invalid-event') {
      throw new RefShowerError('invalid-event', `event ${event.eventNumber}: ${error.message}`);
    }
    throw error;
  }
  const build = (
    final: readonly Parton[],
    count: number,
    extra: Record<string, string>,
  ): GenEvent => {
    const showerVertex = -(event.vertices.length + 1);
    const colouredIds = new Set(coloured.map((p) => p.id));
    const particles: GenParticle[] = event.particles.map((p) =>
      colouredIds.has(p.id) ? { ...p, status: 2, endVertex: showerVertex } : { ...p },
    );
    const first = particles.length + 1;
    final.forEach((p, i) => {
      particles.push(partonParticle(first + i, p, 1, showerVertex, 0));
    });
    const vertices: GenVertex[] = event.vertices.map((v) => ({ ...v }));
    vertices.push({
      id: showerVertex,
      status: 0,
      position: [0, 0, 0, 0],
      incoming: coloured.map((p) => p.id),
      outgoing: final.map((_, i) => first + i),
    });
    return {
      ...event,
      particles,
      vertices,
      attributes: {
        ...event.attributes,
        refshower_start_t: String(startScale),
        refshower_emissions: String(count),
        ...extra,
      },
    };
  };
  const out: ShoweredEvent = {
    event: build(result.partons, result.emissions.length, {}),
    emissions: result.emissions,
  };
  if (result.snapshot !== undefined && tStop !== undefined) {
    out.preShower = build(result.snapshot.partons, result.snapshot.emissionCount, {
      refshower_stop_t: String(tStop),
    });
  }
  return out;
}
