/**
 * Stable codes of {@link EventIOError}.
 *
 * @remarks
 * `bad-field` a field is not a number or not an integer; `non-finite` NaN or ±Infinity where a
 * momentum or weight belongs; `field-count` a line has too few or too many fields; `unexpected-line`
 * a line that the format does not allow here; `truncated` the file ends inside an event;
 * `missing-end` the file ends without the format's closing line; `count-mismatch` an event
 * declares more or fewer vertices or particles than it holds; `bad-reference` an id points
 * nowhere; `binary` the file is not text; `line-too-long` a line over the length cap;
 * `unknown-format` the format cannot be recognised; `bad-npy` a .npy file that cannot be read;
 * `bad-event` an event that a writer cannot represent; `writer-closed` a writer used after
 * close or abort.
 */
export type EventIOErrorCode =
  | 'bad-field'
  | 'non-finite'
  | 'field-count'
  | 'unexpected-line'
  | 'truncated'
  | 'missing-end'
  | 'count-mismatch'
  | 'bad-reference'
  | 'binary'
  | 'line-too-long'
  | 'unknown-format'
  | 'bad-npy'
  | 'bad-event'
  | 'writer-closed';

/** Where an {@link EventIOError} happened and what was found there. */
export interface EventIOErrorDetails {
  /** The file, as the caller named it. */
  file?: string;
  /** 1-based line number. */
  line?: number;
  /** The offending text (shortened). */
  text?: string;
}

const MAX_TEXT = 80;

/**
 * Shortens offending text for a one-line message.
 * @param text - the text found in the file
 * @returns at most 80 characters, with `…` where cut
 */
export function shorten(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}…` : clean;
}

/**
 * The one error class of `@apemen/eventio`: a malformed input file or an event a writer cannot take.
 *
 * @remarks
 * For input files the message reads `<file>:<line>: <what was expected>, got <text>`, the form
 * compilers use, so editors can jump to the line. The CLI reports any error with a string `code`
 * as bad input (exit 2).
 *
 * @example
 * ```ts
 * try { for await (const ev of readEvents('x.hepmc')) use(ev); }
 * catch (e) { if (e instanceof EventIOError) console.error(e.code, e.line); }
 * ```
 */
export class EventIOError extends Error {
  override readonly name: string = 'EventIOError';
  /** Stable machine-readable code. */
  readonly code: EventIOErrorCode;
  /** The file, where the error is about a file. */
  readonly file?: string;
  /** 1-based line number, where known. */
  readonly line?: number;
  /** The offending text, shortened. */
  readonly text?: string;

  /**
   * @param code - stable code
   * @param message - the full message
   * @param details - file, line and offending text
   */
  constructor(code: EventIOErrorCode, message: string, details: EventIOErrorDetails = {}) {
    super(message);
    this.code = code;
    if (details.file !== undefined) this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
    if (details.text !== undefined) this.text = details.text;
  }
}

/**
 * Makes the error for a malformed line: `<file>:<line>: <expected>, got <text>`.
 * @param code - stable code
 * @param file - the file name
 * @param line - 1-based line number
 * @param expected - what the format wants here, e.g. `expected 13 fields on a particle line`
 * @param got - what was found (quoted and shortened here), or a phrase such as `end of file`
 * @param quote - whether `got` is file text to quote
 * @returns the error, to throw
 */
export function lineError(
  code: EventIOErrorCode,
  file: string,
  line: number,
  expected: string,
  got: string,
  quote = true,
): EventIOError {
  const shown = quote ? `'${shorten(got)}'` : got;
  return new EventIOError(code, `${file}:${line}: ${expected}, got ${shown}`, {
    file,
    line,
    text: shorten(got),
  });
}
