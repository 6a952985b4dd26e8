import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backend, maxAbsDiff } from '../../../test/backend.js';
import { readFixture } from '../../../test/fixtures.js';
import { tensorsFromSafetensors } from '../../io/safetensors_tensors.js';
import { torchStyleName } from '../../nn/names.js';
import { disposeTree, flattenTree, treeFromFlat } from '../../nn/tree.js';
import { prngKey } from '../../random/index.js';
import { assertShape, type Images } from '../../tensor/index.js';
import { discriminator, type DiscriminatorParams, type DiscriminatorState } from './discriminator.js';

type Img = Images<number, number, number, number>;

describe(`discriminator (${backend})`, () => {
  it('matches discriminator.safetensors in train and eval mode, with running statistics', async (ctx) => {
    const bytes = await readFixture('discriminator.safetensors');
    if (!bytes) return ctx.skip('../shared/fixtures is absent');
    const { tensors } = tensorsFromSafetensors(bytes, 'discriminator.safetensors');
    const get = (name: string): tf.Tensor => {
      const t = tensors.get(name);
      if (!t) throw new Error(`fixture tensor '${name}' is missing`);
      return t;
    };
    try {
      const p = new Map<string, tf.Tensor>();
      const s = new Map<string, tf.Tensor>();
      for (const [k, t] of tensors) {
        if (!k.startsWith('d.')) continue;
        if (k.includes('.running_')) s.set(k.replace('running_mean', 'runningMean').replace('running_var', 'runningVar'), t);
        else p.set(k, t);
      }
      const params = treeFromFlat(p, 'd') as DiscriminatorParams;
      const state = treeFromFlat(s, 'd') as DiscriminatorState;
      const fresh = discriminator.init(prngKey(0), { isize: 32, ndf: 8, nz: 100 });
      expect([...flattenTree(fresh.params).keys()]).toEqual([...flattenTree(params).keys()]);
      expect([...flattenTree(fresh.state).keys()]).toEqual([...flattenTree(state).keys()]);
      disposeTree(fresh.params);
      disposeTree(fresh.state);

      const worst: Record<string, number> = {};
      const check = async (group: string, got: tf.Tensor, want: tf.Tensor, tol: number) => {
        expect(got.shape).toEqual(want.shape);
        const d = await maxAbsDiff(got, want);
        worst[group] = Math.max(worst[group] ?? 0, d);
        expect(d, group).toBeLessThan(tol);
      };
      const x = get('x') as Img;
      const before = tf.memory().numTensors;
      for (const mode of ['train', 'eval'] as const) {
        const r = discriminator.apply(params, state, x, { training: mode === 'train' });
        await check(`${mode}.feat`, r.features, get(`${mode}.feat`), 1e-4);
        await check(`${mode}.logit`, r.logit, get(`${mode}.logit`), 1e-5);
        await check(`${mode}.prob`, r.prob, get(`${mode}.prob`), 1e-5);
        if (mode === 'train') {
          const next = flattenTree(r.state);
          expect(next.size).toBe(4);
          for (const [name, t] of next) await check('after_train.running', t, get(`after_train.d.${torchStyleName(name)}`), 1e-5);
          disposeTree(r.state);
        } else {
          expect(r.state).toBe(state);
        }
        tf.dispose([r.features, r.logit, r.prob]);
        expect(tf.memory().numTensors).toBe(before);
      }
      console.info(`discriminator max abs diff on ${backend}:`, JSON.stringify(worst));
    } finally {
      tf.dispose([...tensors.values()]);
    }
  });

  it('has the official parameter counts without allocating', () => {
    expect(discriminator.shapes({ isize: 256, ndf: 64 }).trainable).toBe(47_984_260);
    expect(discriminator.shapes({ isize: 32, ndf: 64 }).trainable).toBe(1_069_700);
    expect(discriminator.shapes({ isize: 64, ndf: 64 }).trainable).toBe(3_577_476);
    expect(discriminator.shapes({ isize: 256, ndf: 4 }).trainable).toBe(380_980);
    const d = discriminator.shapes({ isize: 32, ndf: 8 });
    expect(d.params).toEqual({
      l1: { conv: { w: [4, 4, 3, 8] } },
      l2: { conv: { w: [4, 4, 8, 16] }, bn: { gamma: [16], beta: [16] } },
      l3: { conv: { w: [4, 4, 16, 32] }, bn: { gamma: [32], beta: [32] } },
      feat: { conv: { w: [4, 4, 32, 100] } },
      clas: { conv: { w: [3, 3, 100, 1] } },
    });
    expect(d.stateSize).toBe(2 * (16 + 32));
  });

  it('names the argument and shapes for a wrong image size or channel count', () => {
    const { params, state } = discriminator.init(prngKey(0), { isize: 16, ndf: 4, nz: 8 });
    const x32 = tf.zeros([2, 32, 32, 3]) as Img;
    const x1 = tf.zeros([2, 16, 16, 1]) as Img;
    expect(() => discriminator.apply(params, state, x32, { training: false })).toThrowError(
      /applyDiscriminator: argument 'x' must have shape \[B, 16, 16, C\], got \[2, 32, 32, 3\]/,
    );
    expect(() => discriminator.apply(params, state, x1, { training: false })).toThrowError(/conv2d: argument 'filter'/);
    expect(() => discriminator.init(prngKey(0), { isize: 16, ndf: 0 })).toThrowError(/initDiscriminator: DiscriminatorConfig is invalid:\n  ndf: expected PositiveInt, got 0/);
    const x = assertShape('test', 'x', tf.randomNormal([3, 16, 16, 3]), [3, 16, 16, 3] as const);
    const before = tf.memory().numTensors;
    const r = discriminator.apply(params, state, x, { training: true });
    expect(r.prob.shape).toEqual([3]);
    expect(r.features.shape).toEqual([3, 1, 1, 8]);
    tf.dispose([r.prob, r.logit, r.features]);
    disposeTree(r.state);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x32, x1, x]);
    disposeTree(params);
    disposeTree(state);
  });
});
