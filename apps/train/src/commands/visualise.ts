import { rm } from 'node:fs/promises';
import { createRng } from '@apemen/jetimage';
import { heatmapSpec, writePlot } from '@apemen/plot';
import { loadShowerWeights, referenceReconstruct, type ShowerWeights } from '@apemen/shower';
import type { Command } from 'commander';
import { CliError } from '../cli/errors.js';
import { parseInteger, parsePositiveInteger } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';
import { ensureBackend } from './kernels.js';

/** Options of {@link selfSimilarPattern}. */
export interface PatternOptions {
  /**
   * Which kernel to draw: the n-th most probable at the finest level (1 = the most probable).
   * @defaultValue 1
   */
  filter?: number;
  /**
   * Number of random starting images averaged.
   * @defaultValue 100
   */
  runs?: number;
  /**
   * Number of predict–fold–tile rounds per run.
   * @defaultValue 20
   */
  iterations?: number;
  /**
   * Seed of the starting images and of the shower randomness.
   * @defaultValue 140280
   */
  seed?: number;
}

/**
 * Folds each image's k×k panels into one panel (their sum), tiles it back over the image, clips
 * negatives and divides by the image's maximum, in place.
 */
function foldTileNormalise(images: Float32Array, n: number, k: number): void {
  const side = n / k;
  const panel = new Float64Array(side * side);
  for (let offset = 0; offset < images.length; offset += n * n) {
    panel.fill(0);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const at = (y % side) * side + (x % side);
        panel[at] = (panel[at] as number) + (images[offset + y * n + x] as number);
      }
    }
    let max = 0;
    for (let i = 0; i < panel.length; i++) {
      const v = Math.max(0, panel[i] as number);
      panel[i] = v;
      if (v > max) max = v;
    }
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const v = panel[(y % side) * side + (x % side)] as number;
        images[offset + y * n + x] = max > 0 ? v / max : 0;
      }
    }
  }
}

/**
 * The kernel number (1-based) that is the n-th most probable at the finest level.
 *
 * @param weights - the network's numbers
 * @param filter - n, 1 for the most probable
 * @returns the kernel number c in 1..C
 * @throws {@link CliError} when n is not in 1..C
 */
export function rankedKernel(weights: ShowerWeights, filter: number): number {
  const p = weights.filterProbabilities[0] ?? new Float32Array();
  if (!(Number.isInteger(filter) && filter >= 1 && filter <= p.length)) {
    throw new CliError(`--filter must be a whole number from 1 to ${p.length}, got ${filter}`);
  }
  const order = Array.from(p.keys()).sort((a, b) => (p[b] as number) - (p[a] as number));
  return (order[filter - 1] as number) + 1;
}

/**
 * The self-similar pattern of one learnt kernel, as the original's visualise drew it.
 *
 * @param weights - the network's numbers
 * @param options - which kernel, runs, iterations and seed
 * @returns the N×N pattern, row-major, ≥ 0, with maximum 1 (all 0 if the network outputs nothing)
 * @remarks
 * As the original: every encoder kernel is set to kernel c (the `filter`-th most probable at the
 * finest level) and every decoder kernel to decoder kernel c, with the filter probabilities of a
 * fresh model (all 1), so the network applies that one kernel pair at every level. Each run
 * starts from uniform random pixels in [0, 1) and repeats: run the network, fold the k×k panels of
 * the output into one (their sum), tile it back, clip negatives, divide by the maximum. The runs
 * are averaged and the average divided by its maximum; the result repeats with period N/k.
 * Deliberate differences: the original folded 3×3 panels whatever k was (so it ran for k = 3
 * only), and added the first run with weight 1 and the others with 1/runs; here the panels are
 * k×k and the runs are weighted equally.
 */
export function selfSimilarPattern(
  weights: ShowerWeights,
  options: PatternOptions = {},
): Float32Array {
  const { pixels: n, kernelSize: k, convolutions: c, levels } = weights;
  const chosen = rankedKernel(weights, options.filter ?? 1) - 1;
  const single: ShowerWeights = {
    ...weights,
    convKernels: Array.from({ length: c }, () =>
      Float32Array.from(weights.convKernels[chosen] ?? []),
    ),
    deconvKernels: Array.from({ length: c }, () =>
      Float32Array.from(weights.deconvKernels[chosen] ?? []),
    ),
    filterProbabilities: Array.from({ length: levels }, () => new Float32Array(c).fill(1)),
  };
  const runs = options.runs ?? 100;
  const iterations = options.iterations ?? 20;
  const rng = createRng(options.seed ?? 140280);
  let images: Float32Array = new Float32Array(runs * n * n);
  for (let i = 0; i < images.length; i++) images[i] = rng.uniform();
  for (let it = 0; it < iterations; it++) {
    images = referenceReconstruct(single, images, { uniform: rng });
    foldTileNormalise(images, n, k);
  }
  const pattern = new Float32Array(n * n);
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < n * n; i++) {
      pattern[i] = (pattern[i] as number) + (images[r * n * n + i] as number) / runs;
    }
  }
  const max = pattern.reduce((m, v) => Math.max(m, v), 0);
  return max > 0 ? pattern.map((v) => v / max) : pattern;
}

/**
 * Lays the kernels out as one image for a heatmap: encoder kernels on the top row, decoder
 * kernels below, a blank (NaN) cell between neighbours; heatmap row 0 is the bottom.
 *
 * @param weights - the network's numbers
 * @returns the cell values and the grid size
 */
export function kernelMosaic(weights: ShowerWeights): {
  values: Float64Array;
  rows: number;
  cols: number;
} {
  const k = weights.kernelSize;
  const c = weights.convolutions;
  const rows = 2 * k + 1;
  const cols = c * (k + 1) - 1;
  const values = new Float64Array(rows * cols).fill(Number.NaN);
  const place = (kernels: Float32Array[], top: number): void => {
    kernels.forEach((kernel, i) => {
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          // Kernel row a is drawn a rows below the top of its block (rows count up from the bottom).
          values[(top - a) * cols + i * (k + 1) + b] = kernel[a * k + b] as number;
        }
      }
    });
  };
  place(weights.convKernels, rows - 1);
  place(weights.deconvKernels, k - 1);
  return { values, rows, cols };
}

/** Runs the second write of a pair, removing the first picture if it fails. */
async function writeKernelsPlot(first: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    await rm(first, { force: true });
    throw error;
  }
}

/**
 * `apemen visualise --model M --out pattern.png`: draws the learnt self-similar pattern and the
 * kernels (the original's visualise).
 *
 * @param program - the program to add the command to
 * @param io - where output goes
 */
export function registerVisualise(program: Command, io: ProgramIO): void {
  program
    .command('visualise')
    .description("draw a shower model's learnt self-similar pattern and its kernels (PNG or SVG)")
    .requiredOption('--model <path>', 'a saved model directory or a Keras HDF5 weight file')
    .requiredOption('--out <file>', 'the pattern picture (.png or .svg)')
    .option(
      '--kernels-out <file>',
      'the kernels picture (default: <out> with -kernels before the extension)',
    )
    .option(
      '--filter <n>',
      'draw the n-th most probable kernel (finest level)',
      parsePositiveInteger,
      1,
    )
    .option('--runs <n>', 'random starting images averaged', parsePositiveInteger, 100)
    .option('--iterations <n>', 'predict–fold–tile rounds per run', parsePositiveInteger, 20)
    .option('--seed <n>', 'seed of the starting images and the shower', parseInteger, 140280)
    .action(
      async (options: {
        model: string;
        out: string;
        kernelsOut?: string;
        filter: number;
        runs: number;
        iterations: number;
        seed: number;
      }) => {
        if (options.seed < 0) throw new CliError(`--seed must be ≥ 0, got ${options.seed}`);
        const extension = /\.(png|svg)$/i.exec(options.out)?.[0];
        if (extension === undefined) {
          throw new CliError(`--out ${options.out}: expected a .png or .svg file name`);
        }
        const kernelsOut =
          options.kernelsOut ?? `${options.out.slice(0, -extension.length)}-kernels${extension}`;
        await ensureBackend();
        const weights = await loadShowerWeights(options.model);
        const { pixels: n, kernelSize: k } = weights;
        const kernel = rankedKernel(weights, options.filter);
        const pattern = selfSimilarPattern(weights, options);
        await writePlot(
          options.out,
          heatmapSpec({
            values: pattern,
            rows: n,
            cols: n,
            x: { min: 0, max: n, title: 'azimuth pixel' },
            y: { min: 0, max: n, title: 'rapidity pixel' },
            logScale: false,
            domain: [0, 1],
            colourTitle: 'intensity / max',
            title: `self-similar pattern of kernel ${kernel}, k = ${k}, ${options.runs} runs × ${options.iterations} rounds`,
          }),
          { width: 800 },
        );
        const mosaic = kernelMosaic(weights);
        // A symmetric domain puts white at 0 in the diverging scheme.
        const extent = mosaic.values.reduce(
          (m, v) => (Number.isNaN(v) ? m : Math.max(m, Math.abs(v))),
          0,
        );
        // Both pictures or neither: a failed second one takes the first with it.
        await writeKernelsPlot(options.out, () =>
          writePlot(
            kernelsOut,
            heatmapSpec({
              ...mosaic,
              x: { min: 0, max: mosaic.cols, title: 'kernel 1 … C (k + 1 columns each)' },
              y: { min: 0, max: mosaic.rows, title: 'decoder (bottom), encoder (top)' },
              logScale: false,
              minValue: Number.NEGATIVE_INFINITY,
              scheme: 'redblue',
              domain: [-extent || -1, extent || 1],
              colourTitle: 'kernel weight',
              width: 40 * mosaic.cols,
              height: 40 * mosaic.rows,
              title: `kernels, k = ${k}`,
            }),
            { width: 1000 },
          ),
        );
        io.stderr(`apemen visualise: wrote ${options.out} and ${kernelsOut}\n`);
      },
    );
}
