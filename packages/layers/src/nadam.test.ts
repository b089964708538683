import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Nadam, nadam } from './nadam.js';
import { BACKENDS, useBackend, values } from './test-backends.js';

// f(θ) = ½·Σ a_i (θ_i − c_i)², so g = a·(θ − c).
const A = [1, 4, 0.25];
const C = [0.5, -1, 2];
const START = [2, 1, -1];

/** Keras 2.0.9's Nadam on f in plain float64, written from the update rule. */
function kerasNadam(steps: number, lr: number): number[][] {
  const [beta1, beta2, eps, decay] = [0.9, 0.999, 1e-8, 0.004];
  const theta = [...START];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  let mSchedule = 1;
  const trajectory: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const muT = beta1 * (1 - 0.5 * 0.96 ** (t * decay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * decay));
    const scheduleNew = mSchedule * muT;
    const scheduleNext = scheduleNew * muNext;
    for (let i = 0; i < 3; i++) {
      const g = (A[i] as number) * ((theta[i] as number) - (C[i] as number));
      const gPrime = g / (1 - scheduleNew);
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * g;
      const mPrime = (m[i] as number) / (1 - scheduleNext);
      v[i] = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      const vPrime = (v[i] as number) / (1 - beta2 ** t);
      const mBar = (1 - muT) * gPrime + muNext * mPrime;
      theta[i] = (theta[i] as number) - (lr * mBar) / (Math.sqrt(vPrime) + eps);
    }
    mSchedule = scheduleNew;
    trajectory.push([...theta]);
  }
  return trajectory;
}

function loss(theta: tf.Variable): tf.Scalar {
  return tf.mul(
    tf.sum(tf.mul(tf.tensor1d(A), tf.square(tf.sub(theta, tf.tensor1d(C))))),
    0.5,
  ) as tf.Scalar;
}

describe.each(BACKENDS)('Nadam on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });
  afterEach(() => {
    tf.disposeVariables();
  });

  it('takes five steps on a quadratic exactly as Keras 2.0.9 does (to 1e-6)', () => {
    // Step 1 by hand for θ_0: g = 1·(2 − 0.5) = 1.5; μ_1 = 0.9·(1 − ½·0.96^0.004) = 0.4500735,
    // μ_2 = 0.9·(1 − ½·0.96^0.008) = 0.4501469; m_sched = μ_1; ĝ = 1.5/(1 − 0.4500735) = 2.727637;
    // m = 0.15, m̂ = 0.15/(1 − 0.4500735·0.4501469) = 0.188111; v = 0.00225, v̂ = 2.25;
    // m̄ = 0.5499265·2.727637 + 0.4501469·0.188111 = 1.584678; θ ← 2 − 0.1·1.584678/1.5 = 1.894355.
    const reference = kerasNadam(5, 0.1);
    expect(reference[0]?.[0]).toBeCloseTo(1.894355, 6);
    const theta = tf.variable(tf.tensor1d(START));
    const opt = nadam({ learningRate: 0.1 });
    reference.forEach((expected) => {
      opt.minimize(() => loss(theta), false, [theta]);
      values(theta).forEach((v, i) => {
        expect(Math.abs(v - (expected[i] as number))).toBeLessThan(1e-6);
      });
    });
    expect(opt.iterations).toBe(5);
  });

  it('resumes bit for bit from getWeights/setWeights', async () => {
    const straight = tf.variable(tf.tensor1d(START));
    const opt = nadam({ learningRate: 0.05 });
    for (let i = 0; i < 3; i++) opt.minimize(() => loss(straight), false, [straight]);
    const state = await opt.getWeights();
    expect(state.map((w) => w.name)).toEqual([
      'iter',
      'm_schedule',
      `${straight.name}/m`,
      `${straight.name}/v`,
    ]);
    const resumed = tf.variable(straight.clone());
    const copy = state.map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    const fresh = nadam({ learningRate: 0.05 });
    await fresh.setWeights(copy);
    expect(fresh.iterations).toBe(3);
    expect(fresh.momentumSchedule).toBe(opt.momentumSchedule);
    for (let i = 0; i < 2; i++) {
      opt.minimize(() => loss(straight), false, [straight]);
      fresh.minimize(() => loss(resumed), false, [resumed]);
    }
    expect(values(resumed)).toEqual(values(straight));
    // Restoring an optimiser from its own state is harmless too.
    await opt.setWeights(await opt.getWeights());
    opt.minimize(() => loss(straight), false, [straight]);
    fresh.minimize(() => loss(resumed), false, [resumed]);
    expect(values(resumed)).toEqual(values(straight));
  });
});

it('serialises its configuration and rejects bad state or options', async () => {
  const opt = nadam({ learningRate: 5e-5 });
  expect(opt.getClassName()).toBe('Apemen>Nadam');
  const config = opt.getConfig();
  expect(config).toEqual({
    learningRate: 5e-5,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    scheduleDecay: 0.004,
  });
  const back = Nadam.fromConfig(Nadam, config);
  expect(back.getConfig()).toEqual(config);
  await expect(opt.setWeights([{ name: 'iter', tensor: tf.scalar(1, 'int32') }])).rejects.toThrow(
    /weightValues: expected \[iter, m_schedule, m…, v…\]/,
  );
  expect(() => nadam({ learningRate: 0 })).toThrow(/learningRate: expected a finite number > 0/);
  expect(() => nadam({ beta1: 1 })).toThrow(/beta1: expected a number in \[0, 1\)/);
});
