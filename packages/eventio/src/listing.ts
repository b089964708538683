import { lineError } from './errors.js';

/**
 * Where a HepMC ASCII reader stands relative to its `HepMC::…-START_EVENT_LISTING` and
 * `…-END_EVENT_LISTING` lines: the part both HepMC2 and HepMC3 readers share.
 */
export class HepMCListing {
  /** Before the START line, between START and END, or after END. */
  state: 'header' | 'body' | 'after-end' = 'header';

  /**
   * @param file - the file name for messages
   * @param startLine - the format's START line
   * @param endLine - the format's END line
   */
  constructor(
    private readonly file: string,
    private readonly startLine: string,
    private readonly endLine: string,
  ) {}

  /**
   * Handles a `HepMC::…` line.
   * @param t - the trimmed line
   * @param lineNo - its 1-based number
   * @param onEnd - called at the END line, before the listing closes (to finish the last event)
   * @throws EventIOError `unexpected-line` for a START inside or an END outside the listing, or
   *   any other `HepMC::` line but the version
   */
  control(t: string, lineNo: number, onEnd: () => void): void {
    if (t.startsWith('HepMC::Version')) return;
    if (t === this.startLine) {
      if (this.state === 'body') {
        throw lineError(
          'unexpected-line',
          this.file,
          lineNo,
          `expected '${this.endLine}' first`,
          t,
        );
      }
      this.state = 'body';
      return;
    }
    if (t === this.endLine) {
      if (this.state !== 'body') {
        throw lineError(
          'unexpected-line',
          this.file,
          lineNo,
          `expected '${this.startLine}' first`,
          t,
        );
      }
      onEnd();
      this.state = 'after-end';
      return;
    }
    throw lineError('unexpected-line', this.file, lineNo, `expected '${this.startLine}'`, t);
  }

  /**
   * Checks that a record line stands inside the listing.
   * @param text - the line
   * @param lineNo - its 1-based number
   * @throws EventIOError `unexpected-line` before START or after END
   */
  requireBody(text: string, lineNo: number): void {
    if (this.state === 'body') return;
    const where = this.state === 'header' ? `'${this.startLine}'` : 'nothing after the END line';
    throw lineError('unexpected-line', this.file, lineNo, `expected ${where}`, text);
  }

  /**
   * At the end of the file, checks that a listing was opened at all.
   * @param lastLine - the number of the file's last line
   * @throws EventIOError `truncated` when no START line was seen
   */
  requireStarted(lastLine: number): void {
    if (this.state !== 'header') return;
    throw lineError(
      'truncated',
      this.file,
      lastLine,
      `expected '${this.startLine}'`,
      'end of file',
      false,
    );
  }
}
