import { describe, expect, it } from 'vitest';
import { escapeHtml, renderIndexHtml } from './html.js';
import type { ReportMetrics } from './report.js';

function metrics(withBaseline: boolean): ReportMetrics {
  return {
    version: 1,
    jets: { algorithm: 'antikt', R: 0.4, ptMin: 20 },
    samples: {
      truth: { path: 'a<b>.hepmc3', events: 10, sumOfWeights: 10 },
      generated: { path: 'g.hepmc3', events: 10, sumOfWeights: 10 },
      ...(withBaseline ? { baseline: { path: 'u.hepmc3', events: 10, sumOfWeights: 10 } } : {}),
    },
    observables: {
      jet1_pt: {
        title: 'leading jet pT [GeV]',
        kind: 'continuous',
        entries: { truth: 10, generated: 9 },
        w1Generated: 2.5,
        w1Baseline: withBaseline ? 10 : null,
        closure: withBaseline ? 0.75 : null,
        plots: { png: 'jet1_pt.png', svg: 'jet1_pt.svg' },
      },
      jet1_tau21: {
        title: 'leading jet τ21',
        kind: 'continuous',
        entries: { truth: 0, generated: 0 },
        w1Generated: null,
        w1Baseline: null,
        closure: null,
      },
    },
    summary: {
      observablesWithClosure: withBaseline ? 1 : 0,
      medianClosure: withBaseline ? 0.75 : null,
      meanClosure: withBaseline ? 0.75 : null,
    },
  };
}

describe('escapeHtml', () => {
  it('replaces the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });
});

describe('renderIndexHtml', () => {
  it('shows the metrics, one figure per plot and escapes file names', () => {
    const html = renderIndexHtml(metrics(true));
    expect(html).toContain('<code>a&lt;b&gt;.hepmc3</code>');
    expect(html).toContain('<td>10 / 9</td><td>2.500</td><td>10.00</td><td>0.750</td>');
    expect(html).toContain('<figure id="jet1_pt"><a href="jet1_pt.svg"><img src="jet1_pt.png"');
    expect(html.match(/<figure /g)?.length).toBe(1); // τ21 has no plot
    // Undefined values show as a dash.
    expect(html).toContain('leading jet τ21</a></td><td>0 / 0</td><td>—</td><td>—</td><td>—</td>');
    expect(html).toContain('median 0.750, mean 0.750 over 1 observables');
  });

  it('leaves out the baseline columns without a baseline', () => {
    const html = renderIndexHtml(metrics(false));
    expect(html).not.toContain('W1(baseline, truth)</th>');
    expect(html).toContain('No baseline was given, so there is no closure.');
    expect(html).toContain('<td>10 / 9</td><td>2.500</td></tr>');
  });
});
