import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeOrThrow, decodeWith, PositiveInt, PowerOfTwo, withDefaults, type ConfigError } from '../../config/index.js';


/** Hyper-parameters of the DCGAN discriminator. */
export interface DiscriminatorConfig<C extends number = number, Nz extends number = number> {
  /** Image size, a power of two 8…1024. */
  readonly isize: number;
  /** Width of the first conv; each further conv doubles it. */
  readonly ndf: number;
  /** Latent feature count. Default 100. */
  readonly nz?: Nz;
  /** Image channels. Default 3. */
  readonly channels?: C;
}

/** Defaults of the optional fields. */
export const discriminatorDefaults = { nz: 100, channels: 3 } as const;

/**
 * io-ts codec of a {@link DiscriminatorConfig}: fills the defaults, refuses unknown keys.
 *
 * @example
 * ```ts
 * import { decodeWith, DiscriminatorConfigCodec } from 'ocr-gan';
 * decodeWith(DiscriminatorConfigCodec, { isize: 32, ndf: 8 }, 'discriminator'); // Right({ …, nz: 100, channels: 3 })
 * ```
 */
export const DiscriminatorConfigCodec = withDefaults(
  t.type(
    { isize: PowerOfTwo(8, 1024), ndf: PositiveInt, nz: PositiveInt, channels: PositiveInt },
    'DiscriminatorConfig',
  ),
  discriminatorDefaults,
);

/**
 * Decodes an untrusted discriminator config, defaults filled.
 *
 * @example
 * ```ts
 * import { decodeDiscriminatorConfig } from 'ocr-gan';
 * decodeDiscriminatorConfig({ isize: 32, ndf: 0 }); // Left(ConfigError: … ndf: expected PositiveInt, got 0 …)
 * ```
 */
export function decodeDiscriminatorConfig(input: unknown): Either<ConfigError, Required<DiscriminatorConfig>> {
  return decodeWith(DiscriminatorConfigCodec, input, 'DiscriminatorConfig');
}

/**
 * Validates a config and fills its defaults; throws a `ConfigError` naming the function and
 * every bad field.
 *
 * @example
 * ```ts
 * import { resolveDiscriminatorConfig } from 'ocr-gan';
 * resolveDiscriminatorConfig({ isize: 256, ndf: 64 }).nz; // 100
 * ```
 */
export function resolveDiscriminatorConfig(config: unknown, fn = 'discriminator'): Required<DiscriminatorConfig> {
  return decodeOrThrow(DiscriminatorConfigCodec, config, `${fn}: DiscriminatorConfig`);
}
