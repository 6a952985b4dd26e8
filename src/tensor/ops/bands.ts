import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../assert_shape.js';
import type { Dim, Images, Tensor5 } from '../shape.js';
import { checkRank } from './check.js';

/**
 * Frequency bands of a batch, lowest frequency first, all of one shape. The tuple type keeps
 * the band count when it is known (`Bands<2, …>` is a pair).
 */
export type Bands<N extends number, B extends Dim, H extends Dim, W extends Dim, C extends Dim> =
  number extends N ? readonly Images<B, H, W, C>[] : BandTuple<N, Images<B, H, W, C>>;

type BandTuple<N extends number, T, Acc extends readonly T[] = []> = Acc['length'] extends N
  ? Acc
  : Acc['length'] extends 16
    ? readonly T[]
    : BandTuple<N, T, readonly [...Acc, T]>;

/**
 * Stacks bands into one tensor `[N, B, H, W, C]`, e.g. to store or transfer them.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { stackBands, assertShape } from 'ocr-gan';
 * const low = assertShape('example', 'low', tf.zeros([1, 8, 8, 3]), [1, 8, 8, 3] as const);
 * const high = assertShape('example', 'high', tf.zeros([1, 8, 8, 3]), [1, 8, 8, 3] as const);
 * const stacked = stackBands([low, high]); // Tensor5<2, 1, 8, 8, 3>
 * ```
 */
export function stackBands<
  const T extends readonly Images<B, H, W, C>[],
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C extends Dim,
>(bands: T & readonly Images<B, H, W, C>[]): Tensor5<T['length'], B, H, W, C> {
  const fn = 'stackBands';
  const first = bands[0];
  if (first === undefined) throw new RangeError(`${fn}: argument 'bands' is empty`);
  bands.forEach((band, k) => {
    checkRank(fn, `bands[${k}]`, band, 4, '[B, H, W, C]');
    if (band.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(fn, `bands[${k}]`, `[${first.shape.join(', ')}] (as bands[0])`, band.shape);
    }
  });
  return tf.stack(bands as unknown as tf.Tensor[]) as never;
}

/** Splits `[N, B, H, W, C]` back into N bands, lowest frequency first. */
export function splitBands<N extends number, B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  stacked: Tensor5<N, B, H, W, C>,
): Bands<N, B, H, W, C> {
  checkRank('splitBands', 'stacked', stacked, 5, '[N, B, H, W, C]');
  return tf.unstack(stacked) as never;
}
