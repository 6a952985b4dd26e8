import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeOrThrow, decodeWith, PositiveInt, withDefaults, type ConfigError } from '../../config/index.js';


/** Channel-selection hyper-parameters. */
export interface ChannelSelectConfig<C extends number = number> {
  /** Channels C of every branch. */
  readonly channels: C;
  /** Number of branches N (frequency bands). */
  readonly branches: number;
  /** r in d = max(floor(C/r), L). Default 2. */
  readonly reduction?: number;
  /** L in d = max(floor(C/r), L). Default 32. */
  readonly minDim?: number;
}

/** Defaults of the optional fields (the official values). */
export const channelSelectDefaults = { reduction: 2, minDim: 32 } as const;

/**
 * io-ts codec of a {@link ChannelSelectConfig}: fills the defaults, refuses unknown keys.
 *
 * @example
 * ```ts
 * import { ChannelSelectConfigCodec, decodeWith } from 'ocr-gan';
 * decodeWith(ChannelSelectConfigCodec, { channels: 64, branches: 2 }, 'cs'); // Right({ …, reduction: 2, minDim: 32 })
 * ```
 */
export const ChannelSelectConfigCodec = withDefaults(
  t.type(
    { channels: PositiveInt, branches: PositiveInt, reduction: PositiveInt, minDim: PositiveInt },
    'ChannelSelectConfig',
  ),
  channelSelectDefaults,
);

/**
 * Decodes an untrusted channel-selection config, defaults filled.
 *
 * @example
 * ```ts
 * import { decodeChannelSelectConfig } from 'ocr-gan';
 * decodeChannelSelectConfig({ channels: 0, branches: 2 }); // Left(ConfigError: … channels: expected PositiveInt, got 0 …)
 * ```
 */
export function decodeChannelSelectConfig(input: unknown): Either<ConfigError, Required<ChannelSelectConfig>> {
  return decodeWith(ChannelSelectConfigCodec, input, 'ChannelSelectConfig');
}

/**
 * Validates a config and fills its defaults; throws a `ConfigError` naming the function and
 * every bad field.
 *
 * @example
 * ```ts
 * import { resolveChannelSelectConfig } from 'ocr-gan';
 * resolveChannelSelectConfig({ channels: 64, branches: 2 }).minDim; // 32
 * ```
 */
export function resolveChannelSelectConfig(config: unknown, fn = 'channelSelect'): Required<ChannelSelectConfig> {
  return decodeOrThrow(ChannelSelectConfigCodec, config, `${fn}: ChannelSelectConfig`);
}

/**
 * The squeeze width d = max(floor(C/r), L).
 *
 * @example
 * ```ts
 * import { resolveChannelSelectConfig, squeezeDim } from 'ocr-gan';
 * squeezeDim(resolveChannelSelectConfig({ channels: 512, branches: 2 })); // 256
 * ```
 */
export function squeezeDim(config: Required<ChannelSelectConfig>): number {
  return Math.max(Math.floor(config.channels / config.reduction), config.minDim);
}
