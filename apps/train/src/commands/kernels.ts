import {
  activationBits,
  levelActivationBits,
  loadShowerWeights,
  type ShowerWeights,
} from '@apemen/shower';
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import type { ProgramIO } from '../cli/program.js';

/**
 * Makes sure a tfjs backend is ready, registering the cpu backend when none is.
 *
 * @remarks
 * The shower commands run small networks; the cpu backend needs no wasm file and no native
 * binary. A backend chosen earlier in the process is kept.
 */
export async function ensureBackend(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!tf.engine().backendName) await tf.setBackend('cpu');
  await tf.ready();
}

function kernelRows(kernel: Float32Array, k: number): number[][] {
  return Array.from({ length: k }, (_, a) => Array.from(kernel.subarray(a * k, a * k + k)));
}

/**
 * The `--json` form of a weight set: kernels as k×k nested rows, probabilities per level.
 *
 * @param weights - the network's numbers
 * @returns a JSON-ready object
 */
export function kernelsReport(weights: ShowerWeights): Record<string, unknown> {
  const k = weights.kernelSize;
  return {
    kernelSize: k,
    pixels: weights.pixels,
    convolutions: weights.convolutions,
    levels: weights.levels,
    convKernels: weights.convKernels.map((kernel) => kernelRows(kernel, k)),
    deconvKernels: weights.deconvKernels.map((kernel) => kernelRows(kernel, k)),
    filterProbabilities: weights.filterProbabilities.map((p) => Array.from(p)),
    levelActivationBits: weights.filterProbabilities.map((p) => levelActivationBits(p)),
    activationBits: activationBits(weights),
  };
}

const fixed = (x: number, width = 9, digits = 5): string => x.toFixed(digits).padStart(width);

function formatBank(title: string, kernels: Float32Array[], k: number): string {
  const lines = [title];
  kernels.forEach((kernel, c) => {
    const sum = kernel.reduce((s, v) => s + v, 0);
    for (let a = 0; a < k; a++) {
      const label = a === 0 ? `${String(c + 1).padStart(4)}:` : '     ';
      const row = Array.from(kernel.subarray(a * k, a * k + k), (v) => fixed(v)).join(' ');
      lines.push(`${label} ${row}${a === 0 ? `   sum ${fixed(sum, 8)}` : ''}`);
    }
  });
  return lines.join('\n');
}

/**
 * Formats the kernels, the filter probabilities per level and the activation bits as text.
 *
 * @param weights - the network's numbers
 * @param source - where they came from (printed in the header)
 * @returns the report, ending with a newline
 */
export function formatKernels(weights: ShowerWeights, source: string): string {
  const k = weights.kernelSize;
  const header = `${source}: k = ${k}, C = ${weights.convolutions} kernels, N = ${weights.pixels} pixels, L = ${weights.levels} levels`;
  const probabilities = [
    'filter probabilities (level 1 = finest), kernel 1..C, and activation bits per level:',
    ...weights.filterProbabilities.map(
      (p, i) =>
        `  level ${i + 1}: ${Array.from(p, (v) => v.toFixed(4)).join(' ')}   bits ${levelActivationBits(p).toFixed(4)}`,
    ),
  ].join('\n');
  return `${[
    header,
    formatBank('encoder kernels K_c[a, b] (rows a, columns b):', weights.convKernels, k),
    formatBank('decoder kernels D_c[a, b] (rows a, columns b):', weights.deconvKernels, k),
    probabilities,
    `activation bits (sum over levels): ${activationBits(weights).toFixed(4)}`,
  ].join('\n\n')}\n`;
}

/**
 * `apemen kernels <model-dir|file.h5> [--json]`: prints a shower network's kernels, its filter
 * probabilities per level and its activation bits (the original's dumpKernels).
 *
 * @param program - the program to add the command to
 * @param io - where output goes
 */
export function registerKernels(program: Command, io: ProgramIO): void {
  program
    .command('kernels')
    .description(
      'print the kernels, filter probabilities per level and activation bits of a shower model (saved directory or Keras .h5)',
    )
    .argument('<model>', 'a saved model directory or a Keras HDF5 weight file')
    .option('--json', 'print JSON instead of text')
    .action(async (model: string, options: { json?: boolean }) => {
      await ensureBackend();
      const weights = await loadShowerWeights(model);
      io.stdout(
        options.json
          ? `${JSON.stringify(kernelsReport(weights), null, 2)}\n`
          : formatKernels(weights, model),
      );
    });
}
