/**
 * A small, fast, seedable uniform generator (xoshiro128**) for the fused shower's filter masks.
 *
 * @remarks
 * The filter mask draws one uniform per pixel and channel for every level of every event (tens of
 * thousands per event), so the generator must be cheap and have a long period: xoshiro128** has
 * period 2^128 − 1 and passes BigCrush; its state is seeded from a 32-bit seed with SplitMix32.
 * Uniforms are `x / 2^32` in [0, 1).
 *
 * @example
 * ```ts
 * const rng = new FusedRandom(140280);
 * rng.uniform(); // a number in [0, 1)
 * ```
 */
export class FusedRandom {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /**
   * @param seed - any integer (taken modulo 2^32)
   */
  constructor(seed: number) {
    this.reseed(seed);
  }

  /**
   * Restarts the stream from a seed.
   *
   * @param seed - any integer (taken modulo 2^32)
   */
  reseed(seed: number): void {
    // SplitMix32, four outputs (written out: a closure here would be made on every event).
    let z = seed | 0;
    z = (z + 0x9e3779b9) | 0;
    this.s0 = splitMix32(z);
    z = (z + 0x9e3779b9) | 0;
    this.s1 = splitMix32(z);
    z = (z + 0x9e3779b9) | 0;
    this.s2 = splitMix32(z);
    z = (z + 0x9e3779b9) | 0;
    this.s3 = splitMix32(z);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * The next unsigned 32-bit integer of the stream.
   *
   * @returns an integer in [0, 2^32)
   */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const t1 = Math.imul(s1, 5);
    const result = Math.imul((t1 << 7) | (t1 >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result >>> 0;
  }

  /**
   * Fills an array with uniform numbers in [0, 1) (the same stream as repeated
   * {@link FusedRandom.uniform} calls, generated without per-call overhead).
   *
   * @param out - the array to fill
   */
  fillUniform(out: Float64Array): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < out.length; i++) {
      const t1 = Math.imul(s1, 5);
      const result = Math.imul((t1 << 7) | (t1 >>> 25), 9);
      const t = s1 << 9;
      const n2 = s2 ^ s0;
      const n3 = s3 ^ s1;
      s1 ^= n2;
      s0 ^= n3;
      s2 = n2 ^ t;
      s3 = (n3 << 11) | (n3 >>> 21);
      out[i] = (result >>> 0) * 2.3283064365386963e-10;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /**
   * The next uniform number.
   *
   * @returns a number in [0, 1) with 32 random bits
   */
  uniform(): number {
    return this.nextUint32() * 2.3283064365386963e-10;
  }
}

/** SplitMix32's output function of one state value. */
function splitMix32(z: number): number {
  let t = z ^ (z >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  return (t ^ (t >>> 15)) | 0;
}
