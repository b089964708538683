import { describe, expect, it } from 'vitest';
import { argmaxLaw, GuideTable } from './mask-sampling.js';
import { FusedRandom } from './rng.js';

describe('argmaxLaw', () => {
  it('matches hand-integrated laws', () => {
    // p = (1, ½): channel 1 wins when ½u₁ > u₀, probability E[½u₁] = ¼, so (¾, ¼).
    expect(Array.from(argmaxLaw([1, 0.5])).map((q) => Number(q.toFixed(12)))).toEqual([0.75, 0.25]);
    expect(Array.from(argmaxLaw([1, 1, 1, 1])).map((q) => Number(q.toFixed(12)))).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
    // A zero probability never wins; all zero gives an all-zero law.
    expect(Array.from(argmaxLaw([0, 2]))).toEqual([0, 1]);
    expect(Array.from(argmaxLaw([0, 0]))).toEqual([0, 0]);
  });

  it('agrees with drawing one uniform per channel (10⁵ draws, 5σ)', () => {
    const p = [0.9, 0.05, 0.3, 0.3, 0.001, 0.6];
    const law = argmaxLaw(p);
    expect(law.reduce((s, q) => s + q, 0)).toBeCloseTo(1, 12);
    const rng = new FusedRandom(4);
    const draws = 100_000;
    const counts = new Float64Array(p.length);
    for (let i = 0; i < draws; i++) {
      let best = -1;
      let bestR = -1;
      p.forEach((pc, c) => {
        const r = rng.uniform() * pc;
        if (r > bestR) {
          bestR = r;
          best = c;
        }
      });
      counts[best] = (counts[best] as number) + 1;
    }
    law.forEach((q, c) => {
      const sigma = Math.sqrt((draws * q * (1 - q)) as number);
      expect(Math.abs((counts[c] as number) - draws * q)).toBeLessThanOrEqual(5 * sigma + 1);
    });
  });
});

describe('GuideTable', () => {
  it('draws a law with one uniform (10⁵ draws, 5σ)', () => {
    const law = [0.5, 0.1, 0.0, 0.4];
    const table = new GuideTable(law);
    const rng = new FusedRandom(9);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) {
      const c = table.draw(rng.uniform());
      counts[c] = (counts[c] as number) + 1;
    }
    law.forEach((q, c) => {
      const sigma = Math.sqrt(100_000 * q * (1 - q));
      expect(Math.abs((counts[c] as number) - 100_000 * q)).toBeLessThanOrEqual(5 * sigma + 1);
    });
    expect(counts[2]).toBe(0);
    expect(new GuideTable([0, 0]).draw(0.3)).toBe(-1);
    // CDF (0.5, 0.6, 0.6, 1): the boundary 0.5 is a bucket edge (2048/4096), 0.6·4096 = 2457.6
    // falls inside bucket 2457, which is marked for a search; the others answer directly.
    expect(table.guide[0]).toBe(0);
    expect(table.guide[2047]).toBe(0);
    expect(table.guide[2048]).toBe(1);
    expect(table.guide[2457]).toBe(-1);
    expect(table.guide[4095]).toBe(3);
    expect(table.draw(0.55)).toBe(1);
    expect(table.draw(0.6)).toBe(3);
  });
});

describe('FusedRandom', () => {
  it('is reproducible and fillUniform continues the same stream', () => {
    const a = new FusedRandom(140280);
    const b = new FusedRandom(140280);
    const block = new Float64Array(5);
    b.fillUniform(block);
    expect(Array.from(block)).toEqual([1, 2, 3, 4, 5].map(() => a.uniform()));
    expect(a.uniform()).toBe(b.uniform());
    // Uniforms in [0, 1) with mean ½ (10⁵ draws: σ = 0.29/√10⁵ ≈ 0.0009).
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = a.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
});
