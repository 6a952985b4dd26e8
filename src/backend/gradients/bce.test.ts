import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkGradients, testInput } from './finite_difference.js';

// The discriminator's loss: binary cross-entropy on probabilities, clamped away from 0 and 1
// so that a saturated sigmoid gives a finite loss (PyTorch's BCELoss clamps the log at −100).
const clampEps = 1e-7;

function bce(p: tf.Tensor, target: tf.Tensor): tf.Tensor {
  const q = tf.clipByValue(p, clampEps, 1 - clampEps);
  const pos = tf.mul(target, tf.log(q));
  const neg = tf.mul(tf.sub(1, target), tf.log(tf.sub(1, q)));
  return tf.neg(tf.mean(tf.add(pos, neg)));
}

describe('the BCE path: log(clipByValue(p)) and its complement', () => {
  it('agrees with central differences on probabilities', async () => {
    const p = testInput([4, 5], { lo: 0.1, hi: 0.9 });
    const t = tf.tidy(() => tf.cast(tf.greater(testInput([4, 5], { seed: 3 }), 0), 'float32'));
    // log's third derivative grows as 1/p³: a small step keeps the truncation error small
    const check = await checkGradients((x) => bce(x, t), [p], { eps: 1e-3 });
    expect(check.relativeError[0]).toBeLessThan(1e-3);
    tf.dispose([p, t]);
  });

  it('agrees with central differences through a sigmoid', async () => {
    const z = testInput([2, 8], { lo: -3, hi: 3 });
    const t = tf.tidy(() => tf.cast(tf.greater(testInput([2, 8], { seed: 5 }), 0), 'float32'));
    const check = await checkGradients((x) => bce(tf.sigmoid(x), t), [z]);
    expect(check.relativeError[0]).toBeLessThan(1e-3);
    // d BCE / dz = (σ(z) − t)/n, the closed form
    const n = 16;
    const g = tf.grad((x: tf.Tensor) => bce(tf.sigmoid(x), t))(z);
    const [zs, ts, gs] = [await z.data(), await t.data(), await g.data()];
    zs.forEach((v, j) => {
      const s = 1 / (1 + Math.exp(-v));
      expect(gs[j]).toBeCloseTo((s - (ts[j] as number)) / n, 5);
    });
    tf.dispose([z, t, g]);
  });

  it('stays finite and passes no gradient where the probability is clamped', async () => {
    const p = tf.tensor1d([0, 1e-12, 1, 0.5]);
    const t = tf.tensor1d([1, 1, 0, 1]);
    const loss = bce(p, t);
    const g = tf.grad((x: tf.Tensor) => bce(x, t))(p);
    const [l] = await loss.data();
    const gs = Array.from(await g.data());
    expect(Number.isFinite(l)).toBe(true);
    // −log(1e-7) for the three clamped terms, −log(0.5) for the last, averaged
    expect(l).toBeCloseTo((3 * -Math.log(clampEps) - Math.log(0.5)) / 4, 1);
    expect(gs.slice(0, 3)).toEqual([0, 0, 0]);
    expect(gs[3]).toBeCloseTo(-1 / (4 * 0.5), 5);
    tf.dispose([p, t, loss, g]);
  });
});
