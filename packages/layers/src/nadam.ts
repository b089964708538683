import * as tf from '@tensorflow/tfjs-core';
import { LayersConfigError } from './errors.js';
import type { NamedTensor } from './tfjs_types.js';

/** Options of {@link nadam}; the defaults are Keras 2.0.9's. */
export interface NadamArgs {
  /**
   * Learning rate (the APEMEN scripts used 5e-5).
   * @defaultValue 0.002
   */
  learningRate?: number;
  /** @defaultValue 0.9 */
  beta1?: number;
  /** @defaultValue 0.999 */
  beta2?: number;
  /** ε̂ added to √v̂. @defaultValue 1e-8 */
  epsilon?: number;
  /** Momentum schedule decay. @defaultValue 0.004 */
  scheduleDecay?: number;
}

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Keras 2.0.9's Nadam (Adam with Nesterov momentum and a warming momentum schedule) as a tfjs
 * optimiser.
 *
 * @remarks
 * At step t = 1, 2, …: μ_t = β1·(1 − ½·0.96^(0.004·t)), μ_{t+1} likewise;
 * m_sched ← m_sched·μ_t (starting from 1); ĝ = g/(1 − m_sched); m ← β1·m + (1 − β1)·g;
 * m̂ = m/(1 − m_sched·μ_{t+1}); v ← β2·v + (1 − β2)·g²; v̂ = v/(1 − β2^t);
 * m̄ = (1 − μ_t)·ĝ + μ_{t+1}·m̂; θ ← θ − lr·m̄/(√v̂ + ε̂).
 * The per-step scalars are computed in float64 and m_sched is kept rounded to float32 (as Keras
 * kept it in a float32 variable), so {@link Nadam.getWeights} → {@link Nadam.setWeights} resumes
 * bit for bit. Weights: `iter` (int32), `m_schedule`, then m and v of each variable in the order
 * the variables were first updated (Keras 2.0.9 did not save m_schedule, so a resumed Keras run
 * restarted its schedule; this one does not).
 * @see ../shared/APEMEN.md "Optimiser"
 */
export class Nadam extends tf.Optimizer {
  /** Registered name used in saved models. */
  static readonly className = 'Apemen>Nadam';

  /** Learning rate. */
  readonly learningRate: number;
  /** β1. */
  readonly beta1: number;
  /** β2. */
  readonly beta2: number;
  /** ε̂. */
  readonly epsilon: number;
  /** Schedule decay. */
  readonly scheduleDecay: number;

  private mSchedule = 1;
  private firstMoments: Slot[] = [];
  private secondMoments: Slot[] = [];

  /**
   * @param args - see {@link NadamArgs}
   * @throws {@link LayersConfigError} for a non-positive learning rate or β outside [0, 1)
   */
  constructor(args: NadamArgs = {}) {
    super();
    this.learningRate = args.learningRate ?? 0.002;
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-8;
    this.scheduleDecay = args.scheduleDecay ?? 0.004;
    if (!(this.learningRate > 0 && Number.isFinite(this.learningRate))) {
      throw new LayersConfigError('learningRate', 'a finite number > 0', this.learningRate);
    }
    for (const [field, value] of [
      ['beta1', this.beta1],
      ['beta2', this.beta2],
    ] as const) {
      if (!(value >= 0 && value < 1))
        throw new LayersConfigError(field, 'a number in [0, 1)', value);
    }
    if (!(this.epsilon >= 0)) throw new LayersConfigError('epsilon', 'a number ≥ 0', this.epsilon);
    if (!Number.isFinite(this.scheduleDecay)) {
      throw new LayersConfigError('scheduleDecay', 'a finite number', this.scheduleDecay);
    }
  }

  /** m_sched, the running product of the momentum schedule μ_1·…·μ_t (1 before any step). */
  get momentumSchedule(): number {
    return this.mSchedule;
  }

  private momentumCache(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** (t * this.scheduleDecay));
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const t = this.iterations + 1;
    const muT = this.momentumCache(t);
    const muNext = this.momentumCache(t + 1);
    const scheduleNew = Math.fround(this.mSchedule * muT);
    const scheduleNext = scheduleNew * muNext;
    const { beta1, beta2, learningRate, epsilon } = this;
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        const gradient = Array.isArray(variableGradients)
          ? variableGradients[i]?.tensor
          : variableGradients[name];
        if (value === undefined || gradient == null) return;
        const m = this.slot(this.firstMoments, i, `${name}/m`, value);
        const v = this.slot(this.secondMoments, i, `${name}/v`, value);
        const gPrime = tf.div(gradient, 1 - scheduleNew);
        const mT = tf.add(tf.mul(m, beta1), tf.mul(gradient, 1 - beta1));
        const mTPrime = tf.div(mT, 1 - scheduleNext);
        const vT = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
        const vTPrime = tf.div(vT, 1 - beta2 ** t);
        const mBar = tf.add(tf.mul(gPrime, 1 - muT), tf.mul(mTPrime, muNext));
        m.assign(mT);
        v.assign(vT);
        const step = tf.div(tf.mul(mBar, learningRate), tf.add(tf.sqrt(vTPrime), epsilon));
        value.assign(tf.sub(value, step));
      });
    });
    this.mSchedule = scheduleNew;
    this.incrementIterations();
  }

  private slot(slots: Slot[], i: number, originalName: string, like: tf.Variable): tf.Variable {
    const existing = slots[i];
    if (existing !== undefined) return existing.variable;
    const variable = tf.tidy(() => tf.zerosLike(like).variable(false));
    slots[i] = { originalName, variable };
    return variable;
  }

  override dispose(): void {
    for (const slot of [...this.firstMoments, ...this.secondMoments]) slot.variable.dispose();
    this.firstMoments = [];
    this.secondMoments = [];
  }

  /**
   * The optimiser's state: `iter`, `m_schedule`, every m, every v.
   * @returns named tensors (the caller must not dispose the m and v variables)
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.firstMoments, ...this.secondMoments];
    return [
      await this.saveIterations(),
      { name: 'm_schedule', tensor: tf.scalar(this.mSchedule, 'float32') },
      ...slots.map((s) => ({ name: s.originalName, tensor: s.variable })),
    ];
  }

  /**
   * Restores a state saved by {@link Nadam.getWeights}.
   * @param weightValues - `iter`, `m_schedule`, then m's and v's in equal numbers
   * @throws {@link LayersConfigError} when the list does not have that layout
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const schedule = rest[0];
    if (schedule === undefined || schedule.name !== 'm_schedule' || (rest.length - 1) % 2 !== 0) {
      throw new LayersConfigError(
        'weightValues',
        '[iter, m_schedule, m…, v…] as written by Nadam.getWeights',
        weightValues.map((w) => w.name),
      );
    }
    this.mSchedule = Math.fround((await schedule.tensor.data())[0] as number);
    const moments = rest.slice(1);
    const half = moments.length / 2;
    const toSlot = (w: NamedTensor): Slot => ({
      originalName: w.name,
      variable: w.tensor.variable(false),
    });
    const first = moments.slice(0, half).map(toSlot);
    const second = moments.slice(half).map(toSlot);
    // The new variables are made before the old are released: the values given may be this
    // optimiser's own variables (setWeights(await getWeights())).
    this.dispose();
    this.firstMoments = first;
    this.secondMoments = second;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      scheduleDecay: this.scheduleDecay,
    };
  }

  /** @internal */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls({
      learningRate: config.learningRate,
      beta1: config.beta1,
      beta2: config.beta2,
      epsilon: config.epsilon,
      scheduleDecay: config.scheduleDecay,
    });
  }
}
tf.serialization.registerClass(Nadam);

/**
 * Creates a Keras 2.0.9 {@link Nadam} optimiser.
 *
 * @param args - see {@link NadamArgs}
 * @returns the optimiser
 * @throws {@link LayersConfigError} on invalid options
 * @example
 * ```ts
 * model.compile({ optimizer: nadam({ learningRate: 5e-5 }), loss: activeLoss() });
 * ```
 */
export function nadam(args: NadamArgs = {}): Nadam {
  return new Nadam(args);
}
