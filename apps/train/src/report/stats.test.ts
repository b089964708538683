import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closure, density, fillHistogram, wasserstein1 } from './stats.js';

describe('wasserstein1', () => {
  it('is the shift between two point masses', () => {
    expect(wasserstein1({ values: [0] }, { values: [1] })).toBe(1);
    expect(wasserstein1({ values: [2.5] }, { values: [-1] })).toBe(3.5);
  });

  it('matches a hand-computed case', () => {
    // F_a = 2/3 and F_b = 1/3 on [0, 1), equal elsewhere: W1 = (2/3 − 1/3)·1 = 1/3.
    expect(wasserstein1({ values: [0, 0, 1] }, { values: [0, 1, 1] })).toBeCloseTo(1 / 3, 15);
  });

  it('uses weights as event counts', () => {
    // {0 (w=2), 1 (w=1)} is the same distribution as {0, 0, 1}.
    const weighted = wasserstein1({ values: [0, 1], weights: [2, 1] }, { values: [0, 1, 1] });
    expect(weighted).toBeCloseTo(1 / 3, 15);
  });

  it('is symmetric, zero on itself and equals the mean shift of a translated sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (xs, shift) => {
          const a = { values: xs };
          const b = { values: xs.map((x) => x + shift) };
          // Tolerance: sums of up to 80 gaps of size ≤ 200, each with rounding ~1e-14.
          expect(wasserstein1(a, a)).toBe(0);
          expect(Math.abs(wasserstein1(a, b) - wasserstein1(b, a))).toBeLessThan(1e-9);
          expect(Math.abs(wasserstein1(a, b) - Math.abs(shift))).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects empty and zero-weight samples', () => {
    expect(() => wasserstein1({ values: [] }, { values: [1] })).toThrow('first sample is empty');
    expect(() => wasserstein1({ values: [1] }, { values: [1], weights: [0] })).toThrow(
      'total weight of 0',
    );
  });
});

describe('histograms', () => {
  it('fills bins, under- and overflow with weights and variances', () => {
    const h = fillHistogram(
      { values: [-1, 0, 0.5, 1, 1.5, 2, 3, Number.NaN], weights: [1, 2, 3, 4, 5, 6, 7, 8] },
      [0, 1, 2],
    );
    // bin [0,1): 2 + 3 = 5, Σw² = 4 + 9 = 13; bin [1,2): 4 + 5 = 9, Σw² = 16 + 25 = 41.
    expect(Array.from(h.sumW)).toEqual([5, 9]);
    expect(Array.from(h.sumW2)).toEqual([13, 41]);
    expect(h.underflow).toBe(1);
    expect(h.overflow).toBe(13);
    expect(h.total).toBe(28);
    const d = density(h);
    // width 1, total 28: 5/28 and 9/28; errors √13/28, √41/28.
    expect(d.value[0]).toBeCloseTo(5 / 28, 15);
    expect(d.error[1]).toBeCloseTo(Math.sqrt(41) / 28, 15);
  });

  it('handles non-uniform edges', () => {
    const h = fillHistogram({ values: [0.05, 0.2, 5] }, [0, 0.1, 1, 10]);
    expect(Array.from(h.sumW)).toEqual([1, 1, 1]);
    expect(density(h).value[2]).toBeCloseTo(1 / (3 * 9), 15);
  });

  it('rejects bad edges', () => {
    expect(() => fillHistogram({ values: [1] }, [0])).toThrow('at least two');
    expect(() => fillHistogram({ values: [1] }, [0, 0])).toThrow('ascend');
  });
});

describe('closure', () => {
  it('is 1 − W1(gen)/W1(baseline)', () => {
    expect(closure(0.25, 1)).toBe(0.75);
    expect(closure(2, 1)).toBe(-1);
    expect(closure(0, 0)).toBeNaN();
  });
});
