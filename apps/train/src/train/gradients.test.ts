import { FusedTrainer } from '@apemen/shower';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../parallel/pool.js';
import {
  combineGradients,
  type GradientEngine,
  localEngine,
  type ModelSettings,
  poolEngine,
  type ShardCaller,
  ShardComputer,
  shardRanges,
} from './gradients.js';
import { decodeSparse, encodeSparse } from './sparse.js';
import { sparseImages } from './test-helpers.js';

const SETTINGS: ModelSettings = {
  pixels: 16,
  kernelSize: 2,
  convolutions: 9,
  lossWeights: [100, 10, 1],
  kernelRegularisation: 100,
  learningRate: 1e-3,
  seed: 140280,
};

function initialParameters(): { convKernels: Float32Array; deconvKernels: Float32Array } {
  // Kernels near the published ones' scale (sum ≈ 1 per encoder kernel), varied per channel so
  // that the channels compete.
  const convKernels = new Float32Array(36);
  const deconvKernels = new Float32Array(36);
  for (let i = 0; i < 36; i++) {
    convKernels[i] = 0.25 + 0.05 * Math.sin(1.7 * i);
    deconvKernels[i] = 0.25 + 0.05 * Math.cos(2.3 * i);
  }
  return { convKernels, deconvKernels };
}

describe('shardRanges', () => {
  it('splits events as evenly as possible, earlier shards taking the remainder', () => {
    // 10 = 4 + 3 + 3
    expect(shardRanges(10, 3)).toEqual([
      [0, 4],
      [4, 3],
      [7, 3],
    ]);
    // fewer events than workers: empty shards are left out
    expect(shardRanges(1, 2)).toEqual([[0, 1]]);
  });
});

describe('sparse shards', () => {
  it('lists the non-zero pixels in order whatever the input layout (block scan and element path)', () => {
    // Dense enough to grow the buffers past their first size, with −0 pixels (zero) in both halves
    // of the float64 words the block scan reads, at aligned and unaligned starts.
    const area = 64;
    const dense = sparseImages(9, 8, 5);
    for (let i = 0; i < dense.length; i += 7) dense[i] = i % 3 === 0 ? -0 : 1 + (i % 11);
    const naive = (images: ArrayLike<number>, first: number, count: number) => {
      const indices: number[] = [];
      const values: number[] = [];
      const offsets = [0];
      for (let e = first; e < first + count; e++) {
        for (let p = 0; p < area; p++) {
          const v = images[e * area + p] as number;
          if (v !== 0) {
            indices.push(p);
            values.push(v);
          }
        }
        offsets.push(indices.length);
      }
      return { indices, values, offsets };
    };
    const shifted = new Float32Array(dense.length + 1);
    shifted.set(dense, 1);
    const layouts: [ArrayLike<number>, number][] = [
      [dense, 0],
      [shifted.subarray(1), 0], // starts 4 bytes into its buffer: the element path
      [Array.from(dense), 0],
    ];
    for (const [images] of layouts) {
      for (const [first, count] of [
        [0, 9],
        [1, 3],
        [4, 5],
      ] as const) {
        const got = encodeSparse(images, area, first, count);
        const want = naive(images, first, count);
        expect(Array.from(got.indices)).toEqual(want.indices);
        expect(Array.from(got.values)).toEqual(want.values.map(Math.fround));
        expect(Array.from(got.offsets)).toEqual(want.offsets);
      }
    }
  });

  it('round-trips images exactly', () => {
    const images = sparseImages(5, 16, 3);
    const sparse = encodeSparse(images, 256, 1, 3);
    expect(decodeSparse(sparse)).toEqual(images.subarray(256, 4 * 256));
    // only the occupied pixels travel
    let nonZero = 0;
    for (let i = 256; i < 4 * 256; i++) if (images[i] !== 0) nonZero++;
    expect(sparse.values.length).toBe(nonZero);
  });
});

describe('sharded gradients', () => {
  it('the event-weighted mean of three shards equals the whole batch (float32 tolerance)', () => {
    const images = sparseImages(10, 16, 7);
    const computer = new ShardComputer(SETTINGS);
    const parameters = {
      ...initialParameters(),
      probabilities: new Float64Array(27).fill(1),
      step: 3,
    };
    const whole = computer.gradients(parameters, encodeSparse(images, 256, 0, 10), 0);
    const parts = shardRanges(10, 3).map(([first, count]) =>
      computer.gradients(parameters, encodeSparse(images, 256, first, count), first),
    );
    const combined = combineGradients(parts);
    expect(combined.events).toBe(10);
    expect(combined.counts).toEqual(whole.counts);
    expect(combined.loss).toBeCloseTo(whole.loss, 6);
    // Each shard scales its events' output gradients by 1/(shard size) in float32 before the
    // float64 sums, so shards differ from the whole batch by float32 rounding: 1e-6 of the
    // largest component.
    const largest = (g: Float64Array): number => Math.max(...Array.from(g, Math.abs));
    const convTolerance = 1e-6 * largest(whole.convGradient);
    const deconvTolerance = 1e-6 * largest(whole.deconvGradient);
    for (let i = 0; i < 36; i++) {
      const w = whole.convGradient[i] as number;
      expect(Math.abs((combined.convGradient[i] as number) - w)).toBeLessThanOrEqual(convTolerance);
      const d = whole.deconvGradient[i] as number;
      expect(Math.abs((combined.deconvGradient[i] as number) - d)).toBeLessThanOrEqual(
        deconvTolerance,
      );
    }
    // and the whole batch is what the fused trainer itself computes at that step
    const trainer = new FusedTrainer(
      { ...initialParameters(), probabilities: parameters.probabilities },
      SETTINGS,
    );
    trainer.loadParameters({ ...initialParameters(), probabilities: parameters.probabilities }, 3);
    const reference = trainer.computeGradients(images, 10);
    expect(whole.loss).toBe(reference.loss);
    expect(whole.convGradient).toEqual(reference.convGradient);
  });
});

async function train(engine: GradientEngine, images: Float32Array, steps: number, batch: number) {
  const trainer = new FusedTrainer(initialParameters(), SETTINGS);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const first = (s * batch) % 40;
    const result = await engine.gradients(
      {
        convKernels: trainer.convKernels,
        deconvKernels: trainer.deconvKernels,
        probabilities: trainer.probabilities,
        step: trainer.stepCount,
      },
      { images: images.subarray(first * 256, (first + batch) * 256), count: batch },
    );
    trainer.applyGradients(result, result.counts);
    losses.push(result.loss);
  }
  return { trainer, losses };
}

describe('data-parallel training', () => {
  it('two worker processes give the same parameters as one process on the same global batches', async () => {
    const images = sparseImages(40, 16, 11);
    const lines: string[] = [];
    const pool = await WorkerPool.start({
      workers: 2,
      module: new URL('./worker.ts', import.meta.url),
      init: () => SETTINGS,
      log: (l) => lines.push(l),
    });
    const two = poolEngine(pool as unknown as ShardCaller, SETTINGS);
    try {
      const one = await train(localEngine(SETTINGS), images, 6, 8);
      const parallel = await train(two, images, 6, 8);
      // Same masks (seeded per step and global event), gradients differing only by the order of
      // float64 sums: parameters (float32) agree to float32 rounding.
      for (let i = 0; i < 36; i++) {
        expect(parallel.trainer.convKernels[i]).toBeCloseTo(
          one.trainer.convKernels[i] as number,
          5,
        );
        expect(parallel.trainer.deconvKernels[i]).toBeCloseTo(
          one.trainer.deconvKernels[i] as number,
          5,
        );
      }
      for (let i = 0; i < 27; i++) {
        expect(parallel.trainer.probabilities[i]).toBeCloseTo(
          one.trainer.probabilities[i] as number,
          12,
        );
      }
      parallel.losses.forEach((loss, s) => {
        expect(loss).toBeCloseTo(one.losses[s] as number, 6);
      });
      // the run really moved the parameters (a test that cannot fail otherwise)
      expect(one.trainer.convKernels[0]).not.toBe(initialParameters().convKernels[0]);
      const validationOne = await localEngine(SETTINGS).validation(
        {
          convKernels: one.trainer.convKernels,
          deconvKernels: one.trainer.deconvKernels,
          probabilities: one.trainer.probabilities,
          step: 0,
        },
        { images, count: 40 },
        0,
      );
      const validationTwo = await two.validation(
        {
          convKernels: one.trainer.convKernels,
          deconvKernels: one.trainer.deconvKernels,
          probabilities: one.trainer.probabilities,
          step: 0,
        },
        { images, count: 40 },
        0,
      );
      expect(validationTwo.events).toBe(40);
      expect(validationTwo.lossSum).toBeCloseTo(validationOne.lossSum, 6);
    } finally {
      await two.close();
    }
  });
});
