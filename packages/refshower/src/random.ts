/**
 * A source of uniform random numbers in [0, 1).
 *
 * @remarks
 * The shower takes any object with this shape, so a caller can substitute its own generator.
 */
export interface RandomSource {
  /** The next uniform number u with 0 ≤ u < 1. */
  next(): number;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** MurmurHash3's 32-bit finaliser: a bijection of 32-bit words that mixes every bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * The xoshiro128** generator (Blackman & Vigna), in 32-bit integer arithmetic.
 *
 * @remarks
 * Period 2¹²⁸ − 1; passes BigCrush. {@link Xoshiro128.next} joins two 32-bit outputs into a
 * double with 53 random bits, as in Vigna's reference code. Use {@link createRandom} to seed it.
 * @see https://prng.di.unimi.it/xoshiro128starstar.c
 * @example
 * ```ts
 * const rng = Xoshiro128.fromState(1, 2, 3, 4);
 * rng.nextUint32(); // 11520
 * ```
 */
export class Xoshiro128 implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /**
   * Makes a generator from its raw 128-bit state.
   * @param s0 - state word 0 (unsigned 32-bit)
   * @param s1 - state word 1
   * @param s2 - state word 2
   * @param s3 - state word 3
   * @returns the generator
   * @throws RangeError if all four words are zero (the one state xoshiro cannot leave)
   * @example `Xoshiro128.fromState(1, 2, 3, 4).nextUint32()` is `11520`.
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): Xoshiro128 {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    return new Xoshiro128(s0, s1, s2, s3);
  }

  /**
   * The next raw 32-bit output.
   * @returns an unsigned integer in [0, 2³²)
   * @example `Xoshiro128.fromState(1, 2, 3, 4).nextUint32()` is `11520`.
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * The next uniform double in [0, 1) with 53 random bits.
   * @returns u with 0 ≤ u < 1
   * @example `createRandom(1).next()` is a number in [0, 1).
   */
  next(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }
}

/**
 * Makes a seeded generator for one independent stream.
 *
 * @param seed - any integer in [0, 2⁵³); only its value matters
 * @param stream - stream number (for example the event index), an integer in [0, 2³²)
 * @defaultValue stream = 0
 * @returns a fresh xoshiro128** generator
 * @throws RangeError if `seed` or `stream` is not a non-negative safe integer below its bound
 * @remarks
 * The 128-bit state is filled by a Weyl sequence (step 0x9E3779B9) through MurmurHash3's
 * finaliser, started from a hash of (seed, stream). Giving every event its own stream makes an
 * event depend only on (seed, event index), so sharded runs and reruns of one event reproduce it.
 * @example
 * ```ts
 * const a = createRandom(42, 7).next();
 * const b = createRandom(42, 7).next(); // a === b
 * ```
 */
export function createRandom(seed: number, stream = 0): Xoshiro128 {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  }
  if (!Number.isSafeInteger(stream) || stream < 0 || stream >= 2 ** 32) {
    throw new RangeError(`stream must be an integer in [0, 2^32), got ${stream}`);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  let weyl = fmix32(lo ^ fmix32(hi ^ fmix32((stream + 0x632be5ab) >>> 0)));
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    weyl = (weyl + 0x9e3779b9) >>> 0;
    words.push(fmix32(weyl));
  }
  const [s0 = 0, s1 = 0, s2 = 0, s3 = 0] = words;
  // fmix32 is a bijection of consecutive Weyl words, so four zeros cannot all occur.
  return Xoshiro128.fromState(s0, s1, s2, s3);
}
