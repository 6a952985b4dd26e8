/**
 * The few io-ts building blocks the block configs share: positive integers, powers of two
 * in a range, and a decoder that fills defaults and reports the first bad field by name.
 */
import { isLeft } from 'fp-ts/Either';
import * as t from 'io-ts';

/** Brand of {@link PositiveInt}. */
export interface PositiveIntBrand {
  readonly PositiveInt: unique symbol;
}
/**
 * An integer ≥ 1.
 *
 * @example
 * ```ts
 * import { PositiveInt } from 'ocr-gan';
 * PositiveInt.is(64); // true
 * ```
 */
export const PositiveInt = t.brand(
  t.number,
  (n): n is t.Branded<number, PositiveIntBrand> => Number.isInteger(n) && n >= 1,
  'PositiveInt',
);

/**
 * A power of two in [min, max].
 *
 * @example
 * ```ts
 * import { PowerOfTwo } from 'ocr-gan';
 * PowerOfTwo(16, 512).is(48); // false
 * ```
 */
export function PowerOfTwo(min: number, max: number): t.Type<number, number, unknown> {
  return new t.Type<number, number, unknown>(
    `PowerOfTwo(${min}…${max})`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max && (u & (u - 1)) === 0,
    (u, c) =>
      typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max && (u & (u - 1)) === 0
        ? t.success(u)
        : t.failure(u, c),
    (a) => a,
  );
}

/**
 * Decodes `input` merged over `defaults`; throws a `TypeError` naming the function, the
 * field, what it must be and what it was.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * decodeOrThrow('myBlock', t.type({ n: PositiveInt }), { n: 2 }, {}); // { n: 2 }
 * ```
 */
export function decodeOrThrow<A>(fn: string, codec: t.Decoder<unknown, A>, defaults: object, input: unknown): A {
  const merged = typeof input === 'object' && input !== null ? { ...defaults, ...input } : input;
  const r = codec.decode(merged);
  if (isLeft(r)) {
    const e = r.left[0];
    const path = e?.context
      .map((c) => c.key)
      .filter((k) => k !== '' && !/^\d+$/.test(k))
      .join('.');
    const want = e?.context[e.context.length - 1]?.type.name ?? 'valid';
    throw new TypeError(`${fn}: config${path ? `.${path}` : ''} must be ${want}, got ${JSON.stringify(e?.value)}`);
  }
  return r.right;
}
