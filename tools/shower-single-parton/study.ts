// What the published k = 2 APEMEN network does to one hard parton: runs the plain-loop reference
// of @apemen/shower over a 64×64 image holding a single 1 TeV pixel, many times with different
// random numbers, prints JSON figures and draws two pictures for docs/model.md.
//
// Imports the packages by relative path (tools/ is not a workspace package). Run from the repository root:
//   node --conditions=@apemen/source --import tsx/esm tools/shower-single-parton/study.ts [showers] [outdir]
import { createRng } from '../../packages/jetimage/src/index.js';
import { heatmapSpec, writePlot } from '../../packages/plot/src/index.js';
import { loadKerasWeights, referenceReconstruct } from '../../packages/shower/src/index.js';

const showers = Number(process.argv[2] ?? 2000);
const outdir = process.argv[3] ?? 'docs/images';
const weights = await loadKerasWeights('../shared/data/apemen-weights/k2.h5');
const n = weights.pixels;
const parton = { row: 32, col: 32, pt: 1000 };
const image = new Float32Array(n * n);
image[parton.row * n + parton.col] = parton.pt;
const rng = createRng(140280);

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};
const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

const totals: number[] = [];
const above01: number[] = [];
const above1: number[] = [];
const nonZero: number[] = [];
const hardestShare: number[] = [];
const inOwnPixel: number[] = [];
const radius90: number[] = [];
const negativePixels: number[] = [];
const negativePt: number[] = [];
const meanImage = new Float64Array(n * n);
let example: Float32Array | undefined;
for (let s = 0; s < showers; s++) {
  const out = referenceReconstruct(weights, image, { uniform: rng });
  if (s === 0) example = out;
  let total = 0;
  let hardest = 0;
  const byDistance: [number, number][] = [];
  let a01 = 0;
  let a1 = 0;
  let nz = 0;
  let neg = 0;
  let negSum = 0;
  for (let i = 0; i < n * n; i++) {
    const v = out[i] as number;
    meanImage[i] = (meanImage[i] as number) + v / showers;
    if (v === 0) continue;
    if (v < 0) {
      neg++;
      negSum += v;
    }
    nz++;
    total += v;
    if (v > 0.1) a01++;
    if (v > 1) a1++;
    hardest = Math.max(hardest, v);
    const dy = Math.floor(i / n) - parton.row;
    const dx = (i % n) - parton.col;
    byDistance.push([Math.hypot(dy, dx), v]);
  }
  byDistance.sort((a, b) => a[0] - b[0]);
  let running = 0;
  let r90 = 0;
  for (const [d, v] of byDistance) {
    running += v;
    if (running >= 0.9 * total) {
      r90 = d;
      break;
    }
  }
  totals.push(total);
  above01.push(a01);
  above1.push(a1);
  nonZero.push(nz);
  hardestShare.push(total > 0 ? hardest / total : 0);
  inOwnPixel.push((out[parton.row * n + parton.col] as number) / parton.pt);
  radius90.push(r90);
  negativePixels.push(neg);
  negativePt.push(negSum);
}

const summary = (values: number[]) => ({
  mean: Number(mean(values).toPrecision(4)),
  q10: Number(quantile(values, 0.1).toPrecision(4)),
  median: Number(quantile(values, 0.5).toPrecision(4)),
  q90: Number(quantile(values, 0.9).toPrecision(4)),
});
console.log(
  JSON.stringify(
    {
      showers,
      parton,
      pixelSize: 'Δy = Δφ = 2π/64 ≈ 0.098',
      totalPtOut: summary(totals),
      pixelsAbove0p1GeV: summary(above01),
      pixelsAbove1GeV: summary(above1),
      nonZeroPixels: summary(nonZero),
      hardestPixelShareOfOutput: summary(hardestShare),
      partonPixelShareOfInput: summary(inOwnPixel),
      radiusHolding90PercentInPixels: summary(radius90),
      negativePixels: summary(negativePixels),
      negativePtSum: summary(negativePt),
      // The parton's own pixel wins with kernel 9 at every level (a = b = 0 in each block), so it
      // keeps (K9[0,0]·D9[0,0])^L of its pT whatever the random numbers.
      partonPixelAnalytic: Number(
        (
          ((weights.convKernels[8]?.[0] ?? 0) * (weights.deconvKernels[8]?.[0] ?? 0)) **
          weights.levels
        ).toPrecision(6),
      ),
    },
    null,
    2,
  ),
);

const axes = {
  x: { min: 0, max: 2 * Math.PI, title: 'azimuth φ' },
  y: { min: -Math.PI, max: Math.PI, title: 'rapidity y' },
};
await writePlot(
  `${outdir}/model-single-parton-mean.png`,
  heatmapSpec({
    values: meanImage,
    rows: n,
    cols: n,
    ...axes,
    minValue: 1e-3,
    colourTitle: 'mean pT per pixel [GeV]',
    title: `published k = 2 model: 1 TeV parton, mean of ${showers} showers`,
  }),
  { width: 700 },
);
await writePlot(
  `${outdir}/model-single-parton-example.png`,
  heatmapSpec({
    values: example ?? image,
    rows: n,
    cols: n,
    ...axes,
    minValue: 0.1,
    colourTitle: 'pT [GeV]',
    title: 'one shower (pixels above 0.1 GeV)',
  }),
  { width: 700 },
);
