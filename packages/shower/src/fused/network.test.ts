import { describe, expect, it } from 'vitest';
import { ShowerError } from '../errors.js';
import { referenceConvolveSame, referenceDecode, referenceEncode } from '../reference.js';
import { fusedGenerate } from './generate.js';
import { FusedShowerNetwork, fusedGeometry } from './network.js';
import { FusedRandom } from './rng.js';
import {
  flatParameters,
  maskBits,
  randomWeights,
  sparseTestImages,
  testUniform,
} from './test-helpers.js';

describe('fusedGeometry', () => {
  it('derives L = log_k N − 1 and the level sides', () => {
    expect(fusedGeometry(64, 2, 9)).toEqual({
      pixels: 64,
      kernelSize: 2,
      convolutions: 9,
      levels: 5,
      sizes: [64, 32, 16, 8, 4, 2],
    });
    expect(fusedGeometry(81, 3, 7).sizes).toEqual([81, 27, 9, 3]);
    expect(fusedGeometry(4, 2, 1).levels).toBe(1);
  });

  it('rejects sides that are not powers of k and out-of-range sizes', () => {
    for (const [n, k, c] of [
      [60, 2, 9],
      [2, 2, 9],
      [64, 1, 9],
      [64, 2, 0],
      [64, 2, 33],
      [27, 2, 3],
    ] as const) {
      expect(() => fusedGeometry(n, k, c)).toThrow(ShowerError);
    }
    try {
      fusedGeometry(60, 2, 9);
    } catch (e) {
      expect((e as ShowerError).code).toBe('BAD_GEOMETRY');
    }
  });
});

/**
 * Runs the plain-loop reference (from the shower package, written independently) to get masks,
 * then the fused network with those masks fixed, and compares every level's input and the output.
 */
function compareWithReference(pixels: number, k: number, c: number, batch: number, hits: number) {
  const levels = Math.round(Math.log(pixels) / Math.log(k)) - 1;
  const weights = randomWeights(pixels, k, c, levels, 11 + pixels + k);
  const images = Float32Array.from(sparseTestImages(batch, pixels, hits, 5 + pixels));
  const encoding = referenceEncode(weights, images, { uniform: testUniform(99) });
  const expected = referenceDecode(weights, encoding);
  const geometry = fusedGeometry(pixels, k, c);
  const net = new FusedShowerNetwork(geometry, 'float32');
  const flat = flatParameters(weights);
  net.setParameters(flat.convKernels, flat.deconvKernels, flat.probabilities);
  const fixedMasks = encoding.masks.map((m) => maskBits(m, c));
  const rng = new FusedRandom(1);
  for (let b = 0; b < batch; b++) {
    for (const dense of [true, false]) {
      net.forwardEvent(images, b * pixels * pixels, rng, { fixedMasks, event: b, dense });
      const out = Array.from(net.output);
      const want = Array.from(expected.subarray(b * pixels * pixels, (b + 1) * pixels * pixels));
      for (let i = 0; i < out.length; i++) {
        // float32 storage on both sides, sums of ≤ k² products per level: agreement to ~1e-6.
        expect(Math.abs((out[i] as number) - (want[i] as number))).toBeLessThanOrEqual(
          1e-5 * (1 + Math.abs(want[i] as number)),
        );
      }
      for (let l = 1; l <= levels; l++) {
        const side = geometry.sizes[l] as number;
        const got = Array.from(net.levelInputs[l] as Float32Array);
        const ref =
          l < levels
            ? (encoding.levelInputs[l] as Float32Array).subarray(
                b * side * side,
                (b + 1) * side * side,
              )
            : encoding.bottleneck.subarray(b * side * side, (b + 1) * side * side);
        got.forEach((v, i) => {
          expect(Math.abs(v - (ref[i] as number))).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)));
        });
      }
    }
  }
}

describe('FusedShowerNetwork forward', () => {
  it('equals the plain-loop reference with the same masks: 8×8, k = 2, C = 3', () => {
    compareWithReference(8, 2, 3, 3, 6);
  });
  it('equals the plain-loop reference: 9×9, k = 3 (odd kernel, symmetric padding), C = 4', () => {
    compareWithReference(9, 3, 4, 3, 5);
  });
  it('equals the plain-loop reference: 64×64, k = 2, C = 9, sparse events', () => {
    compareWithReference(64, 2, 9, 2, 30);
  });
  it('equals the plain-loop reference: 16×16, k = 2, C = 14 (masks beyond the sum table)', () => {
    compareWithReference(16, 2, 14, 2, 8);
  });
  it('equals the plain-loop reference: 27×27, k = 3, C = 2 (two levels)', () => {
    compareWithReference(27, 3, 2, 2, 12);
  });

  it('draws FilterMask: unique winners keep their kernel, ties get one kernel, counts match', () => {
    const pixels = 16;
    const k = 2;
    const c = 3;
    const geometry = fusedGeometry(pixels, k, c);
    const weights = randomWeights(pixels, k, c, geometry.levels, 3);
    const flat = flatParameters(weights);
    const ones = new Float64Array(flat.probabilities.length).fill(1);
    // All probabilities 1: a unique winner w has r_w = u_w ≥ ε except with probability 1e-7.
    const images = sparseTestImages(4, pixels, 10, 8);
    for (const sampling of ['perChannel', 'categorical'] as const) {
      const net = new FusedShowerNetwork(geometry, 'float64', sampling);
      net.setParameters(flat.convKernels, flat.deconvKernels, ones);
      const counts = new Float64Array(geometry.levels * c);
      const expectedCounts = new Float64Array(geometry.levels * c);
      for (let b = 0; b < 4; b++) {
        net.forwardEvent(images, b * pixels * pixels, new FusedRandom(b), { counts });
        for (let l = 0; l < geometry.levels; l++) {
          const n = geometry.sizes[l] as number;
          const input = Float32Array.from(net.levelInputs[l] as Float64Array);
          const responses = Array.from({ length: c }, () => new Float32Array(n * n));
          for (let ch = 0; ch < c; ch++) {
            referenceConvolveSame(
              input,
              0,
              n,
              weights.convKernels[ch] as Float32Array,
              k,
              responses[ch] as Float32Array,
            );
          }
          const masks = net.masks[l] as Uint32Array;
          for (let p = 0; p < n * n; p++) {
            const a = responses.map((r) => Math.abs(r[p] as number));
            const max = Math.max(...a);
            const winners = a
              .map((v, ch) => (v - max + 1e-7 > 0 ? ch : -1))
              .filter((ch) => ch >= 0);
            const mask = masks[p] as number;
            if (winners.length === 1) {
              expect(mask).toBe(1 << (winners[0] as number));
              const w = l * c + (winners[0] as number);
              expectedCounts[w] = (expectedCounts[w] as number) + 1;
            } else {
              // A tie (here: all responses 0) picks among the winners; categorical picks exactly one.
              expect(mask).toBeGreaterThan(0);
              if (sampling === 'categorical') expect(mask & (mask - 1)).toBe(0);
            }
          }
        }
      }
      expect(Array.from(counts)).toEqual(Array.from(expectedCounts));
      expect(expectedCounts.reduce((s, v) => s + v, 0)).toBeGreaterThan(20);
    }
  });

  it('sets every channel when the single winner has probability ≈ 0 (the original quirk)', () => {
    // 4×4, k = 2, C = 2, one level: kernel 0 = identity wins wherever the image is non-zero.
    const geometry = fusedGeometry(4, 2, 2);
    const net = new FusedShowerNetwork(geometry, 'float64', 'perChannel');
    net.setParameters([1, 0, 0, 0, 0.1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1], [0, 1]);
    const image = new Float64Array(16);
    image[0] = 5;
    net.forwardEvent(image, 0, new FusedRandom(3));
    // Pixel (0, 0): responses (5, 0.5), unique winner 0 with p_0 = 0 → r = 0 → mask = {0, 1}.
    expect(net.masks[0]?.[0]).toBe(0b11);
    // Empty pixels tie; r = (0, u·1) → kernel 1 only.
    expect(net.masks[0]?.[5]).toBe(0b10);
  });
});

describe('fusedGenerate', () => {
  const geometry = fusedGeometry(16, 2, 3);
  const conv = [1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.25, 0.25, 0.25, 0.25];
  const images = new Float64Array(3 * 256);
  images[5] = 100; // event 0: one parton
  images[2 * 256 + 17] = 40; // event 2: two partons in one quadrant; event 1 is empty
  images[2 * 256 + 20] = 60;
  const sum = (out: Float32Array, b: number) =>
    out.subarray(b * 256, (b + 1) * 256).reduce((s, v) => s + v, 0);

  it('keeps the bottleneck pT when every decoder kernel sums to 1 with the same weights', () => {
    // Each child takes the kernel its own mask chose, so pT is conserved exactly only when the
    // kernels agree position by position; here all three are (0.1, 0.2, 0.3, 0.4).
    const net = new FusedShowerNetwork(geometry);
    net.setParameters(
      conv,
      [0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3, 0.4],
      new Float64Array(9).fill(1),
    );
    const out = fusedGenerate(net, images, 3, 11);
    // The bottleneck keeps each quadrant's maximum: 100 for event 0, max(40, 60) = 60 for event 2.
    expect(sum(out, 0)).toBeCloseTo(100, 3);
    expect(sum(out, 1)).toBe(0);
    expect(sum(out, 2)).toBeCloseTo(60, 3);
  });

  it('showers each event with its own seeded stream', () => {
    const net = new FusedShowerNetwork(geometry);
    net.setParameters(
      conv,
      [1, 0, 0, 0, 0.5, 0, 0, 0.5, 0.1, 0.2, 0.3, 0.4],
      new Float64Array(9).fill(1),
    );
    const out = fusedGenerate(net, images, 3, 11);
    expect(sum(out, 1)).toBe(0);
    expect(Array.from(fusedGenerate(net, images, 3, 11))).toEqual(Array.from(out));
    expect(Array.from(fusedGenerate(net, images, 3, 12))).not.toEqual(Array.from(out));
    expect(() => fusedGenerate(net, images, 4, 1)).toThrow(ShowerError);
  });
});
