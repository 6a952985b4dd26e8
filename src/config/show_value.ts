/**
 * A short, readable rendering of any value for error messages: JSON where JSON is faithful,
 * explicit words where it is not (`undefined`, NaN, functions, cycles), cut to `max`
 * characters so a huge array cannot flood a terminal.
 *
 * @example
 * ```ts
 * import { showValue } from 'ocr-gan';
 * showValue({ bands: 'two' }); // '{"bands":"two"}'
 * showValue(undefined);        // 'nothing'
 * ```
 */
export function showValue(value: unknown, max = 60): string {
  const full = render(value);
  return full.length > max ? `${full.slice(0, max - 1)}…` : full;
}

function render(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  try {
    // JSON would silently turn NaN and Infinity inside objects into null.
    return JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? `${v}n` : v,
    );
  } catch {
    return 'an object that cannot be shown (it refers to itself)';
  }
}
