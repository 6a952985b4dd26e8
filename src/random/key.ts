/**
 * Explicit, splittable random keys. A key is two 32-bit words; every random number in
 * ocr-gan is a pure function of a key and a counter, so one seed reproduces a whole run,
 * and splitting a key gives independent streams without any global state.
 */

/** A random key: plain data, so it can be stored in a checkpoint and restored exactly. */
export type Key = readonly [number, number];

// A 32-bit avalanche mix (xor-shift-multiply); good enough statistics for init, shuffling
// and augmentation, and cheap in plain JS.
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const STREAM = 0x9e3779b9;
const SPLIT = 0x85ebca6b;

/**
 * Makes a key from an integer seed.
 *
 * @example
 * ```ts
 * import { prngKey } from 'ocr-gan';
 * const key = prngKey(42);
 * ```
 */
export function prngKey(seed: number): Key {
  if (!Number.isInteger(seed)) {
    throw new TypeError(`prngKey: argument 'seed' must be an integer, got ${seed}`);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  return [mix32(lo ^ 0x6a09e667), mix32(hi ^ 0xbb67ae85 ^ mix32(lo))];
}

/** Checks that a value is a key, naming the function and argument otherwise. */
export function assertKey(fn: string, arg: string, key: unknown): asserts key is Key {
  if (
    !Array.isArray(key) ||
    key.length !== 2 ||
    !key.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)
  ) {
    throw new TypeError(`${fn}: argument '${arg}' must be a key ([u32, u32] from prngKey), got ${JSON.stringify(key)}`);
  }
}

/**
 * Splits a key into `n` independent keys. The input key should not be used again.
 *
 * @example
 * ```ts
 * import { prngKey, splitKey } from 'ocr-gan';
 * const [initKey, dataKey] = splitKey(prngKey(0));
 * ```
 */
export function splitKey(key: Key, n = 2): Key[] {
  assertKey('splitKey', 'key', key);
  const out: Key[] = [];
  for (let j = 0; j < n; j++) {
    const a = mix32(key[0] ^ mix32(key[1] ^ mix32(2 * j + SPLIT)));
    const b = mix32(key[1] ^ mix32(key[0] ^ mix32(2 * j + 1 + SPLIT)));
    out.push([a, b]);
  }
  return out;
}

/**
 * Derives a key from a key and an integer, e.g. an epoch or step number, so that the same
 * key and number always give the same stream.
 */
export function foldIn(key: Key, data: number): Key {
  assertKey('foldIn', 'key', key);
  const d = data >>> 0;
  return [mix32(key[0] ^ mix32(d ^ SPLIT)), mix32(key[1] ^ mix32(d + STREAM))];
}

/** The `i`-th 32-bit word of a key's stream. */
export function bits(key: Key, i: number): number {
  return mix32(key[0] ^ mix32(key[1] ^ mix32((i >>> 0) + STREAM)) ^ Math.floor(i / 2 ** 32));
}
