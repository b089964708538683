import { type EventFormat, finalState, type GenEvent, readEvents } from '@apemen/eventio';
import { clusterJets, type Jet, JetsError } from '@apemen/jets';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli/errors.js';
import { requireInputFile } from '../cli/files.js';
import { oneOf, parseNumber, parsePositiveNumber } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';

const ALGORITHMS = ['antikt', 'kt', 'cambridge'] as const;
/** A pp jet algorithm the command offers. */
export type JetsAlgorithm = (typeof ALGORITHMS)[number];
const FORMATS: readonly EventFormat[] = ['hepmc2', 'hepmc3', 'lhe', 'apemen-text', 'momenta'];

/** Options of {@link jetsOfFile}, as the command line gives them. */
export interface JetsFileOptions {
  /** The algorithm. */
  algorithm: JetsAlgorithm;
  /** The jet radius. */
  R: number;
  /** The smallest jet pt, GeV. */
  ptMin: number;
  /** The input format; sniffed when absent. */
  format?: EventFormat;
}

/** The jets of one event, as the command prints them. */
export interface EventJets {
  /** The event number from the file. */
  event: number;
  /** Its jets above threshold, hardest first. */
  jets: { pt: number; rapidity: number; phi: number; mass: number; nconst: number }[];
}

function gevPerUnit(event: GenEvent): number {
  return event.units.momentum === 'MEV' ? 1e-3 : 1;
}

/**
 * Clusters the final-state (status 1) particles of every event of a file.
 *
 * @param input - an event file in any format eventio reads
 * @param options - algorithm, radius, threshold, format
 * @returns an async sequence of each event's jets, in file order, momenta in GeV
 * @throws eventio's errors for a malformed file; CliError (exit 2) naming the file and event when
 *   a particle's momentum is not finite
 * @remarks MeV files are converted to GeV before clustering, so `ptMin` is always in GeV.
 */
export async function* jetsOfFile(
  input: string,
  options: JetsFileOptions,
): AsyncGenerator<EventJets> {
  const readOptions = options.format !== undefined ? { format: options.format } : {};
  for await (const event of readEvents(input, readOptions)) {
    const scale = gevPerUnit(event);
    const particles = finalState(event);
    const n = particles.length;
    const columns = {
      px: new Float64Array(n),
      py: new Float64Array(n),
      pz: new Float64Array(n),
      e: new Float64Array(n),
    };
    particles.forEach((p, k) => {
      columns.px[k] = p.momentum.px * scale;
      columns.py[k] = p.momentum.py * scale;
      columns.pz[k] = p.momentum.pz * scale;
      columns.e[k] = p.momentum.e * scale;
    });
    let jets: Jet[];
    try {
      jets = clusterJets(columns, {
        algorithm: options.algorithm,
        R: options.R,
        ptMin: options.ptMin,
      });
    } catch (error) {
      if (error instanceof JetsError) {
        throw new CliError(`${input}: event ${event.eventNumber}: ${error.message}`);
      }
      throw error;
    }
    yield { event: event.eventNumber, jets: jets.map(summarise) };
  }
}

function summarise(jet: Jet): EventJets['jets'][number] {
  return {
    pt: jet.pt,
    rapidity: jet.rapidity,
    phi: jet.phi,
    mass: jet.mass,
    nconst: jet.constituents.length,
  };
}

function table(result: EventJets, options: JetsFileOptions): string {
  const lines = [
    `event ${result.event}: ${result.jets.length} jet${result.jets.length === 1 ? '' : 's'} (${options.algorithm}, R = ${options.R}, pt ≥ ${options.ptMin} GeV)`,
  ];
  if (result.jets.length > 0) {
    lines.push(
      `${'#'.padStart(4)}${'pt/GeV'.padStart(12)}${'rapidity'.padStart(10)}${'phi'.padStart(9)}${'mass/GeV'.padStart(11)}${'nconst'.padStart(8)}`,
    );
    result.jets.forEach((jet, k) => {
      lines.push(
        `${String(k).padStart(4)}${jet.pt.toFixed(3).padStart(12)}${jet.rapidity.toFixed(3).padStart(10)}${jet.phi.toFixed(3).padStart(9)}${jet.mass.toFixed(3).padStart(11)}${String(jet.nconst).padStart(8)}`,
      );
    });
  }
  return `${lines.join('\n')}\n`;
}

function parsePtMin(value: string): number {
  const n = parseNumber(value);
  if (n < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got '${value}'`);
  return n;
}

/**
 * `apemen jets <in>`: the jets of every event of a file, as a table or one JSON line per event.
 *
 * @param program - the program to add the command to
 * @param io - where output goes
 * @remarks
 * JSON lines: `{"event": n, "jets": [{"pt", "rapidity", "phi", "mass", "nconst"}, ...]}` with pt and
 * mass in GeV, φ in (−π, π], the signed mass, jets hardest first; clustering as FastJet 3.4
 * (E-scheme) on the status-1 particles.
 */
export function registerJets(program: Command, io: ProgramIO): void {
  program
    .command('jets')
    .description(
      'cluster the final-state particles of each event into jets (anti-kt, kt or Cambridge/Aachen, identical to FastJet)',
    )
    .argument('<in>', 'event file: HepMC2, HepMC3, LHE, APEMEN text or px py pz E lines (gzip too)')
    .option(
      '--algorithm <name>',
      `jet algorithm: ${ALGORITHMS.join(', ')}`,
      oneOf(ALGORITHMS),
      'antikt',
    )
    .option('--R <radius>', 'jet radius in (rapidity, phi)', parsePositiveNumber, 0.4)
    .option('--ptmin <GeV>', 'smallest jet pt kept, GeV', parsePtMin, 20)
    .option(
      '--format <format>',
      `input format (sniffed if absent): ${FORMATS.join(', ')}`,
      oneOf(FORMATS),
    )
    .option('--json', 'one JSON line per event instead of a table')
    .action(
      async (
        input: string,
        options: {
          algorithm: JetsAlgorithm;
          R: number;
          ptmin: number;
          format?: EventFormat;
          json?: boolean;
        },
      ) => {
        await requireInputFile(input);
        const settings: JetsFileOptions = {
          algorithm: options.algorithm,
          R: options.R,
          ptMin: options.ptmin,
          ...(options.format !== undefined ? { format: options.format } : {}),
        };
        for await (const result of jetsOfFile(input, settings)) {
          io.stdout(options.json ? `${JSON.stringify(result)}\n` : table(result, settings));
        }
      },
    );
}
