import * as tf from '@tensorflow/tfjs-core';
import type { Dim, Tensor1, Tensor2 } from '../shape.js';
import { checkDim, checkRank } from './check.js';

/**
 * A fully connected layer, `y = x·W + b`, with `W` of shape `[in, out]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.ones([2, 8]), [2, 8] as const);
 * const w = assertShape('example', 'w', tf.ones([8, 32]), [8, 32] as const);
 * const y = dense(x, w); // Tensor2<2, 32>
 * ```
 */
export function dense<N extends Dim, I extends Dim, O extends Dim>(
  x: Tensor2<N, I>,
  weight: Tensor2<NoInfer<I>, O>,
  bias?: Tensor1<NoInfer<O>>,
): Tensor2<N, O> {
  const fn = 'dense';
  checkRank(fn, 'x', x, 2, '[N, in]');
  checkRank(fn, 'weight', weight, 2, '[in, out]');
  checkDim(fn, 'weight', weight, 0, x.shape[1] as number, '[in, out]', "x's feature count");
  if (bias !== undefined) {
    checkRank(fn, 'bias', bias, 1, '[out]');
    checkDim(fn, 'bias', bias, 0, weight.shape[1] as number, '[out]', "weight's out");
  }
  return tf.tidy(() => {
    const y = tf.matMul(x as tf.Tensor2D, weight as tf.Tensor2D);
    return bias === undefined ? y : tf.add(y, bias);
  }) as never;
}
