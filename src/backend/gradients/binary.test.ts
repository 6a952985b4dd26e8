import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, testInput } from './finite_difference.js';

type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const ops: readonly (readonly [string, Binary, { lo?: number; hi?: number }?])[] = [
  ['add', (a, b) => tf.add(a, b)],
  ['sub', (a, b) => tf.sub(a, b)],
  ['mul', (a, b) => tf.mul(a, b)],
  ['div', (a, b) => tf.div(a, b), { lo: 0.5, hi: 2 }],
  ['squaredDifference', (a, b) => tf.squaredDifference(a, b)],
  ['maximum', (a, b) => tf.maximum(a, b)],
  ['minimum', (a, b) => tf.minimum(a, b)],
];

// Same rank with size-1 axes, a lower rank, and a scalar: every way the inputs broadcast.
const shapes: readonly (readonly [number[], number[]])[] = [
  [[2, 3, 4], [2, 3, 4]],
  [[2, 3, 4], [1, 3, 1]],
  [[2, 1, 4], [2, 3, 1]],
  [[2, 3, 4], [4]],
  [[3], [2, 3]],
  [[2, 3], []],
];

/** Rounds to the nearest even (parity 0) or odd (parity 1) tenth, disposing the input. */
function tenths(x: tf.Tensor, parity: 0 | 1): tf.Tensor {
  const y = tf.tidy(() => tf.div(tf.add(tf.mul(tf.round(tf.div(tf.sub(tf.mul(x, 10), parity), 2)), 2), parity), 10));
  x.dispose();
  return y;
}

describe('binary element-wise gradients agree with central differences, broadcasting', () => {
  for (const [name, f, range] of ops) {
    for (const [sa, sb] of shapes) {
      it(`${name} [${sa}] with [${sb}]`, async () => {
        const lo = range?.lo ?? -1;
        const hi = range?.hi ?? 1;
        // a on odd and b on even tenths: every broadcast pair differs by at least 0.1, so
        // maximum and minimum meet no tie within the step
        const a = tenths(testInput(sa, { seed: 11, lo, hi }), 1);
        const b = tenths(testInput(sb, { seed: 12, lo, hi }), 0);
        const before = tf.memory().numTensors;
        const check = await checkGradients(f, [a, b]);
        expect(tf.memory().numTensors).toBe(before);
        expect(check.relativeError[0]).toBeLessThan(1e-3);
        expect(check.relativeError[1]).toBeLessThan(1e-3);
        tf.dispose([a, b]);
      });
    }
  }

  it('maximum and minimum give a tie to the first input', async () => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([1, 3]);
    for (const f of [tf.maximum, tf.minimum]) {
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => f(x, y))([a, b]);
      expect((await ga!.data())[0]).toBe(1);
      expect((await gb!.data())[0]).toBe(0);
      tf.dispose([ga!, gb!]);
    }
    tf.dispose([a, b]);
  });

  it('addN sends the gradient to every input', async () => {
    const xs = [testInput([2, 3], { seed: 1 }), testInput([2, 3], { seed: 2 }), testInput([2, 3], { seed: 3 })];
    const check = await checkGradients((a, b, c) => tf.mul(tf.addN([a!, b!, c!]), a!), xs);
    check.relativeError.forEach((e) => expect(e).toBeLessThan(1e-3));
    tf.dispose(xs);
  });
});
