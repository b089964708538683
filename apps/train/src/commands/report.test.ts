import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventWriter, type GenEvent } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../cli/program.js';
import type { ReportMetrics } from '../report/report.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apemen-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  const err: string[] = [];
  const out: string[] = [];
  const code = await runProgram(args, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
  });
  return { code, err: err.join(''), out: out.join('') };
}

/**
 * Writes events of two back-to-back massless gluons at y = 0 along ±x, each of transverse
 * momentum pt: every event has two one-gluon jets of that pT, Δφ = π, dijet mass 2pt and visible
 * ΣpT 2pt.
 */
async function backToBack(name: string, events: { pt: number; weight: number }[]): Promise<string> {
  const path = join(dir, name);
  const writer = createEventWriter(path, 'hepmc3');
  for (const [n, { pt, weight }] of events.entries()) {
    const ev: GenEvent = {
      eventNumber: n,
      weights: [weight],
      units: { momentum: 'GEV', length: 'MM' },
      vertices: [],
      particles: [pt, -pt].map((px, i) => ({
        id: i + 1,
        pdgId: 21,
        status: 1,
        momentum: new FourVector(px, 0, 0, pt),
        generatedMass: 0,
        productionVertex: 0,
        endVertex: 0,
      })),
    };
    await writer.write(ev);
  }
  await writer.close();
  return path;
}

async function readMetrics(out: string): Promise<ReportMetrics> {
  return JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as ReportMetrics;
}

describe('apemen report on hand-made samples', () => {
  let truth: string;
  let generated: string;
  let baseline: string;
  beforeAll(async () => {
    truth = await backToBack('truth.hepmc3', [
      { pt: 100, weight: 1 },
      { pt: 200, weight: 1 },
    ]);
    generated = await backToBack('generated.hepmc3', [
      { pt: 105, weight: 1 },
      { pt: 205, weight: 1 },
    ]);
    baseline = await backToBack('baseline.hepmc3', [
      { pt: 110, weight: 1 },
      { pt: 210, weight: 1 },
    ]);
  });

  it('computes W1 and closure as by hand, null where closure is undefined', async () => {
    const out = join(dir, 'shifted');
    const r = await run([
      'report',
      '--truth',
      truth,
      '--generated',
      generated,
      '--baseline',
      baseline,
      '--out',
      out,
    ]);
    expect(r.err).toMatch(/^report: 2 truth, 2 generated, 2 baseline events; closure median/);
    expect(r.code).toBe(0);
    const m = await readMetrics(out);
    const o = m.observables;
    // Every value shifted by 5 (generated) and 10 (baseline): W1 = 5 and 10, closure 1 − 5/10.
    expect(o.jet1_pt?.w1Generated).toBeCloseTo(5, 9);
    expect(o.jet1_pt?.w1Baseline).toBeCloseTo(10, 9);
    expect(o.jet1_pt?.closure).toBeCloseTo(0.5, 9);
    expect(o.jet2_pt?.closure).toBeCloseTo(0.5, 9);
    // Dijet mass and ΣpT are 2pt: shifts of 10 and 20.
    expect(o.dijet_mass?.w1Generated).toBeCloseTo(10, 9);
    expect(o.visible_pt?.w1Baseline).toBeCloseTo(20, 9);
    expect(o.visible_pt?.closure).toBeCloseTo(0.5, 9);
    // Two particles in every sample: W1(baseline, truth) = 0, closure undefined (null, not NaN).
    expect(o.n_final?.w1Generated).toBe(0);
    expect(o.n_final?.w1Baseline).toBe(0);
    expect(o.n_final?.closure).toBeNull();
    // One-particle jets have no τ21: no entries, no distance, no plot.
    expect(o.jet1_tau21?.entries).toEqual({ truth: 0, generated: 0, baseline: 0 });
    expect(o.jet1_tau21?.w1Generated).toBeNull();
    expect(o.jet1_tau21?.plots).toBeUndefined();
    // Closures: 0.5 for pT ×2, dijet mass, ΣpT; the rest (rapidity, mass, Δφ, counts) are
    // identical in all samples.
    expect(m.summary.observablesWithClosure).toBe(4);
    expect(m.summary.medianClosure).toBeCloseTo(0.5, 9);
  });

  it('writes metrics.json with samples, jet definition and every observable', async () => {
    const m = await readMetrics(join(dir, 'shifted'));
    expect(m.version).toBe(1);
    expect(m.jets).toEqual({ algorithm: 'antikt', R: 0.4, ptMin: 20 });
    expect(m.samples.truth).toEqual({ path: truth, events: 2, sumOfWeights: 2 });
    expect(m.samples.baseline?.path).toBe(baseline);
    expect(Object.keys(m.observables)).toEqual([
      'jet1_pt',
      'jet2_pt',
      'jet1_rapidity',
      'jet2_rapidity',
      'jet1_mass',
      'jet2_mass',
      'jet1_constituents',
      'jet2_constituents',
      'jet1_tau21',
      'njets_20',
      'njets_50',
      'njets_100',
      'dijet_dphi',
      'dijet_mass',
      'n_final',
      'visible_pt',
    ]);
    for (const entry of Object.values(m.observables)) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining([
          'title',
          'kind',
          'entries',
          'w1Generated',
          'w1Baseline',
          'closure',
        ]),
      );
    }
  });

  it('writes a PNG and an SVG per plot, all listed in index.html, and no temporary files', async () => {
    const out = join(dir, 'shifted');
    const files = await readdir(out);
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const m = await readMetrics(out);
    const plotted = Object.values(m.observables).filter((o) => o.plots !== undefined);
    expect(plotted.length).toBe(15); // all but τ21
    for (const o of plotted) {
      const plots = o.plots as { png: string; svg: string };
      expect(files).toContain(plots.png);
      expect(files).toContain(plots.svg);
      expect(html).toContain(`src="${plots.png}"`);
      expect(html).toContain(`href="${plots.svg}"`);
      const png = await readFile(join(out, plots.png));
      expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      const svg = await readFile(join(out, plots.svg), 'utf8');
      expect(svg).toMatch(/^<svg/);
    }
    expect(files.filter((f) => f.endsWith('.png')).length).toBe(15);
    expect(html).toContain('href="metrics.json"');
    expect(html).not.toMatch(/(src|href)="(\/|https?:)/); // self-contained: relative links only
  });

  it('gives W1 0 and closure 1 when the generated sample is the truth', async () => {
    const out = join(dir, 'perfect');
    const r = await run([
      'report',
      '--truth',
      truth,
      '--generated',
      truth,
      '--baseline',
      baseline,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const m = await readMetrics(out);
    for (const o of Object.values(m.observables)) {
      if (o.w1Generated !== null) expect(o.w1Generated).toBe(0);
    }
    expect(m.observables.jet1_pt?.closure).toBe(1);
    expect(m.summary.medianClosure).toBe(1);
  });

  it('handles a baseline equal to the truth: no closure anywhere, dashes on the page', async () => {
    const out = join(dir, 'no-closure');
    const r = await run([
      'report',
      '--truth',
      truth,
      '--generated',
      generated,
      '--baseline',
      truth,
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('closure median n/a (mean n/a, 0 observables)');
    const m = await readMetrics(out);
    expect(Object.values(m.observables).every((o) => o.closure === null)).toBe(true);
    expect(m.summary).toEqual({
      observablesWithClosure: 0,
      medianClosure: null,
      meanClosure: null,
    });
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('—');
  });

  it('weights events by their first weight', async () => {
    // Truth: 100 GeV (w = 3), 200 GeV (w = 1); generated the reverse. The cumulative
    // distributions differ by 3/4 − 1/4 on [100, 200): W1 = 0.5 · 100 = 50.
    const t = await backToBack('wt.hepmc3', [
      { pt: 100, weight: 3 },
      { pt: 200, weight: 1 },
    ]);
    const g = await backToBack('wg.hepmc3', [
      { pt: 100, weight: 1 },
      { pt: 200, weight: 3 },
    ]);
    const out = join(dir, 'weighted');
    const r = await run(['report', '--truth', t, '--generated', g, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('no baseline, no closure');
    const m = await readMetrics(out);
    expect(m.observables.jet1_pt?.w1Generated).toBeCloseTo(50, 9);
    expect(m.observables.jet1_pt?.w1Baseline).toBeNull();
    expect(m.samples.truth?.sumOfWeights).toBe(4);
    expect(m.samples.baseline).toBeUndefined();
  });

  it('reads at most --events events of each file and honours --ptmin', async () => {
    const out = join(dir, 'limited');
    const r = await run([
      'report',
      '--truth',
      truth,
      '--generated',
      generated,
      '--out',
      out,
      '--events',
      '1',
      '--ptmin',
      '150',
    ]);
    expect(r.code).toBe(0);
    const m = await readMetrics(out);
    expect(m.samples.truth?.events).toBe(1);
    // The first events' jets have 100 and 105 GeV, below 150: no jets at all.
    expect(m.observables.jet1_pt?.entries).toEqual({ truth: 0, generated: 0 });
    expect(Object.keys(m.observables)).toContain('njets_150');
    expect(m.observables.njets_150?.w1Generated).toBe(0);
  });
});

describe('apemen report on bad input', () => {
  it('exits 2 naming a missing file', async () => {
    const missing = join(dir, 'missing.hepmc3');
    const r = await run(['report', '--truth', missing, '--generated', missing, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`apemen: --truth ${missing}: no such file`);
  });

  it('exits 2 naming a malformed file', async () => {
    const bad = join(dir, 'bad.hepmc3');
    await writeFile(bad, 'HepMC::Version 3.02.05\nHepMC::Asciiv3-START_EVENT_LISTING\nE x y\n');
    const good = await backToBack('good.hepmc3', [{ pt: 50, weight: 1 }]);
    const r = await run(['report', '--truth', good, '--generated', bad, '--out', join(dir, 'b')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^apemen: .*bad\.hepmc3/);
    expect(r.err).not.toContain('    at '); // no stack trace
  });

  it('exits 2 for an empty sample and for an output path that is a file', async () => {
    const empty = await backToBack('empty.hepmc3', []);
    const good = await backToBack('good2.hepmc3', [{ pt: 50, weight: 1 }]);
    const r = await run(['report', '--truth', empty, '--generated', good, '--out', join(dir, 'e')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${empty}: the file has no events`);
    const r2 = await run(['report', '--truth', good, '--generated', good, '--out', good]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('exists and is not a folder');
  });

  it('exits 2 for bad option values and missing required options', async () => {
    const good = await backToBack('good3.hepmc3', [{ pt: 50, weight: 1 }]);
    const r = await run([
      'report',
      '--truth',
      good,
      '--generated',
      good,
      '--out',
      join(dir, 'o'),
      '--ptmin',
      '-1',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('expected a number ≥ 0');
    const r2 = await run(['report', '--truth', good, '--out', join(dir, 'o')]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('--generated');
  });
});
