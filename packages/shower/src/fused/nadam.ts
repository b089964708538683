/** Options of {@link FusedNadam}, Keras 2.0.9's Nadam. */
export interface FusedNadamOptions {
  /** Learning rate. @defaultValue 5e-5 (the APEMEN scripts; Keras' default is 0.002) */
  readonly learningRate?: number;
  /** @defaultValue 0.9 */
  readonly beta1?: number;
  /** @defaultValue 0.999 */
  readonly beta2?: number;
  /** @defaultValue 1e-8 */
  readonly epsilon?: number;
  /** @defaultValue 0.004 */
  readonly scheduleDecay?: number;
}

/** The state of {@link FusedNadam}, to save and resume. */
export interface FusedNadamState {
  /** Steps taken. */
  readonly iterations: number;
  /** Product of the momentum caches so far. */
  readonly momentumSchedule: number;
  /** First moments, one array per parameter array. */
  readonly m: readonly Float64Array[];
  /** Second moments, one array per parameter array. */
  readonly v: readonly Float64Array[];
}

/**
 * Keras 2.0.9's Nadam on plain typed arrays (the fused trainer's optimiser).
 *
 * @remarks
 * At step t: μ_t = β1(1 − ½·0.96^(0.004 t)); m_sched ← m_sched·μ_t; ĝ = g/(1 − m_sched);
 * m ← β1 m + (1 − β1) g; m̂ = m/(1 − m_sched·μ_{t+1}); v ← β2 v + (1 − β2) g²;
 * v̂ = v/(1 − β2^t); θ ← θ − lr·((1 − μ_t) ĝ + μ_{t+1} m̂)/(√v̂ + ε). One momentum schedule is
 * shared by all parameter arrays, as in Keras. Arithmetic in float64; parameters are stored in
 * whatever array they live in.
 *
 * @example
 * ```ts
 * const nadam = new FusedNadam([4], { learningRate: 0.002 });
 * nadam.update([params], [gradient]);
 * ```
 */
export class FusedNadam {
  /** Learning rate. */
  readonly learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly scheduleDecay: number;
  private iterations = 0;
  private momentumSchedule = 1;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];

  /**
   * @param sizes - length of each parameter array
   * @param options - hyper-parameters
   */
  constructor(sizes: readonly number[], options: FusedNadamOptions = {}) {
    this.learningRate = options.learningRate ?? 5e-5;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.scheduleDecay = options.scheduleDecay ?? 0.004;
    this.m = sizes.map((n) => new Float64Array(n));
    this.v = sizes.map((n) => new Float64Array(n));
  }

  /**
   * One optimiser step.
   *
   * @param params - parameter arrays, updated in place
   * @param gradients - their gradients, same lengths
   */
  update(
    params: readonly { [i: number]: number; length: number }[],
    gradients: readonly ArrayLike<number>[],
  ): void {
    const t = ++this.iterations;
    const { beta1, beta2, epsilon, scheduleDecay, learningRate } = this;
    const muT = beta1 * (1 - 0.5 * 0.96 ** (t * scheduleDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * scheduleDecay));
    const schedule = this.momentumSchedule * muT;
    const scheduleNext = schedule * muNext;
    this.momentumSchedule = schedule;
    const vCorrection = 1 - beta2 ** t;
    for (let a = 0; a < params.length; a++) {
      const theta = params[a] as { [i: number]: number; length: number };
      const g = gradients[a] as ArrayLike<number>;
      const m = this.m[a] as Float64Array;
      const v = this.v[a] as Float64Array;
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i] as number;
        const gPrime = gi / (1 - schedule);
        const mi = beta1 * (m[i] as number) + (1 - beta1) * gi;
        const vi = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        const mBar = (1 - muT) * gPrime + (muNext * mi) / (1 - scheduleNext);
        theta[i] =
          (theta[i] as number) - (learningRate * mBar) / (Math.sqrt(vi / vCorrection) + epsilon);
      }
    }
  }

  /**
   * A copy of the optimiser state.
   *
   * @returns iterations, momentum schedule and moments
   */
  getState(): FusedNadamState {
    return {
      iterations: this.iterations,
      momentumSchedule: this.momentumSchedule,
      m: this.m.map((a) => a.slice()),
      v: this.v.map((a) => a.slice()),
    };
  }

  /**
   * Restores a state from {@link FusedNadam.getState}.
   *
   * @param state - the state to restore
   */
  setState(state: FusedNadamState): void {
    this.iterations = state.iterations;
    this.momentumSchedule = state.momentumSchedule;
    for (let i = 0; i < this.m.length; i++) {
      this.m[i]?.set(state.m[i] ?? []);
      this.v[i]?.set(state.v[i] ?? []);
    }
  }
}
