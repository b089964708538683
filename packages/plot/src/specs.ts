import type { TopLevelSpec } from 'vega-lite';
import { PlotError } from './errors.js';

/** Colours given to series in order (Tableau 10, as matplotlib's default cycle). */
export const SERIES_COLOURS: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/**
 * A plot specification: a vega-lite top-level specification with its data inline, as the
 * builders of this package return and the renderers take.
 */
export type PlotSpec = TopLevelSpec;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT_CONFIG = { font: 'sans-serif', axis: { titleFontSize: 13, labelFontSize: 11 } };

/** One axis of a heatmap: its range and title. */
export interface HeatmapAxis {
  /** Lower edge of the first pixel. */
  min: number;
  /** Upper edge of the last pixel. */
  max: number;
  /** Axis title, such as `'rapidity y'`. */
  title: string;
}

/** Options of {@link heatmapSpec}. */
export interface HeatmapOptions {
  /** Cell values, row-major: `values[row * cols + col]`; row 0 is at the bottom (the y minimum). */
  values: ArrayLike<number>;
  /** Number of rows (along the vertical axis). */
  rows: number;
  /** Number of columns (along the horizontal axis). */
  cols: number;
  /** Horizontal axis. */
  x: HeatmapAxis;
  /** Vertical axis. */
  y: HeatmapAxis;
  /**
   * Title of the colour legend.
   * @defaultValue `'value'`
   */
  colourTitle?: string;
  /**
   * Logarithmic colour scale.
   * @defaultValue true
   */
  logScale?: boolean;
  /**
   * Vega colour scheme name (`'viridis'`, `'magma'`, `'greys'`, …).
   * @defaultValue `'viridis'`
   */
  scheme?: string;
  /**
   * Colour domain [low, high].
   * @defaultValue the smallest and largest drawn values
   */
  domain?: [number, number];
  /**
   * Cells with a value ≤ this are not drawn (they show the background); a log scale also never
   * draws values ≤ 0.
   * @defaultValue 0
   */
  minValue?: number;
  /**
   * Plot title.
   * @defaultValue none
   */
  title?: string;
  /**
   * Width of the image area in SVG pixels.
   * @defaultValue 360
   */
  width?: number;
  /**
   * Height of the image area in SVG pixels.
   * @defaultValue 360
   */
  height?: number;
  /**
   * Fill of the image area where no cell is drawn.
   * @defaultValue `'white'`
   */
  emptyColour?: string;
}

function checkCount(value: number, what: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new PlotError('PLOT_INPUT', `${what} must be a whole number > 0, got ${value}`);
  }
}

function checkRange(axis: HeatmapAxis, what: string): void {
  if (!(Number.isFinite(axis.min) && Number.isFinite(axis.max) && axis.max > axis.min)) {
    throw new PlotError(
      'PLOT_INPUT',
      `${what} range must be finite with max > min, got [${axis.min}, ${axis.max}]`,
    );
  }
}

/**
 * Builds a heatmap (an image with a colour legend) as a vega-lite specification.
 *
 * @param options - the image, its axes and the colour scale
 * @returns a vega-lite specification; its cells are the mark named `heatmap_cells`
 * @throws PlotError `PLOT_INPUT` if the value count is not rows·cols or an axis range is empty
 * @remarks
 * Each drawn cell is a rectangle spanning exactly its pixel's edges, so the axes read in the
 * image's own coordinates (for an event image: rapidity and azimuth). Only cells above
 * `minValue` are drawn, which keeps pictures of sparse images small and makes the log scale
 * well defined.
 * @example
 * ```ts
 * const spec = heatmapSpec({
 *   values: [1, 0, 0, 10], rows: 2, cols: 2,
 *   x: { min: 0, max: 2, title: 'x' }, y: { min: 0, max: 2, title: 'y' },
 * });
 * countMarks(await renderSvg(spec), 'heatmap_cells'); // 2
 * ```
 */
export function heatmapSpec(options: HeatmapOptions): TopLevelSpec {
  const { values, rows, cols, x, y } = options;
  checkCount(rows, 'heatmap rows');
  checkCount(cols, 'heatmap cols');
  if (values.length !== rows * cols) {
    throw new PlotError(
      'PLOT_INPUT',
      `heatmap values: expected rows·cols = ${rows * cols} values, got ${values.length}`,
    );
  }
  checkRange(x, 'heatmap x');
  checkRange(y, 'heatmap y');
  const logScale = options.logScale ?? true;
  const minValue = Math.max(options.minValue ?? 0, logScale ? 0 : Number.NEGATIVE_INFINITY);
  const dx = (x.max - x.min) / cols;
  const dy = (y.max - y.min) / rows;
  const cells: { x0: number; x1: number; y0: number; y1: number; v: number }[] = [];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const v = values[row * cols + col] as number;
      if (!(v > minValue)) continue;
      if (v < low) low = v;
      if (v > high) high = v;
      cells.push({
        x0: x.min + col * dx,
        x1: x.min + (col + 1) * dx,
        y0: y.min + row * dy,
        y1: y.min + (row + 1) * dy,
        v,
      });
    }
  }
  if (cells.length === 0) {
    low = logScale ? 1 : 0;
    high = logScale ? 10 : 1;
  } else if (high === low) {
    high = logScale ? low * 10 : low + 1;
  }
  const domain = options.domain ?? [low, high];
  const spec = {
    $schema: SCHEMA,
    ...(options.title !== undefined ? { title: options.title } : {}),
    width: options.width ?? 360,
    height: options.height ?? 360,
    config: FONT_CONFIG,
    view: { fill: options.emptyColour ?? 'white' },
    data: { values: cells },
    name: 'heatmap_cells',
    mark: { type: 'rect', aria: false },
    encoding: {
      x: {
        field: 'x0',
        type: 'quantitative',
        title: x.title,
        scale: { domain: [x.min, x.max], nice: false, zero: false },
        axis: { grid: false },
      },
      x2: { field: 'x1' },
      y: {
        field: 'y0',
        type: 'quantitative',
        title: y.title,
        scale: { domain: [y.min, y.max], nice: false, zero: false },
        axis: { grid: false },
      },
      y2: { field: 'y1' },
      color: {
        field: 'v',
        type: 'quantitative',
        title: options.colourTitle ?? 'value',
        scale: {
          type: logScale ? 'log' : 'linear',
          scheme: options.scheme ?? 'viridis',
          domain,
          clamp: true,
        },
      },
    },
  };
  return spec as TopLevelSpec;
}

/** One series of a histogram. */
export interface HistogramSeries {
  /** Legend name, such as `'truth'`, `'generated'`, `'baseline'`. */
  name: string;
  /** Bin contents, one per bin. */
  counts: ArrayLike<number>;
  /**
   * Statistical uncertainty of each bin (for weighted fills √Σw²).
   * @defaultValue √count (Poisson, right for unweighted counts)
   */
  errors?: ArrayLike<number>;
}

/** The ratio panel under a histogram. */
export interface RatioPanel {
  /** Name of the series every series is divided by. */
  reference: string;
  /**
   * Axis title of the panel.
   * @defaultValue `'ratio to <reference>'`
   */
  title?: string;
  /**
   * Vertical range of the panel.
   * @defaultValue [0.5, 1.5]
   */
  range?: [number, number];
}

/** Options of {@link histogramSpec}. */
export interface HistogramOptions {
  /** Bin edges, increasing: one more than the bins. */
  edges: ArrayLike<number>;
  /** The series, drawn in order with the colours of {@link SERIES_COLOURS}. */
  series: readonly HistogramSeries[];
  /** Title of the horizontal axis. */
  xTitle: string;
  /**
   * Title of the vertical axis.
   * @defaultValue `'events'`
   */
  yTitle?: string;
  /**
   * Logarithmic vertical axis (non-positive bins are left out).
   * @defaultValue false
   */
  logY?: boolean;
  /**
   * Draw error bars at the bin centres.
   * @defaultValue true
   */
  errorBars?: boolean;
  /**
   * A ratio panel under the histogram.
   * @defaultValue none
   */
  ratio?: RatioPanel;
  /**
   * Plot title.
   * @defaultValue none
   */
  title?: string;
  /**
   * Width of the plot area in SVG pixels.
   * @defaultValue 480
   */
  width?: number;
  /**
   * Height of the main panel in SVG pixels.
   * @defaultValue 300
   */
  height?: number;
  /**
   * Height of the ratio panel in SVG pixels.
   * @defaultValue 120
   */
  ratioHeight?: number;
}

interface StepPoint {
  series: string;
  x: number;
  y: number | null;
}

interface ErrorPoint {
  series: string;
  x: number;
  lo: number | null;
  hi: number | null;
}

function colourScale(names: readonly string[]): { domain: string[]; range: string[] } {
  return {
    domain: [...names],
    range: names.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length] as string),
  };
}

/**
 * Builds a histogram of one or more series (step lines with statistical error bars), optionally
 * with a ratio panel, as a vega-lite specification.
 *
 * @param options - bin edges, the series and the layout
 * @returns a vega-lite specification; marks are named `histogram_steps` (one line per series),
 *   `histogram_errors` (one rule per drawn bin and series), and in the ratio panel `ratio_steps`
 *   and `ratio_errors`
 * @throws PlotError `PLOT_INPUT` if edges are not increasing, a series has the wrong number of
 *   bins, or the ratio reference names no series
 * @remarks
 * Error bars of a series sit at the bin centre, spread a little sideways per series so that
 * they do not hide one another. In the ratio panel a series is divided bin by bin by the
 * reference; its error bar is its own error divided by the reference (the reference's own
 * relative error shows as the error bars of its line at 1). Bins where the reference is 0 are
 * left out of the panel. On a log axis an error bar that reaches 0 or below is drawn down to
 * 1/1000 of the bin content instead.
 * @example
 * ```ts
 * const spec = histogramSpec({
 *   edges: [0, 10, 20, 30], xTitle: 'jet pT [GeV]',
 *   series: [{ name: 'truth', counts: [5, 3, 1] }, { name: 'generated', counts: [4, 4, 1] }],
 *   ratio: { reference: 'truth' },
 * });
 * ```
 */
export function histogramSpec(options: HistogramOptions): TopLevelSpec {
  const { edges, series } = options;
  const bins = edges.length - 1;
  if (bins < 1) throw new PlotError('PLOT_INPUT', 'histogram edges: need at least two edges');
  for (let i = 0; i < bins; i++) {
    const a = edges[i] as number;
    const b = edges[i + 1] as number;
    if (!(Number.isFinite(a) && Number.isFinite(b) && b > a)) {
      throw new PlotError(
        'PLOT_INPUT',
        `histogram edges must be finite and increasing; edge ${i} is ${a}, edge ${i + 1} is ${b}`,
      );
    }
  }
  if (series.length === 0) throw new PlotError('PLOT_INPUT', 'histogram: no series given');
  for (const s of series) {
    if (s.counts.length !== bins) {
      throw new PlotError(
        'PLOT_INPUT',
        `histogram series '${s.name}': expected ${bins} counts (one per bin), got ${s.counts.length}`,
      );
    }
    if (s.errors !== undefined && s.errors.length !== bins) {
      throw new PlotError(
        'PLOT_INPUT',
        `histogram series '${s.name}': expected ${bins} errors, got ${s.errors.length}`,
      );
    }
  }
  const logY = options.logY ?? false;
  const errorBars = options.errorBars ?? true;
  const errorOf = (s: HistogramSeries, i: number): number =>
    s.errors !== undefined
      ? (s.errors[i] as number)
      : Math.sqrt(Math.max(0, s.counts[i] as number));
  const drawable = (v: number, log: boolean): boolean => Number.isFinite(v) && (!log || v > 0);
  const offset = (k: number): number => 0.5 + (k - (series.length - 1) / 2) * (0.3 / series.length);

  const steps: StepPoint[] = [];
  const errors: ErrorPoint[] = [];
  series.forEach((s, k) => {
    for (let i = 0; i < bins; i++) {
      const c = s.counts[i] as number;
      steps.push({ series: s.name, x: edges[i] as number, y: drawable(c, logY) ? c : null });
    }
    const last = s.counts[bins - 1] as number;
    steps.push({ series: s.name, x: edges[bins] as number, y: drawable(last, logY) ? last : null });
    if (!errorBars) return;
    for (let i = 0; i < bins; i++) {
      const c = s.counts[i] as number;
      const e = errorOf(s, i);
      if (!drawable(c, logY) || !(e > 0)) continue;
      const a = edges[i] as number;
      const b = edges[i + 1] as number;
      const lo = c - e;
      errors.push({
        series: s.name,
        x: a + (b - a) * offset(k),
        lo: logY && lo <= 0 ? c * 1e-3 : lo,
        hi: c + e,
      });
    }
  });

  const names = series.map((s) => s.name);
  const colour = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: colourScale(names),
    sort: names,
  };
  const xDomain = [edges[0] as number, edges[bins] as number];
  const xScale = { domain: xDomain, nice: false, zero: false };
  const width = options.width ?? 480;
  const yScale = logY ? { type: 'log' } : { zero: true };
  const main = {
    width,
    height: options.height ?? 300,
    layer: [
      {
        data: { values: steps },
        name: 'histogram_steps',
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: {
            field: 'x',
            type: 'quantitative',
            title: options.ratio ? null : options.xTitle,
            scale: xScale,
            ...(options.ratio ? { axis: { labels: false } } : {}),
          },
          y: { field: 'y', type: 'quantitative', title: options.yTitle ?? 'events', scale: yScale },
          color: colour,
        },
      },
      {
        data: { values: errors },
        name: 'histogram_errors',
        mark: { type: 'rule' },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'lo', type: 'quantitative' },
          y2: { field: 'hi' },
          color: colour,
        },
      },
    ],
  };
  const top = {
    $schema: SCHEMA,
    ...(options.title !== undefined ? { title: options.title } : {}),
    config: FONT_CONFIG,
  };
  if (options.ratio === undefined) return { ...top, ...main } as TopLevelSpec;

  const reference = series.find((s) => s.name === options.ratio?.reference);
  if (reference === undefined) {
    throw new PlotError(
      'PLOT_INPUT',
      `histogram ratio: reference '${options.ratio.reference}' is not one of the series (${names.join(', ')})`,
    );
  }
  const ratioSteps: StepPoint[] = [];
  const ratioErrors: ErrorPoint[] = [];
  series.forEach((s, k) => {
    const ratioAt = (i: number): number | null => {
      const r = reference.counts[i] as number;
      const v = (s.counts[i] as number) / r;
      return r !== 0 && Number.isFinite(v) ? v : null;
    };
    for (let i = 0; i < bins; i++)
      ratioSteps.push({ series: s.name, x: edges[i] as number, y: ratioAt(i) });
    ratioSteps.push({ series: s.name, x: edges[bins] as number, y: ratioAt(bins - 1) });
    if (!errorBars) return;
    for (let i = 0; i < bins; i++) {
      const v = ratioAt(i);
      const r = reference.counts[i] as number;
      const e = errorOf(s, i) / Math.abs(r);
      if (v === null || !(e > 0)) continue;
      const a = edges[i] as number;
      const b = edges[i + 1] as number;
      ratioErrors.push({ series: s.name, x: a + (b - a) * offset(k), lo: v - e, hi: v + e });
    }
  });
  const range = options.ratio.range ?? [0.5, 1.5];
  const ratioY = { domain: range, nice: false, zero: false, clamp: true };
  const ratioPanel = {
    width,
    height: options.ratioHeight ?? 120,
    layer: [
      {
        data: { values: ratioSteps },
        name: 'ratio_steps',
        mark: { type: 'line', interpolate: 'step-after', clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: xScale },
          y: {
            field: 'y',
            type: 'quantitative',
            title: options.ratio.title ?? `ratio to ${reference.name}`,
            scale: ratioY,
          },
          color: colour,
        },
      },
      {
        data: { values: ratioErrors },
        name: 'ratio_errors',
        mark: { type: 'rule', clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'lo', type: 'quantitative', scale: ratioY },
          y2: { field: 'hi' },
          color: colour,
        },
      },
    ],
  };
  return {
    ...top,
    vconcat: [main, ratioPanel],
    spacing: 6,
    resolve: { scale: { x: 'shared', color: 'shared' } },
  } as TopLevelSpec;
}

/** One curve of a line chart. */
export interface LineSeries {
  /** Legend name, such as `'training loss'`. */
  name: string;
  /** Horizontal coordinates. */
  x: ArrayLike<number>;
  /** Vertical coordinates, as many as `x`. */
  y: ArrayLike<number>;
}

/** Options of {@link lineChartSpec}. */
export interface LineChartOptions {
  /** The curves, drawn in order with the colours of {@link SERIES_COLOURS}. */
  series: readonly LineSeries[];
  /**
   * Title of the horizontal axis.
   * @defaultValue `'epoch'`
   */
  xTitle?: string;
  /**
   * Title of the vertical axis.
   * @defaultValue `'loss'`
   */
  yTitle?: string;
  /**
   * Logarithmic vertical axis (non-positive points are left out).
   * @defaultValue false
   */
  logY?: boolean;
  /**
   * Mark each point as well as joining them.
   * @defaultValue true
   */
  points?: boolean;
  /**
   * Plot title.
   * @defaultValue none
   */
  title?: string;
  /**
   * Width of the plot area in SVG pixels.
   * @defaultValue 480
   */
  width?: number;
  /**
   * Height of the plot area in SVG pixels.
   * @defaultValue 300
   */
  height?: number;
}

/**
 * Builds a line chart (such as loss curves per epoch) as a vega-lite specification.
 *
 * @param options - the curves and the layout
 * @returns a vega-lite specification; its curves are the mark named `lines` (one per series)
 * @throws PlotError `PLOT_INPUT` if a series has x and y of different lengths, or none is given
 * @example
 * ```ts
 * const spec = lineChartSpec({
 *   series: [
 *     { name: 'training', x: [1, 2, 3], y: [0.9, 0.5, 0.4] },
 *     { name: 'validation', x: [1, 2, 3], y: [1.0, 0.6, 0.5] },
 *   ],
 *   logY: true,
 * });
 * ```
 */
export function lineChartSpec(options: LineChartOptions): TopLevelSpec {
  const { series } = options;
  if (series.length === 0) throw new PlotError('PLOT_INPUT', 'line chart: no series given');
  const logY = options.logY ?? false;
  const points: { series: string; x: number; y: number | null }[] = [];
  for (const s of series) {
    if (s.x.length !== s.y.length) {
      throw new PlotError(
        'PLOT_INPUT',
        `line chart series '${s.name}': ${s.x.length} x values but ${s.y.length} y values`,
      );
    }
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i] as number;
      points.push({
        series: s.name,
        x: s.x[i] as number,
        y: Number.isFinite(y) && (!logY || y > 0) ? y : null,
      });
    }
  }
  const names = series.map((s) => s.name);
  const spec = {
    $schema: SCHEMA,
    ...(options.title !== undefined ? { title: options.title } : {}),
    config: FONT_CONFIG,
    width: options.width ?? 480,
    height: options.height ?? 300,
    data: { values: points },
    name: 'lines',
    mark: { type: 'line', point: options.points ?? true },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: options.xTitle ?? 'epoch',
        scale: { zero: false },
      },
      y: {
        field: 'y',
        type: 'quantitative',
        title: options.yTitle ?? 'loss',
        scale: logY ? { type: 'log' } : { zero: false },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: colourScale(names),
        sort: names,
      },
    },
  };
  return spec as TopLevelSpec;
}
