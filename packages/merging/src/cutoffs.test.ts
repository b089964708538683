import { describe, expect, it } from 'vitest';
import { cutoffs } from './cutoffs.js';

describe('cutoffs', () => {
  it('for k = 2 are 20, 68.3, 262.7, 1040.9, 4153.5 GeV', () => {
    // 20/(1 − cos(π/2)) = 20; 20/(1 − cos(π/4)) = 20/0.292893 = 68.28; 20/(1 − cos(π/8)) =
    // 20/0.076120 = 262.74; 20/(1 − cos(π/16)) = 20/0.019215 = 1040.9; 20/(1 − cos(π/32)) = 4153.5.
    const c = cutoffs({ kernelSize: 2, levels: 5 });
    expect(c.map((x) => Number(x.toFixed(1)))).toEqual([20, 68.3, 262.7, 1040.9, 4153.5]);
  });

  it('scale with the base cutoff and follow k = 3', () => {
    // k = 3: 1 − cos(π/3) = 0.5, so level 0 is 2·base.
    expect(cutoffs({ kernelSize: 3, levels: 1, baseCutoff: 10 })[0]).toBeCloseTo(20, 12);
    const c = cutoffs({ kernelSize: 3, levels: 3, baseCutoff: 20 });
    expect(c[1]).toBeCloseTo(20 / (1 - Math.cos(Math.PI / 9)), 10);
  });

  it('reject nonsense options', () => {
    expect(() => cutoffs({ kernelSize: 1, levels: 5 })).toThrow(
      'kernelSize: expected a whole number ≥ 2, got 1',
    );
    expect(() => cutoffs({ kernelSize: 2, levels: 0 })).toThrow('levels');
    expect(() => cutoffs({ kernelSize: 2, levels: 2, baseCutoff: -1 })).toThrow('baseCutoff');
  });
});
