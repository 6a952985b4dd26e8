import * as tf from '@tensorflow/tfjs-core';
import type { Upsampled } from '../arithmetic.js';
import type { ConvTransposeFilter, Dim, FeatureMap, Tensor1 } from '../shape.js';
import { checkDim, checkRank } from './check.js';

/** Options of {@link conv2dTranspose}. */
export interface Conv2dTransposeOptions<S extends number> {
  readonly stride: S;
  readonly pad: 'same' | 'valid';
}

/**
 * A 2-D transposed convolution, NHWC, filter `[k, k, out, in]` (tfjs's layout), producing
 * `stride·H × stride·W` with 'same' padding (PyTorch `ConvTranspose2d(k4, s2, p1)` for k = 4).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv2dTranspose, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.zeros([1, 8, 8, 16]), [1, 8, 8, 16] as const);
 * const w = assertShape('example', 'w', tf.zeros([4, 4, 3, 16]), [4, 4, 3, 16] as const);
 * const y = conv2dTranspose(x, w, { stride: 2, pad: 'same' }); // FeatureMap<1, 16, 16, 3>
 * ```
 */
export function conv2dTranspose<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  Ci extends Dim,
  Co extends Dim,
  K extends Dim,
  S extends number,
>(
  x: FeatureMap<B, H, W, Ci>,
  filter: ConvTransposeFilter<K, Co, NoInfer<Ci>>,
  options: Conv2dTransposeOptions<S>,
  bias?: Tensor1<NoInfer<Co>>,
): FeatureMap<B, Upsampled<H, S>, Upsampled<W, S>, Co> {
  const fn = 'conv2dTranspose';
  checkRank(fn, 'x', x, 4, '[B, H, W, Cin]');
  checkRank(fn, 'filter', filter, 4, '[k, k, Cout, Cin]');
  checkDim(fn, 'filter', filter, 3, x.shape[3] as number, '[k, k, Cout, Cin]', "x's channel count");
  const [b, h, w] = x.shape as [number, number, number, number];
  const [kh, kw, co] = filter.shape as [number, number, number, number];
  const s = options.stride;
  const outShape: [number, number, number, number] =
    options.pad === 'same' ? [b, h * s, w * s, co] : [b, (h - 1) * s + kh, (w - 1) * s + kw, co];
  if (bias !== undefined) {
    checkRank(fn, 'bias', bias, 1, '[Cout]');
    checkDim(fn, 'bias', bias, 0, co, '[Cout]', "filter's Cout");
  }
  return tf.tidy(() => {
    const y = tf.conv2dTranspose(x as tf.Tensor4D, filter as tf.Tensor4D, outShape, s, options.pad);
    return bias === undefined ? y : tf.add(y, bias);
  }) as never;
}
