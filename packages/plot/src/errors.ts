/** Stable codes of {@link PlotError}. */
export type PlotErrorCode = 'PLOT_FORMAT' | 'PLOT_INPUT' | 'PLOT_RENDER' | 'PLOT_WRITE';

/**
 * The one error class of `@apemen/plot`.
 *
 * @remarks
 * `code` is stable and machine-readable; the message names the offending option or file.
 * The `apemen` program reports any error with a string `code` as bad input (exit 2).
 *
 * @example
 * ```ts
 * try { await writePlot('out.gif', spec); } catch (e) { if (e instanceof PlotError) console.log(e.code); }
 * // 'PLOT_FORMAT'
 * ```
 */
export class PlotError extends Error {
  override readonly name: string = 'PlotError';
  /** Stable, machine-readable reason. */
  readonly code: PlotErrorCode;
  /** The file concerned, where there is one. */
  readonly file?: string;

  /**
   * @param code - the stable reason
   * @param message - a sentence naming what was wrong and what was expected
   * @param file - the file concerned, if any
   */
  constructor(code: PlotErrorCode, message: string, file?: string) {
    super(message);
    this.code = code;
    if (file !== undefined) this.file = file;
  }
}
