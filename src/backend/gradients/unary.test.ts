import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, type TestInputOptions, testInput } from './finite_difference.js';

interface Case {
  readonly name: string;
  readonly f: (x: tf.Tensor) => tf.Tensor;
  readonly input?: TestInputOptions;
}

const cases: readonly Case[] = [
  { name: 'neg', f: (x) => tf.neg(x) },
  { name: 'square', f: (x) => tf.square(x), input: { lo: -2, hi: 2 } },
  { name: 'sqrt', f: (x) => tf.sqrt(x), input: { lo: 0.5, hi: 2 } },
  { name: 'rsqrt', f: (x) => tf.rsqrt(x), input: { lo: 0.5, hi: 2 } },
  { name: 'exp', f: (x) => tf.exp(x), input: { lo: -2, hi: 2 } },
  { name: 'log', f: (x) => tf.log(x), input: { lo: 0.5, hi: 3 } },
  { name: 'abs', f: (x) => tf.abs(x), input: { lo: -2, hi: 2, awayFrom: [0] } },
  { name: 'tanh', f: (x) => tf.tanh(x), input: { lo: -2, hi: 2 } },
  { name: 'sigmoid', f: (x) => tf.sigmoid(x), input: { lo: -3, hi: 3 } },
  { name: 'relu', f: (x) => tf.relu(x), input: { awayFrom: [0] } },
  { name: 'leakyRelu', f: (x) => tf.leakyRelu(x, 0.2), input: { awayFrom: [0] } },
  { name: 'clipByValue', f: (x) => tf.clipByValue(x, -0.5, 0.5), input: { awayFrom: [-0.5, 0.5] } },
  { name: 'cast', f: (x) => tf.mul(tf.cast(x, 'float32'), x), input: { lo: -2, hi: 2 } },
  { name: 'clone (Identity)', f: (x) => tf.mul(tf.clone(x), x), input: { lo: -2, hi: 2 } },
];

describe('one-input element-wise gradients agree with central differences', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const x = testInput([3, 5], c.input);
      const before = tf.memory().numTensors;
      const check = await checkGradients(c.f, [x]);
      expect(tf.memory().numTensors).toBe(before);
      expect(check.relativeError[0]).toBeLessThan(1e-3);
      x.dispose();
    });
  }

  it('leakyRelu scales the negative side by alpha, exactly', async () => {
    const x = tf.tensor1d([-2, -0.5, 0.5, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.leakyRelu(t, 0.2))(x);
    expect(Array.from(await g.data())).toEqual([0.2, 0.2, 1, 1].map(Math.fround));
    tf.dispose([x, g]);
  });

  it('clipByValue passes the gradient inside the bounds only', async () => {
    const x = tf.tensor1d([-3, -0.25, 0.25, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.clipByValue(t, -1, 1))(x);
    expect(Array.from(await g.data())).toEqual([0, 1, 1, 0]);
    tf.dispose([x, g]);
  });
});
