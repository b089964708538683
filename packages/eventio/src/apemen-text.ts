import { FourVector } from '@apemen/fourvec';
import { EventIOError, lineError } from './errors.js';
import type { GenEvent, GenParticle } from './event.js';
import { FieldReader, formatNumber } from './fields.js';
import type { EventParser } from './parser.js';

/** The line that separates events in the APEMEN text format. */
export const APEMEN_SEPARATOR = '======';

/**
 * Parses the APEMEN text format of the original Keras code.
 *
 * @remarks
 * Events end at a line `======` (a last event without one is complete too: the format has no end
 * marker). A line with one number is the event weight; a line `yfrac phifrac pT` is a particle at
 * rapidity y = 2π·yfrac − π and azimuth φ = 2π·phifrac (taken exactly at the stated fractions, not
 * at a pixel centre: the file carries no pixel count), made a massless gluon (PDG 21, status 1)
 * with px = pT cos φ, py = pT sin φ, pz = pT sinh y, E = pT cosh y. Lines whose yfrac or phifrac
 * is exactly 1 are skipped, as the original does. Events are numbered 0, 1, …; an event without
 * a weight line has weight 1. Empty events (two separators in a row) are skipped.
 */
export class ApemenTextParser implements EventParser {
  out: GenEvent[] = [];
  private readonly r: FieldReader;
  private particles: GenParticle[] = [];
  private weight: number | undefined;
  private count = 0;
  private started = false;

  /** @param file - the file name for messages */
  constructor(file: string) {
    this.r = new FieldReader(file);
  }

  line(text: string, lineNo: number): void {
    const t = text.trim();
    if (t === '') return;
    if (t === APEMEN_SEPARATOR) {
      this.flush();
      return;
    }
    const r = this.r;
    r.start(text, lineNo, 'an APEMEN text line');
    if (r.fields.length === 1) {
      if (this.weight !== undefined)
        r.fail('unexpected-line', 'expected one weight line per event');
      this.weight = r.num(0, 'the event weight');
      this.started = true;
      return;
    }
    if (r.fields.length !== 3) {
      r.fail('field-count', "expected '======', a weight, or 'yfrac phifrac pT'", text);
    }
    const yfrac = r.num(0, 'yfrac');
    const phifrac = r.num(1, 'phifrac');
    const pt = r.num(2, 'pT');
    this.started = true;
    if (yfrac === 1 || phifrac === 1) return;
    if (pt < 0) r.fail('bad-field', 'expected pT ≥ 0', r.fields[2]);
    const y = 2 * Math.PI * yfrac - Math.PI;
    const phi = 2 * Math.PI * phifrac;
    const e = pt * Math.cosh(y);
    if (!Number.isFinite(e)) {
      r.fail('non-finite', 'expected a yfrac whose rapidity gives a finite energy', r.fields[0]);
    }
    this.particles.push({
      id: this.particles.length + 1,
      pdgId: 21,
      status: 1,
      momentum: FourVector.fromPxPyPzE(
        pt * Math.cos(phi),
        pt * Math.sin(phi),
        pt * Math.sinh(y),
        e,
      ),
      generatedMass: 0,
      productionVertex: 0,
      endVertex: 0,
    });
  }

  private flush(): void {
    if (!this.started) return;
    this.out.push({
      eventNumber: this.count++,
      weights: [this.weight ?? 1],
      units: { momentum: 'GEV', length: 'MM' },
      particles: this.particles,
      vertices: [],
      sourceFormat: 'apemen-text',
    });
    this.particles = [];
    this.weight = undefined;
    this.started = false;
  }

  end(lastLine: number): void {
    void lastLine;
    this.flush();
  }
}

/**
 * The fractions of the APEMEN text format for one particle.
 * @param p - a particle
 * @returns yfrac = (y + π)/2π and phifrac = φ/2π in [0, 1), and pT
 * @example
 * ```ts
 * // A particle at y = 0, φ = −π/2, pT = 10: { yfrac: 0.5, phifrac: 0.75, pt: 10 }
 * ```
 */
export function apemenFractions(p: GenParticle): { yfrac: number; phifrac: number; pt: number } {
  const m = p.momentum;
  const pt = Math.hypot(m.px, m.py);
  const y = 0.5 * Math.log((m.e + m.pz) / (m.e - m.pz));
  let phi = Math.atan2(m.py, m.px);
  if (phi < 0) phi += 2 * Math.PI;
  let phifrac = phi / (2 * Math.PI);
  if (phifrac >= 1) phifrac = 0;
  return { yfrac: (y + Math.PI) / (2 * Math.PI), phifrac, pt };
}

/**
 * Formats one event in the APEMEN text format: weight line, particle lines, `======`.
 *
 * @param ev - the event; its final-state (status 1) particles are written
 * @param pixels - if given, particles are moved to the centre of their pixel in an N×N grid over
 *   y ∈ [−π, π), φ ∈ [0, 2π): frac = (floor(N·frac) + ½)/N; particles outside |y| < π are dropped
 * @returns the text of the event
 * @throws EventIOError `bad-event` for a non-finite weight or momentum
 * @remarks
 * Without `pixels` the fractions are written at full precision, so reading gives the momenta back
 * to rounding (about 1e-15 relative), as massless particles.
 * @example
 * ```ts
 * formatApemenTextEvent(ev, 64); // '1\n0.5078125 0.0078125 10\n======\n'
 * ```
 */
export function formatApemenTextEvent(ev: GenEvent, pixels?: number): string {
  const w = ev.weights[0] ?? 1;
  if (!Number.isFinite(w))
    throw new EventIOError('bad-event', `event ${ev.eventNumber}: weight is ${w}`);
  const lines = [formatNumber(w)];
  for (const p of ev.particles) {
    if (p.status !== 1) continue;
    let { yfrac, phifrac, pt } = apemenFractions(p);
    if (!Number.isFinite(yfrac) || !Number.isFinite(phifrac) || !Number.isFinite(pt)) {
      throw new EventIOError(
        'bad-event',
        `event ${ev.eventNumber}: particle ${p.id} has no finite rapidity, azimuth or pT`,
      );
    }
    if (pixels !== undefined) {
      if (yfrac < 0 || yfrac >= 1) continue;
      yfrac = (Math.floor(pixels * yfrac) + 0.5) / pixels;
      phifrac = (Math.floor(pixels * phifrac) + 0.5) / pixels;
    }
    lines.push(`${formatNumber(yfrac)} ${formatNumber(phifrac)} ${formatNumber(pt)}`);
  }
  lines.push(APEMEN_SEPARATOR, '');
  return lines.join('\n');
}

/**
 * Parses plain momentum lists `px py pz E` (FastJet's example input).
 *
 * @remarks
 * One particle per line (extra columns after the fourth are ignored, as FastJet's examples do);
 * a line starting `#END` ends an event, other `#` lines are comments; the file is one event when it
 * has no `#END`. Particles: PDG id 0 (unknown), status 1, generated mass the invariant mass of the
 * four-vector (signed, negative when spacelike). Events are numbered 0, 1, …, weight 1.
 */
export class MomentaParser implements EventParser {
  out: GenEvent[] = [];
  private readonly r: FieldReader;
  private particles: GenParticle[] = [];
  private count = 0;

  /** @param file - the file name for messages */
  constructor(file: string) {
    this.r = new FieldReader(file);
  }

  line(text: string, lineNo: number): void {
    const t = text.trim();
    if (t === '') return;
    if (t.startsWith('#')) {
      if (t.startsWith('#END')) this.flush(true);
      return;
    }
    const r = this.r;
    r.start(text, lineNo, "a 'px py pz E' line");
    r.count(4, Number.POSITIVE_INFINITY);
    const m = FourVector.fromPxPyPzE(
      r.num(0, 'px'),
      r.num(1, 'py'),
      r.num(2, 'pz'),
      r.energy(3, 'E'),
    );
    this.particles.push({
      id: this.particles.length + 1,
      pdgId: 0,
      status: 1,
      momentum: m,
      generatedMass: m.mass,
      productionVertex: 0,
      endVertex: 0,
    });
  }

  private flush(force: boolean): void {
    if (!force && this.particles.length === 0) return;
    this.out.push({
      eventNumber: this.count++,
      weights: [1],
      units: { momentum: 'GEV', length: 'MM' },
      particles: this.particles,
      vertices: [],
      sourceFormat: 'momenta',
    });
    this.particles = [];
  }

  end(lastLine: number): void {
    if (lastLine === 0) {
      throw lineError(
        'truncated',
        this.r.file,
        0,
        "expected 'px py pz E' lines",
        'an empty file',
        false,
      );
    }
    this.flush(this.count === 0);
  }
}
