import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeOrThrow, decodeWith, PositiveInt, PowerOfTwo, withDefaults, type ConfigError } from '../../config/index.js';


/** Hyper-parameters of the N-branch skip U-Net generator. */
export interface SkipGeneratorConfig<C extends number = number> {
  /** Image size, a power of two 16…512; the U-Net has log2(isize) levels. */
  readonly isize: number;
  /** Width: level L has ngf·min(2^(L−1), 8) channels. */
  readonly ngf: number;
  /** Number of frequency bands N = number of branches. Default 2; 1 is the Skip-GANomaly baseline. */
  readonly bands?: number;
  /** Image channels, in and out. Default 3. */
  readonly channels?: C;
  /** Channel selection after every encoder level. Default true; false for ablations. */
  readonly channelSelect?: boolean;
  /** r of the channel selections. Default 2. */
  readonly csReduction?: number;
  /** L of the channel selections. Default 32. */
  readonly csMinDim?: number;
}

/** Defaults of the optional fields. */
export const skipGeneratorDefaults = {
  bands: 2,
  channels: 3,
  channelSelect: true,
  csReduction: 2,
  csMinDim: 32,
} as const;

/**
 * io-ts codec of a {@link SkipGeneratorConfig}: fills the defaults, refuses unknown keys.
 *
 * @example
 * ```ts
 * import { decodeWith, SkipGeneratorConfigCodec } from 'ocr-gan';
 * decodeWith(SkipGeneratorConfigCodec, { isize: 32, ngf: 4 }, 'generator'); // Right({ …, bands: 2, channels: 3 })
 * ```
 */
export const SkipGeneratorConfigCodec = withDefaults(
  t.type(
    {
      isize: PowerOfTwo(16, 512),
      ngf: PositiveInt,
      bands: PositiveInt,
      channels: PositiveInt,
      channelSelect: t.boolean,
      csReduction: PositiveInt,
      csMinDim: PositiveInt,
    },
    'SkipGeneratorConfig',
  ),
  skipGeneratorDefaults,
);

/**
 * Decodes an untrusted generator config, defaults filled.
 *
 * @example
 * ```ts
 * import { decodeSkipGeneratorConfig } from 'ocr-gan';
 * decodeSkipGeneratorConfig({ isize: 48, ngf: 4 }); // Left(ConfigError: … isize: expected PowerOfTwo(16..512) …)
 * ```
 */
export function decodeSkipGeneratorConfig(input: unknown): Either<ConfigError, Required<SkipGeneratorConfig>> {
  return decodeWith(SkipGeneratorConfigCodec, input, 'SkipGeneratorConfig');
}

/**
 * Validates a config and fills its defaults; throws a `ConfigError` naming the function and
 * every bad field.
 *
 * @example
 * ```ts
 * import { resolveSkipGeneratorConfig } from 'ocr-gan';
 * resolveSkipGeneratorConfig({ isize: 256, ngf: 64 }).bands; // 2
 * ```
 */
export function resolveSkipGeneratorConfig(config: unknown, fn = 'skipGenerator'): Required<SkipGeneratorConfig> {
  return decodeOrThrow(SkipGeneratorConfigCodec, config, `${fn}: SkipGeneratorConfig`);
}

/**
 * Channels of U-Net level L (1-based): ngf·min(2^(L−1), 8).
 *
 * @example
 * ```ts
 * import { levelChannels } from 'ocr-gan';
 * [1, 2, 3, 4, 5].map((l) => levelChannels(4, l)); // [4, 8, 16, 32, 32]
 * ```
 */
export function levelChannels(ngf: number, level: number): number {
  return ngf * Math.min(2 ** (level - 1), 8);
}
