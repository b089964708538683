/**
 * Makes the validation plots of docs/refshower.md: Durham y23 and thrust of e+e− → qq̄ at 91.2 GeV
 * after the reference shower, for two cutoffs, with the O(αs) matrix element for large y23.
 *
 * Run: node --conditions=@apemen/source --import tsx/esm bench/refshower/plots.ts [events]
 * Writes docs/images/refshower-y23.png and docs/images/refshower-thrust.png and prints the
 * numbers behind them as JSON.
 */
import { histogramSpec, writePlot } from '../../packages/plot/src/index.ts';
import { createAlphaS, generateEvent } from '../../packages/refshower/src/index.ts';
import { durhamY23, thrust } from '../../packages/refshower/src/test-observables.ts';

const events = Number(process.argv[2] ?? 40_000);
const SQRT_S = 91.2;
const CF = 4 / 3;

const yEdges = Array.from({ length: 25 }, (_, i) => -4.5 + (4.5 * i) / 24);
const tauEdges = Array.from({ length: 21 }, (_, i) => (0.4 * i) / 20);

function fill(edges: number[], counts: number[], x: number): void {
  const n = edges.length - 1;
  const lo = edges[0] as number;
  const hi = edges[n] as number;
  if (!(x >= lo && x < hi)) return;
  const bin = Math.min(n - 1, Math.floor(((x - lo) / (hi - lo)) * n));
  counts[bin] = (counts[bin] ?? 0) + 1;
}

function run(cutoff: number) {
  const y23 = new Array<number>(yEdges.length - 1).fill(0);
  const tau = new Array<number>(tauEdges.length - 1).fill(0);
  let partons = 0;
  let meanTau = 0;
  let twoJet = 0;
  for (let i = 0; i < events; i++) {
    const final = generateEvent(i, { process: 'ee', seed: 2026, shower: { cutoff } })
      .event.particles.filter((p) => p.status === 1)
      .map((p) => ({ px: p.momentum.px, py: p.momentum.py, pz: p.momentum.pz, e: p.momentum.e }));
    partons += final.length;
    const t = 1 - thrust(final);
    meanTau += t;
    fill(tauEdges, tau, t);
    const y = durhamY23(final);
    if (y > 0) fill(yEdges, y23, Math.log10(y));
    else twoJet++;
  }
  return {
    y23,
    tau,
    meanPartons: partons / events,
    meanOneMinusThrust: meanTau / events,
    noEmission: twoJet / events,
  };
}

/** O(αs) dR3/dlog10(y) with αs(y s), from R3(ycut) integrated over the qq̄g matrix element. */
function leadingOrderPerBin(): number[] {
  const alphaS = createAlphaS();
  const n = 1500;
  const samples: { y: number; w: number }[] = [];
  for (let a = 0; a < n; a++) {
    const x1 = (a + 0.5) / n;
    for (let b = 0; b < n; b++) {
      const x2 = (b + 0.5) / n;
      const x3 = 2 - x1 - x2;
      if (x3 > 1) continue;
      const x = [x1, x2, x3];
      let y = Number.POSITIVE_INFINITY;
      for (const [i, j, k] of [
        [0, 1, 2],
        [0, 2, 1],
        [1, 2, 0],
      ] as const) {
        const ei = (x[i] as number) / 2;
        const ej = (x[j] as number) / 2;
        y = Math.min(y, 2 * Math.min(ei, ej) ** 2 * ((1 - (x[k] as number)) / (2 * ei * ej)));
      }
      samples.push({
        y,
        w: (CF * (x1 * x1 + x2 * x2)) / ((1 - x1) * (1 - x2)) / (n * n) / (2 * Math.PI),
      });
    }
  }
  return yEdges.slice(0, -1).map((lo, i) => {
    const hi = yEdges[i + 1] as number;
    if (lo < -1.5) return 0;
    let sum = 0;
    for (const s of samples) {
      const l = Math.log10(s.y);
      if (l >= lo && l < hi) sum += s.w * alphaS.value(s.y * SQRT_S * SQRT_S);
    }
    return sum;
  });
}

const density = (counts: number[], edges: number[]) =>
  counts.map((c, i) => c / events / ((edges[i + 1] as number) - (edges[i] as number)));
const densityErrors = (counts: number[], edges: number[]) =>
  counts.map((c, i) => Math.sqrt(c) / events / ((edges[i + 1] as number) - (edges[i] as number)));

const nominal = run(1);
const coarse = run(4);
const lo = leadingOrderPerBin().map(
  (v, i) => v / ((yEdges[i + 1] as number) - (yEdges[i] as number)),
);

await writePlot(
  new URL('../../docs/images/refshower-y23.png', import.meta.url).pathname,
  histogramSpec({
    edges: yEdges,
    series: [
      {
        name: 't₀ = 1 GeV²',
        counts: density(nominal.y23, yEdges),
        errors: densityErrors(nominal.y23, yEdges),
      },
      {
        name: 't₀ = 4 GeV²',
        counts: density(coarse.y23, yEdges),
        errors: densityErrors(coarse.y23, yEdges),
      },
      { name: 'O(αs) ME, αs(y23 s)', counts: lo, errors: lo.map(() => 0) },
    ],
    xTitle: 'log10 y23 (Durham)',
    yTitle: '1/N dN/dlog10 y23',
    logY: true,
    title: `refshower e+e− → qq̄, √s = 91.2 GeV, ${events} events (partons)`,
  }),
  { scale: 2 },
);
await writePlot(
  new URL('../../docs/images/refshower-thrust.png', import.meta.url).pathname,
  histogramSpec({
    edges: tauEdges,
    series: [
      {
        name: 't₀ = 1 GeV²',
        counts: density(nominal.tau, tauEdges),
        errors: densityErrors(nominal.tau, tauEdges),
      },
      {
        name: 't₀ = 4 GeV²',
        counts: density(coarse.tau, tauEdges),
        errors: densityErrors(coarse.tau, tauEdges),
      },
    ],
    xTitle: '1 − T',
    yTitle: '1/N dN/d(1 − T)',
    logY: true,
    ratio: { reference: 't₀ = 1 GeV²' },
    title: `refshower e+e− → qq̄, √s = 91.2 GeV, ${events} events (partons)`,
  }),
  { scale: 2 },
);
const summary = (r: ReturnType<typeof run>) => ({
  meanPartons: Number(r.meanPartons.toFixed(3)),
  meanOneMinusThrust: Number(r.meanOneMinusThrust.toFixed(4)),
  noEmissionFraction: Number(r.noEmission.toFixed(4)),
});
console.log(
  JSON.stringify({ events, cutoff1: summary(nominal), cutoff4: summary(coarse) }, null, 2),
);
