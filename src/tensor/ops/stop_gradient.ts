import * as tf from '@tensorflow/tfjs-core';
import type { Shape, Tensor } from '../shape.js';

/**
 * The same values as `x`, cut off from the gradient tape: nothing upstream of `x` receives a
 * gradient through the result, and (unlike a zero-gradient identity) no backward work is done
 * for it. The result shares `x`'s data and must be disposed like any tensor.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { stopGradient, assertShape } from 'ocr-gan';
 * const fake = assertShape('example', 'fake', tf.ones([1, 4, 4, 3]), [1, 4, 4, 3] as const);
 * const detached = stopGradient(fake); // D's loss on `detached` never reaches the generator
 * ```
 */
export function stopGradient<S extends Shape>(x: Tensor<S>): Tensor<S> {
  // A new handle on the same data, made outside any kernel, so the tape never sees it; the
  // backend's reference count keeps the data alive until both handles are disposed.
  const engine = tf.engine();
  const y = engine.makeTensorFromDataId(x.dataId, x.shape, x.dtype);
  engine.backend.incRef(x.dataId);
  return y as Tensor<S>;
}
