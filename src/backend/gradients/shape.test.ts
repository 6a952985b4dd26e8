import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, testInput } from './finite_difference.js';

// The ops here are linear, so central differences are exact up to rounding: a large step
// keeps the rounding small.
const eps = 0.25;

async function expectAgrees(f: (...xs: tf.Tensor[]) => tf.Tensor, shapes: readonly number[][]): Promise<void> {
  const xs = shapes.map((s, i) => testInput(s, { seed: 20 + i }));
  const before = tf.memory().numTensors;
  const check = await checkGradients(f, xs, { eps });
  expect(tf.memory().numTensors).toBe(before);
  check.relativeError.forEach((e) => expect(e).toBeLessThan(1e-4));
  tf.dispose(xs);
}

describe('shape gradients agree with central differences', () => {
  it('reshape', () => expectAgrees((x) => tf.reshape(x!, [4, 6]), [[2, 3, 4]]));

  it('transpose', () => expectAgrees((x) => tf.transpose(x!, [2, 0, 3, 1]), [[2, 3, 4, 2]]));

  it('concat along channels, three inputs', () =>
    expectAgrees((a, b, c) => tf.concat([a!, b!, c!], 3), [[1, 2, 3, 2], [1, 2, 3, 1], [1, 2, 3, 3]]));

  it('concat along axis 0 and a negative axis', () =>
    expectAgrees((a, b) => tf.add(tf.concat([a!, b!], 0), tf.concat([b!, a!], -3)), [[2, 3, 2], [2, 3, 2]]));

  it('slice, with a size of −1', () => expectAgrees((x) => tf.slice(x!, [1, 0, 2], [2, -1, 3]), [[3, 4, 6]]));

  it('pad with a constant', () => expectAgrees((x) => tf.pad(x!, [[1, 0], [2, 3]], 0.5), [[3, 4]]));

  for (const mode of ['reflect', 'symmetric'] as const) {
    it(`mirrorPad ${mode}, uneven borders on every axis`, () =>
      expectAgrees(
        (x) => tf.mirrorPad(x!, [[0, 1], [2, 1], [1, 3], [0, 0]], mode),
        [[2, 4, 5, 2]],
      ));
  }

  it('stack (Pack) along a middle axis', () =>
    expectAgrees((a, b, c) => tf.stack([a!, b!, c!], 1), [[2, 3], [2, 3], [2, 3]]));

  it('unstack (Unpack), with one output unused', () =>
    expectAgrees((x) => {
      const parts = tf.unstack(x!, 1);
      return tf.concat([tf.mul(parts[0]!, 2), parts[2]!], 0);
    }, [[2, 3, 4]]));

  it('tile', () => expectAgrees((x) => tf.tile(x!, [2, 1, 3]), [[2, 3, 2]]));
});

describe('mirrorPad gradient', () => {
  it('adds each copy back onto the element it copied', async () => {
    const x = tf.tensor1d([0, 0, 0, 0]);
    // reflect [a b c d] by 2 and 1: [c b | a b c d | c]
    const g = tf.grad((t: tf.Tensor) => tf.mirrorPad(t, [[2, 1]], 'reflect'))(x);
    expect(Array.from(await g.data())).toEqual([1, 2, 3, 1]);
    // symmetric: [b a | a b c d | d]
    const h = tf.grad((t: tf.Tensor) => tf.mirrorPad(t, [[2, 1]], 'symmetric'))(x);
    expect(Array.from(await h.data())).toEqual([2, 2, 1, 2]);
    tf.dispose([x, g, h]);
  });
});
