/**
 * Learning-rate schedules of `apemen train` (the original used a constant rate).
 */

/** The schedules `--lr-schedule` accepts. */
export const SCHEDULE_CHOICES = ['constant', 'cosine'] as const;
/** A schedule's name. */
export type ScheduleKind = (typeof SCHEDULE_CHOICES)[number];

/** A learning-rate schedule, as a run's settings keep it. */
export interface LearningRateSchedule {
  /** `constant` (the original) or `cosine` decay. */
  readonly kind: ScheduleKind;
  /** Steps of linear warm-up from lr/warmup to lr (0: none). */
  readonly warmupSteps: number;
  /** Steps over which the cosine decays (the run's planned steps); ignored when constant. */
  readonly totalSteps: number;
}

/** Fraction of the learning rate the cosine decay ends at (and keeps beyond its planned steps). */
export const COSINE_FLOOR = 0.01;

/**
 * The factor the learning rate is multiplied by at a step.
 *
 * @param schedule - the schedule; undefined is constant
 * @param step - the optimiser step, from 0
 * @returns a factor in (0, 1]
 * @remarks
 * Warm-up: min(1, (step + 1)/warmupSteps). Cosine: f + (1 − f)·½(1 + cos(π·min(step/T, 1)))
 * with f = {@link COSINE_FLOOR} and T = totalSteps, so a run resumed with more epochs than
 * planned continues at 1 % of the rate.
 * @example
 * ```ts
 * learningRateFactor({ kind: 'cosine', warmupSteps: 0, totalSteps: 100 }, 50); // 0.505
 * ```
 */
export function learningRateFactor(
  schedule: LearningRateSchedule | undefined,
  step: number,
): number {
  if (schedule === undefined) return 1;
  const warm = schedule.warmupSteps > 0 ? Math.min(1, (step + 1) / schedule.warmupSteps) : 1;
  if (schedule.kind === 'constant' || schedule.totalSteps <= 0) return warm;
  const progress = Math.min(step / schedule.totalSteps, 1);
  return warm * (COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/**
 * Scales the step an optimiser just took: θ ← θ_before + factor·(θ − θ_before).
 *
 * @param params - the parameters after the optimiser's step, changed in place
 * @param before - the parameters before it
 * @param factor - from {@link learningRateFactor}
 * @remarks
 * Nadam's step is lr·m̄/(√v̂ + ε), with moments that do not depend on lr, so scaling the step is
 * exactly a step at lr·factor (up to the rounding of float32 parameters).
 */
export function scaleStep(
  params: { [i: number]: number; length: number },
  before: ArrayLike<number>,
  factor: number,
): void {
  if (factor === 1) return;
  for (let i = 0; i < params.length; i++) {
    const b = before[i] as number;
    params[i] = b + factor * ((params[i] as number) - b);
  }
}
