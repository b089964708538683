import type { GenEvent } from '@apemen/eventio';
import { FourVector } from '@apemen/fourvec';
import type { ShowerWeights } from '@apemen/shower';
import { describe, expect, it } from 'vitest';
import { eventRng, showerEvent } from './generate.js';

/**
 * A network whose encoder passes a lone parton through unchanged (every conv kernel is the delta
 * [1, 0, 0, 0]), whose decoder kernels each sum to 1, and whose one-hot filter probabilities make
 * every pixel choose the same kernel: the shower then conserves pT exactly. (With several kernels
 * in play the children of one parent may choose different kernels, whose weights need not sum to 1
 * together: the original network conserves pT only approximately, by training.)
 */
function conservingWeights(): ShowerWeights {
  const delta = Float32Array.of(1, 0, 0, 0);
  return {
    kernelSize: 2,
    pixels: 64,
    convolutions: 3,
    levels: 5,
    convKernels: [delta, delta, delta],
    deconvKernels: [
      Float32Array.of(0.5, 0.5, 0, 0),
      Float32Array.of(0.7, 0.1, 0.1, 0.1),
      Float32Array.of(0.25, 0.25, 0.25, 0.25),
    ],
    filterProbabilities: Array.from({ length: 5 }, () => Float32Array.of(1, 0, 0)),
  };
}

function oneParton(pt: number, rapidity: number, phi: number): GenEvent {
  const p = FourVector.fromPxPyPzE(
    pt * Math.cos(phi),
    pt * Math.sin(phi),
    pt * Math.sinh(rapidity),
    pt * Math.cosh(rapidity),
  );
  return {
    eventNumber: 42,
    weights: [2.5, 1.25],
    weightNames: ['nominal', 'muR=2'],
    crossSection: { value: 12.5, error: 0.5 },
    units: { momentum: 'GEV', length: 'MM' },
    particles: [
      {
        id: 1,
        pdgId: 1,
        status: 1,
        momentum: p,
        generatedMass: 0,
        productionVertex: 0,
        endVertex: 0,
      },
    ],
    vertices: [],
  };
}

describe('showerEvent', () => {
  it('conserves pT when the encoder passes the parton and decoder kernels sum to 1, merged or not', () => {
    const weights = conservingWeights();
    for (const merge of [false, true]) {
      for (let index = 0; index < 5; index++) {
        const r = showerEvent(weights, oneParton(500, 0.7, 1.1), index, { seed: 3, merge });
        expect(r.inputPt).toBeCloseTo(500, 9);
        // float32 pixel arithmetic over 5 levels: relative 1e-6; the merge's ratio adds 1e-5/500.
        expect(Math.abs(r.outputPt - 500) / 500).toBeLessThan(2e-6);
        const gluonPt = r.event.particles
          .filter((p) => p.status === 1)
          .reduce((s, p) => s + p.momentum.pt, 0);
        // Kernel [0.5, 0.5, 0, 0] five times: 32 pixels of 500/32 = 15.6 GeV, all above the 0.1 GeV
        // particle threshold, so the gluons carry the whole pT. Merged, every split of a pixel above
        // the level's cutoff into two hard ones is vetoed back into one (the ME has one parton):
        // 250 + 250 > 20 GeV at the first level already, so fewer, harder gluons remain.
        const gluons = r.event.particles.filter((p) => p.status === 1).length;
        if (merge) expect(gluons).toBeLessThan(32);
        else expect(gluons).toBe(32);
        expect(gluonPt).toBeGreaterThan(500 * (1 - 2e-6));
        expect(gluonPt).toBeLessThanOrEqual(500 * (1 + 2e-6));
      }
    }
  });

  it('carries number, weights, names and cross section, and is reproducible from (seed, index)', () => {
    const weights = conservingWeights();
    const input = oneParton(200, -1, 2);
    const a = showerEvent(weights, input, 7, { seed: 9 });
    const b = showerEvent(weights, input, 7, { seed: 9 });
    const c = showerEvent(weights, input, 8, { seed: 9 });
    expect(a.event.eventNumber).toBe(42);
    expect(a.event.weights).toEqual([2.5, 1.25]);
    expect(a.event.weightNames).toEqual(['nominal', 'muR=2']);
    expect(a.event.crossSection).toEqual({ value: 12.5, error: 0.5 });
    const px = (e: GenEvent) => e.particles.map((p) => p.momentum.px);
    expect(px(a.event)).toEqual(px(b.event));
    expect(px(a.event)).not.toEqual(px(c.event));
  });

  it('converts MeV input to GeV', () => {
    const weights = conservingWeights();
    const gev = oneParton(300, 0, 0);
    const p = gev.particles[0]!.momentum;
    const mev: GenEvent = {
      ...gev,
      units: { momentum: 'MEV', length: 'MM' },
      particles: [
        {
          ...gev.particles[0]!,
          momentum: FourVector.fromPxPyPzE(p.px * 1000, p.py * 1000, p.pz * 1000, p.e * 1000),
        },
      ],
    };
    expect(showerEvent(weights, mev, 0, { seed: 1 }).inputPt).toBeCloseTo(300, 6);
  });
});

describe('eventRng', () => {
  it('depends only on the seed and the index', () => {
    expect(eventRng(5, 10).uniform()).toBe(eventRng(5, 10).uniform());
    expect(eventRng(5, 10).uniform()).not.toBe(eventRng(5, 11).uniform());
    expect(eventRng(5, 10).uniform()).not.toBe(eventRng(6, 10).uniform());
  });
});
