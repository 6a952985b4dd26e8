import * as tf from '@tensorflow/tfjs-core';

/**
 * Sums a broadcast gradient back to the shape of the input it flows to: over the axes where
 * that input had size 1 (or did not exist), then reshaped to the input's shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * const g = reduceToShape(tf.ones([2, 3, 4]), [3, 1]); // shape [3, 1], every value 8
 * ```
 */
export function reduceToShape(grad: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes([...shape], grad.shape);
  const summed = axes.length > 0 ? tf.sum(grad, axes) : grad;
  return tf.reshape(summed, [...shape]);
}

/**
 * The upstream gradient of a single-output kernel. The engine passes one tensor for those;
 * an array here means the config was attached to the wrong kernel.
 *
 * @example
 * ```ts
 * gradFunc: (dy) => { const g = single('Exp', dy); ... }
 * ```
 */
export function single(kernel: string, dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (!Array.isArray(dy)) return dy;
  const first = dy[0];
  if (dy.length !== 1 || first === undefined) {
    throw new Error(`${kernel} gradient: argument 'dy' must be one tensor, got ${dy.length}`);
  }
  return first;
}

/**
 * A saved tensor by position, failing with the kernel's name when the engine saved fewer.
 *
 * @example
 * ```ts
 * gradFunc: (dy, s) => { const x = saved('Log', s, 0); ... }
 * ```
 */
export function saved(kernel: string, list: readonly tf.Tensor[], index: number): tf.Tensor {
  const t = list[index];
  if (t === undefined) {
    throw new Error(`${kernel} gradient: saved tensor ${index} is missing (${list.length} saved)`);
  }
  return t;
}

/**
 * Axes from a kernel's `axis` attribute (a number or a list, negatives allowed), resolved
 * against a shape.
 *
 * @example
 * ```ts
 * axesOf(-1, [2, 3, 4]); // [2]
 * ```
 */
export function axesOf(axis: unknown, shape: readonly number[]): number[] {
  return tf.util.parseAxisParam(axis as number | number[], [...shape]);
}
