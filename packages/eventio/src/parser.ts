import type { GenEvent } from './event.js';

/**
 * A line-driven parser of one event format: lines go in, finished events come out.
 *
 * @remarks
 * Parsers are synchronous state machines; the async reader feeds them line batches and drains
 * {@link EventParser.out} after each batch, so memory holds one batch and the events in it.
 */
export interface EventParser {
  /** Events completed so far and not yet taken. */
  out: GenEvent[];
  /**
   * Consumes one line.
   * @param text - the line, without its newline
   * @param line - its 1-based number
   */
  line(text: string, line: number): void;
  /**
   * Ends the input: completes the last event or reports it truncated.
   * @param lastLine - the number of the last line read (0 for an empty file)
   */
  end(lastLine: number): void;
}
