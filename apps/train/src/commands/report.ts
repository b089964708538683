import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseNumber, parsePositiveInteger, parsePositiveNumber } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';
import { type ReportMetrics, writeReport } from '../report/report.js';

function parsePtMin(value: string): number {
  const n = parseNumber(value);
  if (n < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got '${value}'`);
  return n;
}

function fixed(x: number | null, digits: number): string {
  return x === null ? 'n/a' : x.toFixed(digits);
}

/**
 * The one-line summary of a report.
 *
 * @param metrics - the report's metrics
 * @param out - the report folder
 * @returns a line (without newline) naming the samples' sizes, the closure and the page
 * @example `report: 1000 truth, 1000 generated, 1000 baseline events; closure median 0.712 (mean 0.654, 17 observables); report/index.html`
 */
export function reportSummaryLine(metrics: ReportMetrics, out: string): string {
  const sizes = (['truth', 'generated', 'baseline'] as const)
    .filter((role) => metrics.samples[role] !== undefined)
    .map((role) => `${metrics.samples[role]?.events} ${role}`)
    .join(', ');
  const s = metrics.summary;
  const closure =
    metrics.samples.baseline === undefined
      ? 'no baseline, no closure'
      : `closure median ${fixed(s.medianClosure, 3)} (mean ${fixed(s.meanClosure, 3)}, ${s.observablesWithClosure} observables)`;
  return `report: ${sizes} events; ${closure}; ${out.replace(/\/$/, '')}/index.html`;
}

/**
 * `apemen report`: compare generated events (and a baseline) with the truth: jet and event
 * observables as histograms with ratio panels, Wasserstein-1 distances and closure.
 *
 * @param program - the program to add the command to
 * @param io - where the summary goes
 * @remarks
 * Writes `<out>/<observable>.png` and `.svg`, `<out>/metrics.json` and `<out>/index.html`; see
 * docs/report.md for the observables and the metrics' definitions.
 * @example `apemen report --truth showered.hepmc3 --generated generated.hepmc3 --baseline unshowered.hepmc3 --out report`
 */
export function registerReport(program: Command, io: ProgramIO): void {
  program
    .command('report')
    .description(
      'compare generated events (and a baseline) with the truth: jet observables, Wasserstein-1 distances, closure, plots and an HTML page',
    )
    .requiredOption('--truth <file>', 'reference events (any format eventio reads; gzip too)')
    .requiredOption('--generated <file>', 'the events under test')
    .option('--baseline <file>', 'events closure is measured against (e.g. the unshowered input)')
    .requiredOption('--out <dir>', 'report folder (created if needed)')
    .option('--R <radius>', 'anti-kt radius', parsePositiveNumber, 0.4)
    .option('--ptmin <GeV>', 'smallest jet pT, GeV', parsePtMin, 20)
    .option('--events <n>', 'read at most n events of each file', parsePositiveInteger)
    .option('--bins <n>', 'bins of a continuous observable', parsePositiveInteger, 30)
    .action(
      async (options: {
        truth: string;
        generated: string;
        baseline?: string;
        out: string;
        R: number;
        ptmin: number;
        events?: number;
        bins: number;
      }) => {
        const metrics = await writeReport({
          truth: options.truth,
          generated: options.generated,
          ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
          out: options.out,
          R: options.R,
          ptMin: options.ptmin,
          bins: options.bins,
          ...(options.events !== undefined ? { events: options.events } : {}),
        });
        io.stderr(`${reportSummaryLine(metrics, options.out)}\n`);
      },
    );
}
