import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, numericGradients, projectedGradients, testInput } from './finite_difference.js';

describe('numericGradients', () => {
  it('matches the closed-form gradient of Σ w·x³', async () => {
    const x = tf.tensor1d([-1.5, -0.25, 0.5, 2]);
    const w = Float64Array.from([1, -0.5, 2, 0.75]);
    const [g] = await numericGradients((t) => tf.mul(tf.square(t), t), [x], w, [[0, 1, 2, 3]]);
    const xs = [-1.5, -0.25, 0.5, 2];
    // central differences of a cubic are off by exactly eps²·w (the third derivative is 6)
    xs.forEach((v, i) => expect(g?.[i]).toBeCloseTo(3 * v * v * (w[i] as number), 3));
    x.dispose();
  });

  it('refuses a step that is not positive, naming it', async () => {
    const x = tf.scalar(1);
    await expect(numericGradients((t) => t, [x], Float64Array.of(1), [[0]], 0)).rejects.toThrow(
      /numericGradients: argument 'eps' must be positive/,
    );
    x.dispose();
  });
});

describe('checkGradients', () => {
  it('accepts a correct gradient and leaks no tensor', async () => {
    const x = testInput([3, 4], { lo: 0.5, hi: 2 });
    const before = tf.memory().numTensors;
    const check = await checkGradients((t) => tf.mul(tf.square(t), t), [x]);
    expect(tf.memory().numTensors).toBe(before);
    expect(check.positions[0]).toHaveLength(12);
    expect(check.relativeError[0]).toBeLessThan(1e-3);
    x.dispose();
  });

  it('catches a gradient that is off by a factor', async () => {
    // a deliberately wrong rule: d(x²)/dx reported as 3x instead of 2x
    const wrong = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor;
      return { value: tf.square(x), gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.mul(x, 3)) };
    });
    const x = testInput([5], { lo: 0.5, hi: 2 });
    const check = await checkGradients((t) => wrong(t), [x]);
    expect(check.relativeError[0]).toBeGreaterThan(0.3);
    x.dispose();
  });

  it('checks only the sampled positions, the same ones for a seed', async () => {
    const x = testInput([40]);
    const a = await checkGradients((t) => tf.tanh(t), [x], { sample: 6, seed: 3 });
    const b = await checkGradients((t) => tf.tanh(t), [x], { sample: 6, seed: 3 });
    expect(a.positions[0]).toHaveLength(6);
    expect(a.positions).toEqual(b.positions);
    x.dispose();
  });
});

describe('projectedGradients', () => {
  it('returns the full gradient checkGradients samples from', async () => {
    const x = testInput([2, 5]);
    const [full] = await projectedGradients((t) => tf.tanh(t), [x], 4);
    const check = await checkGradients((t) => tf.tanh(t), [x], { seed: 4 });
    expect(full).toHaveLength(10);
    check.positions[0]?.forEach((j, k) => expect(full?.[j]).toBeCloseTo(check.analytic[0]?.[k] as number, 6));
    x.dispose();
  });
});

describe('testInput', () => {
  it('keeps clear of the given points', async () => {
    const x = testInput([200], { lo: -1, hi: 1, awayFrom: [0, 0.5], margin: 0.1 });
    const v = await x.data();
    for (const e of v) {
      expect(Math.abs(e)).toBeGreaterThanOrEqual(0.1);
      expect(Math.abs(e - 0.5)).toBeGreaterThanOrEqual(0.1);
    }
    x.dispose();
  });
});
