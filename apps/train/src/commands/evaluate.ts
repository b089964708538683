import { stat } from 'node:fs/promises';
import { readNpy, writeNpy } from '@apemen/eventio';
import { createRng } from '@apemen/jetimage';
import { fromKerasWeights, loadShowerModel, type ShowerModel } from '@apemen/shower';
import type { Command } from 'commander';
import { CliError } from '../cli/errors.js';
import { requireInputFile, requireOutputFolder } from '../cli/files.js';
import { parseInteger, parsePositiveInteger } from '../cli/options.js';
import type { ProgramIO } from '../cli/program.js';
import { ensureBackend } from './kernels.js';

/**
 * Loads a shower model from a saved directory or a Keras HDF5 weight file.
 *
 * @param path - a directory saved by the shower package, or a `.h5` file
 * @returns the model
 */
export async function openShowerModel(path: string): Promise<ShowerModel> {
  const info = await stat(path);
  return info.isDirectory() ? loadShowerModel(path) : fromKerasWeights(path);
}

/**
 * Runs a shower model over a stack of images: the stochastic shower with seeded randomness.
 *
 * @param shower - the model
 * @param images - N×N images in C order, B of them
 * @param seed - seed of the FilterMask randomness (`createRng` of `@apemen/jetimage`)
 * @param batchSize - images per forward pass; the random numbers are drawn pass by pass
 * @returns the output images, float32, in the input's order
 */
export function evaluateImages(
  shower: ShowerModel,
  images: Float32Array,
  seed: number,
  batchSize: number,
): Float32Array {
  const area = shower.config.pixels ** 2;
  const batch = images.length / area;
  const out = new Float32Array(images.length);
  const rng = createRng(seed);
  for (let first = 0; first < batch; first += batchSize) {
    const last = Math.min(batch, first + batchSize);
    out.set(shower.generate(images.subarray(first * area, last * area), rng), first * area);
  }
  return out;
}

/**
 * Checks that every pixel of a stack of jet images is a finite pT ≥ 0.
 *
 * @param file - the images' file, for the message
 * @param data - B images of N×N pixels, C order
 * @param n - N
 * @throws CliError (exit 2) naming the first bad pixel: `<file>: image b, pixel (i, j): expected a
 *   finite pT ≥ 0, got v`
 * @remarks
 * A pixel holds the summed pT of the particles in it; the network would turn a negative or NaN one
 * into a shower with negative or NaN momenta without complaint.
 * @example
 * ```ts
 * checkImagePixels('in.npy', new Float32Array([0, 1, 2, 3]), 2); // passes
 * ```
 */
export function checkImagePixels(file: string, data: Float32Array | Float64Array, n: number): void {
  for (let at = 0; at < data.length; at++) {
    const v = data[at] as number;
    if (v >= 0 && v !== Number.POSITIVE_INFINITY) continue;
    const image = Math.floor(at / (n * n));
    const pixel = at % (n * n);
    throw new CliError(
      `${file}: image ${image}, pixel (${Math.floor(pixel / n)}, ${pixel % n}): expected a finite pT ≥ 0, got ${v}`,
    );
  }
}

/**
 * `apemen evaluate --model M --input in.npy --output out.npy`: runs the network over images
 * (the original's evaluate).
 *
 * @param program - the program to add the command to
 * @param io - where output goes
 */
export function registerEvaluate(program: Command, io: ProgramIO): void {
  program
    .command('evaluate')
    .description('run a shower model over a stack of images (.npy in, .npy out)')
    .requiredOption('--model <path>', 'a saved model directory or a Keras HDF5 weight file')
    .requiredOption(
      '--input <file>',
      'images, .npy float32/float64 of shape [B, N, N] or [B, N, N, 1]',
    )
    .requiredOption(
      '--output <file>',
      'where to write the output images (.npy float32, same shape)',
    )
    .option('--seed <n>', 'seed of the shower randomness', parseInteger, 140280)
    .option('--batch-size <n>', 'images per forward pass', parsePositiveInteger, 256)
    .action(
      async (options: {
        model: string;
        input: string;
        output: string;
        seed: number;
        batchSize: number;
      }) => {
        if (options.seed < 0) throw new CliError(`--seed must be ≥ 0, got ${options.seed}`);
        await requireInputFile(options.input);
        await requireOutputFolder(options.output);
        await ensureBackend();
        const shower = await openShowerModel(options.model);
        const n = shower.config.pixels;
        const { data, shape } = await readNpy(options.input);
        const ok =
          (shape.length === 3 || (shape.length === 4 && shape[3] === 1)) &&
          shape[1] === n &&
          shape[2] === n &&
          (shape[0] ?? 0) > 0;
        if (!ok) {
          throw new CliError(
            `${options.input}: images of shape [${shape.join(', ')}]; the model wants [B, ${n}, ${n}] or [B, ${n}, ${n}, 1]`,
          );
        }
        checkImagePixels(options.input, data, n);
        const images = data instanceof Float32Array ? data : Float32Array.from(data);
        const out = evaluateImages(shower, images, options.seed, options.batchSize);
        await writeNpy(options.output, out, shape).catch((error: NodeJS.ErrnoException) => {
          // writeNpy's errors name its temporary file; the user named the output.
          if (typeof error.path === 'string' && error.path.endsWith('.tmp'))
            error.path = options.output;
          throw error;
        });
        io.stderr(
          `apemen evaluate: ${shape[0]} images of ${n}×${n} written to ${options.output}\n`,
        );
      },
    );
}
