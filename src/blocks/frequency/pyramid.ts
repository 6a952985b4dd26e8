import * as tf from '@tensorflow/tfjs-core';
import type { Dim, Double, Half, Images } from '../../tensor/index.js';
import { ShapeError } from '../../tensor/index.js';

/** The binomial taps of OpenCV's pyramid kernel; the 5×5 kernel is their outer product / 256. */
const TAPS = [1, 4, 6, 4, 1] as const;

type Axis = 1 | 2;

/** Checks a rank-4 float input and returns its shape, naming `fn` and `arg` otherwise. @internal */
export function checkImages(fn: string, arg: string, x: tf.Tensor): [number, number, number, number] {
  if (x.rank !== 4) {
    throw new ShapeError(fn, arg, '[B, H, W, C]', x.shape, `rank ${x.rank}, expected rank 4`);
  }
  if (x.dtype !== 'float32') {
    throw new TypeError(`${fn}: argument '${arg}' must be float32, got ${x.dtype}`);
  }
  return x.shape as [number, number, number, number];
}

/**
 * One 1-D pass of the binomial blur along `axis` with the reflect-101 border (OpenCV's
 * default), as a 'valid' depthwise conv on the padded tensor. `stride` 2 keeps indices
 * 0, 2, 4, … of the blurred result, which is how pyrDown decimates.
 */
function blurAxis(x: tf.Tensor4D, axis: Axis, scale: number, stride: 1 | 2): tf.Tensor4D {
  const c = x.shape[3];
  const pad: [number, number][] = [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  pad[axis] = [2, 2];
  const padded = tf.mirrorPad(x, pad, 'reflect');
  const taps = new Float32Array(TAPS.length * c);
  // Filter [5, 1, C, 1] or [1, 5, C, 1]: the same taps for every channel.
  for (let i = 0; i < TAPS.length; i++) taps.fill((TAPS[i] as number) * scale, i * c, (i + 1) * c);
  const shape: [number, number, number, number] = axis === 1 ? [5, 1, c, 1] : [1, 5, c, 1];
  const strides: [number, number] = axis === 1 ? [stride, 1] : [1, stride];
  return tf.depthwiseConv2d(padded, tf.tensor4d(taps, shape), strides, 'valid');
}

/** Puts `x` at the even indices of a grid twice as long along `axis`, zeros at the odd ones. */
function zeroInsert(x: tf.Tensor4D, axis: Axis): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const interleaved = tf.stack([x, tf.zerosLike(x)], axis + 1);
  return tf.reshape(interleaved, axis === 1 ? [b, 2 * h, w, c] : [b, h, 2 * w, c]);
}

/** {@link pyrDown} without the checks, for callers that checked the sizes of a whole chain. @internal */
export function down(x: tf.Tensor4D): tf.Tensor4D {
  return blurAxis(blurAxis(x, 1, 1 / 16, 2), 2, 1 / 16, 2);
}

/** {@link pyrUp} without the checks. 4·Gau1 = outer(taps/8, taps/8). @internal */
export function up(x: tf.Tensor4D): tf.Tensor4D {
  const rows = blurAxis(zeroInsert(x, 1), 1, 1 / 8, 1);
  return blurAxis(zeroInsert(rows, 2), 2, 1 / 8, 1);
}

/**
 * OpenCV's `pyrDown` on float images: a 5×5 Gaussian blur (`[1,4,6,4,1]⊗[1,4,6,4,1] / 256`)
 * with the reflect-101 border, then rows and columns 0, 2, 4, … are kept, so a size `n`
 * becomes `ceil(n / 2)`. No rounding and no clipping. Height and width must be at least 3,
 * the smallest size whose reflect-101 border of 2 exists.
 *
 * The blur runs as two 1-D passes, which is the same kernel (it is separable) at 2/5 of the
 * cost; the decimation is the stride of the passes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { pyrDown, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.randomUniform([1, 32, 32, 3], -1, 1), [1, 32, 32, 3] as const);
 * const half = pyrDown(x); // Images<1, 16, 16, 3>
 * ```
 */
export function pyrDown<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  x: Images<B, H, W, C>,
): Images<B, Half<H>, Half<W>, C> {
  const fn = 'pyrDown';
  const [, h, w] = checkImages(fn, 'x', x);
  if (h < 3 || w < 3) {
    throw new ShapeError(
      fn,
      'x',
      '[B, H, W, C] with H ≥ 3 and W ≥ 3',
      x.shape,
      `${h < 3 ? `height ${h}` : `width ${w}`} is below 3, the smallest size with a reflect-101 border of 2`,
    );
  }
  return tf.tidy(() => down(x as tf.Tensor4D)) as never;
}

/**
 * OpenCV's `pyrUp` on float images: `x` is placed at the even indices of a grid of twice
 * the height and width (zeros elsewhere), which is then blurred with 4 × the pyramid kernel
 * using the reflect-101 border **of the upsampled grid**. Height and width must be at least
 * 2, so that the upsampled grid (≥ 4) has a reflect-101 border of 2.
 *
 * Zero insertion and blur go one axis at a time: the kernel and the zero pattern are both
 * separable, so this is the same result as the 2-D form with half the blur work.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { pyrUp, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.randomUniform([1, 16, 16, 3], -1, 1), [1, 16, 16, 3] as const);
 * const up = pyrUp(x); // Images<1, 32, 32, 3>
 * ```
 */
export function pyrUp<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  x: Images<B, H, W, C>,
): Images<B, Double<H>, Double<W>, C> {
  const fn = 'pyrUp';
  const [, h, w] = checkImages(fn, 'x', x);
  if (h < 2 || w < 2) {
    throw new ShapeError(
      fn,
      'x',
      '[B, H, W, C] with H ≥ 2 and W ≥ 2',
      x.shape,
      `${h < 2 ? `height ${h}` : `width ${w}`} is below 2: the upsampled grid would be too small for a reflect-101 border of 2`,
    );
  }
  return tf.tidy(() => up(x as tf.Tensor4D)) as never;
}
