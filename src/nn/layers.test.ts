import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, values } from '../../test/backend.js';
import { prngKey } from '../random/index.js';
import { assertShape } from '../tensor/index.js';
import { batchNorm, conv, convTranspose, linear } from './layers.js';
import { flattenSpec, materialize, specSize } from './spec.js';
import { countParams, disposeTree, flattenTree } from './tree.js';

function stats(v: Float32Array): { mean: number; std: number } {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let q = 0;
  for (const x of v) q += (x - mean) ** 2;
  return { mean, std: Math.sqrt(q / v.length) };
}

describe('nn layers', () => {
  it('initialises conv, transposed-conv and dense weights from N(0, 0.02), biases at 0', async () => {
    const c = conv.init(prngKey(1), { kernel: 4, inChannels: 16, outChannels: 32, bias: true });
    const t = convTranspose.init(prngKey(1), { kernel: 4, inChannels: 32, outChannels: 16 });
    const l = linear.init(prngKey(1), { inFeatures: 64, outFeatures: 32 });
    expect(c.w.shape).toEqual([4, 4, 16, 32]);
    expect(t.w.shape).toEqual([4, 4, 16, 32]);
    expect(t.b).toBeUndefined();
    expect(l.w.shape).toEqual([64, 32]);
    for (const w of [c.w, t.w, l.w]) {
      const s = stats(await values(w));
      expect(Math.abs(s.mean)).toBeLessThan(0.002);
      expect(s.std).toBeGreaterThan(0.018);
      expect(s.std).toBeLessThan(0.022);
    }
    expect(Array.from(await values(c.b!)).every((v) => v === 0)).toBe(true);
    expect(Array.from(await values(l.b!)).every((v) => v === 0)).toBe(true);
    disposeTree(c);
    disposeTree(t);
    disposeTree(l);
  });

  it('draws each leaf from its own name, so values are reproducible and distinct', async () => {
    const spec = conv.spec({ kernel: 3, inChannels: 4, outChannels: 4 });
    const a = materialize(prngKey(7), { x: spec, y: spec });
    const b = materialize(prngKey(7), { x: spec });
    const fa = flattenTree(a);
    expect(await maxAbsDiff(fa.get('x.w')!, flattenTree(b).get('x.w')!)).toBe(0);
    expect(await maxAbsDiff(fa.get('x.w')!, fa.get('y.w')!)).toBeGreaterThan(0);
    expect(specSize({ x: spec, y: spec })).toBe(countParams(a));
    expect([...flattenSpec({ x: spec, y: spec }).keys()]).toEqual([...fa.keys()]);
    disposeTree(a);
    disposeTree(b);
  });

  it('initialises BN gamma from N(1, 0.02), beta 0, running mean 0 and variance 1', async () => {
    const { params, state } = batchNorm.init(prngKey(3), 512);
    const g = stats(await values(params.gamma));
    expect(Math.abs(g.mean - 1)).toBeLessThan(0.005);
    expect(g.std).toBeGreaterThan(0.017);
    expect(g.std).toBeLessThan(0.023);
    expect(Array.from(await values(params.beta)).every((v) => v === 0)).toBe(true);
    expect(Array.from(await values(state.runningMean)).every((v) => v === 0)).toBe(true);
    expect(Array.from(await values(state.runningVar)).every((v) => v === 1)).toBe(true);
    disposeTree(params);
    disposeTree(state);
  });

  it('applies conv k4 s2 same and transposed conv back to the input size', () => {
    const c = conv.init(prngKey(0), { kernel: 4, inChannels: 3, outChannels: 8 });
    const t = convTranspose.init(prngKey(1), { kernel: 4, inChannels: 8, outChannels: 3, bias: true });
    const before = tf.memory().numTensors;
    const x = assertShape('test', 'x', tf.ones([2, 8, 8, 3]), [2, 8, 8, 3] as const);
    const y = conv.apply(c, x, { stride: 2, pad: 'same' });
    const z = convTranspose.apply(t, y, { stride: 2, pad: 'same' });
    expect(y.shape).toEqual([2, 4, 4, 8]);
    expect(z.shape).toEqual([2, 8, 8, 3]);
    tf.dispose([x, y, z]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => conv.apply(c, tf.ones([2, 8, 8, 4]) as never, { stride: 2, pad: 'same' })).toThrowError(
      /conv2d: argument 'filter' must have shape \[k, k, Cin, Cout\], got \[4, 4, 3, 8\]/,
    );
    disposeTree(c);
    disposeTree(t);
  });

  it('normalises with batch statistics in training mode and updates the running statistics (PyTorch convention)', async () => {
    const c = 3;
    const data = Float32Array.from({ length: 2 * 2 * 3 * c }, (_, i) => Math.sin(i * 1.7) * (1 + (i % c)) + (i % c));
    const x = assertShape('test', 'x', tf.tensor(data, [2, 2, 3, c]), [2, 2, 3, c] as const);
    const vec = (v: number[]) => assertShape('test', 'v', tf.tensor1d(v), [c] as const);
    const params = { gamma: vec([1.5, 0.5, 1]), beta: vec([0.1, -0.2, 0]) };
    const state = { runningMean: vec([0.5, -1, 0]), runningVar: vec([2, 1, 0.5]) };
    const before = tf.memory().numTensors;
    const { y, state: next } = batchNorm.apply(params, state, x, { training: true });
    const n = 12;
    const g = [1.5, 0.5, 1];
    const b = [0.1, -0.2, 0];
    const rm = [0.5, -1, 0];
    const rv = [2, 1, 0.5];
    const want = new Float64Array(data.length);
    const wantMean: number[] = [];
    const wantVar: number[] = [];
    for (let k = 0; k < c; k++) {
      const xs = Array.from({ length: n }, (_, i) => data[i * c + k] as number);
      const mu = xs.reduce((a, v) => a + v, 0) / n;
      const v = xs.reduce((a, q) => a + (q - mu) ** 2, 0) / n;
      xs.forEach((q, i) => (want[i * c + k] = ((q - mu) / Math.sqrt(v + 1e-5)) * g[k]! + b[k]!));
      wantMean.push(0.9 * rm[k]! + 0.1 * mu);
      wantVar.push(0.9 * rv[k]! + 0.1 * ((v * n) / (n - 1)));
    }
    expect(await maxAbsDiff(y, want)).toBeLessThan(1e-5);
    expect(await maxAbsDiff(next.runningMean, wantMean)).toBeLessThan(1e-6);
    expect(await maxAbsDiff(next.runningVar, wantVar)).toBeLessThan(1e-5);
    // The input state is untouched.
    expect(Array.from(await values(state.runningVar))).toEqual([2, 1, 0.5]);
    tf.dispose([y, next.runningMean, next.runningVar]);
    expect(tf.memory().numTensors).toBe(before);

    const ev = batchNorm.apply(params, state, x, { training: false });
    expect(ev.state).toBe(state);
    const wantEval = Array.from(data, (q, i) => {
      const k = i % c;
      return ((q - rm[k]!) / Math.sqrt(rv[k]! + 1e-5)) * g[k]! + b[k]!;
    });
    expect(await maxAbsDiff(ev.y, wantEval)).toBeLessThan(1e-5);
    tf.dispose([ev.y, x]);
    disposeTree(params);
    disposeTree(state);
  });

  it('names the function and the shapes when BN state or batch size is wrong', () => {
    const { params, state } = batchNorm.init(prngKey(0), 4);
    const x = tf.ones([1, 1, 1, 4]) as never;
    expect(() => batchNorm.apply(params, state, x, { training: true })).toThrowError(/batchNorm\.apply: argument 'x'/);
    const bad = { runningMean: tf.zeros([3]), runningVar: state.runningVar };
    expect(() => batchNorm.apply(params, bad as never, tf.ones([2, 2, 2, 4]) as never, { training: false })).toThrowError(
      /batchNorm\.apply: argument 'state\.runningMean' must have shape \[4\], got \[3\]/,
    );
    tf.dispose([x, bad.runningMean]);
    disposeTree(params);
    disposeTree(state);
  });
});
