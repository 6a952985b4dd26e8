import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backend, maxAbsDiff } from '../../../test/backend.js';
import { readFixture } from '../../../test/fixtures.js';
import { tensorsFromSafetensors } from '../../io/safetensors_tensors.js';
import { torchStyleName } from '../../nn/names.js';
import { countParams, disposeTree, flattenTree, treeFromFlat } from '../../nn/tree.js';
import { prngKey } from '../../random/index.js';
import { assertShape, type Images } from '../../tensor/index.js';
import { skipGenerator, type SkipGeneratorParams, type SkipGeneratorState } from './generator.js';

type Img = Images<number, number, number, number>;

/** Splits `prefix.*` fixture tensors into the parameter and the state tree. */
function fixtureTrees(tensors: Map<string, tf.Tensor>, prefix: string) {
  const params = new Map<string, tf.Tensor>();
  const state = new Map<string, tf.Tensor>();
  for (const [k, t] of tensors) {
    if (!k.startsWith(`${prefix}.`)) continue;
    if (/\.running_(mean|var)$/.test(k)) {
      state.set(k.replace(/running_mean$/, 'runningMean').replace(/running_var$/, 'runningVar'), t);
    } else params.set(k, t);
  }
  return { params: treeFromFlat(params, prefix), state: treeFromFlat(state, prefix) };
}

describe(`skipGenerator (${backend})`, () => {
  it('matches generator.safetensors in train and eval mode, activations and running statistics', async (ctx) => {
    const bytes = await readFixture('generator.safetensors');
    if (!bytes) return ctx.skip('../shared/fixtures is absent');
    const { tensors } = tensorsFromSafetensors(bytes, 'generator.safetensors');
    const get = (name: string): tf.Tensor => {
      const t = tensors.get(name);
      if (!t) throw new Error(`fixture tensor '${name}' is missing`);
      return t;
    };
    try {
      const trees = fixtureTrees(tensors, 'g');
      const params = trees.params as SkipGeneratorParams;
      const state = trees.state as SkipGeneratorState;
      // Our parameter and state names are the fixture's (state via torchStyleName).
      const fresh = skipGenerator.init(prngKey(0), { isize: 32, ngf: 4, bands: 2 });
      expect([...flattenTree(fresh.params).keys()]).toEqual([...flattenTree(params).keys()]);
      expect([...flattenTree(fresh.state).keys()].map(torchStyleName)).toEqual(
        [...tensors.keys()].filter((k) => /^g\..*running/.test(k)).map((k) => k.slice(2)).sort(),
      );
      expect(countParams(params)).toBe(140_846);
      disposeTree(fresh.params);
      disposeTree(fresh.state);

      const bands = [get('in.b1'), get('in.b2')] as [Img, Img];
      const worst: Record<string, number> = {};
      const check = async (group: string, got: tf.Tensor, want: tf.Tensor, tol: number) => {
        const d = await maxAbsDiff(got, want);
        worst[group] = Math.max(worst[group] ?? 0, d);
        expect(d, `${group}: ${want.shape}`).toBeLessThan(tol);
      };

      const before = tf.memory().numTensors;
      const train = skipGenerator.apply(params, state, bands, { training: true, activations: true });
      await check('train.out.sum', train.output, get('train.out.sum'), 1e-4);
      for (let k = 1; k <= 2; k++) await check('train.out.b', train.branches[k - 1]!, get(`train.out.b${k}`), 1e-4);
      const acts = train.activations!;
      const wantActs = [...tensors.keys()].filter((k) => k.startsWith('train.act.'));
      expect(Object.keys(acts).sort()).toEqual(wantActs.map((k) => k.slice('train.act.'.length)).sort());
      for (const name of wantActs) {
        const kind = name.split('.').pop()!;
        await check(`train.act.*.${kind}`, acts[name.slice('train.act.'.length)]!, get(name), 1e-4);
      }
      const newState = flattenTree(train.state);
      expect(newState.size).toBe(28);
      for (const [name, t] of newState) {
        await check(`after_train.${name.split('.').pop()}`, t, get(`after_train.g.${torchStyleName(name)}`), 1e-5);
      }
      tf.dispose([train.output, ...train.branches, ...Object.values(acts)]);
      disposeTree(train.state);
      expect(tf.memory().numTensors).toBe(before);

      const ev = skipGenerator.apply(params, state, bands, { training: false });
      expect(ev.state).toBe(state);
      expect(ev.activations).toBeUndefined();
      await check('eval.out.sum', ev.output, get('eval.out.sum'), 1e-4);
      for (let k = 1; k <= 2; k++) await check('eval.out.b', ev.branches[k - 1]!, get(`eval.out.b${k}`), 1e-4);
      tf.dispose([ev.output, ...ev.branches]);
      expect(tf.memory().numTensors).toBe(before);
      console.info(`generator max abs diff on ${backend}:`, JSON.stringify(worst));
    } finally {
      tf.dispose([...tensors.values()]);
    }
  });

  it('has the official parameter counts (isize 256, ngf 64) and the fixture count, without allocating', () => {
    const before = tf.memory().numTensors;
    const noCs = skipGenerator.shapes({ isize: 256, ngf: 64, bands: 2, channelSelect: false });
    expect(noCs.trainable).toBe(108_827_910);
    expect(noCs.channelSelect).toBe(0);
    const withCs = skipGenerator.shapes({ isize: 256, ngf: 64, bands: 2 });
    // The official code re-creates these 2,102,624 CS weights every forward; here they are learned.
    expect(withCs.channelSelect).toBe(2_102_624);
    expect(withCs.trainable).toBe(108_827_910 + 2_102_624);
    const small = skipGenerator.shapes({ isize: 32, ngf: 4, bands: 2 });
    expect(small.trainable).toBe(140_846);
    expect(small.stateSize).toBe(2 * 2 * (8 + 16 + 32 + 4 + 8 + 16 + 32));
    expect(skipGenerator.shapes({ isize: 256, ngf: 4, channelSelect: false }).trainable).toBe(427_350);
    expect(small.params).toMatchObject({ b2: { l5: { up: { convT: { w: [4, 4, 32, 32] } } } }, cs: { l1: { fc_z: { w: [4, 32] } } } });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs one branch without channel selection (Skip-GANomaly) and three bands with it, disposing everything', () => {
    for (const [bands, cs] of [[1, false], [3, true]] as const) {
      const { params, state } = skipGenerator.init(prngKey(bands), { isize: 16, ngf: 2, bands, channelSelect: cs, channels: 1 });
      expect(params.cs === undefined).toBe(!cs);
      const xs = Array.from({ length: bands }, (_, k) =>
        assertShape('test', 'x', tf.randomNormal([2, 16, 16, 1], 0, 1, 'float32', k), [2, 16, 16, 1] as const),
      );
      const before = tf.memory().numTensors;
      const r = skipGenerator.apply(params, state, xs as [Images<2, 16, 16, 1>], { training: true });
      expect(r.output.shape).toEqual([2, 16, 16, 1]);
      expect(r.branches).toHaveLength(bands);
      tf.dispose([r.output, ...r.branches]);
      disposeTree(r.state);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(xs);
      disposeTree(params);
      disposeTree(state);
    }
  });

  it('names the argument and the shapes when bands do not fit the parameters', () => {
    const { params, state } = skipGenerator.init(prngKey(0), { isize: 16, ngf: 2 });
    const x16 = tf.zeros([1, 16, 16, 3]) as Img;
    const x32 = tf.zeros([1, 32, 32, 3]) as Img;
    const x1 = tf.zeros([1, 16, 16, 1]) as Img;
    expect(() => skipGenerator.apply(params, state, [x32, x32], { training: false })).toThrowError(
      /applySkipGenerator: argument 'bands\[0\]' must have shape \[B, 16, 16, C\], got \[1, 32, 32, 3\] \(the 4-level U-Net/,
    );
    expect(() => skipGenerator.apply(params, state, [x16], { training: false })).toThrowError(
      /has branches for more than the 1 bands given/,
    );
    expect(() => skipGenerator.apply(params, state, [x1, x1], { training: false })).toThrowError(
      /conv2d: argument 'filter' must have shape \[k, k, Cin, Cout\], got \[4, 4, 3, 2\]/,
    );
    expect(() => skipGenerator.init(prngKey(0), { isize: 48, ngf: 2 })).toThrowError(
      /initSkipGenerator: SkipGeneratorConfig is invalid:\n  isize: expected PowerOfTwo\(16\.\.512\), got 48/,
    );
    tf.dispose([x16, x32, x1]);
    disposeTree(params);
    disposeTree(state);
  });
});
