import {
  createEventWriter,
  type EventFormat,
  type EventWriterOptions,
  readEvents,
  readLheInit,
  sniffFormat,
  type WritableEventFormat,
} from '@apemen/eventio';
import type { Command } from 'commander';
import { CliError } from '../cli/errors.js';
import { requireInputFile, requireOutputFolder } from '../cli/files.js';
import { oneOf, parsePositiveInteger } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';

const OUTPUT_FORMATS: readonly WritableEventFormat[] = ['hepmc2', 'hepmc3', 'lhe', 'apemen-text'];
const INPUT_FORMATS: readonly EventFormat[] = ['hepmc2', 'hepmc3', 'lhe', 'apemen-text', 'momenta'];

/** File endings (after any `.gz`) that name an output format unambiguously. */
const EXTENSIONS: Record<string, WritableEventFormat> = {
  '.hepmc2': 'hepmc2',
  '.hepmc3': 'hepmc3',
  '.lhe': 'lhe',
  '.apemen': 'apemen-text',
};

/**
 * The output format a file name implies.
 * @param path - the output file
 * @returns the format, or undefined when the ending does not say (`.hepmc`, `.txt`, …)
 * @example `formatFromExtension('out.hepmc3.gz')` is `'hepmc3'`.
 */
export function formatFromExtension(path: string): WritableEventFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const dot = name.lastIndexOf('.');
  return dot === -1 ? undefined : EXTENSIONS[name.slice(dot)];
}

/** Options of {@link convertEvents}. */
export interface ConvertOptions {
  /** Output format; from the output's file ending when absent. */
  to?: WritableEventFormat;
  /** Input format; sniffed when absent. */
  from?: EventFormat;
  /** APEMEN text output: pixel grid to snap particles to. */
  pixels?: number;
}

/**
 * Converts an event file to another format, streaming, via a temporary file.
 *
 * @param input - the input file (any format eventio reads, gzip transparently)
 * @param output - the output file (`.gz` compresses)
 * @param options - formats and pixel grid
 * @returns the number of events and the formats used
 * @throws CliError (exit 2) when the output format is neither given nor implied by the file name;
 * EventIOError for malformed input (the output is then not created)
 * @remarks
 * LHE to LHE keeps the input's header and init block; other inputs written as LHE get an init
 * block made from the first event.
 */
export async function convertEvents(
  input: string,
  output: string,
  options: ConvertOptions = {},
): Promise<{ events: number; from: EventFormat; to: WritableEventFormat }> {
  const to = options.to ?? formatFromExtension(output);
  if (to === undefined) {
    throw new CliError(
      `cannot tell the output format from '${output}': pass --to ${OUTPUT_FORMATS.join('|')} or use an ending ${Object.keys(EXTENSIONS).join(', ')}`,
    );
  }
  const from = options.from ?? (await sniffFormat(input));
  const writerOptions: EventWriterOptions = {};
  if (options.pixels !== undefined) writerOptions.pixels = options.pixels;
  if (to === 'lhe' && from === 'lhe') writerOptions.lheInit = await readLheInit(input);
  const writer = createEventWriter(output, to, writerOptions);
  let events = 0;
  try {
    for await (const ev of readEvents(input, { format: from })) {
      await writer.write(ev);
      events++;
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
  return { events, from, to };
}

/**
 * `apemen convert <in> <out>`: converts event files between HepMC2, HepMC3, LHE and APEMEN text.
 *
 * @param program - the program to add the command to
 * @param io - where output goes
 */
export function registerConvert(program: Command, io: ProgramIO): void {
  program
    .command('convert')
    .description(
      'convert an event file (HepMC2, HepMC3, LHE, APEMEN text, px py pz E lists) to HepMC2, HepMC3, LHE or APEMEN text',
    )
    .argument('<in>', 'input event file (format sniffed; .gz read transparently)')
    .argument('<out>', 'output file, written via a temporary file (.gz compresses)')
    .option(
      '--to <format>',
      `output format: ${OUTPUT_FORMATS.join(', ')} (default: from the ending of <out>: .hepmc2, .hepmc3, .lhe, .apemen)`,
      oneOf(OUTPUT_FORMATS),
    )
    .option(
      '--from <format>',
      `input format: ${INPUT_FORMATS.join(', ')} (default: sniffed)`,
      oneOf(INPUT_FORMATS),
    )
    .option(
      '--pixels <n>',
      'APEMEN text output: snap particles to the centres of an n×n grid',
      parsePositiveInteger,
    )
    .action(async (input: string, output: string, opts: ConvertOptions) => {
      await requireInputFile(input);
      await requireOutputFolder(output);
      const r = await convertEvents(input, output, opts);
      io.stderr(`apemen convert: ${r.events} events ${r.from} → ${r.to}, written to ${output}\n`);
    });
}
