/**
 * The law of the filter mask on pixels where every kernel ties, as a table that draws it with one
 * uniform.
 *
 * @remarks
 * Where all C responses tie (in practice: every pixel whose receptive field is empty), FilterMask
 * sets r_c = u_c·p_c with independent u_c ~ U(0, 1) and keeps argmax_c r_c. The chosen channel
 * follows the law q_c = P(argmax = c) = (1/p_c) ∫₀^{p_c} Π_{j≠c} min(1, t/p_j) dt, which is a
 * piecewise polynomial integrated here exactly. Drawing from q with one uniform gives the same
 * law as drawing C uniforms, except for events of probability below about
 * C·ε/max p (ε = 1e-7) where two r_c lie within ε of each other or all are below ε and the
 * original sets several channels at once.
 */

/**
 * Inverse-CDF sampling of a discrete law through a guide table of 4096 buckets: a bucket of u that
 * lies inside one CDF interval answers directly, the few that straddle a boundary search the CDF,
 * so a draw costs one uniform and almost always one table look-up (exact, no approximation).
 *
 * @example
 * ```ts
 * new GuideTable([0.75, 0.25]).draw(0.8); // 1
 * ```
 */
export class GuideTable {
  /** Cumulative law (last entry 1); empty when the law is all zero. */
  readonly cdf: Float64Array;
  /** Outcome of each bucket [b/M, (b+1)/M), or −1 where the bucket straddles a boundary. */
  readonly guide: Int32Array;

  /**
   * @param law - non-negative weights (normalised here)
   * @param buckets - number of guide buckets @defaultValue 4096
   */
  constructor(law: ArrayLike<number>, buckets = 4096) {
    let total = 0;
    for (let i = 0; i < law.length; i++) total += law[i] ?? 0;
    this.guide = new Int32Array(buckets).fill(-1);
    if (!(total > 0)) {
      this.cdf = new Float64Array(0);
      return;
    }
    const n = law.length;
    this.cdf = new Float64Array(n);
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += (law[i] ?? 0) / total;
      this.cdf[i] = i === n - 1 ? Number.POSITIVE_INFINITY : running;
    }
    for (let b = 0; b < buckets; b++) {
      const lo = this.draw(b / buckets);
      // The largest u of the bucket: just below (b + 1)/M.
      const hi = this.draw((b + 1) / buckets - 2 ** -40);
      if (lo === hi && lo >= 0) this.guide[b] = lo;
    }
  }

  /**
   * Draws one outcome by searching the CDF.
   *
   * @param u - a uniform number in [0, 1)
   * @returns the outcome, or −1 when the law is all zero
   */
  draw(u: number): number {
    const n = this.cdf.length;
    if (n === 0) return -1;
    let c = 0;
    while (c < n - 1 && u >= (this.cdf[c] as number)) c++;
    return c;
  }
}

/**
 * Probabilities q_c that channel c holds the largest u_c·p_c, u_c independent uniforms on [0, 1).
 *
 * @param probabilities - the filter probabilities p_c ≥ 0 of one level
 * @returns q (sums to 1 when some p_c > 0; all zero when every p_c is 0)
 *
 * @example
 * ```ts
 * argmaxLaw([1, 1]); // Float64Array [0.5, 0.5]
 * argmaxLaw([1, 0.5]); // Float64Array [0.75, 0.25]
 * ```
 */
export function argmaxLaw(probabilities: ArrayLike<number>): Float64Array {
  const n = probabilities.length;
  const q = new Float64Array(n);
  const positive: number[] = [];
  for (let c = 0; c < n; c++) {
    const p = probabilities[c] ?? 0;
    if (p > 0) positive.push(p);
  }
  positive.sort((a, b) => a - b);
  for (let c = 0; c < n; c++) {
    const pc = probabilities[c] ?? 0;
    if (!(pc > 0)) continue;
    // Others: every positive p_j except one copy of p_c itself.
    const others = positive.slice();
    others.splice(others.indexOf(pc), 1);
    // Integrate Π_j min(1, t/p_j) over t ∈ [0, p_c]: between consecutive breakpoints the factors
    // with p_j above t contribute t/p_j, the others 1.
    let integral = 0;
    let lower = 0;
    let m = others.length;
    let denominator = 1;
    for (const pj of others) denominator *= pj;
    for (const pj of others) {
      const upper = Math.min(pj, pc);
      if (upper > lower) {
        integral += (upper ** (m + 1) - lower ** (m + 1)) / ((m + 1) * denominator);
        lower = upper;
      }
      if (pj >= pc) break;
      m -= 1;
      denominator /= pj;
    }
    if (pc > lower) integral += (pc ** (m + 1) - lower ** (m + 1)) / ((m + 1) * denominator);
    q[c] = integral / pc;
  }
  return q;
}

/**
 * Draws the masks of two horizontally adjacent pixels where every kernel ties (a pair of children of
 * one k = 2 parent) with 12 random bits: the pair law q_a·q_b over C² outcomes through a guide table
 * of 4096 buckets, the outcomes ordered by decreasing probability so few buckets straddle.
 *
 * @remarks Exact: a bucket that lies inside one outcome's CDF interval answers directly; a bucket
 * that straddles a boundary (at most C² − 1 of 4096) places u inside the bucket with 32 fresh bits
 * and searches the CDF, so u has 44 random bits there. The law is q⊗q, the same as two independent
 * categorical draws (and so the same as FilterMask's u·p argmax up to events of probability about
 * C·ε/max p, see {@link argmaxLaw}).
 * @internal
 */
export class PairTable {
  /** Outcome a·C + b of each bucket, or −1 where the bucket straddles a CDF boundary. */
  readonly guide: Int16Array;
  /** Outcomes (a·C + b) in decreasing probability. */
  readonly order: Int32Array;
  /** Cumulative probability of `order` (last entry +∞). */
  readonly cdf: Float64Array;
  /** First position in `order` whose interval may meet each bucket. */
  readonly start: Int32Array;

  /**
   * @param law - the single-pixel law q (normalised here; must have a positive entry)
   */
  constructor(law: ArrayLike<number>) {
    const C = law.length;
    let total = 0;
    for (let c = 0; c < C; c++) total += law[c] ?? 0;
    const pair = new Float64Array(C * C);
    for (let a = 0; a < C; a++) {
      for (let b = 0; b < C; b++)
        pair[a * C + b] = ((law[a] ?? 0) / total) * ((law[b] ?? 0) / total);
    }
    const order = Array.from({ length: C * C }, (_, o) => o).sort(
      (x, y) => (pair[y] as number) - (pair[x] as number) || x - y,
    );
    this.order = Int32Array.from(order);
    this.cdf = new Float64Array(C * C);
    // The last outcome of positive probability closes the CDF (+∞), so rounding in the running
    // sum can never hand u to an outcome of probability 0.
    let lastPositive = 0;
    for (let i = 0; i < order.length; i++)
      if ((pair[order[i] as number] as number) > 0) lastPositive = i;
    let running = 0;
    for (let i = 0; i < order.length; i++) {
      running += pair[order[i] as number] as number;
      this.cdf[i] = i >= lastPositive ? Number.POSITIVE_INFINITY : running;
    }
    const buckets = 4096;
    this.guide = new Int16Array(buckets).fill(-1);
    this.start = new Int32Array(buckets);
    let position = 0;
    for (let bucket = 0; bucket < buckets; bucket++) {
      const lo = bucket / buckets;
      while (position < order.length - 1 && lo >= (this.cdf[position] as number)) position++;
      this.start[bucket] = position;
      // The bucket [lo, hi) lies inside one interval when the interval's end is at or past hi.
      const hi = (bucket + 1) / buckets;
      if ((this.cdf[position] as number) >= hi && (pair[order[position] as number] as number) > 0) {
        this.guide[bucket] = order[position] as number;
      }
    }
  }

  /**
   * The outcome of a straddling bucket: u = (bucket + fine·2^-32)/4096.
   *
   * @param bucket - the 12-bit bucket
   * @param fine - 32 fresh random bits, as an unsigned integer
   * @returns the outcome a·C + b
   */
  straddle(bucket: number, fine: number): number {
    const u = (bucket + fine * 2.3283064365386963e-10) / 4096;
    const cdf = this.cdf;
    const n = cdf.length;
    let i = this.start[bucket] as number;
    while (i < n - 1 && u >= (cdf[i] as number)) i++;
    return this.order[i] as number;
  }
}
