import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { stopGradient } from './stop_gradient.js';

describe('stopGradient', () => {
  it('keeps values and blocks the gradient through its branch only', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    // f(x) = Σ x² + Σ stop(x)·x: the gradient is 2x + stop(x) = 3x, not 4x.
    const g = tf.grad((v: tf.Tensor) => tf.add(tf.sum(tf.square(v)), tf.sum(tf.mul(stopGradient(v as never), v))))(x);
    expect(Array.from(await g.data())).toEqual([3, 6, 9]);
    const y = stopGradient(x as never);
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
    expect(x.isDisposed).toBe(false);
    expect(Array.from(await x.data())).toEqual([1, 2, 3]);
    tf.dispose([x, g]);
  });
});
