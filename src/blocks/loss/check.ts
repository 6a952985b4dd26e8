import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../../tensor/index.js';

/** Checks that `t` is float32 with rank `rank` (or at least `-rank` when negative). */
export function checkFloat(fn: string, arg: string, t: tf.Tensor, rank: number, layout: string): void {
  const ok = rank >= 0 ? t.rank === rank : t.rank >= -rank;
  if (!ok) {
    const want = rank >= 0 ? `rank ${rank}` : `rank ≥ ${-rank}`;
    throw new ShapeError(fn, arg, layout, t.shape, `rank ${t.rank}, expected ${want}`);
  }
  if (t.dtype !== 'float32') throw new TypeError(`${fn}: argument '${arg}' must be float32, got ${t.dtype}`);
}

/** Checks that `b` has exactly the shape of `a`. */
export function checkSameShape(fn: string, aName: string, a: tf.Tensor, bName: string, b: tf.Tensor): void {
  if (a.rank !== b.rank || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(fn, bName, `[${a.shape.join(', ')}] (the shape of '${aName}')`, b.shape);
  }
}

/** Checks that `b`'s first dimension (the batch) equals `a`'s. */
export function checkSameBatch(fn: string, aName: string, a: tf.Tensor, bName: string, b: tf.Tensor): void {
  if (b.shape[0] !== a.shape[0]) {
    throw new ShapeError(
      fn,
      bName,
      `[${a.shape[0]}, …] (the batch of '${aName}')`,
      b.shape,
      `batch ${b.shape[0]} against ${a.shape[0]}`,
    );
  }
}
