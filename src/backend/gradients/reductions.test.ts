import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, testInput } from './finite_difference.js';

const axesCases: readonly (readonly [string, number | number[] | undefined, boolean])[] = [
  ['all axes', undefined, false],
  ['axis 1', 1, false],
  ['axis -1 keepDims', -1, true],
  ['axes [0, 2]', [0, 2], false],
  ['axes [1, 2] keepDims', [1, 2], true],
];

describe('reduction gradients agree with central differences', () => {
  for (const [label, axis, keepDims] of axesCases) {
    for (const [name, f] of [
      ['sum', tf.sum],
      ['mean', tf.mean],
    ] as const) {
      it(`${name} over ${label}`, async () => {
        const x = testInput([2, 3, 4]);
        // squared, so that the gradient depends on x and a wrong spread shows
        const check = await checkGradients((t) => tf.square(f(t, axis, keepDims)), [x]);
        expect(check.relativeError[0]).toBeLessThan(1e-3);
        x.dispose();
      });
    }
  }

  it('mean spreads 1/n, exactly', async () => {
    const x = tf.zeros([2, 4]);
    const g = tf.grad((t: tf.Tensor) => tf.mean(t, 1))(x);
    expect(Array.from(await g.data())).toEqual(new Array(8).fill(0.25));
    tf.dispose([x, g]);
  });
});
