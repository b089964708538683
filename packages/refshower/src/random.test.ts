import { describe, expect, it } from 'vitest';
import { createRandom, Xoshiro128 } from './random.js';

describe('Xoshiro128', () => {
  it('reproduces the reference xoshiro128** outputs from state (1, 2, 3, 4)', () => {
    const rng = Xoshiro128.fromState(1, 2, 3, 4);
    // Hand-stepped from the reference C code:
    // 1st: rotl(2·5, 7)·9 = 1280·9 = 11520; state → (7, 0, 1026, 12288)
    // 2nd: rotl(0, 7)·9 = 0; state → (12295, 1029, 1029, 25165824)
    // 3rd: rotl(1029·5, 7)·9 = 658560·9 = 5927040
    expect(rng.nextUint32()).toBe(11520);
    expect(rng.nextUint32()).toBe(0);
    expect(rng.nextUint32()).toBe(5927040);
  });

  it('refuses the all-zero state', () => {
    expect(() => Xoshiro128.fromState(0, 0, 0, 0)).toThrow(RangeError);
  });
});

describe('createRandom', () => {
  it('gives the same sequence for the same (seed, stream) and different ones otherwise', () => {
    const take = (seed: number, stream: number) => {
      const r = createRandom(seed, stream);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(take(42, 3)).toEqual(take(42, 3));
    expect(take(42, 3)).not.toEqual(take(42, 4));
    expect(take(42, 3)).not.toEqual(take(43, 3));
    // Seeds that differ only above bit 32 are different seeds.
    expect(take(1, 0)).not.toEqual(take(2 ** 32 + 1, 0));
  });

  it('is uniform on [0, 1): 20 bins of 100 000 draws pass a χ² test', () => {
    const r = createRandom(2026);
    const n = 100_000;
    const bins = new Array<number>(20).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      bins[Math.floor(u * 20)]! += 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const expected = n / 20;
    const chi2 = bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: P(χ² > 43.8) = 0.001.
    expect(chi2).toBeLessThan(43.8);
  });

  it('rejects seeds and streams out of range', () => {
    expect(() => createRandom(-1)).toThrow(RangeError);
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(1, 2 ** 32)).toThrow(RangeError);
  });
});
