// The public types of @apemen/plot as a consumer sees them (strict, NodeNext).
import {
  countMarks,
  findPlotFonts,
  type HeatmapAxis,
  type HeatmapOptions,
  type HistogramOptions,
  type HistogramSeries,
  heatmapSpec,
  histogramSpec,
  type LineChartOptions,
  type LineSeries,
  lineChartSpec,
  PlotError,
  type PlotErrorCode,
  type PlotSpec,
  type PngOptions,
  type RasterImage,
  type RatioPanel,
  rasteriseSvg,
  renderPng,
  renderSvg,
  SERIES_COLOURS,
  writePlot,
} from '@apemen/plot';

const series: HistogramSeries = { name: 'truth', counts: [3, 2, 1] };
const ratio: RatioPanel = { reference: 'truth' };
const options: HistogramOptions = { edges: [0, 1, 2, 3], series: [series], xTitle: 'x', ratio };
const spec: PlotSpec = histogramSpec(options);
const svg: string = await renderSvg(spec);
const marks: number = countMarks(svg, 'histogram_steps');
const pngOptions: PngOptions = { scale: 2 };
const png: Uint8Array = await renderPng(spec, pngOptions);
const raster: RasterImage = rasteriseSvg(svg, { width: 100 });
const axis: HeatmapAxis = { min: 0, max: 1, title: 'y' };
const heatmap: HeatmapOptions = { values: [1], rows: 1, cols: 1, x: axis, y: axis };
const line: LineSeries = { name: 'loss', x: [1, 2], y: [1, 0.5] };
const lines: LineChartOptions = { series: [line], logY: true };
await writePlot('out.svg', lineChartSpec(lines));
const code: PlotErrorCode = new PlotError('PLOT_INPUT', 'example').code;
const fonts: string[] = findPlotFonts();
export const used = [marks, png, raster.width, heatmapSpec(heatmap), code, fonts, SERIES_COLOURS];
