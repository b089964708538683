import { describe, expect, it } from 'vitest';
import type { AlphaS } from './alphas.js';
import { fixedAlphaS } from './alphas.js';
import { colourFlowProblems, momentumImbalance } from './check.js';
import { RefShowerError } from './errors.js';
import { dijet, eeToQuarks } from './processes.js';
import { createRandom } from './random.js';
import type { Parton } from './shower.js';
import { showerPartons } from './shower.js';

const ECM = 91.2;
const Q2 = ECM * ECM;
const CF = 4 / 3;
const CA = 3;
const TR = 1 / 2;

function quarkPair(): Parton[] {
  const e = ECM / 2;
  return [
    { pdgId: 2, px: 0, py: 0, pz: e, e, colour: 501, anticolour: 0 },
    { pdgId: -2, px: 0, py: 0, pz: -e, e, colour: 0, anticolour: 501 },
  ];
}

function gluonPair(): Parton[] {
  const e = ECM / 2;
  return [
    { pdgId: 21, px: 0, py: 0, pz: e, e, colour: 501, anticolour: 502 },
    { pdgId: 21, px: 0, py: 0, pz: -e, e, colour: 502, anticolour: 501 },
  ];
}

/** Composite Simpson rule with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/**
 * The exponent of the Sudakov factor of one back-to-back dipole of mass² Q² at fixed αs,
 * integrated directly from the emission density dP = αs/(2π) dt/t dz (1 − y) K(z, y), written out
 * here independently of the shower code, between t = a and t = b:
 * ∫ dt/t over [a, b] of ∫ dz over z(1 − z) > t/Q² of (1 − y) Σ_ends K, y = t/(z(1 − z)Q²).
 * z is integrated in w = ln(z/(1 − z)) (dz = z(1 − z) dw), which flattens the soft peak.
 */
function sudakovExponent(
  a: number,
  b: number,
  alpha: number,
  kernelSum: (z: number, y: number) => number,
): number {
  const inner = (logT: number) => {
    const t = Math.exp(logT);
    const disc = 1 - (4 * t) / Q2;
    if (disc <= 0) return 0;
    const zPlus = 0.5 * (1 + Math.sqrt(disc));
    const wMax = Math.log(zPlus / (1 - zPlus));
    return simpson(
      (w) => {
        const z = 1 / (1 + Math.exp(-w));
        const y = t / (z * (1 - z) * Q2);
        return z * (1 - z) * (1 - y) * kernelSum(z, y);
      },
      -wMax,
      wMax,
      400,
    );
  };
  return (alpha / (2 * Math.PI)) * simpson(inner, Math.log(a), Math.log(b), 400);
}

/**
 * Bins the first-emission scale of n showers and compares with Δ(b) − Δ(a) per bin (plus the
 * no-emission probability Δ(t₀)); returns χ².
 */
function firstEmissionChi2(
  partons: Parton[],
  kernelSum: (z: number, y: number) => number,
  n: number,
) {
  const alpha = 0.118;
  const cutoff = 1;
  const tMax = Q2 / 4;
  const nBins = 12;
  const edges = Array.from(
    { length: nBins + 1 },
    (_, i) => cutoff * (tMax / cutoff) ** (i / nBins),
  );
  // Exponent above each edge, accumulated from the top.
  const above = new Array<number>(nBins + 1).fill(0);
  for (let i = nBins - 1; i >= 0; i--) {
    above[i] = above[i + 1]! + sudakovExponent(edges[i]!, edges[i + 1]!, alpha, kernelSum);
  }
  const delta = above.map((r) => Math.exp(-r));
  const expected = [delta[0]!, ...edges.slice(0, nBins).map((_, i) => delta[i + 1]! - delta[i]!)];
  const counts = new Array<number>(nBins + 1).fill(0);
  const random = createRandom(8, 0);
  for (let i = 0; i < n; i++) {
    const { emissions } = showerPartons(partons, Q2, random, {
      alphaS: fixedAlphaS(alpha),
      cutoff,
      maxEmissions: 1,
    });
    const t = emissions[0]?.t;
    if (t === undefined) counts[0]! += 1;
    else {
      expect(t).toBeLessThanOrEqual(tMax);
      const bin = Math.min(
        nBins - 1,
        Math.floor((nBins * Math.log(t / cutoff)) / Math.log(tMax / cutoff)),
      );
      counts[bin + 1]! += 1;
    }
  }
  let chi2 = 0;
  counts.forEach((c, i) => {
    const mu = n * expected[i]!;
    chi2 += (c - mu) ** 2 / mu;
  });
  return { chi2, noEmission: delta[0]!, observedNoEmission: counts[0]! / n };
}

describe('showerPartons: Sudakov factor at fixed coupling', () => {
  // 13 categories (12 bins in ln t between t₀ = 1 GeV² and Q²/4, plus "no emission above t₀")
  // constrained by their sum: 12 degrees of freedom, P(χ² > 32.9) = 0.001. With 20 000 showers a
  // 3% error in the emission rate gives χ² of order 100 and fails.
  it('q q̄ dipole: first-emission scale follows Δ(t) = exp(−∫ dP) (20 000 showers, χ² < 32.9 for 12 dof)', () => {
    const kqq = (z: number, y: number) => CF * (2 / (1 - z * (1 - y)) - (1 + z));
    // Two dipole ends (q with spectator q̄ and q̄ with spectator q), same Q².
    const { chi2, noEmission, observedNoEmission } = firstEmissionChi2(
      quarkPair(),
      (z, y) => 2 * kqq(z, y),
      20_000,
    );
    expect(chi2).toBeLessThan(32.9);
    // Δ(t₀) ≈ 0.26 (quadrature): no emission above 1 GeV² in a quarter of the events.
    expect(noEmission).toBeGreaterThan(0.05);
    expect(Math.abs(observedNoEmission - noEmission)).toBeLessThan(
      5 * Math.sqrt(noEmission / 20_000),
    );
  });

  it('g g singlet: both colour lines, g → gg and g → qq̄ (nf = 5) (20 000 showers, χ² < 32.9)', () => {
    const perEnd = (z: number, y: number) =>
      (CA / 2) * (2 / (1 - z * (1 - y)) - 2 + z * (1 - z)) + 5 * (TR / 2) * (1 - 2 * z * (1 - z));
    // Four dipole ends: each gluon is emitter towards the other on its colour and its anticolour line.
    const { chi2 } = firstEmissionChi2(gluonPair(), (z, y) => 4 * perEnd(z, y), 20_000);
    expect(chi2).toBeLessThan(32.9);
  });
});

describe('showerPartons: conservation laws', () => {
  it('conserves four-momentum (1e-9 relative) and colour, and emits nothing below t₀, in e+e− and dijet events', () => {
    for (const [process, cutoff, n] of [
      ['ee', 1, 1500],
      ['ee', 4, 500],
      ['dijet', 1, 400],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const random = createRandom(11, i);
        const hard = process === 'ee' ? eeToQuarks(random) : dijet(random);
        const { partons, emissions } = showerPartons(hard.partons, hard.startScale, random, {
          cutoff,
        });
        expect(momentumImbalance(hard.partons, partons)).toBeLessThan(1e-9);
        expect(colourFlowProblems(partons)).toEqual([]);
        expect(partons.length).toBe(hard.partons.length + emissions.length);
        for (let k = 0; k < emissions.length; k++) {
          const e = emissions[k]!;
          expect(e.t).toBeGreaterThanOrEqual(cutoff);
          if (k > 0) expect(e.t).toBeLessThanOrEqual(emissions[k - 1]!.t);
        }
        for (const p of partons) {
          // Massless to rounding: |m²| ≤ 1e-9 E².
          expect(Math.abs(p.e * p.e - p.px * p.px - p.py * p.py - p.pz * p.pz)).toBeLessThan(
            1e-9 * p.e * p.e + 1e-12,
          );
          if (p.pdgId === 21) expect(p.colour * p.anticolour).toBeGreaterThan(0);
          else if (p.pdgId > 0) expect([p.colour > 0, p.anticolour]).toEqual([true, 0]);
          else expect([p.colour, p.anticolour > 0]).toEqual([0, true]);
        }
      }
    }
  });

  it('pairs of partons that come from one splitting have kT² = t relative to their dipole', () => {
    const random = createRandom(5, 0);
    const { partons, emissions } = showerPartons(quarkPair(), Q2, random, { maxEmissions: 1 });
    expect(emissions).toHaveLength(1);
    const e = emissions[0]!;
    const pi = partons[e.emitter]!;
    const pj = partons[e.emitted]!;
    const pk = partons[e.spectator]!;
    const dot = (a: Parton, b: Parton) => a.e * b.e - a.px * b.px - a.py * b.py - a.pz * b.pz;
    // kT² = 2 pi·pj z(1 − z) and Q² = 2(pi·pj + pi·pk + pj·pk)
    expect((2 * dot(pi, pj) * e.z * (1 - e.z)) / e.t).toBeCloseTo(1, 9);
    expect(2 * (dot(pi, pj) + dot(pi, pk) + dot(pj, pk))).toBeCloseTo(Q2, 6);
  });
});

describe('showerPartons: stop-at snapshots', () => {
  it('does not change the shower, and the snapshot is the state after every emission above t_stop', () => {
    const tStop = 25;
    for (let i = 0; i < 200; i++) {
      const hard = eeToQuarks(createRandom(3, i));
      const full = showerPartons(hard.partons, hard.startScale, createRandom(4, i));
      const split = showerPartons(hard.partons, hard.startScale, createRandom(4, i), {
        stopAt: tStop,
      });
      expect(split.partons).toEqual(full.partons);
      expect(split.emissions).toEqual(full.emissions);
      const snap = split.snapshot!;
      const k = snap.emissionCount;
      expect(snap.partons).toHaveLength(2 + k);
      full.emissions.forEach((e, j) => {
        if (j < k) expect(e.t).toBeGreaterThan(tStop);
        else expect(e.t).toBeLessThanOrEqual(tStop);
      });
      expect(momentumImbalance(hard.partons, snap.partons)).toBeLessThan(1e-9);
      expect(colourFlowProblems(snap.partons)).toEqual([]);
    }
  });

  it('continuing a snapshot from t_stop with fresh random numbers gives the same multiplicity as the full shower (3000 events, 4σ)', () => {
    const tStop = 25;
    const n = 3000;
    const full: number[] = [];
    const continued: number[] = [];
    for (let i = 0; i < n; i++) {
      const hard = eeToQuarks(createRandom(20, i));
      full.push(showerPartons(hard.partons, hard.startScale, createRandom(21, i)).partons.length);
      const snap = showerPartons(hard.partons, hard.startScale, createRandom(22, i), {
        stopAt: tStop,
      }).snapshot!;
      continued.push(showerPartons(snap.partons, tStop, createRandom(23, i)).partons.length);
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const variance = (v: number[]) =>
      v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1);
    const sigma = Math.sqrt((variance(full) + variance(continued)) / n);
    expect(Math.abs(mean(full) - mean(continued))).toBeLessThan(4 * sigma);
  });
});

describe('showerPartons: input checks', () => {
  it('rejects bad options and malformed partons with RefShowerError', () => {
    const r = createRandom(1);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof RefShowerError ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => showerPartons(quarkPair(), Q2, r, { cutoff: 0 }))).toBe('invalid-option');
    expect(codeOf(() => showerPartons(quarkPair(), Q2, r, { stopAt: 0.5 }))).toBe('invalid-option');
    expect(codeOf(() => showerPartons(quarkPair(), Q2, r, { nf: 7 }))).toBe('invalid-option');
    const [q, qbar] = quarkPair();
    expect(codeOf(() => showerPartons([{ ...q!, colour: 0 }, qbar!], Q2, r))).toBe('invalid-event');
    expect(codeOf(() => showerPartons([{ ...q!, pdgId: 11 }, qbar!], Q2, r))).toBe('invalid-event');
    expect(codeOf(() => showerPartons([{ ...q!, pdgId: 21, anticolour: 501 }, qbar!], Q2, r))).toBe(
      'invalid-event',
    );
  });

  it('refuses a coupling that grows with the scale, since the overestimate αs(t₀) would fail', () => {
    // 0.1 at t₀ = 1 GeV² but 0.9 from 81 GeV² up: nine times the rate the trials assume.
    const growing: AlphaS = {
      value: (mu2) => Math.min(0.9, 0.1 * Math.sqrt(mu2)),
      activeFlavours: () => 5,
    };
    const run = () => {
      for (let i = 0; i < 50; i++)
        showerPartons(quarkPair(), Q2, createRandom(1, i), { alphaS: growing });
    };
    expect(run).toThrow(/overestimate/);
  });

  it('leaves a dipole lighter than 4t₀ alone', () => {
    const e = 0.9; // Q² = 4·0.81 = 3.24 < 4 GeV²
    const pair: Parton[] = [
      { pdgId: 1, px: 0, py: 0, pz: e, e, colour: 501, anticolour: 0 },
      { pdgId: -1, px: 0, py: 0, pz: -e, e, colour: 0, anticolour: 501 },
    ];
    expect(showerPartons(pair, 100, createRandom(1)).emissions).toEqual([]);
  });
});
