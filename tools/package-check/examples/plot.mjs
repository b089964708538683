// @apemen/plot from its tarball: vega-lite specs rendered headless to SVG and PNG.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  countMarks,
  heatmapSpec,
  histogramSpec,
  PlotError,
  renderPng,
  renderSvg,
  writePlot,
} from '@apemen/plot';

const histogram = histogramSpec({
  edges: [0, 10, 20, 30],
  xTitle: 'jet pT [GeV]',
  series: [
    { name: 'truth', counts: [100, 50, 20] },
    { name: 'generated', counts: [90, 55, 22] },
  ],
  ratio: { reference: 'truth' },
});
const svg = await renderSvg(histogram);
assert.ok(svg.startsWith('<svg'), 'renderSvg returns SVG text');
assert.ok(countMarks(svg, 'histogram_steps') > 0, 'the histogram draws its steps');

// A 2×2 image with three positive cells draws three cells on a log colour scale.
const heatmap = heatmapSpec({
  values: [0, 1, 10, 100],
  rows: 2,
  cols: 2,
  x: { min: -Math.PI, max: Math.PI, title: 'rapidity y' },
  y: { min: 0, max: 2 * Math.PI, title: 'azimuth φ' },
});
assert.equal(countMarks(await renderSvg(heatmap), 'heatmap_cells'), 3);

const png = await renderPng(heatmap, { width: 200 });
assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');

await writePlot('histogram.svg', histogram);
assert.ok((await readFile('histogram.svg', 'utf8')).includes('<svg'));
await assert.rejects(writePlot('histogram.gif', histogram), PlotError);
console.log(`plot: SVG of ${svg.length} characters, PNG of ${png.length} bytes`);
