import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backend, maxAbsDiff, values } from '../../../test/backend.js';
import { readFixture } from '../../../test/fixtures.js';
import { tensorsFromSafetensors } from '../../io/safetensors_tensors.js';
import { disposeTree, flattenTree, treeFromFlat } from '../../nn/tree.js';
import { prngKey } from '../../random/index.js';
import { assertShape, type FeatureMap } from '../../tensor/index.js';
import { channelSelect, type ChannelSelectParams } from './channel_select.js';

type Map4 = FeatureMap<number, number, number, number>;

describe(`channelSelect (${backend})`, () => {
  it('matches cs.safetensors for 2 and 3 branches, C = 64 and 8, within 1e-5', async (ctx) => {
    const bytes = await readFixture('cs.safetensors');
    if (!bytes) return ctx.skip('../shared/fixtures is absent');
    const { tensors } = tensorsFromSafetensors(bytes, 'cs.safetensors');
    const worst: Record<string, number> = {};
    try {
      for (const [n, c] of [[2, 64], [3, 64], [2, 8], [3, 8]] as const) {
        const name = `n${n}_c${c}`;
        const params = treeFromFlat(
          new Map([...tensors].filter(([k]) => /\.fc_/.test(k))),
          name,
        ) as ChannelSelectParams;
        // The fixture holds exactly the parameters that init would create.
        const fresh = channelSelect.init(prngKey(0), { channels: c, branches: n });
        expect([...flattenTree(params).keys()]).toEqual([...flattenTree(fresh).keys()]);
        disposeTree(fresh);
        const branches = Array.from({ length: n }, (_, k) => tensors.get(`${name}.in.b${k + 1}`) as Map4);
        const before = tf.memory().numTensors;
        const { outputs, attention } = channelSelect.apply(params, branches as [Map4, ...Map4[]]);
        expect(outputs).toHaveLength(n);
        for (let k = 0; k < n; k++) {
          const dOut = await maxAbsDiff(outputs[k]!, tensors.get(`${name}.out.b${k + 1}`)!);
          const dAttn = await maxAbsDiff(attention[k]!, tensors.get(`${name}.attn.b${k + 1}`)!);
          worst[`${name}.out`] = Math.max(worst[`${name}.out`] ?? 0, dOut);
          worst[`${name}.attn`] = Math.max(worst[`${name}.attn`] ?? 0, dAttn);
          expect(dOut).toBeLessThan(1e-5);
          expect(dAttn).toBeLessThan(1e-5);
        }
        tf.dispose([...outputs, ...attention]);
        expect(tf.memory().numTensors).toBe(before);
      }
      console.info(`cs max abs diff on ${backend}:`, JSON.stringify(worst));
    } finally {
      tf.dispose([...tensors.values()]);
    }
  });

  it('gives attentions that sum to 1 over branches for every sample and channel', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (n, c, b, seed) => {
          const params = channelSelect.init(prngKey(seed), { channels: c, branches: n, minDim: 4 });
          // Large weights push the softmax far from uniform.
          const big = flattenTree(params);
          const scaled = treeFromFlat(new Map([...big].map(([k, t]) => [k, tf.mul(t, 100)])));
          const branches = Array.from({ length: n }, (_, k) =>
            assertShape('test', 'f', tf.randomNormal([b, 2, 2, c], 0, 1, 'float32', seed + k), [b, 2, 2, c] as const),
          );
          const { outputs, attention } = channelSelect.apply(scaled as ChannelSelectParams<number>, branches as never);
          const sum = await values(tf.addN(attention as unknown as tf.Tensor[]));
          for (const s of sum) expect(Math.abs(s - 1)).toBeLessThan(1e-5);
          for (let k = 0; k < n; k++) {
            const want = tf.mul(branches[k]!, tf.reshape(attention[k]!, [b, 1, 1, c]));
            expect(await maxAbsDiff(outputs[k]!, want)).toBeLessThan(1e-6);
            want.dispose();
          }
          tf.dispose([...outputs, ...attention, ...branches]);
          disposeTree(params);
          disposeTree(scaled);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('uses d = max(floor(C/r), L) and counts its parameters without allocating', () => {
    expect(channelSelect.shapes({ channels: 512, branches: 2 })).toMatchObject({
      fc_z: { w: [512, 256], b: [256] },
      fc_b2: { w: [256, 512], b: [512] },
    });
    expect(channelSelect.size({ channels: 8, branches: 3 })).toBe(8 * 32 + 32 + 3 * (32 * 8 + 8));
    expect(channelSelect.size({ channels: 100, branches: 2, reduction: 4, minDim: 8 })).toBe(100 * 25 + 25 + 2 * (25 * 100 + 100));
    expect(() => channelSelect.size({ channels: 0, branches: 2 })).toThrowError(
      /channelSelectSize: ChannelSelectConfig is invalid:\n  channels: expected PositiveInt, got 0/,
    );
  });

  it('names the argument and shapes when branches or heads do not fit', () => {
    const params = channelSelect.init(prngKey(0), { channels: 8, branches: 2 });
    const a = tf.zeros([1, 4, 4, 8]) as Map4;
    const b = tf.zeros([1, 4, 4, 16]) as Map4;
    const c = tf.zeros([1, 2, 2, 8]) as Map4;
    expect(() => channelSelect.apply(params, [b, b])).toThrowError(
      /applyChannelSelect: argument 'params\.fc_z\.w' must have shape \[16, d\], got \[8, 32\]/,
    );
    expect(() => channelSelect.apply(params, [a, c])).toThrowError(
      /applyChannelSelect: argument 'branches\[1\]' must have shape \[1, 4, 4, 8\] \(as branches\[0\]\), got \[1, 2, 2, 8\]/,
    );
    expect(() => channelSelect.apply(params, [a, a, a])).toThrowError(/no head 'fc_b3' for branch 3 of 3/);
    expect(() => channelSelect.apply(params, [a])).toThrowError(/heads for more than the 1 branches/);
    tf.dispose([a, b, c]);
    disposeTree(params);
  });
});
