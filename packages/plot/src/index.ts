export type { PlotErrorCode } from './errors.js';
export { PlotError } from './errors.js';
export type { PngOptions, RasterImage } from './render.js';
export {
  countMarks,
  findPlotFonts,
  rasteriseSvg,
  renderPng,
  renderSvg,
  writePlot,
} from './render.js';
export type {
  HeatmapAxis,
  HeatmapOptions,
  HistogramOptions,
  HistogramSeries,
  LineChartOptions,
  LineSeries,
  PlotSpec,
  RatioPanel,
} from './specs.js';
export { heatmapSpec, histogramSpec, lineChartSpec, SERIES_COLOURS } from './specs.js';
