import { type EventFormat, finalState, readEvents, sniffFormat } from '@apemen/eventio';
import type { Command } from 'commander';
import { requireInputFile } from '../cli/files.js';
import { oneOf } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';

const INPUT_FORMATS: readonly EventFormat[] = ['hepmc2', 'hepmc3', 'lhe', 'apemen-text', 'momenta'];

/** A summary of an event file, as `apemen info` prints it. */
export interface EventFileInfo {
  /** The file. */
  file: string;
  /** Its format. */
  format: EventFormat;
  /** Number of events. */
  events: number;
  /** Mean number of particles per event. */
  meanParticles: number;
  /** Mean number of final-state (status 1) particles per event. */
  meanFinalState: number;
  /** Number of weights of the first event. */
  weights: number;
  /** Their names, where the file gives them. */
  weightNames: string[];
  /** Sum of the nominal (first) weights. */
  sumOfWeights: number;
  /** Cross section of the last event that gives one, pb (HepMC files update it event by event). */
  crossSection?: { value: number; error: number };
}

/**
 * Reads a whole event file (streaming) and summarises it.
 * @param file - the event file
 * @param format - its format; sniffed when absent
 * @returns counts, mean multiplicities, weights and cross section
 * @throws EventIOError for a malformed file
 */
export async function eventFileInfo(file: string, format?: EventFormat): Promise<EventFileInfo> {
  const fmt = format ?? (await sniffFormat(file));
  let events = 0;
  let particles = 0;
  let final = 0;
  let sumOfWeights = 0;
  let weights = 0;
  let weightNames: string[] = [];
  let crossSection: EventFileInfo['crossSection'];
  for await (const ev of readEvents(file, { format: fmt })) {
    if (events === 0) {
      weights = ev.weights.length;
      weightNames = ev.weightNames ?? [];
    }
    events++;
    particles += ev.particles.length;
    final += finalState(ev).length;
    sumOfWeights += ev.weights[0] ?? 0;
    if (ev.crossSection !== undefined)
      crossSection = { value: ev.crossSection.value, error: ev.crossSection.error };
  }
  const info: EventFileInfo = {
    file,
    format: fmt,
    events,
    meanParticles: events > 0 ? particles / events : 0,
    meanFinalState: events > 0 ? final / events : 0,
    weights,
    weightNames,
    sumOfWeights,
  };
  if (crossSection !== undefined) info.crossSection = crossSection;
  return info;
}

const SHOWN_NAMES = 8;

/**
 * Formats an {@link EventFileInfo} as the lines `apemen info` prints.
 * @param info - the summary
 * @returns text, one `key: value` per line
 */
export function formatInfo(info: EventFileInfo): string {
  const names = info.weightNames;
  const shown = names.slice(0, SHOWN_NAMES).map((n) => JSON.stringify(n));
  if (names.length > SHOWN_NAMES)
    shown.push(`… (${names.length - SHOWN_NAMES} more; --json lists all)`);
  const lines = [
    `file: ${info.file}`,
    `format: ${info.format}`,
    `events: ${info.events}`,
    `mean particles per event: ${info.meanParticles.toFixed(2)}`,
    `mean final-state multiplicity: ${info.meanFinalState.toFixed(2)}`,
    `weights: ${info.weights}`,
    `weight names: ${names.length > 0 ? shown.join(', ') : '(none)'}`,
    `sum of nominal weights: ${info.sumOfWeights}`,
    `cross section: ${info.crossSection === undefined ? '(none)' : `${info.crossSection.value} ± ${info.crossSection.error} pb`}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `apemen info <file>`: format, event count, mean multiplicities, weights and cross section.
 *
 * @param program - the program to add the command to
 * @param io - where output goes
 */
export function registerInfo(program: Command, io: ProgramIO): void {
  program
    .command('info')
    .description(
      'summarise an event file: format, events, mean final-state multiplicity, weights, cross section',
    )
    .argument('<file>', 'event file (format sniffed; .gz read transparently)')
    .option(
      '--format <format>',
      `input format: ${INPUT_FORMATS.join(', ')} (default: sniffed)`,
      oneOf(INPUT_FORMATS),
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: { format?: EventFormat; json?: boolean }) => {
      await requireInputFile(file);
      const info = await eventFileInfo(file, opts.format);
      io.stdout(opts.json === true ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
    });
}
