import * as tf from '@tensorflow/tfjs-core';

/**
 * Milliseconds per training step of a small conv → transposed-conv pair on the current
 * backend, after one warm-up step (which pays for shader compilation on webgl). Short by
 * design: it only ranks backends.
 */
export async function probeFastestTrainer(steps = 2): Promise<number> {
  const x = tf.randomNormal<tf.Rank.R4>([4, 32, 32, 8], 0, 1, 'float32', 1);
  const w1 = tf.variable(tf.randomNormal<tf.Rank.R4>([4, 4, 8, 16], 0, 0.1, 'float32', 2));
  const w2 = tf.variable(tf.randomNormal<tf.Rank.R4>([4, 4, 8, 16], 0, 0.1, 'float32', 3));
  const step = () =>
    tf.tidy(() => {
      const g = tf.variableGrads(() => {
        const h = tf.relu(tf.conv2d(x, w1, 2, 'same'));
        const y = tf.conv2dTranspose(h, w2, [4, 32, 32, 8], 2, 'same');
        return tf.mean(tf.abs(tf.sub(y, x)));
      });
      return tf.addN(Object.values(g.grads).map((t) => tf.sum(t)));
    });
  try {
    const warm = step();
    await warm.data();
    warm.dispose();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      const s = step();
      await s.data();
      s.dispose();
    }
    return (performance.now() - t0) / steps;
  } finally {
    tf.dispose([x, w1, w2]);
  }
}
