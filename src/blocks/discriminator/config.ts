import * as t from 'io-ts';
import { decodeOrThrow, PositiveInt, PowerOfTwo } from '../channel_select/codecs.js';

/**
 * io-ts codec of a discriminator config (after defaults are filled).
 *
 * @example
 * ```ts
 * import { DiscriminatorConfigCodec } from 'ocr-gan';
 * DiscriminatorConfigCodec.is({ isize: 32, ndf: 8, nz: 100, channels: 3 }); // true
 * ```
 */
export const DiscriminatorConfigCodec = t.type(
  { isize: PowerOfTwo(8, 1024), ndf: PositiveInt, nz: PositiveInt, channels: PositiveInt },
  'DiscriminatorConfig',
);

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
 * Validates a config and fills its defaults; throws a `TypeError` naming the bad field.
 *
 * @example
 * ```ts
 * import { resolveDiscriminatorConfig } from 'ocr-gan';
 * resolveDiscriminatorConfig({ isize: 256, ndf: 64 }).nz; // 100
 * ```
 */
export function resolveDiscriminatorConfig(config: unknown, fn = 'discriminator'): Required<DiscriminatorConfig> {
  return decodeOrThrow(fn, DiscriminatorConfigCodec, discriminatorDefaults, config);
}
