import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, testInput } from './finite_difference.js';

describe('matMul gradients agree with central differences', () => {
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      it(`2-D, transposeA ${ta}, transposeB ${tb}`, async () => {
        const a = testInput(ta ? [4, 3] : [3, 4], { seed: 1 });
        const b = testInput(tb ? [5, 4] : [4, 5], { seed: 2 });
        const check = await checkGradients((x, y) => tf.matMul(x!, y!, ta, tb), [a, b], { eps: 0.25 });
        expect(check.relativeError[0]).toBeLessThan(1e-3);
        expect(check.relativeError[1]).toBeLessThan(1e-3);
        tf.dispose([a, b]);
      });
    }
  }

  it('batched, with a broadcast batch dimension', async () => {
    const a = testInput([2, 3, 4], { seed: 3 });
    const b = testInput([1, 4, 2], { seed: 4 });
    const check = await checkGradients((x, y) => tf.matMul(x!, y!), [a, b], { eps: 0.25 });
    expect(check.relativeError[0]).toBeLessThan(1e-3);
    expect(check.relativeError[1]).toBeLessThan(1e-3);
    tf.dispose([a, b]);
  });

  it('through a dense layer with bias', async () => {
    const x = testInput([3, 4], { seed: 5 });
    const w = testInput([4, 2], { seed: 6 });
    const bias = testInput([2], { seed: 7 });
    const check = await checkGradients((p, q, r) => tf.tanh(tf.add(tf.matMul(p!, q!), r!)), [x, w, bias]);
    check.relativeError.forEach((e) => expect(e).toBeLessThan(1e-3));
    tf.dispose([x, w, bias]);
  });
});
