import * as t from 'io-ts';

/**
 * A number codec with a readable name and a hint for its failures. Its decoded type stays
 * `number` (no brand), so a config literal like `{ size: 64 }` type-checks as it is written.
 * NaN and ±Infinity are refused by every codec made here.
 *
 * @example
 * ```ts
 * import { refineNumber } from 'ocr-gan';
 * const Even = refineNumber('Even', (n) => n % 2 === 0, () => 'an even number');
 * Even.decode(3); // Left, with the hint 'an even number'
 * ```
 */
export function refineNumber(
  name: string,
  predicate: (n: number) => boolean,
  hint: (value: unknown) => string,
): t.Type<number, number, unknown> {
  const is = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u) && predicate(u);
  return new t.Type<number, number, unknown>(
    name,
    is,
    (u, c) => {
      if (is(u)) return t.success(u);
      const quoted = typeof u === 'string' && u.trim() !== '' && Number.isFinite(Number(u));
      return t.failure(u, c, quoted ? `${hint(Number(u))}, written as a number without quotes` : hint(u));
    },
    t.identity,
  );
}
