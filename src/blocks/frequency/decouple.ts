import * as tf from '@tensorflow/tfjs-core';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith, formatIssue, IntAtLeast, withDefaults, type ConfigError } from '../../config/index.js';
import type { Bands, Dim, Images } from '../../tensor/index.js';
import { ShapeError } from '../../tensor/index.js';
import { checkImages, down, up } from './pyramid.js';

/**
 * How the blurred images are built.
 *
 * - `'paper'`: eq. (2) of the paper, each level blurred once more at full resolution:
 *   `G_N = x`, `G_{k−1} = Up(Down(G_k))`.
 * - `'octave'`: a Laplacian pyramid brought back to full resolution, each level one octave
 *   lower: `low_j = Up^j(Down^j(x))`.
 *
 * For 2 bands the two are identical.
 */
export type FrequencyVariant = 'paper' | 'octave';

/** Options of {@link frequencyDecouple}. */
export interface FrequencyDecoupleOptions<N extends number = number> {
  /** Number of bands N ≥ 2 (default 2). */
  readonly bands?: N;
  /** Default `'paper'`. */
  readonly variant?: FrequencyVariant;
}

/**
 * io-ts codec of the options of {@link frequencyDecouple}: it fills in the defaults
 * (`bands: 2`, `variant: 'paper'`) and refuses unknown keys.
 *
 * @example
 * ```ts
 * import { FrequencyDecoupleOptionsCodec, decodeWith } from 'ocr-gan';
 * decodeWith(FrequencyDecoupleOptionsCodec, { bands: 3 }, 'fd'); // Right({ bands: 3, variant: 'paper' })
 * ```
 */
export const FrequencyDecoupleOptionsCodec = withDefaults(
  t.type({ bands: IntAtLeast(2), variant: t.keyof({ paper: null, octave: null }) }, 'FrequencyDecoupleOptions'),
  { bands: 2, variant: 'paper' },
);

/**
 * Decodes untrusted options (a config file, CLI flags) and fills in the defaults.
 *
 * @example
 * ```ts
 * import { decodeFrequencyDecoupleOptions } from 'ocr-gan';
 * decodeFrequencyDecoupleOptions({ bands: 3 }); // Right({ bands: 3, variant: 'paper' })
 * decodeFrequencyDecoupleOptions({ bands: 1 }); // Left(ConfigError: bands: expected IntAtLeast(2), got 1 …)
 * ```
 */
export function decodeFrequencyDecoupleOptions(
  input: unknown,
): Either<ConfigError, { readonly bands: number; readonly variant: FrequencyVariant }> {
  return decodeWith(FrequencyDecoupleOptionsCodec, input, 'FrequencyDecoupleOptions');
}

function resolveOptions(options: FrequencyDecoupleOptions | undefined): {
  bands: number;
  variant: FrequencyVariant;
} {
  const decoded = decodeFrequencyDecoupleOptions(options);
  if (isLeft(decoded)) {
    throw new RangeError(`frequencyDecouple: argument 'options' is invalid: ${decoded.left.issues.map(formatIssue).join('; ')}`);
  }
  return decoded.right;
}

/** Throws unless the image size is one every level of the variant can resample exactly. */
function checkSize(x: tf.Tensor, bands: number, variant: FrequencyVariant): void {
  const [, h, w] = x.shape as [number, number, number, number];
  // Paper: every level is Up(Down(·)) of a full-size image, so the size must survive one
  // round trip (even) and Down needs ≥ 3. Octave: j = N−1 halvings must be exact, and the
  // smallest level must still be ≥ 2 for Up (so every Down input is ≥ 4).
  const factor = variant === 'paper' ? 2 : 2 ** (bands - 1);
  for (const [name, n] of [
    ['height', h],
    ['width', w],
  ] as const) {
    if (n % factor !== 0 || n < 2 * factor) {
      const need =
        variant === 'paper'
          ? 'even and ≥ 4'
          : `a multiple of 2^(bands−1) = ${factor} and ≥ ${2 * factor}`;
      throw new ShapeError(
        'frequencyDecouple',
        'x',
        '[B, H, W, C]',
        x.shape,
        `${name} ${n} must be ${need} for the '${variant}' variant with ${bands} bands`,
      );
    }
  }
}

/**
 * Frequency decoupling (FD): splits images into N signed float bands, **lowest frequency
 * first**, that sum back to the input (up to float rounding: the bands are telescoping
 * differences of a chain of blurred images whose top is `x` itself).
 *
 * With blurred images `L_1 (blurriest) … L_N = x`, band 1 is `L_1` and band k is
 * `L_k − L_{k−1}`. The variant chooses the blur chain (see {@link FrequencyVariant});
 * `Down`/`Up` are `pyrDown`/`pyrUp` (OpenCV's pyramid, reflect-101 border).
 *
 * Sizes: for `'paper'`, height and width must be even and ≥ 4; for `'octave'`, multiples of
 * `2^(N−1)` and at least `2^N`. Anything else throws a `ShapeError` naming the dimension.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { frequencyDecouple, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.randomUniform([2, 32, 32, 3], -1, 1), [2, 32, 32, 3] as const);
 * const [low, high] = frequencyDecouple(x);                 // Bands<2, 2, 32, 32, 3>
 * const three = frequencyDecouple(x, { bands: 3, variant: 'octave' }); // a 3-tuple
 * ```
 */
export function frequencyDecouple<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C extends Dim,
  const N extends number = 2,
>(x: Images<B, H, W, C>, options?: FrequencyDecoupleOptions<N>): Bands<N, B, H, W, C> {
  checkImages('frequencyDecouple', 'x', x);
  const { bands, variant } = resolveOptions(options);
  checkSize(x, bands, variant);
  return tf.tidy(() => {
    const blurred = variant === 'paper' ? paperChain(x as tf.Tensor4D, bands) : octaveChain(x as tf.Tensor4D, bands);
    const out: tf.Tensor4D[] = [blurred[0] as tf.Tensor4D];
    for (let k = 1; k < bands; k++) out.push(tf.sub(blurred[k] as tf.Tensor4D, blurred[k - 1] as tf.Tensor4D));
    return out;
  }) as never;
}

/** `[G_1, …, G_N]` with `G_N = x`, `G_{k−1} = Up(Down(G_k))`. */
function paperChain(x: tf.Tensor4D, bands: number): tf.Tensor4D[] {
  const chain: tf.Tensor4D[] = [x];
  for (let k = 1; k < bands; k++) chain.unshift(up(down(chain[0] as tf.Tensor4D)));
  return chain;
}

/** `[low_{N−1}, …, low_1, x]` with `low_j = Up^j(Down^j(x))`. */
function octaveChain(x: tf.Tensor4D, bands: number): tf.Tensor4D[] {
  const chain: tf.Tensor4D[] = [x];
  let small = x;
  for (let j = 1; j < bands; j++) {
    small = down(small);
    let low = small;
    for (let i = 0; i < j; i++) low = up(low);
    chain.unshift(low);
  }
  return chain;
}
