import * as tf from '@tensorflow/tfjs-core';
import type { Dim, FeatureMap, Tensor2 } from '../shape.js';
import { checkRank } from './check.js';

/**
 * Global average pooling over height and width: `[B, H, W, C] → [B, C]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalAvgPool, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.ones([2, 4, 4, 8]), [2, 4, 4, 8] as const);
 * const z = globalAvgPool(x); // Tensor2<2, 8>
 * ```
 */
export function globalAvgPool<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  x: FeatureMap<B, H, W, C>,
): Tensor2<B, C> {
  checkRank('globalAvgPool', 'x', x, 4, '[B, H, W, C]');
  return tf.mean(x, [1, 2]) as never;
}
