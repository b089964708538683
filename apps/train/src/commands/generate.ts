import { extname } from 'node:path';
import {
  createEventWriter,
  type EventFormat,
  readEvents,
  type WritableEventFormat,
} from '@apemen/eventio';
import { showerEvent } from '@apemen/merging';
import { loadShowerWeights, type ShowerWeights } from '@apemen/shower';
import type { Command } from 'commander';
import { BACKEND_CHOICES, type BackendPreference, selectBackend } from '../backend.js';
import { CliError } from '../cli/errors.js';
import { requireInputFile, requireOutputFolder } from '../cli/files.js';
import {
  oneOf,
  parseInteger,
  parseNumber,
  parsePositiveInteger,
  parsePositiveNumber,
  parseShard,
  type Shard,
} from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';
import { Progress } from '../cli/progress.js';

const INPUT_FORMATS: readonly EventFormat[] = ['hepmc2', 'hepmc3', 'lhe', 'apemen-text', 'momenta'];
const OUTPUT_FORMATS = ['hepmc2', 'hepmc3'] as const;

/** Options of {@link generateFile}. */
export interface GenerateFileOptions {
  /** The network. */
  weights: ShowerWeights;
  /** Base seed of the run. */
  seed: number;
  /** Merge with the input's hard emissions. */
  merge: boolean;
  /** Cutoff of the first decoder level, GeV. */
  cutoff: number;
  /** Hard-pixel threshold, GeV. */
  hardThreshold: number;
  /** Output format. */
  format: (typeof OUTPUT_FORMATS)[number];
  /** Input format; sniffed when absent. */
  inputFormat?: EventFormat;
  /** This process's shard. */
  shard: Shard;
  /** Read at most this many input events (before sharding). */
  events?: number;
  /** Progress display. */
  progress?: Progress;
}

/** What {@link generateFile} did. */
export interface GenerateSummary {
  /** Input events read. */
  read: number;
  /** Events showered and written by this shard. */
  written: number;
  /** Summed pT of the inputs' visible final states inside the grid, GeV. */
  inputPt: number;
  /** Summed pT of the outputs' images, GeV. */
  outputPt: number;
  /** Summed pT of input particles outside the grid (not showered), GeV. */
  outsidePt: number;
}

/**
 * Showers the events of a file with the network into a HepMC file, streaming.
 *
 * @param input - event file (LHE, HepMC2/3, APEMEN text, momentum lists; gzip allowed)
 * @param output - HepMC file, written under a temporary name and renamed when complete
 * @param options - network, seed, merging, format and shard
 * @returns counts and pT bookkeeping
 * @throws eventio's errors for malformed input; nothing is left at `output` then
 * @remarks
 * Event j of the input (0-based) belongs to shard j mod N and is showered with a generator that
 * depends only on (seed, j), so the N shards of an array job together give exactly the events of
 * one unsharded run. Memory is constant in the number of events.
 */
export async function generateFile(
  input: string,
  output: string,
  options: GenerateFileOptions,
): Promise<GenerateSummary> {
  const writer = createEventWriter(output, options.format as WritableEventFormat);
  const summary: GenerateSummary = { read: 0, written: 0, inputPt: 0, outputPt: 0, outsidePt: 0 };
  try {
    const readOptions = options.inputFormat ? { format: options.inputFormat } : {};
    let index = 0;
    for await (const event of readEvents(input, readOptions)) {
      if (options.events !== undefined && index >= options.events) break;
      summary.read += 1;
      if (index % options.shard.count === options.shard.index) {
        const showered = showerEvent(options.weights, event, index, {
          seed: options.seed,
          merge: options.merge,
          baseCutoff: options.cutoff,
          hardThreshold: options.hardThreshold,
        });
        await writer.write(showered.event);
        summary.written += 1;
        summary.inputPt += showered.inputPt;
        summary.outputPt += showered.outputPt;
        summary.outsidePt += showered.outsidePt;
        options.progress?.increment();
      }
      index += 1;
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return summary;
}

function outputFormat(path: string, given: string | undefined): (typeof OUTPUT_FORMATS)[number] {
  if (given) return given as (typeof OUTPUT_FORMATS)[number];
  const ext = extname(path.replace(/\.gz$/, '')).toLowerCase();
  if (ext === '.hepmc3' || ext === '.hepmc') return 'hepmc3';
  if (ext === '.hepmc2') return 'hepmc2';
  throw new CliError(
    `cannot tell the output format of ${path}: use --format hepmc2|hepmc3 or a .hepmc2/.hepmc3 name`,
  );
}

/**
 * `apemen generate`: shower matrix-element events into HepMC with the network and CKKW-like
 * merging.
 */
export function registerGenerate(program: Command, io: ProgramIO): void {
  program
    .command('generate')
    .description(
      'shower events (LHE, HepMC, APEMEN text) into HepMC with the network, merged with their hard emissions',
    )
    .requiredOption('--model <path>', 'trained model: a saved model folder or Keras .h5 weights')
    .requiredOption('--input <file>', 'unshowered events (format sniffed; .gz read transparently)')
    .requiredOption('--out <file>', 'output HepMC file (.hepmc2, .hepmc3; .hepmc means HepMC3)')
    .option(
      '--format <format>',
      `output format: ${OUTPUT_FORMATS.join(', ')}`,
      oneOf(OUTPUT_FORMATS),
    )
    .option(
      '--input-format <format>',
      `input format: ${INPUT_FORMATS.join(', ')}`,
      oneOf(INPUT_FORMATS),
    )
    .option('--merge', 'merge with the input events’ hard emissions (default)')
    .option('--no-merge', 'shower without merging')
    .option('--cutoff <GeV>', 'merging cutoff of the first decoder level', parsePositiveNumber, 20)
    .option(
      '--hard-threshold <GeV>',
      'pT above which a pixel counts as a hard emission',
      parseNumber,
      1,
    )
    .option(
      '--seed <n>',
      'base seed; each event’s seed is derived from it and the event’s index',
      parseInteger,
      140280,
    )
    .option('--shard <i/N>', 'process only events whose index ≡ i (mod N)', parseShard, {
      index: 0,
      count: 1,
    })
    .option('--events <n>', 'read at most n input events', parsePositiveInteger)
    .option(
      '--backend <name>',
      `tfjs backend for loading a saved model folder: ${BACKEND_CHOICES.join(', ')}`,
      oneOf(BACKEND_CHOICES),
      'auto',
    )
    .option('--quiet', 'no progress display')
    .action(
      async (opts: {
        model: string;
        input: string;
        out: string;
        format?: string;
        inputFormat?: EventFormat;
        merge: boolean;
        cutoff: number;
        hardThreshold: number;
        seed: number;
        shard: Shard;
        events?: number;
        quiet?: boolean;
        backend: BackendPreference;
      }) => {
        if (opts.seed < 0)
          throw new CliError(`--seed: expected a whole number ≥ 0, got ${opts.seed}`);
        const format = outputFormat(opts.out, opts.format);
        await requireInputFile(opts.input);
        await requireOutputFolder(opts.out);
        // A saved model folder is read through tfjs, which needs a backend; the showering itself
        // runs on plain loops.
        await selectBackend(opts.backend);
        const weights = await loadShowerWeights(opts.model);
        const progress = new Progress(0, {
          label: `generate ${opts.shard.index}/${opts.shard.count}`,
          enabled: !opts.quiet,
        });
        const summary = await generateFile(opts.input, opts.out, {
          weights,
          seed: opts.seed,
          merge: opts.merge,
          cutoff: opts.cutoff,
          hardThreshold: opts.hardThreshold,
          format,
          inputFormat: opts.inputFormat,
          shard: opts.shard,
          events: opts.events,
          progress,
        });
        progress.stop();
        io.stderr(
          `wrote ${summary.written} events to ${opts.out} (${summary.read} read; pT in ${summary.inputPt.toFixed(1)} GeV, out ${summary.outputPt.toFixed(1)} GeV, outside the grid ${summary.outsidePt.toFixed(1)} GeV)\n`,
        );
      },
    );
}
