import { describe, expect, it } from 'vitest';
import { ShowerError } from './errors.js';
import {
  referenceConvolveSame,
  referenceDecode,
  referenceEncode,
  referenceFilterMask,
  referenceReconstruct,
} from './reference.js';
import type { ShowerWeights } from './weights.js';

/** Returns the numbers of `values` in turn, forever. */
function cycle(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

/** A 4×4, k = 2, C = 2 network (one level) small enough to work through by hand. */
const tiny: ShowerWeights = {
  kernelSize: 2,
  pixels: 4,
  convolutions: 2,
  levels: 1,
  // K1 = [[1, 0], [0, 0]] copies the image; K2 = [[0, ½], [½, 0]] averages right and below.
  convKernels: [Float32Array.of(1, 0, 0, 0), Float32Array.of(0, 0.5, 0.5, 0)],
  // D1 = [[0.4, 0.3], [0.2, 0.1]], D2 = ¼ everywhere; both sum to 1.
  deconvKernels: [Float32Array.of(0.4, 0.3, 0.2, 0.1), Float32Array.of(0.25, 0.25, 0.25, 0.25)],
  filterProbabilities: [Float32Array.of(0.25, 0.75)],
};

// biome-ignore format: an image reads best as a grid
const tinyImage = Float32Array.of(
  4, 0, 0, 0,
  0, 0, 0, 0,
  0, 0, 2, 0,
  0, 0, 0, 0,
);
// u for each pixel's two channels in draw order: even pixels (0.9, 0.1), odd pixels (0.2, 0.8).
// For a tie (both responses 0): even → r = (0.9·0.25, 0.1·0.75) = (0.225, 0.075) → kernel 1;
// odd → r = (0.2·0.25, 0.8·0.75) = (0.05, 0.6) → kernel 2.
const tinyUniform = () => cycle([0.9, 0.1, 0.2, 0.8]);

describe('referenceConvolveSame', () => {
  it("pads after the image for even k, like TensorFlow's 'same'", () => {
    // One pixel of 1 at (1, 1) in 4×4; out[y, x] = Σ K[a, b]·in[y + a, x + b] (p = 0), so
    // out[1 − a, 1 − b] = K[a, b]: out(1,1) = 1, (1,0) = 2, (0,1) = 3, (0,0) = 4.
    const image = new Float32Array(16);
    image[5] = 1;
    const out = new Float32Array(16);
    referenceConvolveSame(image, 0, 4, Float32Array.of(1, 2, 3, 4), 2, out);
    // biome-ignore format: an image reads best as a grid
    expect(Array.from(out)).toEqual([
      4, 3, 0, 0,
      2, 1, 0, 0,
      0, 0, 0, 0,
      0, 0, 0, 0,
    ]);
  });

  it('pads one pixel on each side for k = 3', () => {
    // One pixel at (2, 2) of 5×5; p = 1: out[y, x] = Σ K[a, b]·in[y + a − 1, x + b − 1], so
    // out[3 − a, 3 − b] = K[a, b]: K[0,0] = 1 lands at (3, 3), K[2,2] = 9 at (1, 1).
    const image = new Float32Array(25);
    image[12] = 1;
    const out = new Float32Array(25);
    referenceConvolveSame(image, 0, 5, Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), 3, out);
    expect(out[3 * 5 + 3]).toBe(1);
    expect(out[1 * 5 + 1]).toBe(9);
    expect(out[2 * 5 + 3]).toBe(4); // a = 1, b = 0
    expect(out[0]).toBe(0);
  });
});

describe('referenceFilterMask', () => {
  it('keeps a unique winner by |o|, whatever u is', () => {
    const mask = new Float32Array(3);
    const unique = new Float32Array(3);
    // |o| = (1, 3, 2): channel 2 wins although o_2 < 0.
    referenceFilterMask([1, -3, 2], [0.9, 0.05, 0.05], [1, 0.01, 1], mask, unique);
    expect(Array.from(mask)).toEqual([0, 1, 0]);
    expect(Array.from(unique)).toEqual([0, 1, 0]);
  });

  it('breaks a tie by argmax u·p and counts no unique winner', () => {
    const mask = new Float32Array(3);
    const unique = new Float32Array(3);
    // All three tie at 0; r = u·p = (0.5·0.2, 0.9·0.3, 0.6·0.5) = (0.10, 0.27, 0.30) → channel 3.
    referenceFilterMask([0, 0, 0], [0.2, 0.3, 0.5], [0.5, 0.9, 0.6], mask, unique);
    expect(Array.from(mask)).toEqual([0, 0, 1]);
    expect(Array.from(unique)).toEqual([0, 0, 0]);
  });

  it('treats responses within ε = 1e-7 as tied', () => {
    const mask = new Float32Array(2);
    // |o| differ by 2⁻²⁶ ≈ 1.5e-8 < ε: both win, and r = (0.5·0.5, 0.4·0.5) picks channel 1.
    referenceFilterMask([0.25, 0.25 + 2 ** -26], [0.5, 0.5], [0.5, 0.4], mask);
    expect(Array.from(mask)).toEqual([1, 0]);
  });

  it('sets every channel when the single winner has probability 0 (the original quirk)', () => {
    const mask = new Float32Array(3);
    // Winner channel 1 with p = 0 → r = (0, 0, 0) → r − max + ε = ε > 0 everywhere.
    referenceFilterMask([5, 1, 1], [0, 0.5, 0.5], [0.7, 0.7, 0.7], mask);
    expect(Array.from(mask)).toEqual([1, 1, 1]);
  });
});

describe('reference network on a 4×4, k = 2 example worked by hand', () => {
  // o1 = the image: 4 at (0,0), 2 at (2,2). o2[y,x] = ½in[y,x+1] + ½in[y+1,x]: the 4 at (0,0)
  // only feeds pixels outside the image; the 2 at (2,2) gives o2(2,1) = 1 and o2(1,2) = 1.
  // max_c o: 4 at (0,0), 1 at (1,2), 1 at (2,1), 2 at (2,2). Max-pool 2×2 → [[4, 1], [1, 2]].
  it('encodes to the hand-computed bottleneck and mask', () => {
    const enc = referenceEncode(tiny, tinyImage, { uniform: tinyUniform() });
    expect(enc.batch).toBe(1);
    expect(Array.from(enc.bottleneck)).toEqual([4, 1, 1, 2]);
    // Mask per pixel (kernel number): unique winners (0,0) → 1, (2,2) → 1, (1,2) → 2, (2,1) → 2;
    // the other twelve pixels tie at 0 and take 1 at even pixel index, 2 at odd (see tinyUniform).
    // biome-ignore format: an image reads best as a grid
    const chosen = [
      1, 2, 1, 2,
      1, 2, 2, 2,
      1, 2, 1, 2,
      1, 2, 1, 2,
    ];
    const mask = enc.masks[0] ?? new Float32Array();
    expect(Array.from(mask)).toEqual(chosen.flatMap((c) => (c === 1 ? [1, 0] : [0, 1])));
    expect(Array.from(enc.levelInputs[0] ?? [])).toEqual(Array.from(tinyImage));
  });

  it('decodes to the hand-computed image', () => {
    const out = referenceReconstruct(tiny, tinyImage, { uniform: tinyUniform() });
    // out[2y + a, 2x + b] = parent(y,x)·D_{mask}[a, b]:
    // block (0,0), parent 4: 4·D1[0,0] = 1.6, 4·D2[0,1] = 1, 4·D1[1,0] = 0.8, 4·D2[1,1] = 1
    // block (0,1), parent 1: D1[0,0] = 0.4, D2 = 0.25, D2 = 0.25, D2 = 0.25
    // block (1,0), parent 1: D1[0,0] = 0.4, D2 = 0.25, D1[1,0] = 0.2, D2 = 0.25
    // block (1,1), parent 2: 2·D1[0,0] = 0.8, 2·D2 = 0.5, 2·D1[1,0] = 0.4, 2·D2 = 0.5
    // biome-ignore format: an image reads best as a grid
    const expected = [
      1.6, 1,    0.4, 0.25,
      0.8, 1,    0.25, 0.25,
      0.4, 0.25, 0.8, 0.5,
      0.2, 0.25, 0.4, 0.5,
    ];
    expect(Array.from(out)).toEqual(Array.from(Float32Array.from(expected)));
    // Total 8.85, not 4 + 1 + 1 + 2 = 8: children of one parent that pick different kernels do
    // not conserve pT even though each kernel sums to 1.
    expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(8.85, 5);
  });

  it('conserves the total when every decoder kernel is the same kernel summing to 1', () => {
    const same = { ...tiny, deconvKernels: [tiny.deconvKernels[0], tiny.deconvKernels[0]] };
    const out = referenceDecode(same as ShowerWeights, {
      batch: 1,
      bottleneck: Float32Array.of(4, 1, 1, 2),
      masks: referenceEncode(tiny, tinyImage, { uniform: tinyUniform() }).masks,
    });
    expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(8, 5);
  });

  it('calls the merge hook after each decoder level with the encoder input of that size', () => {
    const seen: number[] = [];
    const out = referenceReconstruct(tiny, tinyImage, {
      uniform: tinyUniform(),
      merge: (decoded, encoderInput, context) => {
        seen.push(context.level, context.side, encoderInput.length);
        return decoded.map((v, i) => v + (encoderInput[i] as number));
      },
    });
    expect(seen).toEqual([1, 4, 16]);
    expect(out[0]).toBeCloseTo(1.6 + 4, 5);
  });

  it('handles a batch image by image and rejects images of the wrong size', () => {
    const two = new Float32Array(32);
    two.set(tinyImage, 16);
    const enc = referenceEncode(tiny, two, { uniform: () => 0.5 });
    expect(Array.from(enc.bottleneck)).toEqual([0, 0, 0, 0, 4, 1, 1, 2]);
    expect(() => referenceEncode(tiny, new Float32Array(15), { uniform: () => 0.5 })).toThrow(
      ShowerError,
    );
  });
});
