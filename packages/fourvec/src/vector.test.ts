import { describe, expect, it } from 'vitest';
import { FourVector } from './vector.js';

describe('FourVector', () => {
  it('computes pt, phi and mass of a hand-made vector', () => {
    const v = FourVector.fromPxPyPzE(3, 4, 12, 13.5);
    expect(v.pt).toBe(5);
    expect(v.phi).toBeCloseTo(Math.atan2(4, 3), 15);
    // m² = 13.5² − 3² − 4² − 12² = 182.25 − 169 = 13.25
    expect(v.mass2).toBeCloseTo(13.25, 12);
  });
});
