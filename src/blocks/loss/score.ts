import * as tf from '@tensorflow/tfjs-core';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith, formatIssue, refineNumber, UnitInterval, withDefaults } from '../../config/index.js';
import type { Dim, Images, Tensor, Tensor1 } from '../../tensor/index.js';
import { ShapeError } from '../../tensor/index.js';
import { checkFloat, checkSameBatch, checkSameShape } from './check.js';

/**
 * The per-pixel distance of a reconstruction: `'l2'` is the **squared** error `(x − x̂)²`
 * (its mean is the MSE of eq. (13) as the official code scores), `'l1'` the absolute error.
 */
export type ReconstructionDistance = 'l2' | 'l1';

const Distance = t.keyof({ l2: null, l1: null }, 'ReconstructionDistance');

/**
 * io-ts codec of {@link AnomalyScoreOptions}, defaults `lambda: 0.9`, `distance: 'l2'`.
 *
 * @example
 * ```ts
 * import { AnomalyScoreOptionsCodec, decodeWith } from 'ocr-gan';
 * decodeWith(AnomalyScoreOptionsCodec, { distance: 'l1' }, 'score'); // Right({ lambda: 0.9, distance: 'l1' })
 * ```
 */
export const AnomalyScoreOptionsCodec = withDefaults(
  t.type({ lambda: UnitInterval, distance: Distance }, 'AnomalyScoreOptions'),
  { lambda: 0.9, distance: 'l2' },
);

/** Options of {@link anomalyScore}. */
export interface AnomalyScoreOptions {
  /** Weight of the reconstruction term, eq. (13); `1 − lambda` weighs the latent term. Default 0.9. */
  readonly lambda?: number;
  /** Default `'l2'` (squared error). The latent term is always squared. */
  readonly distance?: ReconstructionDistance;
}

/**
 * io-ts codec of {@link AnomalyMapOptions}, defaults `distance: 'l2'`, `sigma: 0` (no smoothing).
 *
 * @example
 * ```ts
 * import { AnomalyMapOptionsCodec, decodeWith } from 'ocr-gan';
 * decodeWith(AnomalyMapOptionsCodec, { sigma: 4 }, 'map'); // Right({ distance: 'l2', sigma: 4 })
 * ```
 */
export const AnomalyMapOptionsCodec = withDefaults(
  t.type(
    { distance: Distance, sigma: refineNumber('NonNegativeNumber', (n) => n >= 0, () => 'a finite number ≥ 0') },
    'AnomalyMapOptions',
  ),
  { distance: 'l2', sigma: 0 },
);

/** Options of {@link anomalyMap}. */
export interface AnomalyMapOptions {
  /** Default `'l2'` (squared error). */
  readonly distance?: ReconstructionDistance;
  /**
   * Standard deviation in pixels of a Gaussian that smooths the map; 0 (the default) means
   * no smoothing. 4 is the usual choice for pixel-level evaluation.
   */
  readonly sigma?: number;
}

function decodeOptions<A>(fn: string, codec: t.Decoder<unknown, A>, input: unknown): A {
  const r = decodeWith(codec, input, 'options');
  if (isLeft(r)) throw new RangeError(`${fn}: argument 'options' is invalid: ${r.left.issues.map(formatIssue).join('; ')}`);
  return r.right;
}

function pixelError(x: tf.Tensor, xHat: tf.Tensor, distance: ReconstructionDistance): tf.Tensor {
  return distance === 'l2' ? tf.squaredDifference(x, xHat) : tf.abs(tf.sub(x, xHat));
}

/** The per-image terms of an anomaly score, each `[B]`. */
export interface AnomalyScoreParts<B extends Dim> {
  /** `λ·rec + (1 − λ)·lat`. */
  readonly score: Tensor1<B>;
  /** Per-image mean over H·W·C of the pixel distance. */
  readonly rec: Tensor1<B>;
  /** Per-image mean over the feature elements of `(f_r − f_f)²`. */
  readonly lat: Tensor1<B>;
}

function checkScoreInputs(fn: string, x: tf.Tensor, xHat: tf.Tensor, fReal: tf.Tensor, fFake: tf.Tensor): void {
  checkFloat(fn, 'x', x, 4, '[B, H, W, C]');
  checkFloat(fn, 'xHat', xHat, 4, '[B, H, W, C]');
  checkSameShape(fn, 'x', x, 'xHat', xHat);
  checkFloat(fn, 'fReal', fReal, -2, '[B, …]');
  checkFloat(fn, 'fFake', fFake, -2, '[B, …]');
  checkSameBatch(fn, 'x', x, 'fReal', fReal);
  checkSameShape(fn, 'fReal', fReal, 'fFake', fFake);
}

/**
 * {@link anomalyScore} with its two terms, for reports and for checking each on its own.
 *
 * @example
 * ```ts
 * import { anomalyScoreParts } from 'ocr-gan';
 * const { score, rec, lat } = anomalyScoreParts(x, xHat, fReal, fFake); // each Tensor1<B>
 * ```
 */
export function anomalyScoreParts<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C extends Dim,
  F extends readonly [NoInfer<B>, ...Dim[]],
>(
  x: Images<B, H, W, C>,
  xHat: Images<NoInfer<B>, NoInfer<H>, NoInfer<W>, NoInfer<C>>,
  fReal: Tensor<F>,
  fFake: Tensor<NoInfer<F>>,
  options: AnomalyScoreOptions = {},
): AnomalyScoreParts<B> {
  const fn = 'anomalyScore';
  checkScoreInputs(fn, x, xHat, fReal, fFake);
  const { lambda, distance } = decodeOptions(fn, AnomalyScoreOptionsCodec, options);
  return tf.tidy(() => {
    const featAxes = Array.from({ length: fReal.rank - 1 }, (_, i) => i + 1);
    const rec = tf.mean(pixelError(x, xHat, distance), [1, 2, 3]);
    const lat = tf.mean(tf.squaredDifference(fReal, fFake), featAxes);
    const score = tf.add(tf.mul(lambda, rec), tf.mul(1 - lambda, lat));
    return { score, rec, lat };
  }) as unknown as AnomalyScoreParts<B>;
}

/**
 * The anomaly score of each image, eq. (13): `λ·mean((x − x̂)²) + (1 − λ)·mean((f_r − f_f)²)`
 * with λ = 0.9, where `f` are the discriminator's latent features. `distance: 'l1'` uses
 * `mean|x − x̂|` for the first term. Higher means more anomalous; the scale is not
 * normalised (see {@link minMaxNormalize}).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { anomalyScore, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.zeros([2, 8, 8, 3]), [2, 8, 8, 3] as const);
 * const xHat = assertShape('example', 'xHat', tf.fill([2, 8, 8, 3], 0.5), [2, 8, 8, 3] as const);
 * const f = assertShape('example', 'f', tf.zeros([2, 1, 1, 100]), [2, 1, 1, 100] as const);
 * anomalyScore(x, xHat, f, f); // Tensor1<2>: [0.225, 0.225]
 * ```
 */
export function anomalyScore<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C extends Dim,
  F extends readonly [NoInfer<B>, ...Dim[]],
>(
  x: Images<B, H, W, C>,
  xHat: Images<NoInfer<B>, NoInfer<H>, NoInfer<W>, NoInfer<C>>,
  fReal: Tensor<F>,
  fFake: Tensor<NoInfer<F>>,
  options: AnomalyScoreOptions = {},
): Tensor1<B> {
  const parts = anomalyScoreParts(x, xHat, fReal, fFake, options);
  tf.dispose([parts.rec, parts.lat]);
  return parts.score;
}

/**
 * Min-max normalisation `(s − min) / (max − min)`, the scaling the paper applies to the test
 * scores. Without `range` it fits min and max on `scores` themselves; pass a `range` fitted
 * on normal validation images to scale test scores without looking at them (values may then
 * leave [0, 1]). When `max = min` the result is all zeros: a constant score carries no
 * ranking, and zeros keep every threshold-free metric unchanged.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { minMaxNormalize, assertShape } from 'ocr-gan';
 * const s = assertShape('example', 's', tf.tensor1d([2, 4, 3]), [3] as const);
 * minMaxNormalize(s);                       // [0, 1, 0.5]
 * minMaxNormalize(s, { min: 0, max: 8 });   // [0.25, 0.5, 0.375]
 * ```
 */
export function minMaxNormalize<B extends Dim>(
  scores: Tensor1<B>,
  range?: { readonly min: number; readonly max: number },
): Tensor1<B> {
  const fn = 'minMaxNormalize';
  checkFloat(fn, 'scores', scores, 1, '[B]');
  if (range !== undefined && !(Number.isFinite(range.min) && Number.isFinite(range.max) && range.max >= range.min)) {
    throw new RangeError(
      `${fn}: argument 'range' must have finite min ≤ max, got { min: ${range.min}, max: ${range.max} }`,
    );
  }
  if (scores.size === 0) return tf.clone(scores) as Tensor1<B>;
  return tf.tidy(() => {
    const lo = range ? tf.scalar(range.min) : tf.min(scores);
    const hi = range ? tf.scalar(range.max) : tf.max(scores);
    const width = tf.sub(hi, lo);
    const positive = tf.greater(width, 0);
    // Dividing by 1 where the width is 0 keeps NaN out of both the value and its gradient.
    const safe = tf.where(positive, width, tf.onesLike(width));
    return tf.where(positive, tf.div(tf.sub(scores, lo), safe), tf.zerosLike(scores));
  }) as Tensor1<B>;
}

/** 1-D Gaussian taps of standard deviation `sigma`, truncated at `radius`, summing to 1. */
function gaussianTaps(sigma: number, radius: number): Float32Array {
  const w = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = w.reduce((a, b) => a + b, 0);
  return Float32Array.from(w, (v) => v / total);
}

/**
 * The truncation radius of {@link anomalyMap}'s smoothing Gaussian, `round(4σ)` as
 * `scipy.ndimage.gaussian_filter`; the map's height and width must be at least this.
 *
 * @example
 * ```ts
 * import { smoothingRadius } from 'ocr-gan';
 * smoothingRadius(4); // 16
 * ```
 */
export function smoothingRadius(sigma: number): number {
  return Math.floor(4 * sigma + 0.5);
}

/**
 * A per-pixel anomaly map at input resolution, `[B, H, W, 1]`: the pixel distance of the
 * reconstruction (`'l2'` squared error by default, or `'l1'`), averaged over channels.
 * With `sigma > 0` it is smoothed by a Gaussian of that standard deviation, truncated at
 * `round(4σ)` with the half-sample symmetric border (`scipy.ndimage.gaussian_filter`
 * defaults), which needs H and W ≥ that radius. Smoothing is off by default; σ = 4 is the
 * common choice when scoring pixel-level AUROC.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { anomalyMap, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.zeros([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * const xHat = assertShape('example', 'xHat', tf.zeros([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * const map = anomalyMap(x, xHat, { sigma: 4 }); // Images<2, 32, 32, 1>
 * ```
 */
export function anomalyMap<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  x: Images<B, H, W, C>,
  xHat: Images<NoInfer<B>, NoInfer<H>, NoInfer<W>, NoInfer<C>>,
  options: AnomalyMapOptions = {},
): Images<B, H, W, 1> {
  const fn = 'anomalyMap';
  checkFloat(fn, 'x', x, 4, '[B, H, W, C]');
  checkFloat(fn, 'xHat', xHat, 4, '[B, H, W, C]');
  checkSameShape(fn, 'x', x, 'xHat', xHat);
  const { distance, sigma } = decodeOptions(fn, AnomalyMapOptionsCodec, options);
  const radius = smoothingRadius(sigma);
  const [, h, w] = x.shape as [number, number, number, number];
  if (radius > 0 && (h < radius || w < radius)) {
    throw new ShapeError(
      fn,
      'x',
      '[B, H, W, C]',
      x.shape,
      `${h < radius ? `height ${h}` : `width ${w}`} is below the smoothing radius ${radius} of sigma ${sigma}`,
    );
  }
  return tf.tidy(() => {
    const map = tf.mean(pixelError(x, xHat, distance), 3, true) as tf.Tensor4D;
    if (radius === 0) return map;
    const taps = gaussianTaps(sigma, radius);
    const k = 2 * radius + 1;
    const rows = tf.conv2d(
      tf.mirrorPad(map, [[0, 0], [radius, radius], [0, 0], [0, 0]], 'symmetric'),
      tf.tensor4d(taps, [k, 1, 1, 1]),
      1,
      'valid',
    );
    return tf.conv2d(
      tf.mirrorPad(rows, [[0, 0], [0, 0], [radius, radius], [0, 0]], 'symmetric'),
      tf.tensor4d(taps, [1, k, 1, 1]),
      1,
      'valid',
    );
  }) as Images<B, H, W, 1>;
}
