import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../random/key.js';
import { assertShape } from '../tensor/assert_shape.js';
import { cutoutLength, defaultForgeOptions, forgeAnomalies } from './augment.js';

function smoothImages(b: number, s: number, c: number) {
  return tf.tidy(() => {
    const ramp = tf.div(tf.range(0, s * s * c), s * s * c);
    const one = tf.sub(tf.mul(tf.reshape(ramp, [1, s, s, c]), 1.6), 0.8);
    return assertShape('test', 'x', tf.tile(one, [b, 1, 1, 1]), [b, s, s, c]);
  });
}

describe('forgeAnomalies', () => {
  it('is reproducible from its key and differs between keys', async () => {
    const x = smoothImages(3, 32, 3);
    const a = forgeAnomalies(prngKey(1), x);
    const b = forgeAnomalies(prngKey(1), x);
    const c = forgeAnomalies(prngKey(2), x);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    expect(Array.from(await a.data())).not.toEqual(Array.from(await c.data()));
    tf.dispose([x, a, b, c]);
  });

  it('cutout blacks out a square of the scaled size, and only that', async () => {
    const size = 64;
    const x = smoothImages(2, size, 1);
    const before = tf.memory().numTensors;
    const y = forgeAnomalies(prngKey(3), x, { ...defaultForgeOptions, cutPaste: { ...defaultForgeOptions.cutPaste, enabled: false } });
    expect(tf.memory().numTensors).toBe(before + 1);
    const xs = await x.data();
    const ys = await y.data();
    const len = cutoutLength(size);
    expect(len).toBe(5);
    for (let i = 0; i < 2; i++) {
      let black = 0;
      let changed = 0;
      for (let p = 0; p < size * size; p++) {
        const k = i * size * size + p;
        if (ys[k] !== xs[k]) changed++;
        if (ys[k] === -1) black++;
      }
      expect(black).toBeGreaterThan(0);
      expect(black).toBeLessThanOrEqual(len * len);
      expect(changed).toBe(black);
    }
    tf.dispose([x, y]);
  });

  it('cutpaste changes one patch of 2–15 % of the image at most, staying in [−1, 1]', async () => {
    const size = 32;
    const x = smoothImages(4, size, 3);
    const y = forgeAnomalies(prngKey(4), x, { ...defaultForgeOptions, cutout: { enabled: false } });
    const xs = await x.data();
    const ys = await y.data();
    for (let i = 0; i < 4; i++) {
      let changedPixels = 0;
      for (let p = 0; p < size * size; p++) {
        let diff = false;
        for (let ch = 0; ch < 3; ch++) {
          const k = (i * size * size + p) * 3 + ch;
          expect(Math.abs(ys[k] as number)).toBeLessThanOrEqual(1 + 1e-6);
          if (Math.abs((ys[k] as number) - (xs[k] as number)) > 1e-6) diff = true;
        }
        if (diff) changedPixels++;
      }
      expect(changedPixels).toBeGreaterThan(0);
      expect(changedPixels / (size * size)).toBeLessThanOrEqual(0.15 * 1.2);
    }
    tf.dispose([x, y]);
  });

  it('passes images through when both are switched off', async () => {
    const x = smoothImages(1, 16, 1);
    const y = forgeAnomalies(prngKey(5), x, { cutPaste: { ...defaultForgeOptions.cutPaste, enabled: false }, cutout: { enabled: false } });
    expect(Array.from(await y.data())).toEqual(Array.from(await x.data()));
    tf.dispose([x, y]);
  });
});
