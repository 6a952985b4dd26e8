import * as tf from '@tensorflow/tfjs-core';
import type { Strided } from '../arithmetic.js';
import type { ConvFilter, Dim, FeatureMap, Tensor1 } from '../shape.js';
import { checkDim, checkRank } from './check.js';

/** Options of {@link conv2d}. */
export interface Conv2dOptions<S extends number> {
  readonly stride: S;
  readonly pad: 'same' | 'valid';
}

/**
 * A 2-D convolution, NHWC, filter `[k, k, in, out]`, with an optional bias. On `wasm` the
 * gradients run through the fast kernels that `initBackend` registers.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv2d, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.zeros([1, 32, 32, 3]), [1, 32, 32, 3] as const);
 * const w = assertShape('example', 'w', tf.zeros([4, 4, 3, 8]), [4, 4, 3, 8] as const);
 * const y = conv2d(x, w, { stride: 2, pad: 'same' }); // FeatureMap<1, 16, 16, 8>
 * ```
 */
export function conv2d<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  Ci extends Dim,
  Co extends Dim,
  K extends Dim,
  S extends number,
>(
  x: FeatureMap<B, H, W, Ci>,
  filter: ConvFilter<K, NoInfer<Ci>, Co>,
  options: Conv2dOptions<S>,
  bias?: Tensor1<NoInfer<Co>>,
): FeatureMap<B, Strided<H, S>, Strided<W, S>, Co> {
  const fn = 'conv2d';
  checkRank(fn, 'x', x, 4, '[B, H, W, Cin]');
  checkRank(fn, 'filter', filter, 4, '[k, k, Cin, Cout]');
  checkDim(fn, 'filter', filter, 2, x.shape[3] as number, '[k, k, Cin, Cout]', "x's channel count");
  if (bias !== undefined) {
    checkRank(fn, 'bias', bias, 1, '[Cout]');
    checkDim(fn, 'bias', bias, 0, filter.shape[3] as number, '[Cout]', "filter's Cout");
  }
  const y = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, options.stride, options.pad);
  if (bias === undefined) return y as never;
  return tf.tidy(() => tf.add(y, bias)) as never;
}
