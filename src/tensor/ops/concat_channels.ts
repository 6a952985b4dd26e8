import * as tf from '@tensorflow/tfjs-core';
import type { Add } from '../arithmetic.js';
import type { Dim, FeatureMap } from '../shape.js';
import { checkDim, checkRank } from './check.js';

/**
 * Concatenates two feature maps along channels: `[B,H,W,C1] ++ [B,H,W,C2] → [B,H,W,C1+C2]`.
 * The channel count of the result is computed in the type when both are literals.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { concatChannels, assertShape } from 'ocr-gan';
 * const a = assertShape('example', 'a', tf.zeros([1, 4, 4, 8]), [1, 4, 4, 8] as const);
 * const b = assertShape('example', 'b', tf.zeros([1, 4, 4, 16]), [1, 4, 4, 16] as const);
 * const y = concatChannels(a, b); // FeatureMap<1, 4, 4, 24>
 * ```
 */
export function concatChannels<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C1 extends Dim,
  C2 extends Dim,
>(
  a: FeatureMap<B, H, W, C1>,
  b: FeatureMap<NoInfer<B>, NoInfer<H>, NoInfer<W>, C2>,
): FeatureMap<B, H, W, Add<C1, C2>> {
  const fn = 'concatChannels';
  checkRank(fn, 'a', a, 4, '[B, H, W, C1]');
  checkRank(fn, 'b', b, 4, '[B, H, W, C2]');
  for (let axis = 0; axis < 3; axis++) {
    checkDim(fn, 'b', b, axis, a.shape[axis] as number, '[B, H, W, C2]', "a's [B, H, W]");
  }
  return tf.concat([a, b], 3) as never;
}
