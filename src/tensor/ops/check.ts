import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../assert_shape.js';

/** Checks a tensor's rank for an op, naming the op and the argument. */
export function checkRank(fn: string, arg: string, t: tf.Tensor, rank: number, layout: string): void {
  if (t.rank !== rank) {
    throw new ShapeError(fn, arg, layout, t.shape, `rank ${t.rank}, expected rank ${rank}`);
  }
}

/** Checks that one dimension of `t` equals a size taken from another argument. */
export function checkDim(
  fn: string,
  arg: string,
  t: tf.Tensor,
  axis: number,
  want: number,
  layout: string,
  why: string,
): void {
  const got = t.shape[axis];
  if (got !== want) {
    throw new ShapeError(fn, arg, layout, t.shape, `dimension ${axis} is ${got}, ${why} requires ${want}`);
  }
}
