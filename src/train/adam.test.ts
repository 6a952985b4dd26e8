import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adamInit, adamStep, disposeAdamState } from './adam.js';

// Reference Adam in float64 JS, PyTorch's formula.
function referenceAdam(p: number[], gs: number[][], lr = 2e-4, b1 = 0.5, b2 = 0.999, eps = 1e-8): number[] {
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const x = [...p];
  gs.forEach((g, t) => {
    for (let i = 0; i < x.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
      const mh = m[i]! / (1 - b1 ** (t + 1));
      const denom = Math.sqrt(v[i]!) / Math.sqrt(1 - b2 ** (t + 1)) + eps;
      x[i] = x[i]! - lr * mh / denom;
    }
  });
  return x;
}

describe('adamStep', () => {
  it('matches a float64 reference over several steps and leaves zero-gradient entries untouched', async () => {
    const p0 = [0.3, -1.2, 2.5, 0.01];
    const gs = [
      [0.1, -0.2, 0, 3],
      [0.05, 0.4, 0, -1],
      [-0.3, 0.1, 0, 2],
    ];
    const before = tf.memory().numTensors;
    let params = new Map([['w', tf.tensor(p0)]]);
    let state = adamInit(params);
    for (const g of gs) {
      const grads = new Map([['w', tf.tensor(g)]]);
      const next = adamStep(params, grads, state);
      tf.dispose([...params.values(), ...grads.values()]);
      disposeAdamState(state);
      params = next.params;
      state = next.state;
    }
    const got = Array.from(await params.get('w')!.data());
    const want = referenceAdam(p0, gs);
    got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(1e-6));
    expect(got[2]).toBe(Math.fround(2.5));
    expect(state.step).toBe(3);
    tf.dispose([...params.values()]);
    disposeAdamState(state);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a parameter that has no gradient', () => {
    const params = new Map([['a.w', tf.zeros([1])]]);
    const state = adamInit(params);
    expect(() => adamStep(params, new Map(), state)).toThrowError(/adamStep: parameter 'a.w' has no gradient/);
    tf.dispose([...params.values()]);
    disposeAdamState(state);
  });
});
