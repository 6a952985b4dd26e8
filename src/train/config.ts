import * as t from 'io-ts';
import { decodeWith } from '../config/decode.js';
import type { ConfigError } from '../config/config_error.js';
import { FiniteNumber, IntAtLeast, PositiveInt, PositiveNumber, PowerOfTwo } from '../config/numbers.js';
import { withDefaults } from '../config/with_defaults.js';
import type { Either } from 'fp-ts/lib/Either.js';

const Fraction = t.refinement(FiniteNumber, (n) => n >= 0 && n < 1, 'a number in [0, 1)');
const OpenUnit = t.refinement(FiniteNumber, (n) => n > 0 && n < 1, 'a number in (0, 1)');

const CutPasteCodec = t.type({
  enabled: t.boolean,
  areaRatio: t.tuple([OpenUnit, OpenUnit]),
  aspectRatio: OpenUnit,
  colorJitter: Fraction,
});

const CutoutCodec = t.intersection([t.type({ enabled: t.boolean }), t.partial({ length: PositiveInt })]);

const ThresholdCodec = t.union([
  t.type({ policy: t.literal('max') }),
  t.type({ policy: t.literal('quantile'), quantile: t.refinement(FiniteNumber, (q) => q > 0 && q <= 1, 'a number in (0, 1]') }),
]);

/**
 * Everything that defines an OCR-GAN model and its training, with the source of each
 * default (see `docs/model.md`):
 *
 * | field | default | source |
 * |---|---|---|
 * | `imageSize` | 64 | ocr-gan (official code: 32 in `options.py`, 256 in its README) |
 * | `channels` | 3 | official code (`--nc`) |
 * | `bands` | 2 | paper and official code |
 * | `frequencyVariant` | `'paper'` | paper eq. (1)–(3) |
 * | `channelSelect` | true | paper (learned; the official code re-draws it randomly) |
 * | `ngf`, `ndf` | 64, 64 | official code |
 * | `nz` | 100 | official code |
 * | `lossWeights` | content 50, adversarial 1, latent 1 | official code (`w_con`, `w_adv`, `w_lat`) |
 * | `learningRate` | 2e-4 | official code (the paper says 0.002) |
 * | `beta1`, `beta2`, `epsilon` | 0.5, 0.999, 1e-8 | official code (PyTorch Adam) |
 * | `batchSize` | 32 | official code |
 * | `epochs` | 15 | official code (`--niter`; its README runs 200) |
 * | `augmentation` | CutPaste (2–15 %, aspect 0.3, jitter 0.1) and Cutout, both on | official code; Cutout scaled with the size (ocr-gan) |
 * | `score` | λ 0.9, L2, mean over pixels | paper eq. (13) λ; official code's squared error; `reconstruction: 'max'` (ocr-gan) takes the largest pixel error instead, for small defects |
 * | `seed` | 1 | official code (`--manualseed`) |
 * | `validationFraction` | 0.1 | ocr-gan (the official code selects on the test set) |
 * | `threshold` | quantile 0.99 of normal validation scores | ocr-gan |
 * | `discriminatorResetBelow` | 1e-5 | official code (GANomaly's D re-initialisation) |
 */
export const OcrGanConfigCodec = t.type(
  {
    imageSize: PowerOfTwo(16, 512),
    channels: t.union([t.literal(1), t.literal(3)]),
    bands: IntAtLeast(1),
    frequencyVariant: t.union([t.literal('paper'), t.literal('octave')]),
    channelSelect: t.boolean,
    ngf: PositiveInt,
    ndf: PositiveInt,
    nz: PositiveInt,
    lossWeights: t.type({ content: FiniteNumber, adversarial: FiniteNumber, latent: FiniteNumber }),
    learningRate: PositiveNumber,
    beta1: Fraction,
    beta2: Fraction,
    epsilon: PositiveNumber,
    batchSize: PositiveInt,
    epochs: PositiveInt,
    augmentation: t.type({ cutPaste: CutPasteCodec, cutout: CutoutCodec }),
    score: t.type({
      lambda: t.refinement(FiniteNumber, (l) => l >= 0 && l <= 1, 'a number in [0, 1]'),
      distance: t.union([t.literal('l2'), t.literal('l1')]),
      reconstruction: t.union([t.literal('mean'), t.literal('max')]),
    }),
    seed: t.refinement(FiniteNumber, Number.isInteger, 'an integer'),
    validationFraction: Fraction,
    threshold: ThresholdCodec,
    discriminatorResetBelow: t.refinement(FiniteNumber, (n) => n >= 0, 'a number ≥ 0'),
  },
  'OcrGanConfig',
);

/** A complete OCR-GAN config. */
export type OcrGanConfig = t.TypeOf<typeof OcrGanConfigCodec>;

/** The defaults, one per field, as documented on {@link OcrGanConfigCodec}. */
export const defaultOcrGanConfig: OcrGanConfig = {
  imageSize: 64,
  channels: 3,
  bands: 2,
  frequencyVariant: 'paper',
  channelSelect: true,
  ngf: 64,
  ndf: 64,
  nz: 100,
  lossWeights: { content: 50, adversarial: 1, latent: 1 },
  learningRate: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  epsilon: 1e-8,
  batchSize: 32,
  epochs: 15,
  augmentation: {
    cutPaste: { enabled: true, areaRatio: [0.02, 0.15], aspectRatio: 0.3, colorJitter: 0.1 },
    cutout: { enabled: true },
  },
  score: { lambda: 0.9, distance: 'l2', reconstruction: 'mean' },
  seed: 1,
  validationFraction: 0.1,
  threshold: { policy: 'quantile', quantile: 0.99 },
  discriminatorResetBelow: 1e-5,
};

/** The codec users decode with: a partial config, defaults filled in, unknown keys refused. */
export const OcrGanConfigInput = withDefaults(OcrGanConfigCodec, defaultOcrGanConfig);

/**
 * Decodes a (partial) OCR-GAN config. The error lists each bad field with its path, what
 * was expected, what was got and a hint.
 *
 * @example
 * ```ts
 * import { decodeOcrGanConfig } from 'ocr-gan';
 * import { isRight } from 'fp-ts/lib/Either.js';
 * const r = decodeOcrGanConfig({ imageSize: 32, ngf: 16, ndf: 16 });
 * if (isRight(r)) console.log(r.right.lossWeights.content); // 50
 * ```
 */
export function decodeOcrGanConfig(input: unknown): Either<ConfigError, OcrGanConfig> {
  return decodeWith(OcrGanConfigInput, input, 'OcrGanConfig');
}
