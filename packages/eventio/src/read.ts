import { ApemenTextParser, MomentaParser } from './apemen-text.js';
import { EventIOError, lineError } from './errors.js';
import type { EventFormat, GenEvent } from './event.js';
import { splitFields } from './fields.js';
import { HepMC2Parser } from './hepmc2.js';
import { HepMC3Parser } from './hepmc3.js';
import { type LheInit, LheParser } from './lhe.js';
import { type LineReaderOptions, readLineBatches } from './lines.js';
import type { EventParser } from './parser.js';

/** Options of {@link readEvents}. */
export interface ReadEventsOptions {
  /**
   * The format; sniffed from the content when absent.
   * @defaultValue sniffed ({@link sniffFormat})
   */
  format?: EventFormat;
  /**
   * Longest line accepted, in characters.
   * @defaultValue 16 MiB
   */
  maxLineLength?: number;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Recognises the format of an event file from its first lines (gzip transparently).
 *
 * @param path - the file
 * @returns `hepmc2` (`HepMC::IO_GenEvent-START_EVENT_LISTING`), `hepmc3`
 * (`HepMC::Asciiv3-START_EVENT_LISTING`), `lhe` (`<LesHouchesEvents`), `apemen-text` (a `======`
 * line, or first data line of 1 or 3 numbers) or `momenta` (first data line of 4 or more numbers)
 * @throws EventIOError `unknown-format` when none fits, `binary` for binary files
 * @example
 * ```ts
 * await sniffFormat('../shared/data/events/pyhepmc_tests_pythia6.hepmc3.dat'); // 'hepmc3'
 * ```
 */
export async function sniffFormat(path: string): Promise<EventFormat> {
  let lineNo = 0;
  let firstText = '';
  let firstLine = 0;
  for await (const batch of readLineBatches(path, { maxBytes: SNIFF_BYTES })) {
    for (const text of batch) {
      lineNo++;
      const t = text.trim();
      if (t === '' || t.startsWith('HepMC::Version') || t.startsWith('<?xml')) continue;
      if (t.startsWith('HepMC::IO_GenEvent')) return 'hepmc2';
      if (t.startsWith('HepMC::Asciiv3')) return 'hepmc3';
      if (t.startsWith('<LesHouchesEvents')) return 'lhe';
      if (t === '======') return 'apemen-text';
      if (t.startsWith('#')) continue;
      if (firstLine === 0) {
        firstLine = lineNo;
        firstText = text;
      }
      const f = splitFields(t);
      const numeric = f.every((x) => x !== '' && Number.isFinite(Number(x)));
      if (numeric && (f.length === 1 || f.length === 3)) return 'apemen-text';
      if (numeric && f.length >= 4) return 'momenta';
      break;
    }
    break;
  }
  if (firstLine === 0) {
    throw new EventIOError('unknown-format', `${path}: expected an event file, got an empty file`, {
      file: path,
    });
  }
  throw lineError(
    'unknown-format',
    path,
    firstLine,
    "expected the start of a HepMC2, HepMC3, LHE, APEMEN text or 'px py pz E' file",
    firstText,
  );
}

/**
 * Makes the parser of a format.
 * @param format - the format
 * @param file - the file name for messages
 * @returns a fresh parser
 */
export function createParser(format: EventFormat, file: string): EventParser {
  switch (format) {
    case 'hepmc2':
      return new HepMC2Parser(file);
    case 'hepmc3':
      return new HepMC3Parser(file);
    case 'lhe':
      return new LheParser(file);
    case 'apemen-text':
      return new ApemenTextParser(file);
    case 'momenta':
      return new MomentaParser(file);
    default:
      throw new EventIOError('unknown-format', `${file}: unknown format '${String(format)}'`, {
        file,
      });
  }
}

async function* iterate(
  path: string,
  options: ReadEventsOptions,
): AsyncGenerator<GenEvent, void, undefined> {
  const format = options.format ?? (await sniffFormat(path));
  const parser = createParser(format, path);
  let lineNo = 0;
  const lineOptions: LineReaderOptions = {};
  if (options.maxLineLength !== undefined) lineOptions.maxLineLength = options.maxLineLength;
  for await (const batch of readLineBatches(path, lineOptions)) {
    for (let i = 0; i < batch.length; i++) parser.line(batch[i] as string, ++lineNo);
    if (parser.out.length > 0) {
      const ready = parser.out;
      parser.out = [];
      for (const ev of ready) yield ev;
    }
  }
  parser.end(lineNo);
  for (const ev of parser.out) yield ev;
  parser.out = [];
}

/**
 * Reads the events of a file one at a time, in constant memory.
 *
 * @param path - the file (`.gz` or any gzip stream is decompressed on the fly)
 * @param options - format (sniffed if absent), line-length cap
 * @returns an async iterable of events, in file order
 * @throws EventIOError (from the iteration) for a malformed file: `<file>:<line>: <expected>, got
 * <text>`; a truncated last event is an error, never returned half-read
 * @remarks
 * Events are yielded when complete; the reader holds one 64 KiB chunk of text and the events in it.
 * Each format's conventions (ids, weights, attributes) are in the TSDoc of its parser and in
 * docs/file-formats.md.
 * @example
 * ```ts
 * let n = 0;
 * for await (const ev of readEvents('../shared/data/events/hepmc3repo_test_inputIO13.lhe')) n++;
 * // n === 100
 * ```
 */
export function readEvents(path: string, options: ReadEventsOptions = {}): AsyncIterable<GenEvent> {
  return { [Symbol.asyncIterator]: () => iterate(path, options) };
}

/**
 * Reads the run information (`<init>` block and header) of an LHE file, without its events.
 *
 * @param path - the LHE file
 * @returns the init block, with the raw header and extra init lines
 * @throws EventIOError if the file ends before `</init>` or the init block is malformed
 * @example
 * ```ts
 * const init = await readLheInit('../shared/data/events/hepmc3repo_test_inputIO13.lhe');
 * init.beamEnergies; // [175, 175]
 * ```
 */
export async function readLheInit(path: string): Promise<LheInit> {
  const parser = new LheParser(path, true);
  let lineNo = 0;
  for await (const batch of readLineBatches(path)) {
    for (const text of batch) {
      parser.line(text, ++lineNo);
      parser.out = [];
      if (parser.initDone) return parser.init as LheInit;
    }
  }
  throw lineError(
    'truncated',
    path,
    lineNo,
    "expected an LHE '<init>' block",
    'end of file',
    false,
  );
}
