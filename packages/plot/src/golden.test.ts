import { describe, expect, it } from 'vitest';
import { renderSvg } from './render.js';
import { heatmapSpec, histogramSpec, lineChartSpec } from './specs.js';

// Golden pictures: the SVG of each builder on fixed inputs, committed under test/fixtures. A change
// in layout, scale or style shows up as a diff to review (update with `vitest -u` when intended).
// Look at them in a browser, or as PNG with `writePlot`.

describe('golden SVGs', () => {
  it('heatmap', async () => {
    const values = Array.from({ length: 36 }, (_, k) => (k % 7 === 0 ? 0 : 10 ** ((k % 5) - 1)));
    const svg = await renderSvg(
      heatmapSpec({
        values,
        rows: 6,
        cols: 6,
        x: { min: -Math.PI, max: Math.PI, title: 'rapidity y' },
        y: { min: 0, max: 2 * Math.PI, title: 'azimuth φ' },
        colourTitle: 'pT [GeV]',
        width: 240,
        height: 240,
      }),
    );
    await expect(svg).toMatchFileSnapshot('../test/fixtures/heatmap.svg');
  });

  it('histogram with a ratio panel', async () => {
    const svg = await renderSvg(
      histogramSpec({
        edges: [0, 10, 20, 30, 40],
        xTitle: 'jet pT [GeV]',
        series: [
          { name: 'truth', counts: [100, 50, 20, 5] },
          { name: 'generated', counts: [90, 55, 22, 3] },
        ],
        ratio: { reference: 'truth' },
        logY: true,
      }),
    );
    await expect(svg).toMatchFileSnapshot('../test/fixtures/histogram-ratio.svg');
  });

  it('line chart', async () => {
    const svg = await renderSvg(
      lineChartSpec({
        series: [
          { name: 'training', x: [1, 2, 3, 4], y: [1, 0.5, 0.3, 0.25] },
          { name: 'validation', x: [1, 2, 3, 4], y: [1.1, 0.6, 0.4, 0.38] },
        ],
        logY: true,
      }),
    );
    await expect(svg).toMatchFileSnapshot('../test/fixtures/line-chart.svg');
  });
});
