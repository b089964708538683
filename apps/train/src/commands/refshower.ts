import type { EventWriter, GenEvent } from '@apemen/eventio';
import { createEventWriter, readEvents } from '@apemen/eventio';
import type { GenerateOptions, ShoweredEvent } from '@apemen/refshower';
import { createAlphaS, generateEvent, RefShowerError, showerGenEvent } from '@apemen/refshower';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { CliError } from '../cli/errors.js';
import { requireInputFile, requireOutputFolder } from '../cli/files.js';
import { oneOf, parseInteger, parsePositiveInteger, parsePositiveNumber } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';

type WriterFormat = 'hepmc2' | 'hepmc3' | 'apemen-text' | 'lhe';

interface RefShowerCliOptions {
  process: 'ee' | 'dijet' | 'lhe';
  input?: string;
  events?: number;
  seed: number;
  out: string;
  stopAt?: number;
  outPre?: string;
  cutoff: number;
  alphasMz: number;
  sqrtS: number;
  ptMin: number;
  ptMax: number;
  gluonFraction: number;
  ptExponent: number;
  maxRapidity: number;
  eeFlavours: 'z-pole' | 'equal';
}

/**
 * The event-file format that an output file name asks for.
 *
 * @param path - the output file name
 * @returns .hepmc3/.hepmc → `hepmc3`, .hepmc2 → `hepmc2`, .lhe → `lhe`, .txt/.apemen →
 *   `apemen-text`; a trailing .gz is allowed (the writer compresses)
 * @throws CliError (exit 2) for any other extension
 * @example `formatFromPath('events.hepmc2.gz')` is `'hepmc2'`.
 */
export function formatFromPath(path: string): WriterFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.hepmc3') || name.endsWith('.hepmc')) return 'hepmc3';
  if (name.endsWith('.hepmc2')) return 'hepmc2';
  if (name.endsWith('.lhe')) return 'lhe';
  if (name.endsWith('.txt') || name.endsWith('.apemen')) return 'apemen-text';
  throw new CliError(
    `cannot tell the event format of '${path}' from its extension: use .hepmc3, .hepmc, .hepmc2, .lhe, .txt or .apemen (optionally .gz)`,
  );
}

function parseFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) {
    throw new InvalidArgumentError(`expected a number in [0, 1], got '${value}'`);
  }
  return n;
}

function parseSeed(value: string): number {
  const n = parseInteger(value);
  if (n < 0 || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a seed ≥ 0, got '${value}'`);
  return n;
}

/** Prints a progress bar line at each tenth of a known total, or a count every 10 000 events. */
function progressReporter(io: ProgramIO, total: number | undefined) {
  const started = performance.now();
  let nextReport = total === undefined ? 10_000 : Math.max(1, Math.ceil(total / 10));
  return {
    tick(done: number) {
      if (done < nextReport) return;
      const rate = done / Math.max(1e-9, (performance.now() - started) / 1000);
      const rateText = `${rate.toFixed(0)} events/s`;
      if (total === undefined) {
        io.stderr(`refshower: ${done} events, ${rateText}\n`);
      } else {
        // One line per tenth (stderr may be a file or a pipe, so no carriage returns).
        const filled = Math.round((20 * done) / total);
        const bar = `${'#'.repeat(filled)}${'.'.repeat(20 - filled)}`;
        const percent = Math.round((100 * done) / total);
        io.stderr(`refshower [${bar}] ${percent}% ${done}/${total} events, ${rateText}\n`);
      }
      nextReport += total === undefined ? 10_000 : Math.max(1, Math.ceil(total / 10));
    },
    rate(done: number) {
      return done / Math.max(1e-9, (performance.now() - started) / 1000);
    },
  };
}

/** Showers one event of an input file; an event the shower cannot take is named by file and event. */
function showerInputEvent(
  input: string,
  event: GenEvent,
  index: number,
  options: Parameters<typeof showerGenEvent>[2],
): ShoweredEvent {
  try {
    return showerGenEvent(event, index, options);
  } catch (error) {
    if (error instanceof RefShowerError) {
      throw new CliError(
        `${input}: event ${event.eventNumber} (number ${index + 1} in the file): ${error.message}`,
      );
    }
    throw error;
  }
}

async function run(options: RefShowerCliOptions, io: ProgramIO): Promise<void> {
  if ((options.stopAt === undefined) !== (options.outPre === undefined)) {
    throw new CliError('--stop-at and --out-pre go together: give both or neither');
  }
  if (options.process === 'lhe' && options.input === undefined) {
    throw new CliError('--process lhe needs --input <file.lhe>');
  }
  if (options.process !== 'lhe' && options.input !== undefined) {
    throw new CliError(`--input is only for --process lhe, not ${options.process}`);
  }
  if (options.process !== 'lhe' && options.events === undefined) {
    throw new CliError(`--process ${options.process} needs --events <n>`);
  }
  if (options.stopAt !== undefined && options.stopAt * options.stopAt < options.cutoff) {
    throw new CliError(
      `--stop-at ${options.stopAt} GeV is below the shower cutoff √${options.cutoff} GeV²: nothing would be left to shower`,
    );
  }
  if (options.input !== undefined) await requireInputFile(options.input);
  // Every check comes before the first writer opens its temporary file.
  const format = formatFromPath(options.out);
  const preFormat = options.outPre === undefined ? undefined : formatFromPath(options.outPre);
  await requireOutputFolder(options.out);
  if (options.outPre !== undefined) await requireOutputFolder(options.outPre);
  const shower = { cutoff: options.cutoff, alphaS: createAlphaS({ alphaSMZ: options.alphasMz }) };
  const writers: EventWriter[] = [];
  const writer = createEventWriter(options.out, format);
  writers.push(writer);
  const preWriter =
    options.outPre === undefined || preFormat === undefined
      ? undefined
      : createEventWriter(options.outPre, preFormat);
  if (preWriter !== undefined) writers.push(preWriter);
  const common = {
    seed: options.seed,
    shower,
    ...(options.stopAt === undefined ? {} : { stopAtKt: options.stopAt }),
  };
  let done = 0;
  let partons = 0;
  const progress = progressReporter(io, options.events);
  const emit = async (result: ShoweredEvent) => {
    await writer.write(result.event);
    if (preWriter !== undefined && result.preShower !== undefined)
      await preWriter.write(result.preShower);
    partons += result.event.particles.filter(
      (p) => p.status === 1 && (p.pdgId === 21 || Math.abs(p.pdgId) <= 5),
    ).length;
    done++;
    progress.tick(done);
  };
  try {
    if (options.process === 'lhe') {
      const input = options.input as string;
      for await (const event of readEvents(input)) {
        if (options.events !== undefined && done >= options.events) break;
        await emit(showerInputEvent(input, event, done, common));
      }
    } else {
      const generate: GenerateOptions = {
        ...common,
        process: options.process,
        ee: { sqrtS: options.sqrtS, flavours: options.eeFlavours },
        dijet: {
          ptMin: options.ptMin,
          ptMax: options.ptMax,
          ptExponent: options.ptExponent,
          maxRapidity: options.maxRapidity,
          gluonFraction: options.gluonFraction,
        },
      };
      const total = options.events ?? 0;
      for (let i = 0; i < total; i++) await emit(generateEvent(i, generate));
    }
    for (const w of writers) await w.close();
  } catch (error) {
    for (const w of writers) await w.abort();
    throw error;
  }
  const mean = done > 0 ? partons / done : 0;
  io.stderr(
    `refshower: wrote ${done} events to ${options.out}${options.outPre === undefined ? '' : ` and ${options.outPre}`} (mean ${mean.toFixed(2)} final partons, ${progress.rate(done).toFixed(0)} events/s)\n`,
  );
}

/**
 * `apemen refshower`: generate (or shower) events with the reference QCD final-state dipole
 * shower of `@apemen/refshower` and write them to an event file.
 *
 * @param program - the program to add the command to
 * @param io - where messages and progress go
 * @remarks
 * Reproducible from `--seed`: event i uses random stream i of the seed. With `--stop-at kT`
 * every event is also written, at the stopping scale, to `--out-pre`; both files have the same
 * events in the same order. The format follows each file's extension.
 * @example `apemen refshower --process ee --events 1000 --seed 1 --out ee.hepmc3`
 */
export function registerRefShower(program: Command, io: ProgramIO): void {
  program
    .command('refshower')
    .description(
      'generate events with the reference QCD final-state dipole shower (e+e−, dijet, or showering an LHE file)',
    )
    .requiredOption('--process <name>', 'ee, dijet or lhe', oneOf(['ee', 'dijet', 'lhe'] as const))
    .option('--input <file>', 'the LHE file to shower (--process lhe)')
    .option('--events <n>', 'number of events (for lhe: at most this many)', parsePositiveInteger)
    .option('--seed <s>', 'random seed, an integer ≥ 0', parseSeed, 1)
    .requiredOption('--out <file>', 'output event file (.hepmc3, .hepmc2, .lhe, .txt; .gz allowed)')
    .option(
      '--stop-at <kT>',
      'also write each event at this shower scale kT, GeV',
      parsePositiveNumber,
    )
    .option('--out-pre <file>', 'where the --stop-at events go')
    .option('--cutoff <t0>', 'shower cutoff kT² in GeV²', parsePositiveNumber, 1)
    .option(
      '--alphas-mz <value>',
      'αs(mZ) of the two-loop running coupling',
      parsePositiveNumber,
      0.118,
    )
    .option('--sqrt-s <GeV>', 'e+e− centre-of-mass energy', parsePositiveNumber, 91.2)
    .option('--pt-min <GeV>', 'dijet: lowest parton pT', parsePositiveNumber, 100)
    .option('--pt-max <GeV>', 'dijet: highest parton pT', parsePositiveNumber, 500)
    .option(
      '--gluon-fraction <f>',
      'dijet: probability of a gg rather than qq̄ pair',
      parseFraction,
      0.5,
    )
    .option('--pt-exponent <n>', 'dijet: n in dN/dpT ∝ pT^−n', parsePositiveNumber, 5)
    .option('--max-rapidity <y>', 'dijet: |y| limit of each parton', parsePositiveNumber, 2.5)
    .option(
      '--ee-flavours <scheme>',
      'e+e−: quark flavours weighted by Z-pole couplings (z-pole) or equally (equal)',
      oneOf(['z-pole', 'equal'] as const),
      'z-pole',
    )
    .action(async (options: RefShowerCliOptions) => {
      await run(options, io);
    });
}
