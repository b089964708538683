import { FourVector } from '@apemen/fourvec';
import { EventIOError, lineError } from './errors.js';
import type {
  CrossSection,
  EventUnits,
  GenEvent,
  GenParticle,
  GenVertex,
  PdfInfo,
} from './event.js';
import { FieldReader, formatFinite, formatNumber, splitFields } from './fields.js';
import { HepMCListing } from './listing.js';
import type { EventParser } from './parser.js';

/** First line of an IO_GenEvent event listing. */
export const HEPMC2_START = 'HepMC::IO_GenEvent-START_EVENT_LISTING';
/** Last line of an IO_GenEvent event listing. */
export const HEPMC2_END = 'HepMC::IO_GenEvent-END_EVENT_LISTING';

interface Pending {
  event: GenEvent;
  line: number;
  declaredVertices: number;
  barcodes: Map<number, number>;
  endBarcodes: number[];
  particleLines: number[];
  signalVertexBarcode: number;
  /** Particles still expected after the current V line (orphans first). */
  orphansLeft: number;
  outLeft: number;
  currentVertex: GenVertex | undefined;
  currentVertexLine: number;
}

function parseQuotedNames(text: string, r: FieldReader): string[] {
  const names: string[] = [];
  let i = text.indexOf('"');
  while (i !== -1) {
    const j = text.indexOf('"', i + 1);
    if (j === -1) r.fail('bad-field', 'expected a closing quote on the weight-name line');
    names.push(text.slice(i + 1, j));
    i = text.indexOf('"', j + 1);
  }
  return names;
}

function parseUnits(r: FieldReader): EventUnits {
  r.count(3);
  const m = r.fields[1]?.toUpperCase();
  const l = r.fields[2]?.toUpperCase();
  if (m !== 'GEV' && m !== 'MEV')
    r.fail('bad-field', 'expected momentum unit GEV or MEV', r.fields[1]);
  if (l !== 'MM' && l !== 'CM') r.fail('bad-field', 'expected length unit MM or CM', r.fields[2]);
  return { momentum: m, length: l };
}

/**
 * Parses HepMC2 IO_GenEvent text.
 *
 * @remarks
 * Particles get ids 1, 2, … in file order and vertices −1, −2, … in file order; the barcodes of the
 * file are not kept (as HepMC3's `ReaderAsciiHepMC2` does). E-line numbers become attributes under
 * HepMC3's names: `mpi`, `event_scale`, `alphaQCD`, `alphaQED`, `signal_process_id`,
 * `signal_process_vertex` (our vertex id), `random_states0…`; the `H` line is kept as
 * `HeavyIon`. Flow codes 1 and 2 give {@link GenParticle.colour}; other codes go to
 * `extra.flowN`; non-zero polarisation angles to `extra.theta` and `extra.phi`. Vertex weights
 * become vertex attributes `weight0`, `weight1`, ….
 */
export class HepMC2Parser implements EventParser {
  out: GenEvent[] = [];
  private readonly r: FieldReader;
  private readonly listing: HepMCListing;
  private pending: Pending | undefined;
  private units: EventUnits = { momentum: 'GEV', length: 'MM' };
  private lastNamesText = '';
  private lastNames: string[] = [];

  /** @param file - the file name for messages */
  constructor(file: string) {
    this.r = new FieldReader(file);
    this.listing = new HepMCListing(file, HEPMC2_START, HEPMC2_END);
  }

  line(text: string, lineNo: number): void {
    const c = text.charCodeAt(0);
    if (c === 80 /* P */ && this.pending !== undefined) {
      this.particle(text, lineNo);
      return;
    }
    if (c === 86 /* V */ && this.pending !== undefined) {
      this.vertex(text, lineNo);
      return;
    }
    const t = text.trim();
    if (t === '') return;
    if (t.startsWith('HepMC::')) {
      this.listing.control(t, lineNo, () => this.finish(lineNo));
      return;
    }
    this.listing.requireBody(text, lineNo);
    switch (t[0]) {
      case 'E':
        this.finish(lineNo);
        this.eventLine(text, lineNo);
        return;
      case 'N':
      case 'U':
      case 'C':
      case 'H':
      case 'F':
      case 'V':
      case 'P':
        if (this.pending === undefined) {
          throw lineError('unexpected-line', this.r.file, lineNo, 'expected an E line first', text);
        }
        this.headerLine(t[0], text, lineNo, this.pending);
        return;
      default:
        throw lineError(
          'unexpected-line',
          this.r.file,
          lineNo,
          'expected an IO_GenEvent line (E, N, U, C, H, F, V or P)',
          text,
        );
    }
  }

  private eventLine(text: string, lineNo: number): void {
    const r = this.r;
    r.start(text, lineNo, 'an E line');
    // HepMC3 3.1's WriterAsciiHepMC2 writes an event without weights as '… 0N 0' (random-state
    // count glued to a stray 'N'); its own reader's atoi() reads 0 there, and so do we.
    if (r.fields[11] !== undefined && /^\d+N$/.test(r.fields[11])) {
      r.fields[11] = r.fields[11].slice(0, -1);
    }
    r.count(13, Number.POSITIVE_INFINITY);
    const eventNumber = r.int(1, 'the event number');
    const nVertices = r.int(8, 'the number of vertices');
    const nRandom = r.int(11, 'the number of random states');
    if (nRandom >= 0 && 12 + nRandom >= r.fields.length) r.count(13 + nRandom);
    if (nRandom < 0) r.fail('bad-field', 'expected a number of random states ≥ 0', r.fields[11]);
    const nWeights = r.int(12 + nRandom, 'the number of weights');
    if (nVertices < 0) r.fail('bad-field', 'expected a number of vertices ≥ 0', r.fields[8]);
    if (nWeights < 0)
      r.fail('bad-field', 'expected a number of weights ≥ 0', r.fields[12 + nRandom]);
    r.count(13 + nRandom + nWeights);
    const attributes: Record<string, string> = {
      mpi: String(r.int(2, 'mpi')),
      event_scale: r.fields[3] as string,
      alphaQCD: r.fields[4] as string,
      alphaQED: r.fields[5] as string,
      signal_process_id: String(r.int(6, 'the signal process id')),
    };
    r.num(3, 'the event scale');
    r.num(4, 'alphaQCD');
    r.num(5, 'alphaQED');
    const signalVertexBarcode = r.int(7, 'the signal process vertex');
    r.int(9, 'beam 1');
    r.int(10, 'beam 2');
    for (let i = 0; i < nRandom; i++)
      attributes[`random_states${i}`] = String(r.int(12 + i, 'a random state'));
    const weights = new Array<number>(nWeights);
    for (let i = 0; i < nWeights; i++) weights[i] = r.num(13 + nRandom + i, 'a weight');
    this.pending = {
      event: {
        eventNumber,
        weights,
        units: { ...this.units },
        particles: [],
        vertices: [],
        attributes,
        sourceFormat: 'hepmc2',
      },
      line: lineNo,
      declaredVertices: nVertices,
      barcodes: new Map(),
      endBarcodes: [],
      particleLines: [],
      signalVertexBarcode,
      orphansLeft: 0,
      outLeft: 0,
      currentVertex: undefined,
      currentVertexLine: 0,
    };
  }

  private headerLine(kind: string, text: string, lineNo: number, p: Pending): void {
    const r = this.r;
    const ev = p.event;
    if (p.event.vertices.length > 0) {
      throw lineError(
        'unexpected-line',
        r.file,
        lineNo,
        `expected the ${kind} line before the first V line`,
        text,
      );
    }
    switch (kind) {
      case 'N': {
        let names: string[];
        if (text === this.lastNamesText) names = this.lastNames;
        else {
          r.start(
            text,
            lineNo,
            'an N line',
            splitFields(text.slice(0, text.indexOf('"') === -1 ? text.length : text.indexOf('"'))),
          );
          const n = r.int(1, 'the number of weight names');
          names = parseQuotedNames(text, r);
          if (names.length !== n) {
            r.fail('field-count', `expected ${n} quoted weight names`, `${names.length}`);
          }
          this.lastNamesText = text;
          this.lastNames = names;
        }
        if (names.length !== ev.weights.length) {
          throw lineError(
            'count-mismatch',
            r.file,
            lineNo,
            `expected as many weight names as the E line's ${ev.weights.length} weights`,
            `${names.length} names`,
            false,
          );
        }
        ev.weightNames = names.slice();
        return;
      }
      case 'U':
        r.start(text, lineNo, 'a U line');
        this.units = parseUnits(r);
        ev.units = { ...this.units };
        return;
      case 'C': {
        r.start(text, lineNo, 'a C line');
        r.count(3);
        const xs: CrossSection = {
          value: r.num(1, 'the cross section'),
          error: r.num(2, 'its error'),
        };
        ev.crossSection = xs;
        return;
      }
      case 'H': {
        r.start(text, lineNo, 'an H line');
        r.count(2, Number.POSITIVE_INFINITY);
        for (let i = 1; i < r.fields.length; i++) r.num(i, 'a heavy-ion field');
        (ev.attributes as Record<string, string>).HeavyIon = r.fields.slice(1).join(' ');
        return;
      }
      default: {
        r.start(text, lineNo, 'an F line');
        r.count(8, 10);
        if (r.fields.length === 9) r.count(10);
        const pdf: PdfInfo = {
          parton: [r.int(1, 'parton 1'), r.int(2, 'parton 2')],
          x: [r.num(3, 'x1'), r.num(4, 'x2')],
          scale: r.num(5, 'the PDF scale'),
          xf: [r.num(6, 'xf1'), r.num(7, 'xf2')],
          pdfId: r.fields.length === 10 ? [r.int(8, 'PDF id 1'), r.int(9, 'PDF id 2')] : [0, 0],
        };
        ev.pdfInfo = pdf;
      }
    }
  }

  private checkVertexDone(p: Pending, lineNo: number, atEnd: boolean): void {
    const v = p.currentVertex;
    if (v === undefined || p.orphansLeft + p.outLeft === 0) return;
    const missing = p.orphansLeft + p.outLeft;
    throw lineError(
      atEnd ? 'truncated' : 'count-mismatch',
      this.r.file,
      lineNo,
      `expected ${missing} more particle line(s) of vertex ${v.id} (line ${p.currentVertexLine})`,
      atEnd ? 'end of file' : this.r.text || 'the next event',
      false,
    );
  }

  private vertex(text: string, lineNo: number): void {
    const p = this.pending as Pending;
    const r = this.r;
    this.checkVertexDone(p, lineNo, false);
    r.start(text, lineNo, 'a V line');
    r.count(10, Number.POSITIVE_INFINITY);
    const barcode = r.int(1, 'the vertex barcode');
    const status = r.int(2, 'the vertex status');
    const position: [number, number, number, number] = [
      r.num(3, 'x'),
      r.num(4, 'y'),
      r.num(5, 'z'),
      r.num(6, 'ct'),
    ];
    const orphans = r.int(7, 'the number of orphan particles');
    const outs = r.int(8, 'the number of outgoing particles');
    const nWeights = r.int(9, 'the number of vertex weights');
    if (orphans < 0 || outs < 0 || nWeights < 0)
      r.fail('bad-field', 'expected counts ≥ 0 on a V line');
    r.count(10 + nWeights);
    const id = -(p.event.vertices.length + 1);
    const v: GenVertex = { id, status, position, incoming: [], outgoing: [] };
    if (nWeights > 0) {
      const attributes: Record<string, string> = {};
      for (let i = 0; i < nWeights; i++) {
        r.num(10 + i, 'a vertex weight');
        attributes[`weight${i}`] = r.fields[10 + i] as string;
      }
      v.attributes = attributes;
    }
    if (p.barcodes.has(barcode))
      r.fail('bad-reference', `expected a new vertex barcode`, String(barcode));
    p.barcodes.set(barcode, id);
    p.event.vertices.push(v);
    p.currentVertex = v;
    p.currentVertexLine = lineNo;
    p.orphansLeft = orphans;
    p.outLeft = outs;
  }

  private particle(text: string, lineNo: number): void {
    const p = this.pending as Pending;
    const r = this.r;
    r.start(text, lineNo, 'a P line');
    const v = p.currentVertex;
    if (v === undefined) {
      throw lineError(
        'unexpected-line',
        r.file,
        lineNo,
        'expected a V line before the first P line',
        text,
      );
    }
    r.count(13, Number.POSITIVE_INFINITY);
    const nFlow = r.int(12, 'the number of flow entries');
    if (nFlow < 0) r.fail('bad-field', 'expected a number of flows ≥ 0', r.fields[12]);
    r.count(13 + 2 * nFlow);
    const id = p.event.particles.length + 1;
    const particle: GenParticle = {
      id,
      pdgId: r.int(2, 'the PDG id'),
      status: r.int(8, 'the status'),
      momentum: FourVector.fromPxPyPzE(
        r.num(3, 'px'),
        r.num(4, 'py'),
        r.num(5, 'pz'),
        r.energy(6, 'E'),
      ),
      generatedMass: r.num(7, 'the generated mass'),
      productionVertex: 0,
      endVertex: 0,
    };
    const theta = r.num(9, 'theta');
    const phi = r.num(10, 'phi');
    if (theta !== 0 || phi !== 0) particle.extra = { theta, phi };
    if (nFlow > 0) {
      let c1 = 0;
      let c2 = 0;
      let hasColour = false;
      for (let k = 0; k < nFlow; k++) {
        const code = r.int(13 + 2 * k, 'a flow code');
        const value = r.int(14 + 2 * k, 'a flow value');
        if (code === 1) {
          c1 = value;
          hasColour = true;
        } else if (code === 2) {
          c2 = value;
          hasColour = true;
        } else {
          particle.extra ??= {};
          particle.extra[`flow${code}`] = value;
        }
      }
      if (hasColour) particle.colour = [c1, c2];
    }
    if (p.orphansLeft > 0) {
      p.orphansLeft--;
    } else {
      if (p.outLeft > 0) p.outLeft--;
      particle.productionVertex = v.id;
      v.outgoing.push(id);
    }
    p.endBarcodes.push(r.int(11, 'the end-vertex barcode'));
    p.particleLines.push(lineNo);
    p.event.particles.push(particle);
  }

  private finish(lineNo: number, atEnd = false): void {
    const p = this.pending;
    if (p === undefined) return;
    this.checkVertexDone(p, lineNo, atEnd);
    const ev = p.event;
    if (ev.vertices.length !== p.declaredVertices) {
      throw lineError(
        atEnd ? 'truncated' : 'count-mismatch',
        this.r.file,
        atEnd ? lineNo : p.line,
        `expected ${p.declaredVertices} vertices in event ${ev.eventNumber} (E line ${p.line})`,
        `${ev.vertices.length}${atEnd ? ' before the end of file' : ''}`,
        false,
      );
    }
    for (let i = 0; i < ev.particles.length; i++) {
      const b = p.endBarcodes[i] as number;
      if (b === 0) continue;
      const vid = p.barcodes.get(b);
      if (vid === undefined) {
        throw lineError(
          'bad-reference',
          this.r.file,
          p.particleLines[i] as number,
          `expected the end-vertex barcode of a vertex of event ${ev.eventNumber}`,
          String(b),
        );
      }
      const particle = ev.particles[i] as GenParticle;
      particle.endVertex = vid;
      (ev.vertices[-vid - 1] as GenVertex).incoming.push(particle.id);
    }
    const attributes = ev.attributes as Record<string, string>;
    const sv = p.barcodes.get(p.signalVertexBarcode);
    attributes.signal_process_vertex = String(sv ?? 0);
    this.out.push(ev);
    this.pending = undefined;
  }

  end(lastLine: number): void {
    const file = this.r.file;
    this.listing.requireStarted(lastLine);
    if (this.listing.state === 'body') {
      if (this.pending !== undefined) {
        this.r.text = '';
        const p = this.pending;
        const complete =
          p.event.vertices.length === p.declaredVertices && p.orphansLeft + p.outLeft === 0;
        if (!complete) this.finish(lastLine, true);
        throw lineError(
          'missing-end',
          file,
          lastLine,
          `expected '${HEPMC2_END}' after event ${p.event.eventNumber} (line ${p.line}, not returned)`,
          'end of file',
          false,
        );
      }
      throw lineError(
        'missing-end',
        file,
        lastLine,
        `expected '${HEPMC2_END}'`,
        'end of file',
        false,
      );
    }
  }
}

function attr(ev: GenEvent, name: string, fallback: string): string {
  return ev.attributes?.[name] ?? fallback;
}

/**
 * The lines that open a HepMC2 file.
 * @returns the version line and `${HEPMC2_START}`, each with a newline
 * @example `hepmc2Header().split('\n')[1]` is `HEPMC2_START`.
 */
export function hepmc2Header(): string {
  return `HepMC::Version 2.06.09\n${HEPMC2_START}\n`;
}

/**
 * The line that closes a HepMC2 file.
 * @returns `${HEPMC2_END}` and a newline
 * @example `hepmc2Footer()` is `HEPMC2_END + '\n'`.
 */
export function hepmc2Footer(): string {
  return `${HEPMC2_END}\n`;
}

function syntheticVertices(ev: GenEvent): GenVertex[] {
  if (ev.particles.length === 0) return [];
  const incoming = ev.particles.filter((p) => p.status === 4 || p.status === -1).map((p) => p.id);
  const inSet = new Set(incoming);
  const outgoing = ev.particles.filter((p) => !inSet.has(p.id)).map((p) => p.id);
  return [{ id: -1, status: 0, position: [0, 0, 0, 0], incoming, outgoing }];
}

/**
 * Formats one event as IO_GenEvent text.
 *
 * @param ev - the event
 * @returns the E … P lines of the event
 * @throws EventIOError `bad-event` for non-finite numbers, dangling ids or particles outside every vertex
 * @remarks
 * Particle barcodes are 10000 + id and vertex barcodes the vertex ids, as HepMC3's
 * `WriterAsciiHepMC2` writes them. Under each vertex come its incoming particles that have no
 * production vertex (HepMC2's orphans), then its outgoing particles. An event without vertices
 * (LHE, APEMEN text, momentum lists) gets one vertex −1 with the status 4 and −1 particles in and
 * all others out.
 * @example
 * ```ts
 * const text = hepmc2Header() + formatHepMC2Event(ev) + hepmc2Footer(); // 'HepMC::Version 2.06.09\n…'
 * ```
 */
export function formatHepMC2Event(ev: GenEvent): string {
  const vertices = ev.vertices.length > 0 ? ev.vertices : syntheticVertices(ev);
  const byId = new Map<number, GenParticle>();
  for (const p of ev.particles) byId.set(p.id, p);
  const endOf = new Map<number, number>();
  if (ev.vertices.length === 0) for (const id of vertices[0]?.incoming ?? []) endOf.set(id, -1);
  const a = ev.attributes ?? {};
  const beams = ev.particles.filter((p) => p.status === 4).map((p) => 10000 + p.id);
  const randoms: string[] = [];
  for (let i = 0; a[`random_states${i}`] !== undefined; i++)
    randoms.push(a[`random_states${i}`] as string);
  const parts: string[] = [];
  parts.push(
    [
      'E',
      String(ev.eventNumber),
      attr(ev, 'mpi', '-1'),
      attr(ev, 'event_scale', '-1'),
      attr(ev, 'alphaQCD', '-1'),
      attr(ev, 'alphaQED', '-1'),
      attr(ev, 'signal_process_id', '0'),
      attr(ev, 'signal_process_vertex', '0'),
      String(vertices.length),
      String(beams[0] ?? 0),
      String(beams[1] ?? 0),
      String(randoms.length),
      ...randoms,
      String(ev.weights.length),
      ...ev.weights.map((w) => formatFinite(w, 'a weight', ev.eventNumber)),
    ].join(' '),
  );
  if (ev.weightNames !== undefined && ev.weightNames.length > 0) {
    for (const n of ev.weightNames) {
      if (n.includes('"') || n.includes('\n')) {
        throw new EventIOError(
          'bad-event',
          `event ${ev.eventNumber}: weight name '${n}' has a quote or newline, which HepMC2 cannot write`,
        );
      }
    }
    parts.push(`N ${ev.weightNames.length} ${ev.weightNames.map((n) => `"${n}"`).join(' ')}`);
  }
  parts.push(`U ${ev.units.momentum} ${ev.units.length}`);
  if (ev.crossSection !== undefined) {
    parts.push(
      `C ${formatFinite(ev.crossSection.value, 'the cross section', ev.eventNumber)} ${formatFinite(ev.crossSection.error, 'the cross-section error', ev.eventNumber)}`,
    );
  }
  if (a.HeavyIon !== undefined) parts.push(`H ${a.HeavyIon}`);
  if (ev.pdfInfo !== undefined) {
    const f = ev.pdfInfo;
    parts.push(
      `F ${f.parton[0]} ${f.parton[1]} ${[f.x[0], f.x[1], f.scale, f.xf[0], f.xf[1]].map((x) => formatFinite(x, 'a PDF value', ev.eventNumber)).join(' ')} ${f.pdfId[0]} ${f.pdfId[1]}`,
    );
  }
  const written = new Set<number>();
  const particleLine = (p: GenParticle): string => {
    const m = p.momentum;
    const e = endOf.get(p.id) ?? p.endVertex;
    const flows: string[] = [];
    if (p.colour !== undefined) {
      if (p.colour[0] !== 0) flows.push('1', String(p.colour[0]));
      if (p.colour[1] !== 0) flows.push('2', String(p.colour[1]));
    }
    if (p.extra !== undefined) {
      for (const [k, val] of Object.entries(p.extra)) {
        if (/^flow\d+$/.test(k) && k !== 'flow1' && k !== 'flow2')
          flows.push(k.slice(4), String(val));
      }
    }
    const theta = Number(p.extra?.theta ?? 0);
    const phi = Number(p.extra?.phi ?? 0);
    return `P ${10000 + p.id} ${p.pdgId} ${formatFinite(m.px, 'px', ev.eventNumber)} ${formatFinite(m.py, 'py', ev.eventNumber)} ${formatFinite(m.pz, 'pz', ev.eventNumber)} ${formatFinite(m.e, 'E', ev.eventNumber)} ${formatFinite(p.generatedMass, 'a mass', ev.eventNumber)} ${p.status} ${formatNumber(theta)} ${formatNumber(phi)} ${e} ${flows.length / 2}${flows.length > 0 ? ` ${flows.join(' ')}` : ''}`;
  };
  const take = (id: number, v: GenVertex): GenParticle => {
    const p = byId.get(id);
    if (p === undefined) {
      throw new EventIOError(
        'bad-event',
        `event ${ev.eventNumber}: vertex ${v.id} names particle ${id}, which the event does not have`,
      );
    }
    if (written.has(id)) {
      throw new EventIOError(
        'bad-event',
        `event ${ev.eventNumber}: particle ${id} is outgoing from two vertices or listed twice`,
      );
    }
    written.add(id);
    return p;
  };
  for (const v of vertices) {
    const orphans = v.incoming.filter((id) => (byId.get(id)?.productionVertex ?? 0) === 0);
    const weights: string[] = [];
    for (let i = 0; v.attributes?.[`weight${i}`] !== undefined; i++)
      weights.push(v.attributes[`weight${i}`] as string);
    const pos = v.position
      .map((x) => formatFinite(x, 'a vertex position', ev.eventNumber))
      .join(' ');
    parts.push(
      `V ${v.id} ${v.status} ${pos} ${orphans.length} ${v.outgoing.length} ${weights.length}${weights.length > 0 ? ` ${weights.join(' ')}` : ''}`,
    );
    for (const id of orphans) parts.push(particleLine(take(id, v)));
    for (const id of v.outgoing) parts.push(particleLine(take(id, v)));
  }
  if (written.size !== ev.particles.length) {
    const stray = ev.particles.find((p) => !written.has(p.id));
    throw new EventIOError(
      'bad-event',
      `event ${ev.eventNumber}: particle ${stray?.id} belongs to no vertex, which HepMC2 cannot write`,
    );
  }
  parts.push('');
  return parts.join('\n');
}
