import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FourVectorArray } from './batch.js';
import { FourVectorError } from './errors.js';
import { FourVector } from './vector.js';

const v = FourVector.fromPxPyPzE;

/** Vectors of every kind, including the edge cases (pt = 0, lightlike, spacelike, zero). */
const specials = [
  v(3, 4, 12, 13.5),
  v(0, 0, 3, 5),
  v(0, 0, 1, 1),
  v(0, 0, -1, 1),
  v(0, 0, 5, 3),
  v(0, 0, 0, 0),
  v(-1, -0, 0, 1),
  v(1, 2, 3, 10),
  v(3, 0, 4, -10),
];

const component = fc.double({ min: -100, max: 100, noNaN: true });
const anyVector = fc
  .tuple(component, component, component, fc.double({ min: -10, max: 300, noNaN: true }))
  .map(([x, y, z, t]) => v(x, y, z, t));
const batchOf = (min: number) =>
  fc.array(anyVector, { minLength: min, maxLength: 20 }).map((vs) => [...vs, ...specials]);

const quantities = [
  'pt',
  'p',
  'eta',
  'rapidity',
  'phi',
  'theta',
  'mass2',
  'mass',
  'mt2',
  'mt',
  'et',
  'beta',
  'gamma',
] as const;
const pairwise = [
  'dot',
  'deltaPhi',
  'deltaEta',
  'deltaR2',
  'deltaR',
  'deltaRapidityPhi',
  'deltaAngle',
] as const;

describe('FourVectorArray agrees exactly with FourVector (same formulas)', () => {
  it('for every single-vector quantity, edge cases included', () => {
    fc.assert(
      fc.property(batchOf(0), (vectors) => {
        const batch = FourVectorArray.fromVectors(vectors);
        for (const q of quantities) {
          const column = batch[q]();
          vectors.forEach((a, i) => {
            expect(Object.is(column[i], a[q]) || column[i] === a[q]).toBe(true);
          });
        }
      }),
      { numRuns: 50 },
    );
  });

  it('for every pairwise quantity', () => {
    fc.assert(
      fc.property(batchOf(0), batchOf(0), (xs, ys) => {
        const n = Math.min(xs.length, ys.length);
        const a = FourVectorArray.fromVectors(xs.slice(0, n));
        const b = FourVectorArray.fromVectors(ys.slice(0, n));
        for (const q of pairwise) {
          const column = a[q](b);
          for (let i = 0; i < n; i++) {
            const want = xs[i]![q](ys[i]!);
            expect(Object.is(column[i], want) || column[i] === want).toBe(true);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('for arithmetic, rotations, boosts and light-cone flags', () => {
    fc.assert(
      fc.property(
        batchOf(1),
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: -0.9, max: 0.9, noNaN: true }),
        (vectors, angle, b) => {
          const batch = FourVectorArray.fromVectors(vectors);
          const other = FourVectorArray.fromVectors([...vectors].reverse());
          const frame = v(1, -2, 3, 10);
          const cases: [FourVectorArray, (a: FourVector, i: number) => FourVector][] = [
            [batch.add(other), (a, i) => a.add(other.get(i))],
            [batch.subtract(other), (a, i) => a.subtract(other.get(i))],
            [batch.scale(angle), (a) => a.scale(angle)],
            [batch.rotateX(angle), (a) => a.rotateX(angle)],
            [batch.rotateY(angle), (a) => a.rotateY(angle)],
            [batch.rotateZ(angle), (a) => a.rotateZ(angle)],
            [batch.rotateAxis([1, -2, 0.5], angle), (a) => a.rotateAxis([1, -2, 0.5], angle)],
            [batch.rotateEuler(angle, 1, -angle), (a) => a.rotateEuler(angle, 1, -angle)],
            [batch.boostX(b), (a) => a.boostX(b)],
            [batch.boostY(b), (a) => a.boostY(b)],
            [batch.boostZ(b), (a) => a.boostZ(b)],
            [batch.boostBeta3([b / 2, -b / 2, b / 2]), (a) => a.boostBeta3([b / 2, -b / 2, b / 2])],
            [batch.boostP4(frame), (a) => a.boostP4(frame)],
            [batch.boostCMOf(frame), (a) => a.boostCMOf(frame)],
          ];
          for (const [got, want] of cases) {
            vectors.forEach((a, i) => {
              expect(got.get(i)).toEqual(want(a, i));
            });
          }
          const flags = [batch.isTimelike(), batch.isSpacelike(), batch.isLightlike()];
          vectors.forEach((a, i) => {
            expect(flags.map((f) => f[i])).toEqual([
              a.isTimelike() ? 1 : 0,
              a.isSpacelike() ? 1 : 0,
              a.isLightlike() ? 1 : 0,
            ]);
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('constructors from (pt, η, φ, m), (pt, η, φ, E) and (pt, y, φ, m)', () => {
    const pt = [3, 5, 1, 2];
    const eta = [0, Math.log(5), -1, 2.5];
    const phi = [0, Math.atan2(4, 3), 3, -2];
    const mass = [4, Math.sqrt(13.25), -2, 0];
    const a = FourVectorArray.fromPtEtaPhiM(pt, eta, phi, mass);
    const b = FourVectorArray.fromPtEtaPhiE(pt, eta, phi, mass);
    const c = FourVectorArray.fromPtRapidityPhiM(pt, eta, phi, [4, 1, -1, 0]);
    for (let i = 0; i < 4; i++) {
      expect(a.get(i)).toEqual(FourVector.fromPtEtaPhiM(pt[i]!, eta[i]!, phi[i]!, mass[i]!));
      expect(b.get(i)).toEqual(FourVector.fromPtEtaPhiE(pt[i]!, eta[i]!, phi[i]!, mass[i]!));
      expect(c.get(i)).toEqual(
        FourVector.fromPtRapidityPhiM(pt[i]!, eta[i]!, phi[i]!, [4, 1, -1, 0][i]!),
      );
    }
    expect(a.get(0)).toEqual(v(3, 0, 0, 5));
    expect(() => FourVectorArray.fromPtRapidityPhiM([1], [0], [0], [-2])).toThrow(FourVectorError);
    expect(() => FourVectorArray.fromPtEtaPhiM([1, 2], [0], [0], [0])).toThrow(/equal lengths/);
  });
});

describe('FourVectorArray in place and per-vector frames', () => {
  it('boosting in place (out = this) equals boosting into a new batch', () => {
    const vectors = specials.filter((a) => Number.isFinite(a.e));
    const batch = FourVectorArray.fromVectors(vectors);
    const fresh = batch.boostBeta3([0.1, 0.2, 0.3]);
    const same = batch.boostBeta3([0.1, 0.2, 0.3], batch);
    expect(same).toBe(batch);
    expect(batch.toVectors()).toEqual(fresh.toVectors());
  });

  it('writes quantities into a caller-provided column and checks its length', () => {
    const batch = FourVectorArray.fromVectors([v(0, 0, 3, 5), v(3, 4, 0, 5)]);
    const out = new Float64Array(2);
    expect(batch.mass(out)).toBe(out);
    expect([...out]).toEqual([4, 0]);
    expect(() => batch.mass(new Float64Array(3))).toThrow(FourVectorError);
  });

  it('boostCMOfEach takes every frame to rest: (0, 0, 0, mᵢ); boostP4Each undoes it', () => {
    const frames = FourVectorArray.fromVectors([v(0, 0, 3, 5), v(3, 4, 12, 13.5)]);
    const rest = frames.boostCMOfEach(frames);
    expect(rest.get(0).e).toBeCloseTo(4, 14);
    expect(rest.get(1).e).toBeCloseTo(Math.sqrt(13.25), 13);
    expect(rest.get(1).p).toBeLessThan(1e-13);
    const back = rest.boostP4Each(frames);
    expect(back.get(1).pz).toBeCloseTo(12, 12);
    expect(back.get(1).e).toBeCloseTo(13.5, 12);
  });

  it('boostCMOfEach names the first bad frame', () => {
    const frames = FourVectorArray.fromVectors([v(0, 0, 3, 5), v(0, 0, 1, 1)]);
    expect(() => frames.boostCMOfEach(frames)).toThrow(/frames\[1\]/);
  });

  it('rejects mismatched lengths', () => {
    const a = FourVectorArray.zeros(2);
    const b = FourVectorArray.zeros(3);
    expect(() => a.add(b)).toThrow(FourVectorError);
    expect(() => a.boostZ(0.5, b)).toThrow(/length 3, expected 2/);
    expect(
      () =>
        new FourVectorArray(
          new Float64Array(2),
          new Float64Array(2),
          new Float64Array(1),
          new Float64Array(2),
        ),
    ).toThrow(/equal lengths/);
  });
});

describe('FourVectorArray sums and invariant masses of sets', () => {
  // Two back-to-back 5-GeV vectors (m = 4 each) and one at rest with m = 2.
  const particles = FourVectorArray.fromVectors([
    v(0, 0, 3, 5),
    v(0, 0, -3, 5),
    v(0, 0, 0, 2),
    v(3, 4, 12, 13.5),
  ]);

  it('sum of all and of an index list', () => {
    expect(particles.sum()).toEqual(v(3, 4, 12, 25.5));
    // (0, 0, 3, 5) + (0, 0, −3, 5) = (0, 0, 0, 10): mass 10
    expect(particles.sum([0, 1]).mass).toBe(10);
    expect(particles.sum([]).mass).toBe(0);
  });

  it('contiguous sets from offsets', () => {
    const sums = particles.sumSets([0, 2, 4]);
    expect(sums.get(0)).toEqual(v(0, 0, 0, 10));
    expect(sums.get(1)).toEqual(v(3, 4, 12, 15.5));
    // m² = 15.5² − 169 = 240.25 − 169 = 71.25
    expect([...particles.invariantMassOfSets([0, 2, 4])]).toEqual([10, Math.sqrt(71.25)]);
  });

  it('index-list sets in compressed-row form, including an empty set', () => {
    // set 0 = {2, 0}: (0, 0, 3, 7), m² = 49 − 9 = 40; set 1 = {}; set 2 = {1, 3}
    const masses = particles.invariantMassOfSets([0, 2, 2, 4], [2, 0, 1, 3]);
    expect(masses[0]).toBeCloseTo(Math.sqrt(40), 14);
    expect(masses[1]).toBe(0);
    // (3, 4, 9, 18.5): m² = 342.25 − 9 − 16 − 81 = 236.25
    expect(masses[2]).toBeCloseTo(Math.sqrt(236.25), 13);
  });

  it('agrees with summing value-type vectors', () => {
    fc.assert(
      fc.property(
        batchOf(1),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.nat({ max: 5 }), { maxLength: 6 }),
        (vectors, rawIndices, sizes) => {
          const batch = FourVectorArray.fromVectors(vectors);
          const indices = rawIndices.map((i) => i % vectors.length);
          const offsets = [0];
          for (const s of sizes) offsets.push(Math.min(offsets.at(-1)! + s, indices.length));
          const sums = batch.sumSets(offsets, indices);
          for (let j = 0; j + 1 < offsets.length; j++) {
            let want = v(0, 0, 0, 0);
            for (let q = offsets[j]!; q < offsets[j + 1]!; q++)
              want = want.add(vectors[indices[q]!]!);
            expect(sums.get(j)).toEqual(want);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('rejects bad offsets and indices with INDEX_OUT_OF_RANGE', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (err) {
        return (err as FourVectorError).code;
      }
      return undefined;
    };
    expect(code(() => particles.sumSets([0, 3, 2]))).toBe('INDEX_OUT_OF_RANGE');
    expect(code(() => particles.sumSets([1, 2]))).toBe('INDEX_OUT_OF_RANGE');
    expect(code(() => particles.sumSets([0, 5]))).toBe('INDEX_OUT_OF_RANGE');
    expect(code(() => particles.sumSets([]))).toBe('INDEX_OUT_OF_RANGE');
    expect(code(() => particles.sumSets([0, 1], [4]))).toBe('INDEX_OUT_OF_RANGE');
    expect(code(() => particles.sum([0.5]))).toBe('INDEX_OUT_OF_RANGE');
    expect(code(() => particles.get(4))).toBe('INDEX_OUT_OF_RANGE');
  });
});
