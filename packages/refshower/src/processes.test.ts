import { describe, expect, it } from 'vitest';
import { RefShowerError } from './errors.js';
import { dijet, eeFlavourProbabilities, eeToQuarks } from './processes.js';
import { createRandom } from './random.js';

describe('eeFlavourProbabilities', () => {
  it('weights d, u, s, c, b by vq² + aq² at the Z pole', () => {
    // sin²θW = 0.2312: down: (−0.5 + 2/3·0.2312)² + 0.25 = 0.345867² + 0.25 = 0.369624
    //                  up:   (0.5 − 4/3·0.2312)² + 0.25 = 0.191733² + 0.25 = 0.286762
    // total 3·0.369624 + 2·0.286762 = 1.682396
    const p = eeFlavourProbabilities();
    expect(p[0]).toBeCloseTo(0.369624 / 1.682396, 5);
    expect(p[1]).toBeCloseTo(0.286762 / 1.682396, 5);
    expect(p[4]).toBeCloseTo(p[0]!, 15);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(eeFlavourProbabilities({ flavours: 'equal' })).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
  });
});

describe('eeToQuarks', () => {
  it('makes a back-to-back colour-singlet qq̄ pair at √s with beams along z', () => {
    const hard = eeToQuarks(createRandom(1), { sqrtS: 200 });
    const [q, qbar] = hard.partons;
    expect(q!.pdgId).toBe(-qbar!.pdgId);
    expect(q!.pdgId).toBeGreaterThan(0);
    expect(q!.e + qbar!.e).toBeCloseTo(200, 12);
    expect(q!.px + qbar!.px).toBe(0);
    expect([q!.colour, qbar!.anticolour]).toEqual([501, 501]);
    expect(hard.beams.map((b) => [b.pdgId, b.pz])).toEqual([
      [11, 100],
      [-11, -100],
    ]);
    expect(hard.startScale).toBe(200 * 200);
  });

  it('draws cos θ from 1 + cos²θ and flavours with the Z-pole weights (40 000 events, χ² at P = 0.001)', () => {
    const n = 40_000;
    const nBins = 10;
    const angle = new Array<number>(nBins).fill(0);
    const flavour = new Array<number>(5).fill(0);
    for (let i = 0; i < n; i++) {
      const q = eeToQuarks(createRandom(9, i)).partons[0]!;
      angle[Math.min(nBins - 1, Math.floor(((q.pz / q.e + 1) / 2) * nBins))]! += 1;
      flavour[q.pdgId - 1]! += 1;
    }
    // ∫(1 + c²) dc over [a, b] / (8/3): the normalised integral over −1…1 is 2 + 2/3 = 8/3.
    let chi2 = 0;
    for (let i = 0; i < nBins; i++) {
      const a = -1 + (2 * i) / nBins;
      const b = a + 2 / nBins;
      const p = (b - a + (b ** 3 - a ** 3) / 3) / (8 / 3);
      chi2 += (angle[i]! - n * p) ** 2 / (n * p);
    }
    expect(chi2).toBeLessThan(27.9); // 9 dof
    const probabilities = eeFlavourProbabilities();
    const chi2f = flavour.reduce(
      (s, c, i) => s + (c - n * probabilities[i]!) ** 2 / (n * probabilities[i]!),
      0,
    );
    expect(chi2f).toBeLessThan(18.5); // 4 dof
  });
});

describe('dijet', () => {
  it('keeps pT in bounds, |y| < ymax, balances pT and follows pT^−n (20 000 events)', () => {
    const n = 20_000;
    const options = { ptMin: 100, ptMax: 400, ptExponent: 4, maxRapidity: 2.5 };
    let below200 = 0;
    let gluons = 0;
    for (let i = 0; i < n; i++) {
      const { partons, startScale, beams } = dijet(createRandom(4, i), options);
      expect(beams).toEqual([]);
      const [a, b] = partons;
      const pt = Math.hypot(a!.px, a!.py);
      expect(pt).toBeGreaterThanOrEqual(100);
      expect(pt).toBeLessThanOrEqual(400);
      expect(a!.px + b!.px).toBe(0);
      expect(startScale).toBeCloseTo(pt * pt, 6);
      for (const p of partons) {
        expect(Math.abs(0.5 * Math.log((p.e + p.pz) / (p.e - p.pz)))).toBeLessThan(2.5 + 1e-12);
      }
      if (pt < 200) below200++;
      if (a!.pdgId === 21) {
        gluons++;
        expect([a!.colour, a!.anticolour]).toEqual([b!.anticolour, b!.colour]);
      } else expect(a!.pdgId).toBe(-b!.pdgId);
    }
    // P(pT < 200) = (100^−3 − 200^−3)/(100^−3 − 400^−3) = (1 − 1/8)/(1 − 1/64) = 0.875/0.984375 = 0.888889
    const p = 0.888889;
    expect(Math.abs(below200 / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    expect(Math.abs(gluons / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
  });

  it('rejects inconsistent options', () => {
    expect(() => dijet(createRandom(1), { ptMin: 300, ptMax: 200 })).toThrow(RefShowerError);
    expect(() => dijet(createRandom(1), { gluonFraction: 2 })).toThrow(/gluonFraction/);
    expect(() => eeToQuarks(createRandom(1), { sqrtS: 0 })).toThrow(/sqrtS/);
  });
});
