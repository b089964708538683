import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JetImageError } from './errors.js';
import { createRng, rngFromState } from './rng.js';

interface ReferenceCase {
  seed: number;
  state: number[];
  uint32: number[];
  uniform: number[];
}
// Made by the authors' C code (tools/jetimage-rng/xoshiro128ss.c), independent of this package.
const reference = JSON.parse(
  readFileSync(new URL('../test/fixtures/xoshiro128ss.json', import.meta.url), 'utf8'),
) as { cases: ReferenceCase[] };

describe('createRng', () => {
  it.each(reference.cases)('matches the C reference for seed $seed', (ref) => {
    const rng = createRng(ref.seed);
    expect([...rng.state()]).toEqual(ref.state);
    expect(Array.from({ length: 8 }, () => rng.nextUint32())).toEqual(ref.uint32);
    // Exact: both sides build the double from the same 53 bits.
    expect(Array.from({ length: 4 }, () => rng.uniform())).toEqual(ref.uniform);
  });

  it('takes a bigint seed as the same number', () => {
    expect(createRng(140280n).nextUint32()).toBe(createRng(140280).nextUint32());
  });

  it('gives the same sequence on every run and different ones for different seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 100 }, () => a.uniform());
    expect(Array.from({ length: 100 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.uniform())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1) with mean ½ and variance 1/12', () => {
    // 10⁵ draws: σ(mean) = √(1/12/10⁵) = 9.1e-4, so 5σ = 4.6e-3; σ(variance) ≈ 2.1e-4 → 1e-3.
    const rng = createRng(2024);
    const n = 100_000;
    let sum = 0;
    let sum2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      sum += u;
      sum2 += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / n;
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4.6e-3);
    expect(Math.abs(sum2 / n - mean * mean - 1 / 12)).toBeLessThan(1e-3);
  });

  it('draws normals with mean 0 and variance 1', () => {
    // 10⁵ draws: 5σ on the mean is 0.016, on the variance 5·√(2/10⁵) = 0.022.
    const rng = createRng(7);
    const n = 100_000;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sum2 += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.016);
    expect(Math.abs(sum2 / n - 1)).toBeLessThan(0.022);
  });

  it('shuffles into a permutation, the same one for the same seed', () => {
    const a = createRng(5).shuffle(Array.from({ length: 50 }, (_, i) => i));
    const b = createRng(5).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect([...b]).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('draws integers in [0, n)', () => {
    const rng = createRng(9);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(rng.integer(6));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => rng.integer(0)).toThrow(JetImageError);
  });

  it('rejects negative, fractional and oversized seeds', () => {
    expect(() => createRng(-1)).toThrow(/seed/);
    expect(() => createRng(1.5)).toThrow(/seed/);
    expect(() => createRng(2n ** 64n)).toThrow(/seed/);
  });
});

describe('rngFromState', () => {
  it('continues exactly where the saved generator was', () => {
    const a = createRng(140280);
    for (let i = 0; i < 17; i++) a.uniform();
    const b = rngFromState(a.state());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(
      Array.from({ length: 10 }, () => a.nextUint32()),
    );
  });

  it('rejects the all-zero state and words out of range', () => {
    expect(() => rngFromState([0, 0, 0, 0])).toThrow(/not all zero/);
    expect(() => rngFromState([1, 2, 3])).toThrow(JetImageError);
    expect(() => rngFromState([1, 2, 3, 2 ** 32])).toThrow(JetImageError);
  });
});
