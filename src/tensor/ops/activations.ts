import * as tf from '@tensorflow/tfjs-core';
import type { Shape, Tensor } from '../shape.js';

/**
 * Shape-preserving activations. Each keeps its input's shape type.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { leakyRelu, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.randomNormal([1, 4, 4, 8]), [1, 4, 4, 8] as const);
 * const y = leakyRelu(x, 0.2); // same shape type as x
 * ```
 */
export function leakyRelu<S extends Shape>(x: Tensor<S>, alpha: number): Tensor<S> {
  return tf.leakyRelu(x, alpha) as Tensor<S>;
}

/** `max(x, 0)`, keeping the shape type. */
export function relu<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return tf.relu(x) as Tensor<S>;
}

/** `tanh(x)`, keeping the shape type. */
export function tanh<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return tf.tanh(x) as Tensor<S>;
}

/** `1 / (1 + e^−x)`, keeping the shape type. */
export function sigmoid<S extends Shape>(x: Tensor<S>): Tensor<S> {
  return tf.sigmoid(x) as Tensor<S>;
}

/**
 * Softmax along `axis` (default the last), keeping the shape type. Its gradient is the
 * closed form `dx = y·(dy − Σ dy·y)`, so it needs no registered gradient of its own.
 */
export function softmax<S extends Shape>(x: Tensor<S>, axis = -1): Tensor<S> {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const e = tf.exp(tf.sub(xs, tf.max(xs, axis, true)));
    const y = tf.div(e, tf.sum(e, axis, true));
    save([y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [ys] = saved as [tf.Tensor];
        return tf.mul(ys, tf.sub(dy, tf.sum(tf.mul(dy, ys), axis, true)));
      },
    };
  });
  return f(x) as Tensor<S>;
}
