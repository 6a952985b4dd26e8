import * as t from 'io-ts';
import { decodeOrThrow, PositiveInt } from './codecs.js';

/**
 * io-ts codec of a {@link ChannelSelectConfig} (after defaults are filled).
 *
 * @example
 * ```ts
 * import { ChannelSelectConfigCodec } from 'ocr-gan';
 * ChannelSelectConfigCodec.is({ channels: 64, branches: 2, reduction: 2, minDim: 32 }); // true
 * ```
 */
export const ChannelSelectConfigCodec = t.type(
  { channels: PositiveInt, branches: PositiveInt, reduction: PositiveInt, minDim: PositiveInt },
  'ChannelSelectConfig',
);

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
 * Validates a config and fills its defaults; throws a `TypeError` naming the bad field.
 *
 * @example
 * ```ts
 * import { resolveChannelSelectConfig } from 'ocr-gan';
 * resolveChannelSelectConfig({ channels: 64, branches: 2 }).minDim; // 32
 * ```
 */
export function resolveChannelSelectConfig(config: unknown, fn = 'channelSelect'): Required<ChannelSelectConfig> {
  return decodeOrThrow(fn, ChannelSelectConfigCodec, channelSelectDefaults, config);
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
