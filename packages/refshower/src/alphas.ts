import { RefShowerError } from './errors.js';

/**
 * The strong coupling as a function of the squared scale.
 *
 * @remarks
 * Both the running coupling of {@link createAlphaS} and a fixed coupling
 * ({@link fixedAlphaS}) have this shape; the shower takes either.
 */
export interface AlphaS {
  /**
   * αs at the squared renormalisation scale μ².
   * @param mu2 - μ², GeV²
   * @returns αs(μ²)
   */
  value(mu2: number): number;
  /**
   * Number of active flavours at μ².
   * @param mu2 - μ², GeV²
   * @returns nf (3 to 6 for the running coupling)
   */
  activeFlavours(mu2: number): number;
}

/** Options of {@link createAlphaS}. */
export interface AlphaSOptions {
  /**
   * αs at the Z mass in the five-flavour scheme.
   * @defaultValue 0.118
   */
  alphaSMZ?: number;
  /**
   * Z mass at which `alphaSMZ` is given, GeV.
   * @defaultValue 91.1876
   */
  mZ?: number;
  /**
   * Charm threshold (3 ↔ 4 flavours), GeV.
   * @defaultValue 1.3
   */
  mCharm?: number;
  /**
   * Bottom threshold (4 ↔ 5 flavours), GeV.
   * @defaultValue 4.75
   */
  mBottom?: number;
  /**
   * Top threshold (5 ↔ 6 flavours), GeV.
   * @defaultValue 173
   */
  mTop?: number;
}

/**
 * The first two coefficients of the QCD β function for nf flavours.
 *
 * @param nf - number of active flavours
 * @returns b0 = (33 − 2nf)/(12π) and b1 = (153 − 19nf)/(24π²)
 * @remarks
 * Convention: dαs/d ln μ² = −b0 αs² − b1 αs³ (PDG "Quantum chromodynamics" review, eq. 9.3 with
 * β0 = 11 − 2nf/3, β1 = 51 − 19nf/3 and b_i = β_i/(4π)^(i+1)).
 * @example `betaCoefficients(5).b0` is `23 / (12 * Math.PI)` ≈ 0.6101.
 */
export function betaCoefficients(nf: number): { b0: number; b1: number } {
  return {
    b0: (33 - 2 * nf) / (12 * Math.PI),
    b1: (153 - 19 * nf) / (24 * Math.PI * Math.PI),
  };
}

/**
 * G(α) = 1/(b0 α) − (b1/b0²) ln(b0/α + b1), the exact integral of the two-loop RGE:
 * G(αs(μ)) − G(αs(μ0)) = ln(μ²/μ0²). Written in x = 1/α it is convex and increasing.
 */
function integralG(x: number, b0: number, b1: number): number {
  return x / b0 - (b1 / (b0 * b0)) * Math.log(b0 * x + b1);
}

/**
 * Solves G(1/x) = target for x = 1/α by Newton's method from the right, which converges
 * monotonically because G is convex and increasing in x.
 */
function solveInverseCoupling(target: number, b0: number, b1: number): number {
  // Below this value of G the solution would need α → ∞: the Landau pole.
  const gMin = -(b1 / (b0 * b0)) * Math.log(b1);
  if (!(target > gMin)) return Number.NaN;
  let x = Math.max(1, b0 * target);
  while (integralG(x, b0, b1) < target) x *= 2;
  for (let i = 0; i < 100; i++) {
    const h = integralG(x, b0, b1) - target;
    const slope = x / (b0 * x + b1);
    const step = h / slope;
    x -= step;
    if (Math.abs(step) <= 1e-15 * x) break;
  }
  return x;
}

/**
 * Makes the two-loop running coupling αs(μ²) in the MS-bar scheme with flavour thresholds.
 *
 * @param options - reference value and thresholds; see {@link AlphaSOptions}
 * @returns the coupling
 * @throws RefShowerError `invalid-option` if a value is not positive or the thresholds are out of
 *   order (mc < mb < mZ < mt); `landau-pole` from `value()` at or below the three-flavour Landau
 *   pole
 * @remarks
 * The two-loop RGE dα/d ln μ² = −b0 α² − b1 α³ is solved exactly (not the truncated
 * 1/ln(μ²/Λ²) expansion): G(α(μ)) − G(α(μ0)) = ln(μ²/μ0²) with
 * G(α) = 1/(b0 α) + (b1/b0²) ln(α/(b0 + b1 α)), inverted by Newton's method. The reference value
 * is taken with nf = 5; αs is continuous at μ = mc, mb, mt (the one-loop matching condition; the
 * two-loop matching term vanishes at μ = m_q in MS-bar). Below mc nf = 3, between mc and mb 4,
 * between mb and mt 5, above mt 6.
 * @see PDG Review of Particle Physics, "Quantum Chromodynamics", section 9.1
 * @example
 * ```ts
 * const as = createAlphaS();
 * as.value(91.1876 ** 2); // 0.118
 * as.value(10 ** 2);      // ≈ 0.1779
 * ```
 */
export function createAlphaS(options: AlphaSOptions = {}): AlphaS {
  const alphaSMZ = options.alphaSMZ ?? 0.118;
  const mZ = options.mZ ?? 91.1876;
  const mc = options.mCharm ?? 1.3;
  const mb = options.mBottom ?? 4.75;
  const mt = options.mTop ?? 173;
  for (const [name, v] of [
    ['alphaSMZ', alphaSMZ],
    ['mZ', mZ],
    ['mCharm', mc],
    ['mBottom', mb],
    ['mTop', mt],
  ] as const) {
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new RefShowerError('invalid-option', `αs option ${name} must be > 0, got ${v}`);
    }
  }
  if (!(mc < mb && mb < mZ && mZ < mt)) {
    throw new RefShowerError(
      'invalid-option',
      `αs thresholds must satisfy mCharm < mBottom < mZ < mTop, got ${mc}, ${mb}, ${mZ}, ${mt}`,
    );
  }
  const coefficients = [3, 4, 5, 6].map((nf) => betaCoefficients(nf));
  const co = (nf: number) => coefficients[nf - 3] ?? { b0: Number.NaN, b1: Number.NaN };
  // offset[nf]: G_nf(α(μ)) − ln μ² on the nf-flavour branch, fixed by continuity at thresholds.
  const offset = new Map<number, number>();
  const branchG = (nf: number, alpha: number) => integralG(1 / alpha, co(nf).b0, co(nf).b1);
  const solve = (nf: number, mu2: number): number => {
    const target = (offset.get(nf) ?? Number.NaN) + Math.log(mu2);
    return 1 / solveInverseCoupling(target, co(nf).b0, co(nf).b1);
  };
  offset.set(5, branchG(5, alphaSMZ) - Math.log(mZ * mZ));
  const atTop = solve(5, mt * mt);
  offset.set(6, branchG(6, atTop) - Math.log(mt * mt));
  const atBottom = solve(5, mb * mb);
  offset.set(4, branchG(4, atBottom) - Math.log(mb * mb));
  const atCharm = solve(4, mc * mc);
  offset.set(3, branchG(3, atCharm) - Math.log(mc * mc));
  const mc2 = mc * mc;
  const mb2 = mb * mb;
  const mt2 = mt * mt;
  const activeFlavours = (mu2: number): number =>
    mu2 < mc2 ? 3 : mu2 < mb2 ? 4 : mu2 < mt2 ? 5 : 6;
  return {
    activeFlavours,
    value(mu2: number): number {
      const alpha = solve(activeFlavours(mu2), mu2);
      if (!(alpha > 0) || !Number.isFinite(alpha)) {
        throw new RefShowerError(
          'landau-pole',
          `αs is undefined at μ² = ${mu2} GeV²: at or below the Landau pole of the two-loop coupling`,
        );
      }
      return alpha;
    },
  };
}

/**
 * A coupling that does not run.
 *
 * @param alpha - the constant value of αs
 * @returns a coupling whose value is `alpha` at every scale (activeFlavours 5)
 * @throws RefShowerError `invalid-option` if alpha is not in (0, 1]
 * @remarks
 * Used to check the shower against Sudakov factors that are known in closed form.
 * @example `fixedAlphaS(0.118).value(1)` is `0.118`.
 */
export function fixedAlphaS(alpha: number): AlphaS {
  if (!(alpha > 0 && alpha <= 1)) {
    throw new RefShowerError('invalid-option', `fixed αs must be in (0, 1], got ${alpha}`);
  }
  return { value: () => alpha, activeFlavours: () => 5 };
}
