import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backend, maxAbsDiff } from '../../../test/backend.js';

describe('wasm threads under Node', () => {
  it('the wasm backend runs on every logical core by default, and computes correctly', async (ctx) => {
    if (backend !== 'wasm') ctx.skip('threads concern the wasm backend only');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    expect(wasm.getThreadsCount()).toBe(availableParallelism());
    // Large enough for XNNPACK to split the work across threads.
    const x = tf.tensor4d(Array.from({ length: 2 * 16 * 16 * 8 }, (_, i) => Math.sin(i)), [2, 16, 16, 8]);
    const w = tf.tensor4d(Array.from({ length: 8 * 4 }, (_, i) => Math.cos(i)), [1, 1, 8, 4]);
    const y = tf.conv2d(x, w, 1, 'valid');
    const xs = await x.data();
    const ws = await w.data();
    const expected = new Float32Array(2 * 16 * 16 * 4);
    for (let p = 0; p < 2 * 16 * 16; p++)
      for (let o = 0; o < 4; o++) {
        let sum = 0;
        for (let c = 0; c < 8; c++) sum += (xs[p * 8 + c] as number) * (ws[c * 4 + o] as number);
        expected[p * 4 + o] = sum;
      }
    expect(await maxAbsDiff(y, expected)).toBeLessThan(1e-5);
    tf.dispose([x, w, y]);
  });
});
