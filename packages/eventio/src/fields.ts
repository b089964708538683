import { EventIOError, lineError } from './errors.js';

/**
 * Splits a line into blank-separated fields.
 * @param line - one line of text
 * @returns its fields (none for a blank line)
 */
export function splitFields(line: string): string[] {
  const t = line.trim();
  if (t === '') return [];
  if (t.indexOf('  ') === -1 && t.indexOf('\t') === -1) return t.split(' ');
  return t.split(/\s+/);
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)(\(.*\))?$/i;

/**
 * Reads the fields of one line with line-numbered errors; one per parser, reused line after line.
 *
 * @remarks
 * Every number must be finite: NaN or ±Infinity is an error, not data.
 */
export class FieldReader {
  /** The file being read. */
  readonly file: string;
  /** The current line's text. */
  text = '';
  /** The current line's number. */
  line = 0;
  /** The current line's fields. */
  fields: string[] = [];
  /** How the current line is called in messages, e.g. `a particle line`. */
  what = '';

  /** @param file - the file name used in messages */
  constructor(file: string) {
    this.file = file;
  }

  /**
   * Starts on a line.
   * @param text - the line
   * @param line - its number
   * @param what - its kind, for messages
   * @param fields - its fields, if already split
   */
  start(text: string, line: number, what: string, fields?: string[]): void {
    this.text = text;
    this.line = line;
    this.what = what;
    this.fields = fields ?? splitFields(text);
  }

  /**
   * Requires a number of fields.
   * @param min - fewest allowed
   * @param max - most allowed (defaults to `min`)
   * @throws EventIOError `field-count`
   */
  count(min: number, max: number = min): void {
    const n = this.fields.length;
    if (n < min || n > max) {
      const want =
        min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `≥ ${min}` : `${min}–${max}`;
      throw lineError(
        'field-count',
        this.file,
        this.line,
        `expected ${want} fields on ${this.what}`,
        `${n} fields in '${this.shortText()}'`,
        false,
      );
    }
  }

  private shortText(): string {
    return this.text.length > 60 ? `${this.text.trim().slice(0, 60)}…` : this.text.trim();
  }

  /**
   * A finite number.
   * @param i - field index
   * @param name - the field's name for messages
   * @returns the number
   * @throws EventIOError `bad-field` or `non-finite`
   */
  num(i: number, name: string): number {
    const tok = this.fields[i];
    if (tok === undefined) this.count(i + 1, Number.POSITIVE_INFINITY);
    const v = Number(tok);
    if (Number.isFinite(v)) return v;
    return this.slowNum(tok as string, name);
  }

  private slowNum(tok: string, name: string): number {
    if (/^[+-]?(\d+\.?\d*|\.\d+)[dD][+-]?\d+$/.test(tok)) {
      const v = Number(tok.replace(/[dD]/, 'e'));
      if (Number.isFinite(v)) return v;
    }
    if (NON_FINITE.test(tok) || Math.abs(Number(tok)) === Number.POSITIVE_INFINITY) {
      throw lineError(
        'non-finite',
        this.file,
        this.line,
        `expected a finite number for ${name} on ${this.what}`,
        tok,
      );
    }
    throw lineError(
      'bad-field',
      this.file,
      this.line,
      `expected a number for ${name} on ${this.what}`,
      tok,
    );
  }

  /**
   * A particle's energy: a finite number ≥ 0.
   * @param i - field index
   * @param name - the field's name for messages
   * @returns the energy
   * @throws EventIOError `bad-field` for a negative energy, as {@link FieldReader.num} otherwise
   */
  energy(i: number, name: string): number {
    const v = this.num(i, name);
    if (v < 0) {
      throw lineError(
        'bad-field',
        this.file,
        this.line,
        `expected an energy ≥ 0 for ${name} on ${this.what}`,
        this.fields[i] as string,
      );
    }
    return v;
  }

  /**
   * An integer.
   * @param i - field index
   * @param name - the field's name for messages
   * @returns the integer
   * @throws EventIOError `bad-field`
   */
  int(i: number, name: string): number {
    const tok = this.fields[i];
    if (tok === undefined) this.count(i + 1, Number.POSITIVE_INFINITY);
    const v = Number(tok);
    if (Number.isInteger(v)) return v;
    throw lineError(
      'bad-field',
      this.file,
      this.line,
      `expected an integer for ${name} on ${this.what}`,
      tok as string,
    );
  }

  /**
   * Throws a line error at the current line.
   * @param code - error code
   * @param expected - what was expected
   * @param got - what was found (quoted)
   * @returns never
   */
  fail(code: Parameters<typeof lineError>[0], expected: string, got: string = this.text): never {
    throw lineError(code, this.file, this.line, expected, got);
  }
}

/**
 * Writes a number so that reading it back gives the same double.
 * @param x - a finite number
 * @returns its shortest round-trip text, `-0` for negative zero
 */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/**
 * Writes a number of an event being written, refusing NaN and ±Infinity.
 * @param x - the number
 * @param what - what it is, for the message (e.g. `px of particle 3`)
 * @param eventNumber - the event's number, for the message
 * @returns its shortest round-trip text
 * @throws EventIOError `bad-event` when x is not finite
 */
export function formatFinite(x: number, what: string, eventNumber: number): string {
  if (!Number.isFinite(x)) {
    throw new EventIOError(
      'bad-event',
      `event ${eventNumber}: ${what} is ${x}, expected a finite number`,
    );
  }
  return formatNumber(x);
}
