import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { ConfigError } from './config_error.js';
import { formatErrors } from './format_errors.js';

/**
 * Decodes `input` with `codec`, turning io-ts errors into a `ConfigError` whose issues give
 * path, expected type, value got and a hint. `name` says which config it was in messages.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { decodeWith, PositiveInt } from 'ocr-gan';
 * const r = decodeWith(t.type({ epochs: PositiveInt }), { epochs: 0 }, 'TrainConfig');
 * // Left(ConfigError: TrainConfig is invalid:\n  epochs: expected PositiveInt, got 0 (an integer ≥ 1; e.g. 1))
 * ```
 */
export function decodeWith<A, I = unknown>(codec: t.Decoder<I, A>, input: I, name: string): E.Either<ConfigError, A> {
  return E.mapLeft((errors: t.Errors) => new ConfigError(name, formatErrors(errors)))(codec.decode(input));
}

/**
 * `decodeWith` for call sites that cannot go on without a valid config: returns the value
 * or throws the `ConfigError`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { decodeOrThrow, PositiveNumber } from 'ocr-gan';
 * const { lr } = decodeOrThrow(t.type({ lr: PositiveNumber }), { lr: 2e-4 }, 'OptimiserConfig');
 * ```
 */
export function decodeOrThrow<A, I = unknown>(codec: t.Decoder<I, A>, input: I, name: string): A {
  const r = decodeWith(codec, input, name);
  if (E.isLeft(r)) throw r.left;
  return r.right;
}
