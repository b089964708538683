/**
 * The comparison report: observables of a generated sample (and of a baseline) against the truth,
 * as plots, metrics.json and an index.html.
 */
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEvents } from '@apemen/eventio';
import { JetsError } from '@apemen/jets';
import { type HistogramSeries, histogramSpec, rasteriseSvg, renderSvg } from '@apemen/plot';
import { CliError } from '../cli/errors.js';
import { chooseEdges } from './binning.js';
import { renderIndexHtml } from './html.js';
import {
  type JetSettings,
  ObservableCollector,
  type ObservableColumns,
  type ObservableInfo,
  observableList,
} from './observables.js';
import { closure, density, fillHistogram, type WeightedSample, wasserstein1 } from './stats.js';

/** The samples of a report. */
export type SampleRole = 'truth' | 'generated' | 'baseline';

/** Options of {@link writeReport}. */
export interface ReportOptions {
  /** The reference sample (an event file in any format eventio reads). */
  truth: string;
  /** The sample under test. */
  generated: string;
  /** The sample closure is measured against (for the demo: the unshowered input). */
  baseline?: string;
  /** The report folder (created if needed). */
  out: string;
  /**
   * Anti-kt radius.
   * @defaultValue 0.4
   */
  R?: number;
  /**
   * Smallest jet pT, GeV.
   * @defaultValue 20
   */
  ptMin?: number;
  /**
   * Read at most this many events of each file.
   * @defaultValue all
   */
  events?: number;
  /**
   * Bins of a continuous observable.
   * @defaultValue 30
   */
  bins?: number;
}

/** A sample's entry in metrics.json. */
export interface SampleMetrics {
  /** The file. */
  path: string;
  /** Events read. */
  events: number;
  /** Sum of their first weights. */
  sumOfWeights: number;
}

/** One observable's entry in metrics.json. */
export interface ObservableMetrics {
  /** Axis title with unit. */
  title: string;
  /** `'continuous'` or `'count'`. */
  kind: ObservableInfo['kind'];
  /** Events with a value of the observable, per sample. */
  entries: Partial<Record<SampleRole, number>>;
  /** W1(generated, truth) in the observable's unit; null when a sample has no value. */
  w1Generated: number | null;
  /** W1(baseline, truth); null without a baseline or when a sample has no value. */
  w1Baseline: number | null;
  /** 1 − W1(gen, truth)/W1(baseline, truth); null when undefined (no baseline, or baseline = truth). */
  closure: number | null;
  /** Picture files, relative to the report folder; absent when the truth has no value to bin. */
  plots?: { png: string; svg: string };
}

/** The content of metrics.json. */
export interface ReportMetrics {
  /** Format version of this file. */
  version: 1;
  /** Jet definition. */
  jets: { algorithm: 'antikt'; R: number; ptMin: number };
  /** The samples. */
  samples: Partial<Record<SampleRole, SampleMetrics>>;
  /** Per observable, in display order. */
  observables: Record<string, ObservableMetrics>;
  /** Closure over the observables where it is defined. */
  summary: {
    /** Number of observables with a closure value. */
    observablesWithClosure: number;
    /** Median closure; null when none is defined. */
    medianClosure: number | null;
    /** Mean closure; null when none is defined. */
    meanClosure: number | null;
  };
}

/**
 * Writes a file under a temporary name beside it and renames it into place.
 *
 * @param path - the destination
 * @param data - the content
 * @returns when the file is complete
 * @throws Node's file-system errors; no temporary file is left behind
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

async function requireFile(path: string, option: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new CliError(`${option} ${path}: no such file`);
  if (!info.isFile()) throw new CliError(`${option} ${path}: not a file`);
}

/**
 * Reads an event file and computes every event's observables, streaming.
 *
 * @param path - the event file
 * @param settings - jet radius and threshold
 * @param events - read at most this many events
 * @returns the observable columns and event weights
 * @throws eventio's errors for a malformed file; CliError naming the file and event for a
 *   non-finite momentum, and for a file without events
 */
export async function collectObservables(
  path: string,
  settings: JetSettings,
  events?: number,
): Promise<ObservableColumns> {
  const collector = new ObservableCollector(settings);
  for await (const event of readEvents(path)) {
    if (events !== undefined && collector.events >= events) break;
    try {
      collector.add(event);
    } catch (error) {
      if (error instanceof JetsError) {
        throw new CliError(`${path}: event ${event.eventNumber}: ${error.message}`);
      }
      throw error;
    }
  }
  if (collector.events === 0) throw new CliError(`${path}: the file has no events`);
  return collector.columns();
}

/** The events where an observable has a value, with their weights, in compact arrays. */
function defined(values: Float64Array, weights: Float64Array): Required<WeightedSample> {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i] as number)) n++;
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (Number.isFinite(x)) {
      v[k] = x;
      w[k++] = weights[i] as number;
    }
  }
  return { values: v, weights: w };
}

function totalWeight(sample: Required<WeightedSample>): number {
  let s = 0;
  for (let i = 0; i < sample.weights.length; i++) s += sample.weights[i] as number;
  return s;
}

/** W1, or null where a sample has nothing to compare (no entries, or a total weight of 0). */
function distance(a: Required<WeightedSample>, b: Required<WeightedSample>): number | null {
  if (a.values.length === 0 || b.values.length === 0) return null;
  if (totalWeight(a) === 0 || totalWeight(b) === 0) return null;
  return wasserstein1(a, b);
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Compares the observables of samples already collected and writes the report.
 *
 * @param out - the report folder (must exist)
 * @param columns - the samples' observables (`truth` and `generated` required)
 * @param paths - the samples' file names, for metrics.json and the page
 * @param observables - the observables to compare, in display order
 * @param settings - the jet definition, recorded in metrics.json
 * @param bins - bins of a continuous observable
 * @returns the metrics written to metrics.json
 * @throws Node's file-system errors
 */
export async function compareAndWrite(
  out: string,
  columns: Partial<Record<SampleRole, ObservableColumns>>,
  paths: Partial<Record<SampleRole, string>>,
  observables: readonly ObservableInfo[],
  settings: JetSettings,
  bins = 30,
): Promise<ReportMetrics> {
  const roles = (['truth', 'generated', 'baseline'] as const).filter((r) => columns[r]);
  const samples: ReportMetrics['samples'] = {};
  for (const role of roles) {
    const c = columns[role] as ObservableColumns;
    let sumOfWeights = 0;
    for (let i = 0; i < c.weights.length; i++) sumOfWeights += c.weights[i] as number;
    samples[role] = { path: paths[role] ?? '', events: c.events, sumOfWeights };
  }
  const metrics: Record<string, ObservableMetrics> = {};
  for (const o of observables) {
    const data = {} as Partial<Record<SampleRole, Required<WeightedSample>>>;
    const entries: ObservableMetrics['entries'] = {};
    for (const role of roles) {
      const c = columns[role] as ObservableColumns;
      const sample = defined(c.values.get(o.name) as Float64Array, c.weights);
      data[role] = sample;
      entries[role] = sample.values.length;
    }
    const truth = data.truth as Required<WeightedSample>;
    const w1Generated = distance(data.generated as Required<WeightedSample>, truth);
    const w1Baseline = data.baseline ? distance(data.baseline, truth) : null;
    const close =
      w1Generated === null || w1Baseline === null
        ? null
        : finiteOrNull(closure(w1Generated, w1Baseline));
    const entry: ObservableMetrics = {
      title: o.title,
      kind: o.kind,
      entries,
      w1Generated,
      w1Baseline,
      closure: close,
    };
    const edges = chooseEdges(truth, o.kind, { bins });
    if (edges !== undefined) {
      const series: HistogramSeries[] = roles.map((role) => {
        const d = density(fillHistogram(data[role] as Required<WeightedSample>, edges));
        return { name: role, counts: d.value, errors: d.error };
      });
      const svg = await renderSvg(
        histogramSpec({
          edges,
          series,
          xTitle: o.title,
          yTitle: '1/N dN/dx',
          title: o.title,
          ratio: { reference: 'truth', title: 'ratio to truth', range: [0.5, 1.5] },
        }),
      );
      const plots = { png: `${o.name}.png`, svg: `${o.name}.svg` };
      await writeFileAtomically(join(out, plots.svg), svg);
      await writeFileAtomically(join(out, plots.png), rasteriseSvg(svg, { scale: 1.5 }).png);
      entry.plots = plots;
    }
    metrics[o.name] = entry;
  }
  const closures = Object.values(metrics)
    .map((m) => m.closure)
    .filter((c): c is number => c !== null);
  const report: ReportMetrics = {
    version: 1,
    jets: { algorithm: 'antikt', R: settings.R, ptMin: settings.ptMin },
    samples,
    observables: metrics,
    summary: {
      observablesWithClosure: closures.length,
      medianClosure: median(closures),
      meanClosure:
        closures.length === 0 ? null : closures.reduce((a, b) => a + b, 0) / closures.length,
    },
  };
  await writeFileAtomically(join(out, 'metrics.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomically(join(out, 'index.html'), renderIndexHtml(report));
  return report;
}

/**
 * Makes the report: reads the samples, clusters jets, compares the observables, writes the plots
 * (PNG and SVG), metrics.json and index.html into `options.out`.
 *
 * @param options - the samples, the folder, the jet definition
 * @returns the metrics written to metrics.json
 * @throws CliError (exit 2) for a missing or empty input, or an output path that is not a folder;
 *   eventio's errors (exit 2) for a malformed file
 * @remarks
 * Each observable is weighted by the events' first weight. W1 is computed on the unbinned values
 * (exact), the histograms use edges chosen from the truth (see `chooseEdges`) and show densities
 * 1/N dN/dx with √Σw² errors. Every file is written under a temporary name and renamed, so the
 * folder never holds a partial file; index.html is written last.
 * @example
 * ```ts
 * const m = await writeReport({ truth: 't.hepmc3', generated: 'g.hepmc3', baseline: 'b.hepmc3', out: 'report' });
 * m.observables.jet1_pt.closure; // e.g. 0.83
 * ```
 */
export async function writeReport(options: ReportOptions): Promise<ReportMetrics> {
  const settings: JetSettings = { R: options.R ?? 0.4, ptMin: options.ptMin ?? 20 };
  await requireFile(options.truth, '--truth');
  await requireFile(options.generated, '--generated');
  if (options.baseline !== undefined) await requireFile(options.baseline, '--baseline');
  const existing = await stat(options.out).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new CliError(`--out ${options.out}: exists and is not a folder`);
  }
  const paths: Partial<Record<SampleRole, string>> = {
    truth: options.truth,
    generated: options.generated,
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
  };
  const columns: Partial<Record<SampleRole, ObservableColumns>> = {};
  for (const role of ['truth', 'generated', 'baseline'] as const) {
    const path = paths[role];
    if (path === undefined) continue;
    columns[role] = await collectObservables(path, settings, options.events);
  }
  // Created only once every input has been read: a malformed input leaves no empty folder behind.
  await mkdir(options.out, { recursive: true });
  return compareAndWrite(
    options.out,
    columns,
    paths,
    observableList(settings),
    settings,
    options.bins ?? 30,
  );
}
