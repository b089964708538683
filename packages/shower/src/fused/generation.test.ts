import { describe, expect, it } from 'vitest';
import { argmaxLaw, PairTable } from './mask-sampling.js';
import {
  type FusedPrecision,
  FusedShowerNetwork,
  fusedGeometry,
  makeFusedArray,
} from './network.js';
import { FusedRandom } from './rng.js';
import { testUniform } from './test-helpers.js';

/** Pearson's χ² of observed counts against expected probabilities (bins with p = 0 must be empty). */
function chiSquare(counts: ArrayLike<number>, probabilities: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  let chi2 = 0;
  for (let i = 0; i < counts.length; i++) {
    const expected = total * (probabilities[i] as number);
    const observed = counts[i] as number;
    if (expected === 0) {
      if (observed !== 0) return Number.POSITIVE_INFINITY;
      continue;
    }
    chi2 += (observed - expected) ** 2 / expected;
  }
  return chi2;
}

describe('PairTable', () => {
  it('is the inverse CDF of q⊗q: every u on a fine grid maps to the outcome a search gives', () => {
    for (const p of [
      [1, 0.5, 0.25],
      [0.9, 0.05, 0.3, 0.3, 0.001, 0.6, 0, 0.2, 1],
      [1, 0],
    ]) {
      const q = argmaxLaw(p);
      const table = new PairTable(q);
      const C = p.length;
      // The CDF differences are the pair law, in decreasing order.
      let previous = 0;
      let lastProbability = Number.POSITIVE_INFINITY;
      for (let i = 0; i < C * C; i++) {
        const o = table.order[i] as number;
        const probability = (q[Math.floor(o / C)] as number) * (q[o % C] as number);
        expect(probability).toBeLessThanOrEqual(lastProbability);
        lastProbability = probability;
        const cdf = table.cdf[i] as number;
        if (Number.isFinite(cdf)) {
          expect(cdf - previous).toBeCloseTo(probability, 14);
          previous = cdf;
        }
      }
      // u = (bucket + fine/2^32)/4096 on 2^18 grid points (64 per bucket, both ends included).
      const search = (u: number): number => {
        let i = 0;
        while (i < C * C - 1 && u >= (table.cdf[i] as number)) i++;
        return table.order[i] as number;
      };
      let straddling = 0;
      let mismatches = 0;
      let impossible = 0;
      for (let bucket = 0; bucket < 4096; bucket++) {
        const guide = table.guide[bucket] as number;
        if (guide < 0) straddling++;
        for (let step = 0; step < 64; step++) {
          const fine = step === 63 ? 2 ** 32 - 1 : step * 2 ** 26;
          const u = (bucket + fine * 2 ** -32) / 4096;
          const want = search(u);
          if ((guide < 0 ? table.straddle(bucket, fine) : guide) !== want) mismatches++;
          // An outcome of probability 0 is never drawn.
          if ((q[Math.floor(want / C)] as number) * (q[want % C] as number) === 0) impossible++;
        }
      }
      expect(mismatches).toBe(0);
      expect(impossible).toBe(0);
      // At most one straddling bucket per CDF boundary.
      expect(straddling).toBeLessThanOrEqual(C * C - 1);
    }
  });
});

describe('FusedShowerNetwork sparse generation (pair draws)', () => {
  // Decoder kernel c multiplies by c + 1 at every position, so child/parent names the kernel.
  const C = 3;
  const p = [1, 0.5, 0.25];
  const q = argmaxLaw(p);

  function run(precision: FusedPrecision, events: number) {
    const geometry = fusedGeometry(16, 2, C);
    const net = new FusedShowerNetwork(geometry, precision);
    const conv = [1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.25, 0.25, 0.25, 0.25];
    const deconv = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3];
    net.setParameters(conv, deconv, Array.from({ length: geometry.levels }, () => p).flat());
    const image = new Float32Array(256);
    const single = new Float64Array(C);
    const pairs = new Float64Array(C * C);
    const rows = new Float64Array(C * C * C * C);
    let encoderSet = 0;
    const rng = new FusedRandom(0);
    for (let e = 0; e < events; e++) {
      image.fill(0);
      image[17 * (e % 13) + 3] = 10 + (e % 7);
      rng.reseed(e + 1);
      net.forwardEvent(image, 0, rng, { dense: false });
      for (let d = 1; d < geometry.levels; d++) {
        const l = geometry.levels - 1 - d;
        const side = geometry.sizes[l] as number;
        const parentSide = side / 2;
        const parent = net.decoded[d - 1] as Float32Array;
        const child = net.decoded[d] as Float32Array;
        const masks = net.masks[l] as Uint32Array;
        const kernelAt = (y: number, x: number): number => {
          const v = parent[(y >> 1) * parentSide + (x >> 1)] as number;
          return Math.round((child[y * side + x] as number) / v) - 1;
        };
        for (let y = 0; y < parentSide; y++) {
          for (let x = 0; x < parentSide; x++) {
            if (parent[y * parentSide + x] === 0) continue;
            const kernels: number[] = [];
            let tied = true;
            for (let a = 0; a < 2; a++) {
              for (let b = 0; b < 2; b++) {
                const cy = 2 * y + a;
                const cx = 2 * x + b;
                if (masks[cy * side + cx] !== 0) tied = false;
                kernels.push(kernelAt(cy, cx));
              }
            }
            if (!tied) {
              encoderSet++;
              // Children the encoder set keep its mask (a single kernel here: unique winners).
              for (let j = 0; j < 4; j++) {
                const cy = 2 * y + (j >> 1);
                const cx = 2 * x + (j & 1);
                const m = masks[cy * side + cx] as number;
                if (m !== 0) expect(1 << (kernels[j] as number)).toBe(m);
              }
              continue;
            }
            const [k0, k1, k2, k3] = kernels as [number, number, number, number];
            for (const k of kernels) single[k] = (single[k] as number) + 1;
            pairs[k0 * C + k1] = (pairs[k0 * C + k1] as number) + 1;
            pairs[k2 * C + k3] = (pairs[k2 * C + k3] as number) + 1;
            const block = ((k0 * C + k1) * C + k2) * C + k3;
            rows[block] = (rows[block] as number) + 1;
          }
        }
      }
    }
    return { single, pairs, rows, encoderSet };
  }

  for (const precision of ['float32', 'float64'] as const) {
    it(`draws tied children from q, pairs from q⊗q, the two rows independently (${precision})`, () => {
      const { single, pairs, rows, encoderSet } = run(precision, 3000);
      const total = single.reduce((s, v) => s + v, 0);
      expect(total).toBeGreaterThan(100_000);
      expect(encoderSet).toBeGreaterThan(1000);
      const pairLaw = Array.from(
        { length: C * C },
        (_, o) => (q[Math.floor(o / C)] as number) * (q[o % C] as number),
      );
      const blockLaw = Array.from({ length: C ** 4 }, (_, o) =>
        [0, 1, 2, 3].reduce((s, i) => s * (q[Math.floor(o / C ** (3 - i)) % C] as number), 1),
      );
      // Fixed seeds, so the statistics are fixed; the cuts are the 99.9 % points of χ² with
      // 2, 8 and 80 degrees of freedom: a wrong law (a swapped or biased kernel) fails by far.
      expect(chiSquare(single, q)).toBeLessThan(13.8);
      expect(chiSquare(pairs, pairLaw)).toBeLessThan(26.1);
      expect(chiSquare(rows, blockLaw)).toBeLessThan(117);
    });
  }

  it('writes the same image as the dense pass when the draws cannot differ (one-hot probabilities)', () => {
    const geometry = fusedGeometry(32, 2, 4);
    const u = testUniform(5);
    const conv = Array.from({ length: 16 }, () => u() - 0.3);
    const deconv = Array.from({ length: 16 }, () => u());
    const oneHot = Array.from({ length: geometry.levels }, () => [0, 0, 1, 0]).flat();
    const sparse = new FusedShowerNetwork(geometry);
    const dense = new FusedShowerNetwork(geometry);
    sparse.setParameters(conv, deconv, oneHot);
    dense.setParameters(conv, deconv, oneHot);
    const images = new Float32Array(6 * 1024);
    for (let i = 0; i < 40; i++) images[Math.floor(u() * images.length)] = 1 / (0.05 + u()) ** 2;
    for (let e = 0; e < 6; e++) {
      sparse.forwardEvent(images, e * 1024, new FusedRandom(e), { dense: false });
      dense.forwardEvent(images, e * 1024, new FusedRandom(e), { dense: true });
      expect(Array.from(sparse.output)).toEqual(Array.from(dense.output));
      for (let l = 0; l <= geometry.levels; l++) {
        expect(Array.from(sparse.levelInputs[l] as Float32Array)).toEqual(
          Array.from(dense.levelInputs[l] as Float32Array),
        );
      }
    }
  });
});

/**
 * The encoder written literally (every pixel, every channel; responses rounded by storing them in
 * an array of the network's precision), for checking the fused encoder's one-entry shortcut.
 */
function literalEncoder(
  image: ArrayLike<number>,
  conv: readonly number[],
  n: number,
  C: number,
  precision: FusedPrecision,
) {
  const k = 2;
  const inputs = [Float64Array.from(image)];
  const argmax: Uint8Array[] = [];
  const winners: Uint32Array[] = [];
  const response = makeFusedArray(precision, C);
  let x = inputs[0] as Float64Array;
  let S = n;
  while (S > k) {
    const maxima = new Float64Array(S * S);
    const arg = new Uint8Array(S * S);
    const win = new Uint32Array(S * S);
    for (let y = 0; y < S; y++) {
      for (let xx = 0; xx < S; xx++) {
        const patch = [0, 0, 0, 0];
        for (let j = 0; j < 4; j++) {
          const iy = y + (j >> 1);
          const ix = xx + (j & 1);
          if (iy < S && ix < S) patch[j] = x[iy * S + ix] as number;
        }
        let best = Number.NEGATIVE_INFINITY;
        let aMax = 0;
        for (let c = 0; c < C; c++) {
          response[c] = patch.reduce((sum, v, j) => sum + v * (conv[c * 4 + j] as number), 0);
          best = Math.max(best, response[c] as number);
          aMax = Math.max(aMax, Math.abs(response[c] as number));
        }
        let first = 0;
        while (response[first] !== best) first++;
        maxima[y * S + xx] = best;
        arg[y * S + xx] = first;
        for (let c = 0; c < C; c++) {
          if (Math.abs(response[c] as number) - aMax + 1e-7 > 0) {
            win[y * S + xx] = (win[y * S + xx] as number) | (1 << c);
          }
        }
      }
    }
    const T = S / k;
    const pooled = new Float64Array(T * T);
    for (let w = 0; w < T * T; w++) {
      const top = Math.floor(w / T) * k * S + (w % T) * k;
      pooled[w] = Math.max(...[0, 1, S, S + 1].map((o) => maxima[top + o] as number));
    }
    argmax.push(arg);
    winners.push(win);
    inputs.push(pooled);
    x = pooled;
    S = T;
  }
  return { inputs, argmax, winners };
}

describe('FusedShowerNetwork encoder', () => {
  for (const precision of ['float32', 'float64'] as const) {
    it(`agrees with the literal encoder bit for bit on adversarial ties and ε windows (${precision})`, () => {
      // Kernel weights from a small set (repeats, ± pairs, 0, 1e-9, and pairs one float32 or float64
      // ulp apart whose products with 1.5, 3 or 6 round to the same number) and pixel
      // values as small as the ε = 1e-7 window, so every proviso of the shortcut is exercised.
      const u = testUniform(precision === 'float32' ? 31 : 37);
      const weights = [
        0.5,
        -0.5,
        0.25,
        1e-9,
        0,
        0.3,
        Math.fround(0.8),
        0.8000000715255737,
        -Math.fround(0.8),
        -0.8000000715255737,
        0.8,
        0.8000000000000002,
      ];
      const values = [1e-8, 3e-8, 1.5e-7, 1, 7.3, -2, 250, 1.5, 3, -6];
      const n = 16;
      const C = 5;
      const geometry = fusedGeometry(n, 2, C);
      let checkedPixels = 0;
      let mismatches = 0;
      for (let trial = 0; trial < 300; trial++) {
        const conv = Array.from(
          { length: C * 4 },
          () => weights[Math.floor(u() * weights.length)] as number,
        );
        const net = new FusedShowerNetwork(geometry, precision);
        net.setParameters(
          conv,
          new Array(C * 4).fill(0.25),
          new Array(geometry.levels * C).fill(1),
        );
        const image = makeFusedArray(precision, n * n);
        const hits = 1 + Math.floor(u() * 6);
        for (let h = 0; h < hits; h++) {
          const at = Math.floor(u() * n * n);
          image[at] = values[Math.floor(u() * values.length)] as number;
          // Half the time a neighbour too, so patches hold one or several entries.
          if (u() < 0.5 && at + 1 < n * n)
            image[at + 1] = values[Math.floor(u() * values.length)] as number;
        }
        // The network keeps its kernels in its own precision.
        const stored = precision === 'float32' ? conv.map(Math.fround) : conv;
        const want = literalEncoder(image, stored, n, C, precision);
        const counts = new Float64Array(geometry.levels * C);
        net.forwardEvent(image, 0, new FusedRandom(trial), { dense: trial % 2 === 0, counts });
        const argChannel = (net as unknown as { argChannel: Uint8Array[] }).argChannel;
        const wantCounts = new Float64Array(geometry.levels * C);
        for (let l = 0; l <= geometry.levels; l++) {
          const got = net.levelInputs[l] as ArrayLike<number>;
          const ref = want.inputs[l] as Float64Array;
          for (let i = 0; i < ref.length; i++) if (got[i] !== ref[i]) mismatches++;
          if (l === geometry.levels) break;
          const masks = net.masks[l] as Uint32Array;
          const arg = argChannel[l] as Uint8Array;
          const wins = want.winners[l] as Uint32Array;
          const side = geometry.sizes[l] as number;
          const input = want.inputs[l] as Float64Array;
          for (let y = 0; y < side; y++) {
            for (let xx = 0; xx < side; xx++) {
              // Active pixels: a non-zero input in the receptive field (rows y, y+1; columns x, x+1).
              const p = y * side + xx;
              let active = false;
              for (let j = 0; j < 4; j++) {
                const iy = y + (j >> 1);
                const ix = xx + (j & 1);
                if (iy < side && ix < side && input[iy * side + ix] !== 0) active = true;
              }
              if (!active) continue;
              checkedPixels++;
              const w = wins[p] as number;
              const m = masks[p] as number;
              if (arg[p] !== want.argmax[l]?.[p]) mismatches++;
              // All probabilities 1: a unique winner keeps its kernel; a tie draws among the winners.
              if ((w & (w - 1)) === 0) {
                if (m !== w) {
                  mismatches++;
                }
                wantCounts[l * C + Math.log2(w)] = (wantCounts[l * C + Math.log2(w)] as number) + 1;
              } else if (m === 0 || (m & ~w) !== 0) {
                mismatches++;
              }
            }
          }
        }
        expect(Array.from(counts)).toEqual(Array.from(wantCounts));
      }
      expect(mismatches).toBe(0);
      expect(checkedPixels).toBeGreaterThan(1000);
    });
  }
});

describe('FusedRandom seeding', () => {
  it('keeps the seeded stream (SplitMix32 seeding, xoshiro128**)', () => {
    // The first outputs for seed 140280, as the generator gave them before its seeding was
    // rewritten without a closure: reseeding must not change any seeded run.
    const a = new FusedRandom(140280);
    expect([a.nextUint32(), a.nextUint32(), a.nextUint32()]).toEqual([
      2440871283, 3441740440, 912538800,
    ]);
  });
});

describe('FusedShowerNetwork workspace reuse', () => {
  it('gives every event what a fresh network gives, whatever passes came before', () => {
    // Passes clear only what the previous event wrote (its non-zero pixels, active pixels and
    // masks), so a reused network must match a fresh one across modes, inputs and precisions.
    for (const precision of ['float32', 'float64'] as const) {
      const geometry = fusedGeometry(32, 2, 4);
      const u = testUniform(precision === 'float32' ? 8 : 9);
      const conv = Array.from({ length: 16 }, () => u() - 0.4);
      const deconv = Array.from({ length: 16 }, () => u());
      const probabilities = Array.from({ length: geometry.levels * 4 }, () => 0.1 + u());
      const reused = new FusedShowerNetwork(geometry, precision);
      reused.setParameters(conv, deconv, probabilities);
      const modes = ['sparse', 'dense', 'fixed', 'sparse', 'sparse', 'dense', 'sparse', 'fixed'];
      for (let e = 0; e < 16; e++) {
        const mode = modes[e % modes.length] as string;
        const hits = e % 5 === 4 ? 600 : 1 + (e % 7);
        const values = new Float32Array(1024);
        for (let h = 0; h < hits; h++) values[Math.floor(u() * 1024)] = 1 / (0.05 + u()) ** 2;
        // −0 pixels (zero, whatever half of a float64 word of the block scan they sit in).
        for (let h = 0; h < 8; h++) values[Math.floor(u() * 1024)] = -0;
        // Float32Array input (block scan), a plain array and a view 4 bytes into its buffer (both
        // copied element by element).
        const input: ArrayLike<number> =
          e % 3 === 0
            ? Array.from(values)
            : e % 3 === 1
              ? values
              : new Float32Array([7, ...values]);
        const offset = e % 3 === 2 ? 1 : 0;
        const fixedMasks =
          mode === 'fixed'
            ? geometry.sizes
                .slice(0, geometry.levels)
                .map((s) => Uint32Array.from({ length: s * s }, () => 1 << Math.floor(u() * 4)))
            : undefined;
        const options = { dense: mode !== 'sparse', fixedMasks };
        const fresh = new FusedShowerNetwork(geometry, precision);
        fresh.setParameters(conv, deconv, probabilities);
        fresh.forwardEvent(input, offset, new FusedRandom(e), options);
        reused.forwardEvent(input, offset, new FusedRandom(e), options);
        expect(Array.from(reused.output)).toEqual(Array.from(fresh.output));
        // The block scans of float32 input find what the element-by-element copy of an array finds.
        const plain = new FusedShowerNetwork(geometry, precision);
        plain.setParameters(conv, deconv, probabilities);
        plain.forwardEvent(Array.from(values), 0, new FusedRandom(e), options);
        expect(Array.from(plain.output)).toEqual(Array.from(fresh.output));
        expect(plain.nonZeroCountAt(0)).toBe(fresh.nonZeroCountAt(0));
        for (let l = 0; l <= geometry.levels; l++) {
          expect(Array.from(reused.levelInputs[l] as ArrayLike<number>)).toEqual(
            Array.from(fresh.levelInputs[l] as ArrayLike<number>),
          );
          if (l < geometry.levels) {
            expect(Array.from(reused.masks[l] as Uint32Array)).toEqual(
              Array.from(fresh.masks[l] as Uint32Array),
            );
          }
        }
      }
    }
  });
});
