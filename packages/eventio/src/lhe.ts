import { FourVector } from '@apemen/fourvec';
import { EventIOError, lineError } from './errors.js';
import type { GenEvent, GenParticle } from './event.js';
import { FieldReader, formatNumber } from './fields.js';
import type { EventParser } from './parser.js';

/** One process of an LHE `<init>` block (XSECUP, XERRUP, XMAXUP, LPRUP). */
export interface LheProcess {
  /** Cross section XSECUP, pb. */
  xsec: number;
  /** Its error XERRUP, pb. */
  error: number;
  /** Maximum weight XMAXUP. */
  maxWeight: number;
  /** Process id LPRUP. */
  id: number;
}

/**
 * The run information of an LHE file: the `<init>` block and the raw header.
 *
 * @remarks
 * `header` and `initExtra` are kept verbatim (CDATA, `<initrwgt>`, generator tags…) so that the
 * LHE writer reproduces them.
 */
export interface LheInit {
  /** The `version` attribute of `<LesHouchesEvents>`. */
  version: string;
  /** Beam PDG ids IDBMUP. */
  beamIds: [number, number];
  /** Beam energies EBMUP, GeV. */
  beamEnergies: [number, number];
  /** PDF author groups PDFGUP. */
  pdfGroups: [number, number];
  /** PDF set ids PDFSUP. */
  pdfSets: [number, number];
  /** Weighting strategy IDWTUP. */
  weightingStrategy: number;
  /** The processes (NPRUP lines). */
  processes: LheProcess[];
  /** Raw text between `<header>` and `</header>` (lines joined by `\n`), if any. */
  header?: string;
  /** Raw lines after the process lines inside `<init>`, joined by `\n`. */
  initExtra?: string;
}

/** Event attributes the LHE reader fills from the event line, and the writer takes back. */
const EVENT_LINE_KEYS = ['IDPRUP', 'SCALUP', 'AQEDUP', 'AQCDUP'] as const;
/** Attribute holding the raw event lines after the particles that are not `<rwgt>`. */
export const LHE_TRAILER = 'lhe:trailer';
/** Name of the nominal weight XWGTUP in {@link GenEvent.weightNames}. */
export const LHE_NOMINAL_WEIGHT = 'XWGTUP';

const XML_ENTITIES: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>' };

function unescapeXml(s: string): string {
  return s.replace(/&(quot|apos|amp|lt|gt);/g, (_m, e: string) => XML_ENTITIES[e] as string);
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function parseTagAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tag); m !== null; m = re.exec(tag)) {
    out[m[1] as string] = unescapeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

type State =
  | 'start'
  | 'top'
  | 'header'
  | 'init-line'
  | 'init-procs'
  | 'init-extra'
  | 'ev-line'
  | 'ev-particles'
  | 'ev-tail'
  | 'done';

interface PendingEvent {
  event: GenEvent;
  line: number;
  nup: number;
  rwgt: { names: string[]; values: number[] } | undefined;
  weightsBlock: number[] | undefined;
  trailer: string[];
  inRwgt: boolean;
}

/**
 * Parses Les Houches Event files, versions 1.0 to 3.0.
 *
 * @remarks
 * Each `<event>` gives particles with ids 1…NUP in line order, PDG id IDUP, status ISTUP (−1
 * incoming, 1 outgoing, 2 intermediate…, as in the file), momentum PUP(1..4), generated mass
 * PUP(5), colour (ICOLUP1, ICOLUP2) and `extra` {mother1, mother2, lifetime VTIMUP, spin SPINUP}.
 * Weights: XWGTUP first (named `XWGTUP`), then the `<rwgt>` `<wgt id>` values named by their ids;
 * a LHEF 2.0 `<weights>` block counts when there is no `<rwgt>` (names from `<weightinfo>` in the
 * init block, else `weights[i]`). The cross section is the sum of the processes' XSECUP (errors
 * added in quadrature). Event attributes: IDPRUP, SCALUP, AQEDUP, AQCDUP (as written), the
 * `<event>` tag's attributes, and `lhe:trailer` with the raw lines after the particles (comment
 * lines starting `#`, `<scales>`, …) other than `<rwgt>`. Text inside `<![CDATA[ … ]]>` in the
 * header is never parsed. Events are numbered 0, 1, … in file order. No vertices.
 */
export class LheParser implements EventParser {
  out: GenEvent[] = [];
  /** The init block, once read. */
  init: LheInit | undefined;
  private readonly r: FieldReader;
  private state: State = 'start';
  private inCdata = false;
  private headerLines: string[] = [];
  private initExtra: string[] = [];
  private nprup = 0;
  private weightInfoNames: string[] = [];
  private pending: PendingEvent | undefined;
  private count = 0;
  private crossSection: { value: number; error: number } | undefined;
  private readonly keepHeader: boolean;
  private initClosed = false;

  /**
   * @param file - the file name for messages
   * @param keepHeader - whether to keep the raw header text (for {@link LheInit.header})
   */
  constructor(file: string, keepHeader = false) {
    this.r = new FieldReader(file);
    this.keepHeader = keepHeader;
  }

  /** Whether the init block has been read (so {@link LheParser.init} is set). */
  get initDone(): boolean {
    return this.initClosed;
  }

  line(text: string, lineNo: number): void {
    const r = this.r;
    switch (this.state) {
      case 'ev-particles':
        this.particle(text, lineNo);
        return;
      case 'header':
        this.header(text, lineNo);
        return;
      default:
    }
    const t = text.trim();
    if (this.state === 'init-extra') {
      if (t.startsWith('</init>')) {
        if (this.init !== undefined && this.initExtra.length > 0)
          this.init.initExtra = this.initExtra.join('\n');
        this.state = 'top';
        this.initClosed = true;
        return;
      }
      this.initExtra.push(text);
      if (t.startsWith('<weightinfo')) {
        const name = parseTagAttributes(t).name;
        this.weightInfoNames.push(name ?? `weights[${this.weightInfoNames.length}]`);
      }
      return;
    }
    if (t === '') return;
    switch (this.state) {
      case 'start':
        if (t.startsWith('<?xml') || t.startsWith('<!--')) return;
        if (t.startsWith('<LesHouchesEvents')) {
          const version = parseTagAttributes(t).version ?? '1.0';
          this.init = {
            version,
            beamIds: [0, 0],
            beamEnergies: [0, 0],
            pdfGroups: [0, 0],
            pdfSets: [0, 0],
            weightingStrategy: 0,
            processes: [],
          };
          this.state = 'top';
          return;
        }
        throw lineError(
          'unexpected-line',
          r.file,
          lineNo,
          "expected '<LesHouchesEvents version=…>'",
          text,
        );
      case 'top':
        if (t.startsWith('<event')) {
          if (this.crossSection === undefined) {
            throw lineError(
              'unexpected-line',
              r.file,
              lineNo,
              'expected the <init> block before the first event',
              text,
            );
          }
          this.startEvent(t, lineNo);
          return;
        }
        if (t.startsWith('<header')) {
          this.state = 'header';
          const rest = t.slice(t.indexOf('>') + 1);
          if (rest.trim() !== '') this.header(rest, lineNo);
          return;
        }
        if (t.startsWith('<init')) {
          this.state = 'init-line';
          return;
        }
        if (t.startsWith('</LesHouchesEvents')) {
          this.state = 'done';
          return;
        }
        // Free text before <init> is allowed (LHEF comments); after it, only events.
        if (t.startsWith('#') || t.startsWith('<!--') || this.crossSection === undefined) return;
        throw lineError(
          'unexpected-line',
          r.file,
          lineNo,
          'expected <header>, <init>, <event> or </LesHouchesEvents>',
          text,
        );
      case 'init-line': {
        if (t.startsWith('#')) return;
        r.start(text, lineNo, 'the first line of <init>');
        r.count(10);
        const init = this.init as LheInit;
        init.beamIds = [r.int(0, 'IDBMUP(1)'), r.int(1, 'IDBMUP(2)')];
        init.beamEnergies = [r.num(2, 'EBMUP(1)'), r.num(3, 'EBMUP(2)')];
        init.pdfGroups = [r.int(4, 'PDFGUP(1)'), r.int(5, 'PDFGUP(2)')];
        init.pdfSets = [r.int(6, 'PDFSUP(1)'), r.int(7, 'PDFSUP(2)')];
        init.weightingStrategy = r.int(8, 'IDWTUP');
        this.nprup = r.int(9, 'NPRUP');
        if (this.nprup < 0) r.fail('bad-field', 'expected NPRUP ≥ 0', r.fields[9]);
        this.state = this.nprup > 0 ? 'init-procs' : 'init-extra';
        if (this.nprup === 0) this.crossSection = { value: 0, error: 0 };
        return;
      }
      case 'init-procs': {
        if (t.startsWith('#')) return;
        r.start(text, lineNo, 'a process line of <init>');
        r.count(4);
        const init = this.init as LheInit;
        init.processes.push({
          xsec: r.num(0, 'XSECUP'),
          error: r.num(1, 'XERRUP'),
          maxWeight: r.num(2, 'XMAXUP'),
          id: r.int(3, 'LPRUP'),
        });
        if (init.processes.length === this.nprup) {
          // Summed from the first process on, so that one process keeps its exact value (−0 too).
          let value = (init.processes[0] as LheProcess).xsec;
          for (let i = 1; i < init.processes.length; i++)
            value += (init.processes[i] as LheProcess).xsec;
          this.crossSection = { value, error: Math.hypot(...init.processes.map((p) => p.error)) };
          this.state = 'init-extra';
        }
        return;
      }
      case 'ev-line':
        this.eventLine(text, t, lineNo);
        return;
      case 'ev-tail':
        this.tail(text, t, lineNo);
        return;
      default:
        throw lineError(
          'unexpected-line',
          r.file,
          lineNo,
          'expected nothing after </LesHouchesEvents>',
          text,
        );
    }
  }

  private header(text: string, lineNo: number): void {
    // CDATA sections may hold anything, even "</header>"; track them across lines.
    let scan = text;
    let ended = false;
    let kept = text;
    for (;;) {
      if (this.inCdata) {
        const close = scan.indexOf(']]>');
        if (close === -1) break;
        this.inCdata = false;
        scan = scan.slice(close + 3);
      } else {
        const open = scan.indexOf('<![CDATA[');
        const end = scan.indexOf('</header>');
        if (end !== -1 && (open === -1 || end < open)) {
          ended = true;
          kept = text.slice(0, text.length - scan.length + end);
          break;
        }
        if (open === -1) break;
        this.inCdata = true;
        scan = scan.slice(open + 9);
      }
    }
    if (ended) {
      if (this.keepHeader && kept.trim() !== '') this.headerLines.push(kept);
      if (this.init !== undefined && this.keepHeader)
        this.init.header = this.headerLines.join('\n');
      this.headerLines = [];
      this.state = 'top';
      return;
    }
    if (this.keepHeader) this.headerLines.push(text);
    void lineNo;
  }

  private startEvent(t: string, lineNo: number): void {
    const attrs = parseTagAttributes(t.slice(0, t.indexOf('>') === -1 ? t.length : t.indexOf('>')));
    this.pending = {
      event: {
        eventNumber: this.count,
        weights: [],
        units: { momentum: 'GEV', length: 'MM' },
        particles: [],
        vertices: [],
        attributes: attrs,
        sourceFormat: 'lhe',
      },
      line: lineNo,
      nup: 0,
      rwgt: undefined,
      weightsBlock: undefined,
      trailer: [],
      inRwgt: false,
    };
    if (this.crossSection !== undefined) this.pending.event.crossSection = { ...this.crossSection };
    this.state = 'ev-line';
  }

  private eventLine(text: string, t: string, lineNo: number): void {
    const p = this.pending as PendingEvent;
    const r = this.r;
    if (t.startsWith('#')) {
      p.trailer.push(text);
      return;
    }
    r.start(text, lineNo, 'an LHE event line');
    r.count(6);
    p.nup = r.int(0, 'NUP');
    if (p.nup < 0) r.fail('bad-field', 'expected NUP ≥ 0', r.fields[0]);
    r.int(1, 'IDPRUP');
    const xwgt = r.num(2, 'XWGTUP');
    r.num(3, 'SCALUP');
    r.num(4, 'AQEDUP');
    r.num(5, 'AQCDUP');
    const a = p.event.attributes as Record<string, string>;
    a.IDPRUP = r.fields[1] as string;
    a.SCALUP = r.fields[3] as string;
    a.AQEDUP = r.fields[4] as string;
    a.AQCDUP = r.fields[5] as string;
    p.event.weights.push(xwgt);
    this.state = p.nup > 0 ? 'ev-particles' : 'ev-tail';
  }

  private particle(text: string, lineNo: number): void {
    const p = this.pending as PendingEvent;
    const r = this.r;
    const t = text.trim();
    if (t.startsWith('<') || t === '') {
      const what = t === '' ? 'a blank line' : `'${t.slice(0, 40)}'`;
      throw lineError(
        t.startsWith('</event') ? 'count-mismatch' : 'unexpected-line',
        r.file,
        lineNo,
        `expected ${p.nup - p.event.particles.length} more particle line(s) of the event at line ${p.line} (NUP = ${p.nup})`,
        what,
        false,
      );
    }
    if (t.startsWith('#')) {
      p.trailer.push(text);
      return;
    }
    r.start(text, lineNo, 'an LHE particle line');
    r.count(13);
    const particle: GenParticle = {
      id: p.event.particles.length + 1,
      pdgId: r.int(0, 'IDUP'),
      status: r.int(1, 'ISTUP'),
      momentum: FourVector.fromPxPyPzE(
        r.num(6, 'PUP(1)'),
        r.num(7, 'PUP(2)'),
        r.num(8, 'PUP(3)'),
        r.energy(9, 'PUP(4)'),
      ),
      generatedMass: r.num(10, 'PUP(5)'),
      productionVertex: 0,
      endVertex: 0,
      colour: [r.int(4, 'ICOLUP(1)'), r.int(5, 'ICOLUP(2)')],
      extra: {
        mother1: r.int(2, 'MOTHUP(1)'),
        mother2: r.int(3, 'MOTHUP(2)'),
        lifetime: r.num(11, 'VTIMUP'),
        spin: r.num(12, 'SPINUP'),
      },
    };
    p.event.particles.push(particle);
    if (p.event.particles.length === p.nup) this.state = 'ev-tail';
  }

  private tail(text: string, t: string, lineNo: number): void {
    const p = this.pending as PendingEvent;
    const r = this.r;
    if (p.inRwgt) {
      if (t.startsWith('</rwgt')) {
        p.inRwgt = false;
        return;
      }
      this.wgt(t, lineNo, p);
      return;
    }
    if (t.startsWith('</event')) {
      this.finishEvent();
      return;
    }
    if (t.startsWith('<rwgt')) {
      p.rwgt ??= { names: [], values: [] };
      const rest = t.slice(t.indexOf('>') + 1).trim();
      p.inRwgt = true;
      if (rest !== '') {
        for (const piece of rest.split(/(?=<wgt|<\/rwgt)/)) {
          if (piece.startsWith('</rwgt')) p.inRwgt = false;
          else if (piece.trim() !== '') this.wgt(piece.trim(), lineNo, p);
        }
      }
      return;
    }
    if (t.startsWith('<weights')) {
      const close = t.indexOf('</weights>');
      if (close !== -1) {
        const body = t.slice(t.indexOf('>') + 1, close);
        r.start(body, lineNo, 'a <weights> block');
        const w: number[] = [];
        for (let i = 0; i < r.fields.length; i++) w.push(r.num(i, 'a weight'));
        p.weightsBlock = w;
      }
    }
    if (t === '') return;
    p.trailer.push(text);
  }

  private wgt(t: string, lineNo: number, p: PendingEvent): void {
    const m = /^<wgt\s([^>]*)>([^<]*)<\/wgt>\s*$/.exec(t);
    if (m === null) {
      throw lineError(
        'bad-field',
        this.r.file,
        lineNo,
        'expected \'<wgt id="…"> value </wgt>\' inside <rwgt>',
        t,
      );
    }
    const id = parseTagAttributes(m[1] as string).id ?? `wgt[${p.rwgt?.names.length ?? 0}]`;
    this.r.start(m[2] as string, lineNo, 'a <wgt> tag');
    this.r.count(1);
    const rw = p.rwgt as { names: string[]; values: number[] };
    rw.names.push(id);
    rw.values.push(this.r.num(0, `weight '${id}'`));
  }

  private finishEvent(): void {
    const p = this.pending as PendingEvent;
    const ev = p.event;
    const names = [LHE_NOMINAL_WEIGHT];
    if (p.rwgt !== undefined) {
      names.push(...p.rwgt.names);
      ev.weights.push(...p.rwgt.values);
    } else if (p.weightsBlock !== undefined) {
      p.weightsBlock.forEach((w, i) => {
        names.push(this.weightInfoNames[i] ?? `weights[${i}]`);
        ev.weights.push(w);
      });
      p.trailer = p.trailer.filter((l) => !l.trim().startsWith('<weights'));
    }
    ev.weightNames = names;
    if (p.trailer.length > 0)
      (ev.attributes as Record<string, string>)[LHE_TRAILER] = p.trailer.join('\n');
    this.out.push(ev);
    this.count++;
    this.pending = undefined;
    this.state = 'top';
  }

  end(lastLine: number): void {
    const file = this.r.file;
    if (this.state === 'done') return;
    if (this.pending !== undefined) {
      const p = this.pending;
      const complete =
        this.state === 'ev-tail'
          ? 'complete but unclosed'
          : `with ${p.event.particles.length} of NUP = ${p.nup} particles`;
      throw lineError(
        'truncated',
        file,
        lastLine,
        `expected '</event>' to close the event at line ${p.line} (${complete}; not returned)`,
        'end of file',
        false,
      );
    }
    if (this.state === 'start') {
      throw lineError(
        'truncated',
        file,
        lastLine,
        "expected '<LesHouchesEvents'",
        'end of file',
        false,
      );
    }
    throw lineError(
      'missing-end',
      file,
      lastLine,
      "expected '</LesHouchesEvents>'",
      'end of file',
      false,
    );
  }
}

function fin(x: number, what: string, ev: GenEvent): string {
  if (!Number.isFinite(x)) {
    throw new EventIOError(
      'bad-event',
      `event ${ev.eventNumber}: ${what} is ${x}, expected a finite number`,
    );
  }
  return formatNumber(x);
}

/**
 * An init block for events that did not come from an LHE file: beams from the first event's
 * incoming particles (status −1 or 4), cross section from the event, one process.
 * @param ev - the first event
 * @returns a minimal init block
 * @example
 * ```ts
 * defaultLheInit(undefined).beamIds; // [0, 0]
 * ```
 */
export function defaultLheInit(ev: GenEvent | undefined): LheInit {
  const incoming = ev?.particles.filter((p) => p.status === -1 || p.status === 4) ?? [];
  const a = incoming[0];
  const b = incoming[1];
  return {
    version: '3.0',
    beamIds: [a?.pdgId ?? 0, b?.pdgId ?? 0],
    beamEnergies: [a?.momentum.e ?? 0, b?.momentum.e ?? 0],
    pdfGroups: [-1, -1],
    pdfSets: [-1, -1],
    weightingStrategy: 3,
    processes: [
      {
        xsec: ev?.crossSection?.value ?? 0,
        error: ev?.crossSection?.error ?? 0,
        maxWeight: ev?.weights[0] ?? 0,
        id: Number(ev?.attributes?.IDPRUP ?? 1),
      },
    ],
  };
}

/**
 * Formats the opening of an LHE file: the `<LesHouchesEvents>` tag, header and init block.
 * @param init - the run information
 * @returns the text up to and including `</init>`
 * @example
 * ```ts
 * lheHeader(await readLheInit('in.lhe')); // '<LesHouchesEvents version="3.0">\n<header>…</init>\n'
 * ```
 */
export function lheHeader(init: LheInit): string {
  const lines = [`<LesHouchesEvents version="${escapeXml(init.version)}">`];
  if (init.header !== undefined) lines.push('<header>', init.header, '</header>');
  lines.push('<init>');
  lines.push(
    [
      init.beamIds[0],
      init.beamIds[1],
      formatNumber(init.beamEnergies[0]),
      formatNumber(init.beamEnergies[1]),
      init.pdfGroups[0],
      init.pdfGroups[1],
      init.pdfSets[0],
      init.pdfSets[1],
      init.weightingStrategy,
      init.processes.length,
    ].join(' '),
  );
  for (const p of init.processes) {
    lines.push(
      `${formatNumber(p.xsec)} ${formatNumber(p.error)} ${formatNumber(p.maxWeight)} ${p.id}`,
    );
  }
  if (init.initExtra !== undefined) lines.push(init.initExtra);
  lines.push('</init>', '');
  return lines.join('\n');
}

/**
 * The line that closes an LHE file.
 * @returns `</LesHouchesEvents>` and a newline
 * @example `lheFooter()` is `'</LesHouchesEvents>\n'`.
 */
export function lheFooter(): string {
  return '</LesHouchesEvents>\n';
}

function extraNumber(p: GenParticle, key: string, fallback: number): number {
  const v = p.extra?.[key];
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/**
 * Formats one event as an LHE `<event>` block.
 *
 * @param ev - the event
 * @returns the block, `<event …>` to `</event>`
 * @throws EventIOError `bad-event` for non-finite numbers
 * @remarks
 * IDPRUP, SCALUP, AQEDUP, AQCDUP come from the attributes of those names (defaults 1, −1, −1, −1);
 * the other attributes, except `lhe:trailer`, go on the `<event>` tag; `lhe:trailer` is written
 * verbatim after the particles; weights after the first go into `<rwgt>` with their names as ids.
 * Mothers, lifetime and spin come from `extra` (defaults 0, 0, 9).
 * @example
 * ```ts
 * formatLheEvent(ev); // '<event>\n4 1 1.74914 1.75801800e+02 …\n…\n</event>\n'
 * ```
 */
export function formatLheEvent(ev: GenEvent): string {
  const a = ev.attributes ?? {};
  const tagAttrs = Object.entries(a)
    .filter(([k]) => k !== LHE_TRAILER && !(EVENT_LINE_KEYS as readonly string[]).includes(k))
    .filter(([k]) => /^[A-Za-z_][\w:.-]*$/.test(k))
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const lines = [`<event${tagAttrs}>`];
  lines.push(
    `${ev.particles.length} ${a.IDPRUP ?? '1'} ${fin(ev.weights[0] ?? 1, 'XWGTUP', ev)} ${a.SCALUP ?? '-1'} ${a.AQEDUP ?? '-1'} ${a.AQCDUP ?? '-1'}`,
  );
  for (const p of ev.particles) {
    const m = p.momentum;
    lines.push(
      [
        p.pdgId,
        p.status,
        extraNumber(p, 'mother1', 0),
        extraNumber(p, 'mother2', 0),
        p.colour?.[0] ?? 0,
        p.colour?.[1] ?? 0,
        fin(m.px, 'px', ev),
        fin(m.py, 'py', ev),
        fin(m.pz, 'pz', ev),
        fin(m.e, 'E', ev),
        fin(p.generatedMass, 'a mass', ev),
        formatNumber(extraNumber(p, 'lifetime', 0)),
        formatNumber(extraNumber(p, 'spin', 9)),
      ].join(' '),
    );
  }
  if (a[LHE_TRAILER] !== undefined) lines.push(a[LHE_TRAILER]);
  if (ev.weights.length > 1) {
    lines.push('<rwgt>');
    for (let i = 1; i < ev.weights.length; i++) {
      const name = ev.weightNames?.[i] ?? `${i}`;
      lines.push(
        `<wgt id="${escapeXml(name)}"> ${fin(ev.weights[i] as number, 'a weight', ev)} </wgt>`,
      );
    }
    lines.push('</rwgt>');
  }
  lines.push('</event>', '');
  return lines.join('\n');
}
