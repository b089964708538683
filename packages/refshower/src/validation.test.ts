import { describe, expect, it } from 'vitest';
import { createAlphaS } from './alphas.js';
import { generateEvent } from './events.js';
import type { Momentum } from './kinematics.js';
import { durhamY23, thrust } from './test-observables.js';

const SQRT_S = 91.2;
const CF = 4 / 3;

function finalPartons(index: number, seed: number): Momentum[] {
  return generateEvent(index, { process: 'ee', seed })
    .event.particles.filter((p) => p.status === 1)
    .map((p) => ({ px: p.momentum.px, py: p.momentum.py, pz: p.momentum.pz, e: p.momentum.e }));
}

/**
 * O(αs) three-jet rate of e+e− → qq̄g divided by αs: ∫ dx1 dx2 CF/(2π) (x1² + x2²)/((1 − x1)(1 − x2))
 * over y23(x1, x2) > ycut (midpoint rule on a 1000 × 1000 grid). For three massless partons with
 * s = 1: Ei = xi/2 and 1 − cos θij = 2(1 − xk)/(xi xj).
 */
function leadingOrderR3(ycut: number): number {
  const n = 1000;
  let sum = 0;
  for (let a = 0; a < n; a++) {
    const x1 = (a + 0.5) / n;
    for (let b = 0; b < n; b++) {
      const x2 = (b + 0.5) / n;
      const x3 = 2 - x1 - x2;
      if (x3 > 1) continue;
      const x = [x1, x2, x3];
      let y = Number.POSITIVE_INFINITY;
      for (const [i, j, k] of [
        [0, 1, 2],
        [0, 2, 1],
        [1, 2, 0],
      ] as const) {
        const ei = x[i]! / 2;
        const ej = x[j]! / 2;
        y = Math.min(y, 2 * Math.min(ei, ej) ** 2 * ((1 - x[k]!) / (2 * ei * ej)));
      }
      if (y > ycut) sum += (CF * (x1 * x1 + x2 * x2)) / ((1 - x1) * (1 - x2));
    }
  }
  return sum / (n * n) / (2 * Math.PI);
}

describe('test-observables', () => {
  it('gives T = 1, y23 = 0 for two partons and the textbook values for a Mercedes event', () => {
    const pair = [
      { px: 0, py: 0, pz: 45, e: 45 },
      { px: 0, py: 0, pz: -45, e: 45 },
    ];
    expect(thrust(pair)).toBeCloseTo(1, 14);
    expect(durhamY23(pair)).toBe(0);
    // Three partons of energy E at 120°: T = 2E/(3E) = 2/3; yij = 2E²(1 − cos 120°)/(3E)² = 3/9 = 1/3.
    const mercedes = [0, 1, 2].map((k) => {
      const a = (2 * Math.PI * k) / 3;
      return { px: 30 * Math.cos(a), py: 30 * Math.sin(a), pz: 0, e: 30 };
    });
    expect(thrust(mercedes)).toBeCloseTo(2 / 3, 12);
    expect(durhamY23(mercedes)).toBeCloseTo(1 / 3, 12);
  });
});

describe('e+e− → hadrons (partons) at 91.2 GeV', () => {
  it('three-jet rate at large ycut matches the O(αs) matrix element with αs at kT = √ycut·√s (20 000 events, 10%)', () => {
    // Above ycut = 0.05 the first emission dominates and Sudakov suppression is small, so the
    // shower must reproduce the qq̄g matrix element (the CS dipoles differ from it by a few %)
    // with the coupling it uses, αs(kT² ≈ ycut s). Statistical errors: 2% (0.05) and 3% (0.1).
    const n = 20_000;
    const cuts = [0.05, 0.1];
    const counts = [0, 0];
    for (let i = 0; i < n; i++) {
      const y = durhamY23(finalPartons(i, 31));
      cuts.forEach((c, k) => {
        if (y > c) counts[k]! += 1;
      });
    }
    const alphaS = createAlphaS();
    cuts.forEach((ycut, k) => {
      const expected = leadingOrderR3(ycut) * alphaS.value(ycut * SQRT_S * SQRT_S);
      expect(counts[k]! / n / expected, `ycut = ${ycut}`).toBeGreaterThan(0.9);
      expect(counts[k]! / n / expected, `ycut = ${ycut}`).toBeLessThan(1.1);
    });
    // The integrator itself: R3(0.1)/αs ≈ 0.3367, so αs(mZ)·R3 ≈ 0.040 (known O(αs) Durham rate).
    expect(leadingOrderR3(0.1)).toBeCloseTo(0.3367, 3);
  });

  it('has sensible, seed-stable thrust and y23 distributions and mean parton multiplicity (2 × 3000 events)', () => {
    const n = 3000;
    const histograms = [1, 2].map((seed) => {
      const tau = new Array<number>(8).fill(0);
      const lny = new Array<number>(8).fill(0);
      let multiplicity = 0;
      let meanTau = 0;
      for (let i = 0; i < n; i++) {
        const partons = finalPartons(i, seed);
        multiplicity += partons.length;
        const t = 1 - thrust(partons);
        meanTau += t;
        tau[Math.min(7, Math.floor(t / 0.04))]! += 1;
        const y = durhamY23(partons);
        // ln y23 in 8 bins from ln 1e-4 to 0; y23 = 0 (no emission) goes in the first.
        lny[
          Math.max(0, Math.min(7, Math.floor(((Math.log(Math.max(y, 1e-300)) + 9.21) / 9.21) * 8)))
        ]! += 1;
      }
      return { tau, lny, multiplicity: multiplicity / n, meanTau: meanTau / n };
    });
    const [a, b] = histograms;
    for (const h of histograms) {
      // Parton level with t₀ = 1 GeV²: LEP measured ⟨1 − T⟩ of about 0.07 at hadron level, which
      // includes a hadronisation shift of ≈ 0.01–0.02, so 0.04–0.07 is the sensible window; and a
      // few partons per event.
      expect(h.meanTau).toBeGreaterThan(0.04);
      expect(h.meanTau).toBeLessThan(0.07);
      expect(h.multiplicity).toBeGreaterThan(4);
      expect(h.multiplicity).toBeLessThan(7);
      // The 1 − T distribution falls away from the two-jet peak.
      expect(h.tau[0]!).toBeGreaterThan(h.tau[2]!);
      expect(h.tau[2]!).toBeGreaterThan(h.tau[5]!);
    }
    // Two-sample χ² between the seeds, P = 0.001 with 7 dof: 24.3.
    const twoSample = (x: number[], y: number[]) =>
      x.reduce((s, xi, i) => {
        const yi = y[i]!;
        return xi + yi > 0 ? s + (xi - yi) ** 2 / (xi + yi) : s;
      }, 0);
    expect(twoSample(a!.tau, b!.tau)).toBeLessThan(24.3);
    expect(twoSample(a!.lny, b!.lny)).toBeLessThan(24.3);
  });
});
