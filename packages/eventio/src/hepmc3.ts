import { FourVector } from '@apemen/fourvec';
import { EventIOError, lineError } from './errors.js';
import type { EventUnits, GenEvent, GenParticle, GenVertex } from './event.js';
import { FieldReader, formatFinite, formatNumber, splitFields } from './fields.js';
import { HepMCListing } from './listing.js';
import type { EventParser } from './parser.js';

/** First line of an Asciiv3 event listing. */
export const HEPMC3_START = 'HepMC::Asciiv3-START_EVENT_LISTING';
/** Last line of an Asciiv3 event listing. */
export const HEPMC3_END = 'HepMC::Asciiv3-END_EVENT_LISTING';

/**
 * Undoes HepMC3's escaping: `\|` is a line break (the separator of weight names and tool fields),
 * `\\` a backslash.
 * @param s - escaped text
 * @returns the parts between unescaped `\|`, each unescaped
 */
export function splitEscaped(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[++i];
      if (n === '|') {
        parts.push(cur);
        cur = '';
      } else cur += n;
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/**
 * Escapes text as HepMC3 does: a backslash becomes `\\`, a line break `\|`.
 * @param s - text
 * @returns the escaped text
 */
export function escapeHepMC3(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\|');
}

function unescapeValue(s: string): string {
  return s.indexOf('\\') === -1 ? s : splitEscaped(s).join('\n');
}

interface Pending {
  event: GenEvent;
  line: number;
  nVertices: number;
  nParticles: number;
  /** Parent field of each particle (index id−1): 0 none, < 0 vertex id, > 0 parent particle id. */
  parents: Int32Array;
  particleLines: Int32Array;
  seen: number;
  explicit: Map<number, GenVertex>;
  explicitLines: Map<number, number>;
  implicitOrder: number[];
  attributes: { id: number; name: string; value: string; line: number }[];
  sawBody: boolean;
  sawWeights: boolean;
}

/**
 * Parses HepMC3 Asciiv3 text.
 *
 * @remarks
 * Particle and vertex ids are those of the file. A particle whose second field is a particle id
 * (> 0) comes from an implicit vertex with that one parent; implicit vertices take the vertex ids
 * that no V line uses, exactly as HepMC3's `ReaderAscii` assigns them (the gaps from −n upwards get
 * the implicit vertices in reverse order of first appearance). Vertices are listed −1, −2, …;
 * a vertex's outgoing particles in file order. Run-information `W` lines give weight names,
 * split on `\|` (never on blanks: names may hold blanks). `A 0 GenCrossSection` and
 * `A 0 GenPdfInfo` fill {@link GenEvent.crossSection} and {@link GenEvent.pdfInfo}; other event
 * attributes stay strings in {@link GenEvent.attributes}; particle attributes `flow1`/`flow2`
 * give the colour, other particle attributes `extra`; vertex attributes go to the vertex. An
 * event position after `@` on the E line becomes {@link GenEvent.position}; tools (`T`) and run
 * attributes are read but not kept.
 */
export class HepMC3Parser implements EventParser {
  out: GenEvent[] = [];
  private readonly r: FieldReader;
  private readonly listing: HepMCListing;
  private pending: Pending | undefined;
  private units: EventUnits = { momentum: 'GEV', length: 'MM' };
  private weightNames: string[] | undefined;

  /** @param file - the file name for messages */
  constructor(file: string) {
    this.r = new FieldReader(file);
    this.listing = new HepMCListing(file, HEPMC3_START, HEPMC3_END);
  }

  line(text: string, lineNo: number): void {
    const c = text.charCodeAt(0);
    const p = this.pending;
    if (c === 80 /* P */ && p !== undefined) {
      this.particle(text, lineNo, p);
      return;
    }
    const t = text.trim();
    if (t === '') return;
    if (t.startsWith('HepMC::')) {
      this.listing.control(t, lineNo, () => this.finish(lineNo, false));
      return;
    }
    this.listing.requireBody(text, lineNo);
    const r = this.r;
    switch (t[0]) {
      case 'E':
        this.finish(lineNo, false);
        this.eventLine(text, lineNo);
        return;
      case 'V':
        if (p === undefined) break;
        this.vertex(text, lineNo, p);
        return;
      case 'U':
        if (p === undefined) break;
        r.start(text, lineNo, 'a U line');
        r.count(3);
        this.units = parseUnits3(r);
        p.event.units = { ...this.units };
        return;
      case 'W':
        if (p !== undefined && !p.sawBody) {
          if (p.sawWeights) r.fail('unexpected-line', 'expected one W line per event');
          this.weights(text, lineNo, p);
          return;
        }
        this.finish(lineNo, false);
        this.weightNames = splitEscaped(text.slice(2));
        return;
      case 'A':
        if (p !== undefined && !p.sawBody) {
          this.attribute(text, lineNo, p);
          return;
        }
        this.finish(lineNo, false);
        return;
      case 'T':
        this.finish(lineNo, false);
        return;
      case 'C':
        if (p === undefined) break;
        r.start(text, lineNo, 'a C line');
        r.count(3);
        p.event.crossSection = {
          value: r.num(1, 'the cross section'),
          error: r.num(2, 'its error'),
        };
        return;
      default:
        throw lineError(
          'unexpected-line',
          r.file,
          lineNo,
          'expected an Asciiv3 line (E, U, W, A, T, C, V or P)',
          text,
        );
    }
    throw lineError('unexpected-line', r.file, lineNo, 'expected an E line first', text);
  }

  private eventLine(text: string, lineNo: number): void {
    const r = this.r;
    r.start(text, lineNo, 'an E line');
    const at = r.fields.indexOf('@');
    if (at === -1) r.count(4);
    else {
      if (at !== 4) r.fail('field-count', "expected 'E number vertices particles [@ x y z t]'");
      r.count(9);
      for (let i = 5; i < 9; i++) r.num(i, 'the event position');
    }
    const eventNumber = r.int(1, 'the event number');
    const nVertices = r.int(2, 'the number of vertices');
    const nParticles = r.int(3, 'the number of particles');
    if (nVertices < 0 || nParticles < 0) r.fail('bad-field', 'expected counts ≥ 0 on the E line');
    const event: GenEvent = {
      eventNumber,
      weights: [],
      units: { ...this.units },
      particles: new Array<GenParticle>(nParticles),
      vertices: [],
      sourceFormat: 'hepmc3',
    };
    if (this.weightNames !== undefined) event.weightNames = this.weightNames.slice();
    if (at !== -1) event.position = [r.num(5, 'x'), r.num(6, 'y'), r.num(7, 'z'), r.num(8, 'ct')];
    this.pending = {
      event,
      line: lineNo,
      nVertices,
      nParticles,
      parents: new Int32Array(nParticles),
      particleLines: new Int32Array(nParticles),
      seen: 0,
      explicit: new Map(),
      explicitLines: new Map(),
      implicitOrder: [],
      attributes: [],
      sawBody: false,
      sawWeights: false,
    };
  }

  private weights(text: string, lineNo: number, p: Pending): void {
    const r = this.r;
    r.start(text, lineNo, 'a W line');
    const n = r.fields.length - 1;
    const w = new Array<number>(n);
    for (let i = 0; i < n; i++) w[i] = r.num(i + 1, 'a weight');
    const names = p.event.weightNames;
    if (names !== undefined && names.length !== n) {
      throw lineError(
        'count-mismatch',
        r.file,
        lineNo,
        `expected ${names.length} weights, one per weight name`,
        `${n}`,
        false,
      );
    }
    p.event.weights = w;
    p.sawWeights = true;
  }

  private attribute(text: string, lineNo: number, p: Pending): void {
    const m = /^A\s+(-?\d+)\s+(\S+)(?: (.*))?$/.exec(text);
    if (m === null) {
      throw lineError('bad-field', this.r.file, lineNo, "expected 'A <id> <name> <value>'", text);
    }
    p.attributes.push({
      id: Number(m[1]),
      name: m[2] as string,
      value: unescapeValue(m[3] ?? ''),
      line: lineNo,
    });
  }

  private vertex(text: string, lineNo: number, p: Pending): void {
    const r = this.r;
    p.sawBody = true;
    r.start(text, lineNo, 'a V line');
    const open = text.indexOf('[');
    const close = text.indexOf(']', open + 1);
    if (open === -1 || close === -1)
      r.fail('bad-field', "expected 'V id status [in,…] [@ x y z t]'");
    const head = splitFields(text.slice(0, open));
    r.fields = head;
    r.count(2, 3);
    const id = r.int(1, 'the vertex id');
    const status = head.length === 3 ? r.int(2, 'the vertex status') : 0;
    if (id >= 0 || id < -p.nVertices) {
      r.fail('bad-reference', `expected a vertex id from -1 to -${p.nVertices}`, String(id));
    }
    if (p.explicit.has(id)) r.fail('bad-reference', 'expected each vertex id once', String(id));
    const list = text.slice(open + 1, close).trim();
    const incoming: number[] = [];
    if (list !== '') {
      for (const tok of list.split(',')) {
        const v = Number(tok);
        if (!Number.isInteger(v) || v < 1 || v > p.nParticles) {
          r.fail(
            'bad-reference',
            `expected particle ids from 1 to ${p.nParticles} in the incoming list`,
            tok.trim(),
          );
        }
        incoming.push(v);
      }
    }
    const position: [number, number, number, number] = [0, 0, 0, 0];
    const tail = text.slice(close + 1).trim();
    if (tail !== '') {
      r.fields = splitFields(tail);
      if (r.fields[0] !== '@' || r.fields.length !== 5)
        r.fail('field-count', "expected '@ x y z t' after the incoming list", tail);
      for (let i = 0; i < 4; i++) position[i] = r.num(i + 1, 'the vertex position');
    }
    p.explicit.set(id, { id, status, position, incoming, outgoing: [] });
    p.explicitLines.set(id, lineNo);
  }

  private particle(text: string, lineNo: number, p: Pending): void {
    const r = this.r;
    p.sawBody = true;
    r.start(text, lineNo, 'a P line');
    r.count(10);
    const id = r.int(1, 'the particle id');
    if (id < 1 || id > p.nParticles) {
      r.fail(
        'bad-reference',
        `expected a particle id from 1 to ${p.nParticles} (E line ${p.line})`,
        String(id),
      );
    }
    if (p.event.particles[id - 1] !== undefined)
      r.fail('bad-reference', 'expected each particle id once', String(id));
    const parent = r.int(2, 'the production vertex or parent');
    if (parent < -p.nVertices || parent > p.nParticles) {
      r.fail(
        'bad-reference',
        `expected a vertex id ≥ -${p.nVertices} or a particle id ≤ ${p.nParticles}`,
        String(parent),
      );
    }
    p.event.particles[id - 1] = {
      id,
      pdgId: r.int(3, 'the PDG id'),
      status: r.int(9, 'the status'),
      momentum: FourVector.fromPxPyPzE(
        r.num(4, 'px'),
        r.num(5, 'py'),
        r.num(6, 'pz'),
        r.energy(7, 'E'),
      ),
      generatedMass: r.num(8, 'the generated mass'),
      productionVertex: 0,
      endVertex: 0,
    };
    p.parents[id - 1] = parent;
    p.particleLines[id - 1] = lineNo;
    p.seen++;
  }

  private finish(lineNo: number, atEnd: boolean): void {
    const p = this.pending;
    if (p === undefined) return;
    const r = this.r;
    const ev = p.event;
    if (p.seen !== p.nParticles) {
      throw lineError(
        atEnd ? 'truncated' : 'count-mismatch',
        r.file,
        atEnd ? lineNo : p.line,
        `expected ${p.nParticles} particles in event ${ev.eventNumber} (E line ${p.line})`,
        `${p.seen}${atEnd ? ' before the end of file' : ''}`,
        false,
      );
    }
    // Implicit vertices: one per parent particle, in order of first appearance.
    const implicit = new Map<number, number[]>();
    for (let i = 0; i < p.nParticles; i++) {
      const parent = p.parents[i] as number;
      if (parent > 0) {
        const outs = implicit.get(parent);
        if (outs === undefined) {
          implicit.set(parent, [i + 1]);
          p.implicitOrder.push(parent);
        } else outs.push(i + 1);
      } else if (parent < 0 && !p.explicit.has(parent)) {
        p.explicit.set(parent, {
          id: parent,
          status: 0,
          position: [0, 0, 0, 0],
          incoming: [],
          outgoing: [],
        });
      }
    }
    const total = p.explicit.size + p.implicitOrder.length;
    if (total !== p.nVertices) {
      throw lineError(
        'count-mismatch',
        r.file,
        p.line,
        `expected ${p.nVertices} vertices in event ${ev.eventNumber}`,
        `${total} (${p.explicit.size} explicit, ${p.implicitOrder.length} implicit)`,
        false,
      );
    }
    const vertices = new Array<GenVertex>(p.nVertices);
    for (const [id, v] of p.explicit) vertices[-id - 1] = v;
    let k = p.implicitOrder.length - 1;
    for (let idx = p.nVertices - 1; idx >= 0; idx--) {
      if (vertices[idx] !== undefined) continue;
      const parent = p.implicitOrder[k--] as number;
      vertices[idx] = {
        id: -idx - 1,
        status: 0,
        position: [0, 0, 0, 0],
        incoming: [parent],
        outgoing: [],
      };
      const parentParticle = ev.particles[parent - 1] as GenParticle;
      if (parentParticle.endVertex !== 0) {
        throw lineError(
          'bad-reference',
          r.file,
          p.particleLines[((implicit.get(parent) as number[])[0] as number) - 1] as number,
          `expected particle ${parent} to end in one vertex`,
          `a second end vertex`,
          false,
        );
      }
      parentParticle.endVertex = -idx - 1;
    }
    const implicitId = new Map<number, number>();
    for (const v of vertices) {
      if (v.incoming.length === 1 && !p.explicit.has(v.id))
        implicitId.set(v.incoming[0] as number, v.id);
    }
    for (const v of p.explicit.values()) {
      for (const pid of v.incoming) {
        const q = ev.particles[pid - 1] as GenParticle;
        if (q.endVertex !== 0 && q.endVertex !== v.id) {
          r.fail(
            'bad-reference',
            `expected particle ${pid} to end in one vertex`,
            `vertices ${q.endVertex} and ${v.id}`,
          );
        }
        q.endVertex = v.id;
      }
    }
    for (let i = 0; i < p.nParticles; i++) {
      const parent = p.parents[i] as number;
      if (parent === 0) continue;
      const vid = parent < 0 ? parent : (implicitId.get(parent) as number);
      const q = ev.particles[i] as GenParticle;
      q.productionVertex = vid;
      (vertices[-vid - 1] as GenVertex).outgoing.push(i + 1);
    }
    ev.vertices = vertices;
    for (const a of p.attributes) this.applyAttribute(ev, a, p);
    this.out.push(ev);
    this.pending = undefined;
  }

  private applyAttribute(
    ev: GenEvent,
    a: { id: number; name: string; value: string; line: number },
    p: Pending,
  ): void {
    const r = this.r;
    if (a.id === 0) {
      if (a.name === 'GenCrossSection' || a.name === 'GenPdfInfo') {
        r.start(a.value, a.line, `the ${a.name} attribute`);
        if (a.name === 'GenCrossSection') {
          r.count(2, Number.POSITIVE_INFINITY);
          ev.crossSection = { value: r.num(0, 'the cross section'), error: r.num(1, 'its error') };
          if (r.fields.length >= 4) {
            ev.crossSection.acceptedEvents = r.num(2, 'the accepted events');
            ev.crossSection.attemptedEvents = r.num(3, 'the attempted events');
          }
        } else {
          r.count(9);
          ev.pdfInfo = {
            parton: [r.int(0, 'parton 1'), r.int(1, 'parton 2')],
            x: [r.num(2, 'x1'), r.num(3, 'x2')],
            scale: r.num(4, 'the PDF scale'),
            xf: [r.num(5, 'xf1'), r.num(6, 'xf2')],
            pdfId: [r.int(7, 'PDF id 1'), r.int(8, 'PDF id 2')],
          };
        }
        return;
      }
      ev.attributes ??= {};
      ev.attributes[a.name] = a.value;
      return;
    }
    if (a.id > 0) {
      const q = ev.particles[a.id - 1];
      if (q === undefined) {
        throw lineError(
          'bad-reference',
          r.file,
          a.line,
          `expected a particle id from 1 to ${p.nParticles}`,
          String(a.id),
        );
      }
      if (a.name === 'flow1' || a.name === 'flow2') {
        const v = Number(a.value);
        if (!Number.isInteger(v)) {
          throw lineError('bad-field', r.file, a.line, `expected an integer ${a.name}`, a.value);
        }
        q.colour ??= [0, 0];
        q.colour[a.name === 'flow1' ? 0 : 1] = v;
        return;
      }
      q.extra ??= {};
      q.extra[a.name] = a.value;
      return;
    }
    const v = ev.vertices[-a.id - 1];
    if (v === undefined) {
      throw lineError(
        'bad-reference',
        r.file,
        a.line,
        `expected a vertex id from -1 to -${p.nVertices}`,
        String(a.id),
      );
    }
    v.attributes ??= {};
    v.attributes[a.name] = a.value;
  }

  end(lastLine: number): void {
    const file = this.r.file;
    this.listing.requireStarted(lastLine);
    if (this.listing.state === 'body') {
      const p = this.pending;
      if (p !== undefined) {
        if (p.seen !== p.nParticles) this.finish(lastLine, true);
        throw lineError(
          'missing-end',
          file,
          lastLine,
          `expected '${HEPMC3_END}' after event ${p.event.eventNumber} (line ${p.line}, not returned)`,
          'end of file',
          false,
        );
      }
      throw lineError(
        'missing-end',
        file,
        lastLine,
        `expected '${HEPMC3_END}'`,
        'end of file',
        false,
      );
    }
  }
}

function parseUnits3(r: FieldReader): EventUnits {
  const m = r.fields[1]?.toUpperCase();
  const l = r.fields[2]?.toUpperCase();
  if (m !== 'GEV' && m !== 'MEV')
    r.fail('bad-field', 'expected momentum unit GEV or MEV', r.fields[1]);
  if (l !== 'MM' && l !== 'CM') r.fail('bad-field', 'expected length unit MM or CM', r.fields[2]);
  return { momentum: m, length: l };
}

/**
 * The lines that open an Asciiv3 file.
 * @returns the version line and `${HEPMC3_START}`, each with a newline
 * @example `hepmc3Header().split('\n')[1]` is `HEPMC3_START`.
 */
export function hepmc3Header(): string {
  return `HepMC::Version 3.02.05\n${HEPMC3_START}\n`;
}

/**
 * The line that closes an Asciiv3 file.
 * @returns `${HEPMC3_END}` and a newline
 * @example `hepmc3Footer()` is `HEPMC3_END + '\n'`.
 */
export function hepmc3Footer(): string {
  return `${HEPMC3_END}\n`;
}

function checkName(name: string, ev: GenEvent): void {
  if (name === '' || /\s/.test(name)) {
    throw new EventIOError(
      'bad-event',
      `event ${ev.eventNumber}: attribute name '${name}' is empty or has blanks`,
    );
  }
}

/**
 * Formats one event as Asciiv3 text.
 *
 * @param ev - the event
 * @param state - the weight names written last (a `W` names line goes out when they change)
 * @returns the lines of the event, with a run-information `W` line before it where needed
 * @throws EventIOError `bad-event` for non-finite numbers or ids that do not match positions
 * @remarks
 * Particles must have ids 1…n in order and vertices ids −1…−m in order (as every reader here
 * gives them). A vertex is written explicitly when it has other than one incoming particle, a
 * status, a position or attributes; otherwise implicitly through its parent's id, as HepMC3 does.
 * @example
 * ```ts
 * const state = {};
 * const text = formatHepMC3Event(ev, state); // 'W …\nE 0 24 53\nU GEV MM\n…'
 * ```
 */
export function formatHepMC3Event(ev: GenEvent, state: { names?: string[] }): string {
  const parts: string[] = [];
  const names = ev.weightNames;
  if (names !== undefined && names.length > 0) {
    const same =
      state.names !== undefined &&
      state.names.length === names.length &&
      state.names.every((n, i) => n === names[i]);
    if (!same) {
      parts.push(`W ${names.map(escapeHepMC3).join('\\|')}`);
      state.names = names;
    }
  }
  ev.particles.forEach((p, i) => {
    if (p.id !== i + 1) {
      throw new EventIOError(
        'bad-event',
        `event ${ev.eventNumber}: particle at position ${i + 1} has id ${p.id}; HepMC3 needs ids 1…n in order`,
      );
    }
  });
  ev.vertices.forEach((v, i) => {
    if (v.id !== -i - 1) {
      throw new EventIOError(
        'bad-event',
        `event ${ev.eventNumber}: vertex at position ${i + 1} has id ${v.id}; HepMC3 needs ids −1…−n in order`,
      );
    }
  });
  const at =
    ev.position === undefined
      ? ''
      : ` @ ${ev.position.map((x) => formatFinite(x, 'the event position', ev.eventNumber)).join(' ')}`;
  parts.push(`E ${ev.eventNumber} ${ev.vertices.length} ${ev.particles.length}${at}`);
  parts.push(`U ${ev.units.momentum} ${ev.units.length}`);
  if (ev.weights.length > 0)
    parts.push(`W ${ev.weights.map((w) => formatFinite(w, 'a weight', ev.eventNumber)).join(' ')}`);
  if (ev.crossSection !== undefined) {
    const xs = ev.crossSection;
    parts.push(
      `A 0 GenCrossSection ${formatFinite(xs.value, 'the cross section', ev.eventNumber)} ${formatFinite(xs.error, 'its error', ev.eventNumber)}${xs.acceptedEvents !== undefined || xs.attemptedEvents !== undefined ? ` ${formatNumber(xs.acceptedEvents ?? -1)} ${formatNumber(xs.attemptedEvents ?? -1)}` : ''}`,
    );
  }
  if (ev.pdfInfo !== undefined) {
    const f = ev.pdfInfo;
    parts.push(
      `A 0 GenPdfInfo ${f.parton[0]} ${f.parton[1]} ${[f.x[0], f.x[1], f.scale, f.xf[0], f.xf[1]].map((x) => formatFinite(x, 'a PDF value', ev.eventNumber)).join(' ')} ${f.pdfId[0]} ${f.pdfId[1]}`,
    );
  }
  for (const [k, v] of Object.entries(ev.attributes ?? {})) {
    checkName(k, ev);
    parts.push(`A 0 ${k} ${escapeHepMC3(v)}`);
  }
  for (const p of ev.particles) {
    if (p.colour !== undefined) {
      if (p.colour[0] !== 0) parts.push(`A ${p.id} flow1 ${p.colour[0]}`);
      if (p.colour[1] !== 0) parts.push(`A ${p.id} flow2 ${p.colour[1]}`);
    }
    for (const [k, v] of Object.entries(p.extra ?? {})) {
      checkName(k, ev);
      parts.push(`A ${p.id} ${k} ${escapeHepMC3(String(v))}`);
    }
  }
  for (const v of ev.vertices) {
    for (const [k, val] of Object.entries(v.attributes ?? {})) {
      checkName(k, ev);
      parts.push(`A ${v.id} ${k} ${escapeHepMC3(val)}`);
    }
  }
  const explicit = (v: GenVertex): boolean =>
    v.incoming.length !== 1 ||
    v.status !== 0 ||
    v.position.some((x) => x !== 0 || Object.is(x, -0)) ||
    (v.attributes !== undefined && Object.keys(v.attributes).length > 0);
  const written = new Set<number>();
  const vertexLine = (v: GenVertex): string => {
    const pos = v.position.some((x) => x !== 0 || Object.is(x, -0))
      ? ` @ ${v.position.map((x) => formatFinite(x, 'a vertex position', ev.eventNumber)).join(' ')}`
      : '';
    return `V ${v.id} ${v.status} [${v.incoming.join(',')}]${pos}`;
  };
  for (const p of ev.particles) {
    let parent = 0;
    if (p.productionVertex !== 0) {
      const v = ev.vertices[-p.productionVertex - 1];
      if (v === undefined) {
        throw new EventIOError(
          'bad-event',
          `event ${ev.eventNumber}: particle ${p.id} comes from vertex ${p.productionVertex}, which the event does not have`,
        );
      }
      if (explicit(v)) {
        parent = v.id;
        if (!written.has(v.id)) {
          parts.push(vertexLine(v));
          written.add(v.id);
        }
      } else parent = v.incoming[0] as number;
    }
    const m = p.momentum;
    parts.push(
      `P ${p.id} ${parent} ${p.pdgId} ${formatFinite(m.px, 'px', ev.eventNumber)} ${formatFinite(m.py, 'py', ev.eventNumber)} ${formatFinite(m.pz, 'pz', ev.eventNumber)} ${formatFinite(m.e, 'E', ev.eventNumber)} ${formatFinite(p.generatedMass, 'a mass', ev.eventNumber)} ${p.status}`,
    );
  }
  for (const v of ev.vertices) {
    if (!written.has(v.id) && v.outgoing.length === 0) parts.push(vertexLine(v));
  }
  parts.push('');
  return parts.join('\n');
}
