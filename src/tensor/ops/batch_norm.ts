import * as tf from '@tensorflow/tfjs-core';
import type { Dim, FeatureMap, Tensor1 } from '../shape.js';
import { checkDim, checkRank } from './check.js';

/** Per-channel affine parameters and statistics of a batch norm. */
export interface BatchNormStats<C extends Dim> {
  readonly mean: Tensor1<C>;
  readonly variance: Tensor1<C>;
}

function checkVectors(fn: string, x: tf.Tensor, vectors: Record<string, tf.Tensor>): void {
  checkRank(fn, 'x', x, 4, '[B, H, W, C]');
  const c = x.shape[3] as number;
  for (const [name, v] of Object.entries(vectors)) {
    checkRank(fn, name, v, 1, '[C]');
    checkDim(fn, name, v, 0, c, '[C]', "x's channel count");
  }
}

/**
 * Batch norm with given statistics (inference mode): `(x − mean)/√(var + ε)·scale + offset`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { batchNormInference, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.ones([1, 2, 2, 4]), [1, 2, 2, 4] as const);
 * const v = assertShape('example', 'v', tf.ones([4]), [4] as const);
 * const y = batchNormInference(x, { mean: v, variance: v }, v, v, 1e-5);
 * ```
 */
export function batchNormInference<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  x: FeatureMap<B, H, W, C>,
  stats: BatchNormStats<NoInfer<C>>,
  scale: Tensor1<NoInfer<C>>,
  offset: Tensor1<NoInfer<C>>,
  epsilon: number,
): FeatureMap<B, H, W, C> {
  checkVectors('batchNormInference', x, {
    'stats.mean': stats.mean,
    'stats.variance': stats.variance,
    scale,
    offset,
  });
  return tf.tidy(() => {
    const inv = tf.mul(tf.rsqrt(tf.add(stats.variance, epsilon)), scale);
    return tf.add(tf.mul(tf.sub(x, stats.mean), inv), offset);
  }) as never;
}

/** What {@link batchNormTraining} returns: the output and the batch statistics it used. */
export interface BatchNormTrainingResult<B extends Dim, H extends Dim, W extends Dim, C extends Dim>
  extends BatchNormStats<C> {
  /** The normalised output. */
  readonly y: FeatureMap<B, H, W, C>;
  /** The biased batch variance over (B, H, W), the one that normalised `x`. */
  readonly variance: Tensor1<C>;
}

/**
 * Batch norm in training mode: normalises with the batch mean and biased batch variance
 * over (B, H, W). Its gradient is the closed form
 * `dx = scale/σ · (dy − mean(dy) − x̂·mean(dy·x̂))`, which avoids the broadcast-heavy
 * generic gradient (slow on wasm). The returned statistics carry no gradient.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { batchNormTraining, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.randomNormal([4, 2, 2, 3]), [4, 2, 2, 3] as const);
 * const g = assertShape('example', 'g', tf.ones([3]), [3] as const);
 * const b = assertShape('example', 'b', tf.zeros([3]), [3] as const);
 * const { y, mean, variance } = batchNormTraining(x, g, b, 1e-5);
 * ```
 */
export function batchNormTraining<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  x: FeatureMap<B, H, W, C>,
  scale: Tensor1<NoInfer<C>>,
  offset: Tensor1<NoInfer<C>>,
  epsilon: number,
): BatchNormTrainingResult<B, H, W, C> {
  checkVectors('batchNormTraining', x, { scale, offset });
  const { mean, variance } = tf.tidy(() => tf.moments(x, [0, 1, 2]));
  const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, gIn, bIn] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
    const save = args[3] as tf.GradSaveFunc;
    const xs = xIn as tf.Tensor4D;
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const xHat = tf.mul(tf.sub(xs, mean), invStd);
    save([xHat, invStd, gIn as tf.Tensor]);
    const value = tf.add(tf.mul(xHat, gIn as tf.Tensor), bIn as tf.Tensor);
    return {
      value,
      gradFunc: (dy, saved) => {
        const [xh, inv, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const dScale = tf.sum(tf.mul(dy, xh), [0, 1, 2]);
        const dOffset = tf.sum(dy, [0, 1, 2]);
        const n = (xh.shape[0] as number) * (xh.shape[1] as number) * (xh.shape[2] as number);
        const dx = tf.mul(
          tf.mul(g, inv),
          tf.sub(tf.sub(dy, tf.div(dOffset, n)), tf.mul(xh, tf.div(dScale, n))),
        );
        return [dx, dScale, dOffset];
      },
    };
  });
  const y = normalise(x, scale, offset) as FeatureMap<B, H, W, C>;
  return { y, mean: mean as Tensor1<C>, variance: variance as Tensor1<C> };
}
