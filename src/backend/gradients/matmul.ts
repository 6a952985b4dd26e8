import * as tf from '@tensorflow/tfjs-core';
import { reduceToShape, saved, single } from './util.js';

/**
 * Gradient of `BatchMatMul` `y = op(a)·op(b)` for each transpose combination. Batch
 * dimensions may broadcast, so each gradient is summed back to its input's batch shape.
 *
 * @example
 * ```ts
 * tf.registerGradient(batchMatMulGrad);
 * ```
 */
export const batchMatMulGrad: tf.GradConfig = {
  kernelName: 'BatchMatMul',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s, attrs) => {
    const g = single('BatchMatMul', dy);
    const a = saved('BatchMatMul', s, 0);
    const b = saved('BatchMatMul', s, 1);
    const ta = attrs['transposeA'] === true;
    const tb = attrs['transposeB'] === true;
    const mm = (p: tf.Tensor, q: tf.Tensor, tp: boolean, tq: boolean) => tf.matMul(p, q, tp, tq);
    // From y = A·B: dA = dy·Bᵀ and dB = Aᵀ·dy, with A = aᵀ or B = bᵀ folded in.
    const da = () => {
      if (!ta) return mm(g, b, false, !tb);
      return mm(b, g, tb, true);
    };
    const db = () => {
      if (!tb) return mm(a, g, !ta, false);
      return mm(g, a, true, ta);
    };
    return {
      a: () => reduceToShape(da(), a.shape),
      b: () => reduceToShape(db(), b.shape),
    };
  },
};

/** The matrix-product gradients. @example `matMulGradients.forEach(tf.registerGradient)` */
export const matMulGradients: readonly tf.GradConfig[] = [batchMatMulGrad];
