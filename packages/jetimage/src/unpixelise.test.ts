import { finalState } from '@apemen/eventio';
import { describe, expect, it } from 'vitest';
import { resolveGrid } from './grid.js';
import { pixelise } from './pixelise.js';
import { createRng } from './rng.js';
import { unpixelise } from './unpixelise.js';

describe('unpixelise', () => {
  it('makes one massless gluon inside its pixel, drawing y then φ from the generator', () => {
    // 8×8 grid: Δy = Δφ = 2π/8. Pixel (2, 5) holds 25 GeV.
    const image = new Float32Array(64);
    image[2 * 8 + 5] = 25;
    const event = unpixelise(image, { pixels: 8 }, createRng(99), {
      eventNumber: 7,
      weights: [0.25],
    });
    const draws = createRng(99);
    const y = -Math.PI + (2 + draws.uniform()) * (Math.PI / 4);
    const phi = (5 + draws.uniform()) * (Math.PI / 4);
    const gluons = finalState(event);
    expect(gluons).toHaveLength(1);
    const g = gluons[0]!;
    expect(g).toMatchObject({
      id: 3,
      pdgId: 21,
      status: 1,
      generatedMass: 0,
      productionVertex: -1,
    });
    expect(g.momentum.px).toBeCloseTo(25 * Math.cos(phi), 12);
    expect(g.momentum.py).toBeCloseTo(25 * Math.sin(phi), 12);
    expect(g.momentum.pz).toBeCloseTo(25 * Math.sinh(y), 12);
    expect(g.momentum.e).toBeCloseTo(25 * Math.cosh(y), 12);
    expect(g.momentum.pt).toBeCloseTo(25, 12);
    expect(g.momentum.rapidity).toBeCloseTo(y, 12);
    // Massless: m² = E² − p² cancels to rounding, ~1e-13 of E².
    expect(Math.abs(g.momentum.mass2)).toBeLessThan(1e-12 * g.momentum.e ** 2);
    expect(event.eventNumber).toBe(7);
    expect(event.weights).toEqual([0.25]);
    expect(event.units).toEqual({ momentum: 'GEV', length: 'MM' });
  });

  it('adds two 6500 GeV proton beams into one vertex that the gluons leave', () => {
    const image = new Float32Array(16).fill(1);
    const event = unpixelise(image, { pixels: 4 }, createRng(1));
    const [b1, b2] = event.particles;
    const pz = Math.sqrt(6500 ** 2 - 0.93827208816 ** 2);
    expect(b1).toMatchObject({ id: 1, pdgId: 2212, status: 4, endVertex: -1 });
    expect(b2).toMatchObject({ id: 2, pdgId: 2212, status: 4, endVertex: -1 });
    expect(b1!.momentum.e).toBe(6500);
    expect(b1!.momentum.pz).toBe(pz);
    expect(b2!.momentum.pz).toBe(-pz);
    expect(event.vertices).toEqual([
      {
        id: -1,
        status: 0,
        position: [0, 0, 0, 0],
        incoming: [1, 2],
        outgoing: Array.from({ length: 16 }, (_, k) => k + 3),
      },
    ]);
  });

  it('makes no particle for pixels at or below the threshold, compared in float32', () => {
    // Float32 0.1 is 0.100000001490116 > 0.1 in double, but equal in float32 (as numpy compares).
    const image = Float32Array.from([0.1, 0.1001, -5, 0, 0.2, 0.05, 0, 0, 0]);
    const event = unpixelise(image, { pixels: 3 }, createRng(3));
    expect(finalState(event)).toHaveLength(2);
    const raised = unpixelise(image, { pixels: 3 }, createRng(3), { threshold: 0.15 });
    expect(finalState(raised)).toHaveLength(1);
    // scale 10 turns 0.05 into 0.5 GeV: now 4 pixels pass 0.1 GeV.
    expect(finalState(unpixelise(image, { pixels: 3 }, createRng(3), { scale: 10 }))).toHaveLength(
      4,
    );
  });

  it('is reproduced by pixelise for every pixel above threshold', () => {
    for (const axis of ['rapidity', 'pseudorapidity'] as const) {
      const grid = resolveGrid({ pixels: 64, axis, normalisation: 'none' });
      const fill = createRng(2718);
      const image = new Float32Array(64 * 64);
      for (let k = 0; k < 400; k++) image[fill.integer(4096)] = fill.uniformIn(0.02, 80);
      const event = unpixelise(image, grid, createRng(31415));
      const back = pixelise(finalState(event), grid);
      expect(back.stats.outside).toBe(0);
      for (let k = 0; k < image.length; k++) {
        const expected = (image[k] as number) > Math.fround(0.1) ? (image[k] as number) : 0;
        // The gluon's pT is recomputed as hypot(px, py): a few ulps off, then rounded to float32.
        expect(Math.abs((back.image[k] as number) - expected)).toBeLessThanOrEqual(2e-7 * expected);
      }
    }
  });

  it('is deterministic for a given seed', () => {
    const image = new Float32Array(256);
    for (let k = 0; k < 256; k += 7) image[k] = k / 10;
    const a = unpixelise(image, { pixels: 16 }, createRng(5));
    const b = unpixelise(image, { pixels: 16 }, createRng(5));
    const c = unpixelise(image, { pixels: 16 }, createRng(6));
    expect(b).toEqual(a);
    expect(c.particles[3]?.momentum).not.toEqual(a.particles[3]?.momentum);
  });

  it('rejects an image of the wrong size and bad options', () => {
    expect(() => unpixelise(new Float32Array(10), { pixels: 4 }, createRng(1))).toThrow(
      'image has 10 pixels, expected N² = 16 for N = 4',
    );
    const image = new Float32Array(16);
    expect(() => unpixelise(image, { pixels: 4 }, createRng(1), { scale: 0 })).toThrow(/scale/);
    expect(() => unpixelise(image, { pixels: 4 }, createRng(1), { beamEnergy: 0.5 })).toThrow(
      /beam energy/,
    );
  });
});
