import { describe, expect, it } from 'vitest';
import { chooseEdges, weightedQuantiles } from './binning.js';

describe('weightedQuantiles', () => {
  it('gives the smallest value whose cumulative weight reaches p', () => {
    // Cumulative weights of 1, 2, 3, 4: 0.25, 0.5, 0.75, 1.
    expect(weightedQuantiles({ values: [4, 1, 3, 2] }, [0, 0.25, 0.5, 0.6, 1])).toEqual([
      1, 1, 2, 3, 4,
    ]);
  });

  it('uses weight magnitudes and ignores NaN', () => {
    // |w| = 1, 3 of values 0 and 10: F(0) = 0.25.
    expect(
      weightedQuantiles({ values: [10, Number.NaN, 0], weights: [-3, 5, 1] }, [0.2, 0.5]),
    ).toEqual([0, 10]);
    expect(weightedQuantiles({ values: [Number.NaN] }, [0.5])).toEqual([Number.NaN]);
  });
});

describe('chooseEdges', () => {
  it('bins counts at half-integers from the smallest to the largest value', () => {
    expect(Array.from(chooseEdges({ values: [0, 1, 1, 3] }, 'count') ?? [])).toEqual([
      -0.5, 0.5, 1.5, 2.5, 3.5,
    ]);
  });

  it('widens count bins to whole multiples beyond maxCountBins', () => {
    // 0…9 is 10 values; at most 4 bins → step ⌈10/4⌉ = 3, ⌈10/3⌉ = 4 bins.
    const values = Array.from({ length: 10 }, (_, i) => i);
    expect(Array.from(chooseEdges({ values }, 'count', { maxCountBins: 4 }) ?? [])).toEqual([
      -0.5, 2.5, 5.5, 8.5, 11.5,
    ]);
  });

  it('spans the central quantiles with equal bins for continuous values', () => {
    // 0…1000: the 0.5 % and 99.5 % quantiles are 5 and 995 (1001 values, |w| = 1).
    const values = Array.from({ length: 1001 }, (_, i) => i);
    const edges = chooseEdges({ values }, 'continuous', { bins: 10 }) as Float64Array;
    expect(edges.length).toBe(11);
    expect(edges[0]).toBe(5);
    expect(edges[10]).toBe(995);
    expect(edges[1]).toBeCloseTo(104, 12);
  });

  it('gives one unit bin around a single value and nothing without values', () => {
    expect(Array.from(chooseEdges({ values: [2, 2] }, 'continuous', { bins: 1 }) ?? [])).toEqual([
      1.5, 2.5,
    ]);
    expect(chooseEdges({ values: [Number.NaN] }, 'continuous')).toBeUndefined();
  });
});
