import type * as t from 'io-ts';
import { refineNumber } from './refine.js';

/**
 * A finite number (io-ts's `t.number` lets NaN and Infinity through).
 *
 * @example
 * ```ts
 * import { FiniteNumber } from 'ocr-gan';
 * FiniteNumber.is(Infinity); // false
 * ```
 */
export const FiniteNumber: t.Type<number, number, unknown> = refineNumber('FiniteNumber', () => true, () => 'a finite number');

/**
 * A finite number > 0, e.g. a learning rate.
 *
 * @example
 * ```ts
 * import { PositiveNumber } from 'ocr-gan';
 * PositiveNumber.is(2e-4); // true
 * ```
 */
export const PositiveNumber: t.Type<number, number, unknown> = refineNumber('PositiveNumber', (n) => n > 0, () => 'a number greater than 0');

/**
 * An integer ≥ 1, e.g. an epoch count.
 *
 * @example
 * ```ts
 * import { PositiveInt } from 'ocr-gan';
 * PositiveInt.is(0); // false
 * ```
 */
export const PositiveInt: t.Type<number, number, unknown> = refineNumber(
  'PositiveInt',
  (n) => Number.isInteger(n) && n >= 1,
  (u) => `an integer ≥ 1${nearestInt(u, 1)}`,
);

/**
 * An integer ≥ `min`, e.g. `IntAtLeast(2)` for the number of frequency bands.
 *
 * @example
 * ```ts
 * import { IntAtLeast } from 'ocr-gan';
 * IntAtLeast(2).is(1); // false
 * ```
 */
export function IntAtLeast(min: number): t.Type<number, number, unknown> {
  if (!Number.isInteger(min)) throw new TypeError(`IntAtLeast: argument 'min' must be an integer, got ${min}`);
  return refineNumber(`IntAtLeast(${min})`, (n) => Number.isInteger(n) && n >= min, (u) => `an integer ≥ ${min}${nearestInt(u, min)}`);
}

/**
 * A power of two in [min, max], e.g. `PowerOfTwo(16, 512)` for an image side. The hint
 * names the nearest allowed value.
 *
 * @example
 * ```ts
 * import { PowerOfTwo } from 'ocr-gan';
 * PowerOfTwo(16, 512).is(64); // true
 * PowerOfTwo(16, 512).is(100); // false: hint 'a power of two from 16 to 512; the nearest is 128'
 * ```
 */
export function PowerOfTwo(min: number, max: number): t.Type<number, number, unknown> {
  const isPow2 = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;
  if (!isPow2(min)) throw new TypeError(`PowerOfTwo: argument 'min' must be a power of two, got ${min}`);
  if (!isPow2(max) || max < min) throw new TypeError(`PowerOfTwo: argument 'max' must be a power of two ≥ min (${min}), got ${max}`);
  return refineNumber(`PowerOfTwo(${min}..${max})`, (n) => isPow2(n) && n >= min && n <= max, (u) => {
    const base = `a power of two from ${min} to ${max}`;
    if (typeof u !== 'number' || !Number.isFinite(u)) return base;
    // Nearest on a log scale, clamped to the allowed range.
    const e = Math.round(Math.log2(Math.max(u, Number.MIN_VALUE)));
    const nearest = Math.min(max, Math.max(min, 2 ** e));
    return `${base}; the nearest is ${nearest}`;
  });
}

/**
 * A number in the closed interval [0, 1], e.g. a loss weight or a fraction.
 *
 * @example
 * ```ts
 * import { UnitInterval } from 'ocr-gan';
 * UnitInterval.is(0.9); // true
 * ```
 */
export const UnitInterval: t.Type<number, number, unknown> = refineNumber('UnitInterval', (n) => n >= 0 && n <= 1, () => 'a number from 0 to 1');

/**
 * A probability in [0, 1], e.g. the chance to apply an augmentation. The same values as
 * `UnitInterval`; the name says what the number means in error messages.
 *
 * @example
 * ```ts
 * import { Probability } from 'ocr-gan';
 * Probability.is(1.5); // false
 * ```
 */
export const Probability: t.Type<number, number, unknown> = refineNumber(
  'Probability',
  (n) => n >= 0 && n <= 1,
  (u) => (typeof u === 'number' && u > 1 && u <= 100 ? `a probability from 0 to 1 (for ${u}%, write ${u / 100})` : 'a probability from 0 to 1'),
);

function nearestInt(u: unknown, min: number): string {
  if (typeof u !== 'number' || !Number.isFinite(u)) return '';
  const r = Math.max(min, Math.round(u));
  return r === u ? '' : `; e.g. ${r}`;
}
