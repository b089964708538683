import { describe, expect, it } from 'vitest';
import { countMarks, renderSvg } from './render.js';
import { heatmapSpec, histogramSpec, lineChartSpec } from './specs.js';

type Row = Record<string, number | string | null>;
interface Layer {
  name?: string;
  data: { values: Row[] };
}

function layerData(spec: unknown, panel: number, layer: number): Row[] {
  const s = spec as { vconcat?: { layer: Layer[] }[]; layer?: Layer[] };
  const layers = s.vconcat ? s.vconcat[panel]?.layer : s.layer;
  const found = layers?.[layer];
  if (!found) throw new Error('no such layer');
  return found.data.values;
}

describe('heatmapSpec', () => {
  const axes = {
    x: { min: 0, max: 2 * Math.PI, title: 'azimuth φ' },
    y: { min: -Math.PI, max: Math.PI, title: 'rapidity y' },
  };

  it('draws one rectangle per positive cell on a log scale, with both axis titles', async () => {
    const values = [0, 3, -1, 0, 7, 0, 0, 0, 0.5]; // 3 positive cells of 9
    const svg = await renderSvg(
      heatmapSpec({ values, rows: 3, cols: 3, ...axes, colourTitle: 'pT [GeV]' }),
    );
    expect(countMarks(svg, 'heatmap_cells')).toBe(3);
    expect(svg).toContain('>azimuth φ</text>');
    expect(svg).toContain('>rapidity y</text>');
    expect(svg).toContain('>pT [GeV]</text>');
  });

  it('places each cell on its pixel edges', () => {
    // 2 rows × 4 cols over φ ∈ [0, 2π), y ∈ [−π, π): cell (row 1, col 2) spans φ ∈ [π, 3π/2),
    // y ∈ [0, π).
    const values = new Float32Array(8);
    values[1 * 4 + 2] = 5;
    const spec = heatmapSpec({ values, rows: 2, cols: 4, ...axes }) as { data: { values: Row[] } };
    expect(spec.data.values).toHaveLength(1);
    const cell = spec.data.values[0] as Record<string, number>;
    expect(cell.x0).toBeCloseTo(Math.PI, 15);
    expect(cell.x1).toBeCloseTo(1.5 * Math.PI, 15);
    expect(cell.y0).toBeCloseTo(0, 15);
    expect(cell.y1).toBeCloseTo(Math.PI, 15);
    expect(cell.v).toBe(5);
  });

  it('draws every cell on a linear scale with no lower cut', async () => {
    const values = [0, 3, -1, 0];
    const svg = await renderSvg(
      heatmapSpec({ values, rows: 2, cols: 2, ...axes, logScale: false, minValue: -Infinity }),
    );
    expect(countMarks(svg, 'heatmap_cells')).toBe(4);
  });

  it('rejects a value count that is not rows·cols and an empty range', () => {
    expect(() => heatmapSpec({ values: [1, 2, 3], rows: 2, cols: 2, ...axes })).toThrow(
      /expected rows·cols = 4 values, got 3/,
    );
    expect(() =>
      heatmapSpec({ values: [1], rows: 1, cols: 1, x: { min: 1, max: 1, title: '' }, y: axes.y }),
    ).toThrow(/max > min/);
  });
});

describe('histogramSpec', () => {
  const edges = [0, 10, 20, 30];
  const series = [
    { name: 'truth', counts: [100, 25, 0] },
    { name: 'generated', counts: [90, 36, 4] },
    { name: 'baseline', counts: [110, 16, 9], errors: [1, 2, 3] },
  ];

  it('draws one step line per series and one error bar per non-empty bin', async () => {
    const spec = histogramSpec({ edges, series, xTitle: 'jet pT [GeV]' });
    const svg = await renderSvg(spec);
    expect(countMarks(svg, 'histogram_steps')).toBe(3);
    // The truth's empty last bin has no error bar: 2 + 3 + 3.
    expect(countMarks(svg, 'histogram_errors')).toBe(8);
    expect(svg).toContain('>jet pT [GeV]</text>');
    expect(svg).toContain('>events</text>');
    for (const s of series) expect(svg).toContain(`>${s.name}</text>`);
  });

  it('puts Poisson error bars at √N unless errors are given', () => {
    const spec = histogramSpec({ edges, series, xTitle: 'pT' });
    const bars = layerData(spec, 0, 1);
    const truthFirst = bars.find((b) => b.series === 'truth' && (b.x as number) < 10);
    // 100 ± √100 = [90, 110].
    expect(truthFirst).toMatchObject({ lo: 90, hi: 110 });
    const baselineLast = bars.find((b) => b.series === 'baseline' && (b.x as number) > 20);
    // 9 ± 3 (given).
    expect(baselineLast).toMatchObject({ lo: 6, hi: 12 });
    // The step line repeats the last bin at the upper edge: 3 bins + 1 point per series.
    expect(layerData(spec, 0, 0)).toHaveLength(12);
  });

  it('divides by the reference in the ratio panel and leaves out bins where it is 0', async () => {
    const spec = histogramSpec({
      edges,
      series,
      xTitle: 'jet pT [GeV]',
      ratio: { reference: 'truth' },
    });
    const steps = layerData(spec, 1, 0);
    const generated = steps.filter((p) => p.series === 'generated').map((p) => p.y);
    // 90/100, 36/25, then the truth is 0: no ratio.
    expect(generated).toEqual([0.9, 1.44, null, null]);
    const bars = layerData(spec, 1, 1).filter((b) => b.series === 'generated');
    expect(bars).toHaveLength(2);
    // Error of 90/100 is √90/100 = 0.0948683…
    const first = bars[0] as { lo: number; hi: number };
    expect(first.hi - first.lo).toBeCloseTo((2 * Math.sqrt(90)) / 100, 12);
    const svg = await renderSvg(spec);
    expect(svg).toContain('>ratio to truth</text>');
    expect(countMarks(svg, 'ratio_steps')).toBe(3);
    expect(countMarks(svg, 'ratio_errors')).toBe(6);
  });

  it('rejects mismatched bins, decreasing edges and an unknown reference', () => {
    expect(() =>
      histogramSpec({ edges, series: [{ name: 'a', counts: [1, 2] }], xTitle: 'x' }),
    ).toThrow(/expected 3 counts/);
    expect(() =>
      histogramSpec({ edges: [0, 2, 1], series: [{ name: 'a', counts: [1, 2] }], xTitle: 'x' }),
    ).toThrow(/increasing/);
    expect(() =>
      histogramSpec({ edges, series, xTitle: 'x', ratio: { reference: 'data' } }),
    ).toThrow(/reference 'data' is not one of the series/);
  });
});

describe('lineChartSpec', () => {
  it('leaves out non-positive points on a log axis', () => {
    const spec = lineChartSpec({
      series: [{ name: 'loss', x: [1, 2, 3], y: [1, 0, 0.1] }],
      logY: true,
    }) as { data: { values: Row[] } };
    expect(spec.data.values.map((p) => p.y)).toEqual([1, null, 0.1]);
  });

  it('rejects x and y of different lengths', () => {
    expect(() => lineChartSpec({ series: [{ name: 'loss', x: [1, 2], y: [1] }] })).toThrow(
      /2 x values but 1 y values/,
    );
  });
});
