/** Stable codes of {@link JetImageError}. */
export type JetImageErrorCode =
  | 'JETIMAGE_GRID'
  | 'JETIMAGE_INPUT'
  | 'JETIMAGE_SEED'
  | 'JETIMAGE_CACHE'
  | 'JETIMAGE_DATASET';

/** Where in an input file an error was found. */
export interface ErrorLocation {
  /** The file. */
  file?: string;
  /** 1-based line number. */
  line?: number;
  /** The offending text. */
  text?: string;
}

/**
 * The one error class of `@apemen/jetimage`.
 *
 * @remarks
 * `code` is stable and machine-readable; the message says what was wrong and what was expected,
 * and names the option, file or line concerned. The `apemen` program reports any error with a
 * string `code` as bad input (exit 2).
 *
 * @example
 * ```ts
 * try { resolveGrid({ pixels: 0 }); } catch (e) { if (e instanceof JetImageError) e.code; }
 * // 'JETIMAGE_GRID'
 * ```
 */
export class JetImageError extends Error {
  override readonly name: string = 'JetImageError';
  /** Stable, machine-readable reason. */
  readonly code: JetImageErrorCode;
  /** The file concerned, where there is one. */
  readonly file?: string;
  /** 1-based line number in `file`, where known. */
  readonly line?: number;
  /** The offending text, where there is one. */
  readonly text?: string;

  /**
   * @param code - the stable reason
   * @param message - a sentence naming what was wrong and what was expected
   * @param location - the file, line and offending text, where known
   */
  constructor(code: JetImageErrorCode, message: string, location: ErrorLocation = {}) {
    super(message);
    this.code = code;
    if (location.file !== undefined) this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
    if (location.text !== undefined) this.text = location.text;
  }
}
