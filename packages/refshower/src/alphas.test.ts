import { describe, expect, it } from 'vitest';
import { betaCoefficients, createAlphaS, fixedAlphaS } from './alphas.js';
import { RefShowerError } from './errors.js';

/**
 * Independent reference: integrate dα/d ln μ² = −b0 α² − b1 α³ with classical RK4 from
 * αs(mZ) = 0.118 (nf = 5), switching nf (α continuous) at 1.3, 4.75 and 173 GeV.
 */
function rk4Reference(mu: number): number {
  const thresholds = [1.3, 4.75, 173];
  const nfAt = (m: number) => 3 + thresholds.filter((th) => m >= th).length;
  let alpha = 0.118;
  let logMu2 = Math.log(91.1876 ** 2);
  const target = Math.log(mu * mu);
  // Break the path at thresholds so that each RK4 segment has one nf.
  const stops = thresholds
    .map((th) => Math.log(th * th))
    .filter((l) => (l - logMu2) * (l - target) < 0)
    .sort((a, b) => (target > logMu2 ? a - b : b - a));
  stops.push(target);
  for (const stop of stops) {
    const steps = 4000;
    const h = (stop - logMu2) / steps;
    const midpoint = Math.exp(0.5 * (logMu2 + stop));
    const { b0, b1 } = betaCoefficients(nfAt(Math.sqrt(midpoint)));
    const f = (a: number) => -b0 * a * a - b1 * a * a * a;
    for (let i = 0; i < steps; i++) {
      const k1 = f(alpha);
      const k2 = f(alpha + 0.5 * h * k1);
      const k3 = f(alpha + 0.5 * h * k2);
      const k4 = f(alpha + h * k3);
      alpha += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    logMu2 = stop;
  }
  return alpha;
}

describe('betaCoefficients', () => {
  it('gives the textbook b0, b1 for nf = 5', () => {
    // b0 = (33 − 10)/(12π) = 23/(12π) = 0.610094; b1 = (153 − 95)/(24π²) = 58/236.8705 = 0.2448595
    const { b0, b1 } = betaCoefficients(5);
    expect(b0).toBeCloseTo(0.610094, 6);
    expect(b1).toBeCloseTo(0.2448595, 6);
  });
});

describe('createAlphaS', () => {
  const alphaS = createAlphaS();

  it('returns the reference value at mZ', () => {
    expect(alphaS.value(91.1876 ** 2)).toBeCloseTo(0.118, 14);
  });

  it('equals an RK4 solution of the two-loop RGE at scales from 1 GeV to 1 TeV (1e-9 relative)', () => {
    // RK4 with 4000 steps per segment has a truncation error far below 1e-9.
    for (const mu of [1, 1.2, 1.5, 3, 4.5, 5, 10, 30, 91.1876, 150, 200, 1000]) {
      const reference = rk4Reference(mu);
      expect(Math.abs(alphaS.value(mu * mu) / reference - 1), `μ = ${mu} GeV`).toBeLessThan(1e-9);
    }
  });

  it('is continuous at the flavour thresholds and switches nf there', () => {
    for (const [m, below, above] of [
      [1.3, 3, 4],
      [4.75, 4, 5],
      [173, 5, 6],
    ] as const) {
      const lo = m * m * (1 - 1e-12);
      const hi = m * m;
      expect(alphaS.activeFlavours(lo)).toBe(below);
      expect(alphaS.activeFlavours(hi)).toBe(above);
      expect(Math.abs(alphaS.value(lo) - alphaS.value(hi))).toBeLessThan(1e-10);
    }
  });

  it('decreases with the scale (asymptotic freedom)', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let mu = 0.8; mu < 2000; mu *= 1.1) {
      const a = alphaS.value(mu * mu);
      expect(a).toBeLessThan(previous);
      previous = a;
    }
  });

  it('reports the Landau pole instead of returning nonsense', () => {
    expect(() => alphaS.value(0.01)).toThrow(RefShowerError);
    try {
      alphaS.value(0.01);
    } catch (e) {
      expect((e as RefShowerError).code).toBe('landau-pole');
    }
  });

  it('rejects bad options', () => {
    expect(() => createAlphaS({ alphaSMZ: -0.1 })).toThrow(/alphaSMZ/);
    expect(() => createAlphaS({ mBottom: 1 })).toThrow(/mCharm < mBottom/);
  });
});

describe('fixedAlphaS', () => {
  it('does not run', () => {
    const a = fixedAlphaS(0.2);
    expect(a.value(1)).toBe(0.2);
    expect(a.value(1e6)).toBe(0.2);
    expect(() => fixedAlphaS(0)).toThrow(RefShowerError);
  });
});
