/**
 * The report's index.html: a self-contained page (no scripts, no remote resources) with the
 * metrics table and every plot, linked relatively so the folder can be moved or archived.
 */
import type { ReportMetrics } from './report.js';

/**
 * Escapes text for HTML element content and attribute values.
 * @param text - any text
 * @returns the text with `& < > " '` replaced by entities
 * @example `escapeHtml('a<b')` is `'a&lt;b'`.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function formatNumber(x: number | null, digits = 4): string {
  if (x === null) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return x.toPrecision(digits);
}

/**
 * Renders the report page.
 *
 * @param metrics - the content of metrics.json
 * @returns the HTML document
 * @remarks
 * Each plot appears as its PNG, linked to its SVG; a dash stands for a value that is not defined
 * (no baseline, a sample without entries, or a baseline equal to the truth).
 * @example `renderIndexHtml(metrics).includes('jet1_pt.png')` for any report with jets.
 */
export function renderIndexHtml(metrics: ReportMetrics): string {
  const hasBaseline = metrics.samples.baseline !== undefined;
  const sampleRows = (['truth', 'generated', 'baseline'] as const)
    .filter((role) => metrics.samples[role] !== undefined)
    .map((role) => {
      const s = metrics.samples[role] as NonNullable<ReportMetrics['samples'][typeof role]>;
      return `<tr><th>${role}</th><td><code>${escapeHtml(s.path)}</code></td><td>${s.events}</td><td>${formatNumber(s.sumOfWeights, 6)}</td></tr>`;
    })
    .join('\n');
  const metricRows = Object.entries(metrics.observables)
    .map(([name, m]) => {
      const entries = (['truth', 'generated', 'baseline'] as const)
        .filter((role) => m.entries[role] !== undefined)
        .map((role) => m.entries[role])
        .join(' / ');
      const cells = [
        `<td><a href="#${escapeHtml(name)}">${escapeHtml(m.title)}</a></td>`,
        `<td>${entries}</td>`,
        `<td>${formatNumber(m.w1Generated)}</td>`,
        ...(hasBaseline
          ? [`<td>${formatNumber(m.w1Baseline)}</td>`, `<td>${formatNumber(m.closure, 3)}</td>`]
          : []),
      ];
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const figures = Object.entries(metrics.observables)
    .filter(([, m]) => m.plots !== undefined)
    .map(([name, m]) => {
      const plots = m.plots as { png: string; svg: string };
      return `<figure id="${escapeHtml(name)}"><a href="${escapeHtml(plots.svg)}"><img src="${escapeHtml(plots.png)}" alt="${escapeHtml(m.title)}"></a><figcaption>${escapeHtml(m.title)}: W1(gen, truth) = ${formatNumber(m.w1Generated)}${hasBaseline ? `, closure = ${formatNumber(m.closure, 3)}` : ''} (<a href="${escapeHtml(plots.png)}">PNG</a>, <a href="${escapeHtml(plots.svg)}">SVG</a>)</figcaption></figure>`;
    })
    .join('\n');
  const s = metrics.summary;
  const summary = hasBaseline
    ? `<p>Closure 1 − W1(gen, truth)/W1(baseline, truth): median ${formatNumber(s.medianClosure, 3)}, mean ${formatNumber(s.meanClosure, 3)} over ${s.observablesWithClosure} observables (1 is perfect, 0 no better than the baseline).</p>`
    : '<p>No baseline was given, so there is no closure.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>APEMEN report</title>
<style>
body { font-family: sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
td:first-child, th:first-child { text-align: left; }
figure { display: inline-block; margin: 0.5em; vertical-align: top; }
figure img { max-width: 540px; }
figcaption { font-size: 0.85em; max-width: 540px; }
</style>
</head>
<body>
<h1>APEMEN report</h1>
<p>Anti-kt jets, R = ${metrics.jets.R}, pT ≥ ${metrics.jets.ptMin} GeV, of the visible final state; events weighted by their first weight; W1 is the Wasserstein-1 distance of the unbinned distributions, in the observable's unit (<a href="metrics.json">metrics.json</a>).</p>
<table>
<tr><th>sample</th><th>file</th><th>events</th><th>sum of weights</th></tr>
${sampleRows}
</table>
${summary}
<table>
<tr><th>observable</th><th>entries</th><th>W1(gen, truth)</th>${hasBaseline ? '<th>W1(baseline, truth)</th><th>closure</th>' : ''}</tr>
${metricRows}
</table>
${figures}
</body>
</html>
`;
}
