import { FourVector } from '@apemen/fourvec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pixeliseFractions } from './fractions.js';
import { checkPowerOfKernel, isPowerOf, resolveGrid } from './grid.js';
import {
  azimuthFrom,
  binOf,
  particleFractions,
  pixelise,
  pixeliseEvents,
  selectParticles,
} from './pixelise.js';
import { eventOf, particleAt } from './test-events.js';

const none = { normalisation: 'none' } as const;

describe('pixelise', () => {
  it('puts a particle in the hand-computed pixel', () => {
    // y = 0.3: i = floor(64·(0.3 + π)/2π) = floor(64·0.547746) = floor(35.056) = 35.
    // φ = 1.0: j = floor(64·1/2π) = floor(10.186) = 10.
    const { image, stats } = pixelise([particleAt(0.3, 1.0, 10)], none);
    expect(image[35 * 64 + 10]).toBeCloseTo(10, 5);
    expect(image.reduce((a, b) => a + b, 0)).toBeCloseTo(10, 5);
    expect(stats).toMatchObject({ particles: 1, inside: 1, outside: 0, scale: 1 });
    expect(stats.sumPt).toBeCloseTo(10, 12);
  });

  it('maps φ = −0.1 to the bin of 2π − 0.1', () => {
    // j = floor(64·(2π − 0.1)/2π) = floor(64 − 1.01859) = floor(62.981) = 62.
    const p = particleAt(0, -0.1, 1);
    expect(azimuthFrom(p.momentum, 0)).toBeCloseTo(2 * Math.PI - 0.1, 14);
    const { image } = pixelise([p], none);
    expect(image[32 * 64 + 62]).toBeCloseTo(1, 6);
  });

  it('scales an event to a pixel sum of N² by default', () => {
    // pT 1 and 3 in two pixels: N² = 4096 is shared 1 : 3.
    const { image, stats } = pixelise([particleAt(0.3, 1, 1), particleAt(-2, 4, 3)]);
    expect(image[35 * 64 + 10]).toBeCloseTo(1024, 3);
    // y = −2: i = floor(64·(π − 2)/2π) = floor(11.628) = 11; φ = 4: j = floor(40.74) = 40.
    expect(image[11 * 64 + 40]).toBeCloseTo(3072, 3);
    let sum = 0;
    for (const v of image) sum += v;
    // Float32 pixels, summed in double: exact to a few ulps of 4096.
    expect(sum).toBeCloseTo(4096, 3);
    expect(stats.scale).toBeCloseTo(4096 / 4, 12);
  });

  it('counts particles outside the range, with their pT, instead of losing them', () => {
    const beamLike = {
      id: 9,
      pdgId: 2212,
      status: 1,
      momentum: new FourVector(0, 0, 6500, 6500), // pT = 0, y = +∞
      generatedMass: 0,
      productionVertex: 0,
      endVertex: 0,
    };
    const particles = [
      particleAt(3.5, 1, 7),
      particleAt(-3.2, 1, 2),
      particleAt(0, 0, 5),
      beamLike,
    ];
    const { image, stats } = pixelise(particles, none);
    expect(stats).toMatchObject({ particles: 4, inside: 1, outside: 3 });
    expect(stats.outsidePt).toBeCloseTo(9, 12);
    expect(image.reduce((a, b) => a + b, 0)).toBeCloseTo(5, 5);
  });

  it('counts particles outside a narrower azimuth window', () => {
    const grid = { pixels: 4, phiRange: [0, Math.PI] as const, ...none };
    const { stats, image } = pixelise([particleAt(0, 1, 1), particleAt(0, 4, 2)], grid);
    expect(stats.outside).toBe(1);
    expect(stats.outsidePt).toBeCloseTo(2, 12);
    // φ = 1 in [0, π) with 4 bins: j = floor(4/π) = 1; y = 0: i = 2.
    expect(image[2 * 4 + 1]).toBeCloseTo(1, 6);
  });

  it('bins massive particles by rapidity or by pseudorapidity as asked', () => {
    // m = 1, pT = 1, η = 1: pz = sinh 1 = 1.17520, E = √(1 + 1.38110 + 1) = 1.83878,
    // y = ½ ln(3.01398/0.66358) = 0.756687. With N = 8: η bin floor(8·(1 + π)/2π) = 5,
    // y bin floor(8·(0.756687 + π)/2π) = floor(4.963) = 4.
    const pz = Math.sinh(1);
    const p = {
      id: 1,
      pdgId: 321,
      status: 1,
      momentum: new FourVector(1, 0, pz, Math.sqrt(1 + pz * pz + 1)),
      generatedMass: 1,
      productionVertex: 0,
      endVertex: 0,
    };
    expect(p.momentum.rapidity).toBeCloseTo(0.756687, 6);
    const byY = pixelise([p], { pixels: 8, axis: 'rapidity', ...none }).image;
    const byEta = pixelise([p], { pixels: 8, axis: 'pseudorapidity', ...none }).image;
    expect(byY[4 * 8 + 0]).toBeCloseTo(1, 6);
    expect(byEta[5 * 8 + 0]).toBeCloseTo(1, 6);
  });

  it('leaves an empty event empty with scale 1', () => {
    const { image, stats } = pixelise([], { pixels: 4 });
    expect([...image]).toEqual(new Array(16).fill(0));
    expect(stats).toEqual({
      particles: 0,
      inside: 0,
      outside: 0,
      outsidePt: 0,
      sumPt: 0,
      scale: 1,
    });
  });

  it('has a pixel sum of N² and conserves pT for any particles inside', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            y: fc.double({ min: -3.1, max: 3.1, noNaN: true }),
            phi: fc.double({ min: -10, max: 10, noNaN: true }),
            pt: fc.double({ min: 0.01, max: 1000, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (list) => {
          const particles = list.map((q) => particleAt(q.y, q.phi, q.pt));
          const raw = pixelise(particles, { pixels: 16, ...none });
          const scaled = pixelise(particles, { pixels: 16 });
          const total = list.reduce((a, q) => a + q.pt, 0);
          let rawSum = 0;
          let scaledSum = 0;
          for (let k = 0; k < 256; k++) {
            rawSum += raw.image[k] as number;
            scaledSum += scaled.image[k] as number;
          }
          // Each pixel is rounded to float32 once: relative error ≤ 2⁻²⁴ per pixel.
          expect(rawSum / total).toBeCloseTo(1, 6);
          expect(scaledSum / 256).toBeCloseTo(1, 6);
          expect(raw.stats.outside).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the APEMEN text format semantics', () => {
  it('bins fractions with floor(N·frac) and skips a field of exactly 1', () => {
    expect(binOf(0.5, 64)).toBe(32);
    expect(binOf(0.999999, 64)).toBe(63);
    expect(binOf(1, 64)).toBe(-1);
    expect(binOf(-1e-12, 64)).toBe(-1);
    const { image, stats } = pixeliseFractions(
      { yfrac: [0.5, 1, 0.125], phifrac: [0.25, 0.5, 1], pt: [3, 9, 4] },
      4,
      'none',
    );
    // (floor(2), floor(1)) = (2, 1) gets 3; the other two lines are skipped.
    expect(image[2 * 4 + 1]).toBe(3);
    expect(stats).toMatchObject({ particles: 3, inside: 1, outside: 2, outsidePt: 13 });
  });

  it('computes the text fractions yfrac = (y + π)/2π and phifrac = φ/2π', () => {
    const f = particleFractions(particleAt(0.3, -0.1, 1).momentum, resolveGrid());
    expect(f.yfrac).toBeCloseTo((0.3 + Math.PI) / (2 * Math.PI), 14);
    expect(f.phifrac).toBeCloseTo((2 * Math.PI - 0.1) / (2 * Math.PI), 14);
  });

  it('gives the same image through the fractions as straight from the particles', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            y: fc.double({ min: -4, max: 4, noNaN: true }),
            phi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
            pt: fc.double({ min: 0.01, max: 100, noNaN: true }),
          }),
          { maxLength: 30 },
        ),
        (list) => {
          const grid = resolveGrid({ pixels: 32 });
          const particles = list.map((q) => particleAt(q.y, q.phi, q.pt));
          const fractions = particles.map((p) => particleFractions(p.momentum, grid));
          const direct = pixelise(particles, grid);
          const viaText = pixeliseFractions(
            {
              yfrac: fractions.map((f) => f.yfrac),
              phifrac: fractions.map((f) => f.phifrac),
              pt: particles.map((p) => p.momentum.pt),
            },
            32,
          );
          expect([...viaText.image]).toEqual([...direct.image]);
          expect(viaText.stats.outside).toBe(direct.stats.outside);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('pixeliseEvents', () => {
  it('lays n images end to end with their event numbers, weights and statistics', () => {
    const neutrino = particleAt(1, 1, 50, { pdgId: 12 });
    const events = [
      eventOf(11, [particleAt(0.3, 1, 10), neutrino], 0.5),
      eventOf(12, [particleAt(0.3, 1, 2), particleAt(0, 0, 1, { status: 2 }), particleAt(9, 0, 1)]),
    ];
    const batch = pixeliseEvents(events, { pixels: 64, ...none });
    expect(batch.count).toBe(2);
    expect(batch.images).toHaveLength(2 * 4096);
    expect([...batch.eventNumbers]).toEqual([11, 12]);
    expect([...batch.weights]).toEqual([0.5, 1]);
    expect(batch.images[35 * 64 + 10]).toBeCloseTo(10, 5);
    expect(batch.images[4096 + 35 * 64 + 10]).toBeCloseTo(2, 5);
    // The status-2 particle is not offered; y = 9 is outside.
    expect(batch.stats[1]).toMatchObject({ particles: 2, inside: 1, outside: 1 });
    expect(batch.outside).toBe(1);
    expect(batch.outsidePt).toBeCloseTo(1, 12);
    const visible = pixeliseEvents(events, { pixels: 64, ...none }, { select: 'visible' });
    expect(visible.stats[0]?.particles).toBe(1);
    expect(selectParticles(events[0]!, 'final')).toHaveLength(2);
  });
});

describe('grids', () => {
  it('fills in the original defaults', () => {
    expect(resolveGrid()).toEqual({
      pixels: 64,
      yMin: -Math.PI,
      yMax: Math.PI,
      phiMin: 0,
      phiMax: 2 * Math.PI,
      axis: 'rapidity',
      normalisation: 'sum-N2',
    });
  });

  it('rejects bad grids with a clear message', () => {
    expect(() => resolveGrid({ pixels: 0 })).toThrow(
      /pixels must be a whole number from 1 to 65536, got 0/,
    );
    expect(() => resolveGrid({ pixels: 65537 })).toThrow(/from 1 to 65536, got 65537/);
    expect(resolveGrid({ pixels: 65536 }).pixels).toBe(65536);
    expect(() => resolveGrid({ yRange: [1, -1] })).toThrow(/rapidity range/);
    expect(() => resolveGrid({ phiRange: [0, 7] })).toThrow(/azimuth range/);
    expect(() => resolveGrid({ axis: 'eta' as 'rapidity' })).toThrow(/axis must be/);
  });

  it('checks that N is a power of the kernel size', () => {
    expect(isPowerOf(64, 2)).toBe(true);
    expect(isPowerOf(81, 3)).toBe(true);
    expect(isPowerOf(48, 2)).toBe(false);
    expect(checkPowerOfKernel(64, 2)).toBe(5);
    expect(checkPowerOfKernel(81, 3)).toBe(3);
    expect(() => checkPowerOfKernel(64, 3)).toThrow(
      'image size 64 is not a power of the kernel size 3 (nearest: 27, 81)',
    );
    expect(() => checkPowerOfKernel(64, 1)).toThrow(/kernel size must be a whole number ≥ 2/);
  });
});
