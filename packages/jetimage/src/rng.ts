import { JetImageError } from './errors.js';

/**
 * A seeded pseudo-random number generator: the project's one source of reproducible randomness.
 *
 * @remarks
 * Same seed, same sequence, on every platform and every run. Not for cryptography.
 */
export interface Rng {
  /** The next 32-bit output as an unsigned integer in [0, 2³²). */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /**
   * A uniform double in [low, high).
   * @param low - lower bound
   * @param high - upper bound, > low
   */
  uniformIn(low: number, high: number): number;
  /**
   * A uniform integer in [0, n).
   * @param n - number of values, a whole number ≥ 1 below 2⁵³
   */
  integer(n: number): number;
  /** A standard normal deviate (Box–Muller on two uniforms). */
  normal(): number;
  /**
   * Shuffles an array in place (Fisher–Yates) and returns it.
   * @param items - the array (or typed array) to shuffle
   */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T;
  /** A copy of the four 32-bit state words, to save and later {@link rngFromState}. */
  state(): Uint32Array;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const MASK64 = (1n << 64n) - 1n;

function splitMix64(state: { x: bigint }): bigint {
  state.x = (state.x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

class Xoshiro128StarStar implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(words: ArrayLike<number>) {
    this.s0 = (words[0] as number) >>> 0;
    this.s1 = (words[1] as number) >>> 0;
    this.s2 = (words[2] as number) >>> 0;
    this.s3 = (words[3] as number) >>> 0;
  }

  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  integer(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= TWO_POW_53)) {
      throw new JetImageError(
        'JETIMAGE_INPUT',
        `rng.integer(n): n must be a whole number ≥ 1, got ${n}`,
      );
    }
    return Math.floor(this.uniform() * n);
  }

  normal(): number {
    const u1 = this.uniform();
    const u2 = this.uniform();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }

  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  state(): Uint32Array {
    return Uint32Array.of(this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0);
  }
}

/**
 * Makes the project's seeded random number generator: xoshiro128** seeded by SplitMix64.
 *
 * @param seed - a whole number in [0, 2⁶⁴) (a number up to 2⁵³, or a bigint)
 * @returns a generator; the same seed always gives the same sequence
 * @throws JetImageError `JETIMAGE_SEED` if the seed is negative, fractional or too large
 * @remarks
 * xoshiro128** 1.1 (Blackman and Vigna, 2018): 128 bits of state, period 2¹²⁸ − 1, 32-bit
 * integer arithmetic only, so it runs at full speed in JavaScript. Its four state words are the
 * low and high halves of the first two SplitMix64 outputs from `seed` (the seeding its authors
 * recommend). `uniform()` takes 27 + 26 bits of two outputs, as `genrand_res53` does. The
 * outputs are pinned against the authors' C code (tools/jetimage-rng).
 * @see https://prng.di.unimi.it/
 * @example
 * ```ts
 * const rng = createRng(140280);
 * rng.nextUint32(); // 1191247293
 * rng.uniform();    // a number in [0, 1), the same on every run
 * ```
 */
export function createRng(seed: number | bigint): Rng {
  let value: bigint;
  if (typeof seed === 'bigint') {
    value = seed;
  } else {
    if (!Number.isSafeInteger(seed)) {
      throw new JetImageError(
        'JETIMAGE_SEED',
        `seed must be a whole number in [0, 2^53), got ${seed}`,
      );
    }
    value = BigInt(seed);
  }
  if (value < 0n || value > MASK64) {
    throw new JetImageError('JETIMAGE_SEED', `seed must be in [0, 2^64), got ${value}`);
  }
  const state = { x: value };
  const a = splitMix64(state);
  const b = splitMix64(state);
  const words = [a & 0xffffffffn, a >> 32n, b & 0xffffffffn, b >> 32n].map(Number);
  return new Xoshiro128StarStar(words);
}

/**
 * Restores a generator from the state words that {@link Rng.state} returned.
 *
 * @param state - four 32-bit unsigned words, not all zero
 * @returns a generator that continues exactly where the saved one was
 * @throws JetImageError `JETIMAGE_SEED` if there are not four words in [0, 2³²) or all are 0
 * @example
 * ```ts
 * const a = createRng(7); a.uniform();
 * const b = rngFromState(a.state());
 * a.uniform() === b.uniform(); // true
 * ```
 */
export function rngFromState(state: ArrayLike<number>): Rng {
  const words = Array.from(state);
  if (
    words.length !== 4 ||
    words.some((w) => !(Number.isInteger(w) && w >= 0 && w < 2 ** 32)) ||
    words.every((w) => w === 0)
  ) {
    throw new JetImageError(
      'JETIMAGE_SEED',
      `generator state must be four 32-bit unsigned words, not all zero; got [${words.join(', ')}]`,
    );
  }
  return new Xoshiro128StarStar(words);
}
