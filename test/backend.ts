import * as tf from '@tensorflow/tfjs-core';
import { inject } from 'vitest';

/** The backend this test project runs on. */
export const backend = inject('backend');

/** Whether the tests run in Node (as opposed to Chromium). */
export const inNode = typeof process !== 'undefined' && !!process.versions?.node;

/** Reads a tensor's values as a plain Float32Array. */
export async function values(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

/** Largest absolute difference between two tensors of one shape. */
export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor | ArrayLike<number>): Promise<number> {
  const x = await values(a);
  const y = b instanceof tf.Tensor ? await values(b) : b;
  if (x.length !== y.length) throw new Error(`maxAbsDiff: sizes differ (${x.length} vs ${y.length})`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)));
  return m;
}

/** Largest absolute value of a tensor or array. */
export async function maxAbs(a: tf.Tensor | ArrayLike<number>): Promise<number> {
  const x = a instanceof tf.Tensor ? await values(a) : a;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] as number));
  return m;
}
