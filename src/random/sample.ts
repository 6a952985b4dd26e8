import * as tf from '@tensorflow/tfjs-core';
import { assertKey, bits, type Key } from './key.js';

/**
 * `n` floats uniform in [lo, hi), a pure function of the key.
 *
 * @example
 * ```ts
 * import { prngKey, uniform } from 'ocr-gan';
 * const u = uniform(prngKey(1), 4); // Float32Array(4) in [0, 1)
 * ```
 */
export function uniform(key: Key, n: number, lo = 0, hi = 1): Float32Array {
  assertKey('uniform', 'key', key);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * ((bits(key, i) >>> 8) / 16777216);
  return out;
}

/** `n` floats from N(mean, std²) by Box–Muller, a pure function of the key. */
export function normal(key: Key, n: number, mean = 0, std = 1): Float32Array {
  assertKey('normal', 'key', key);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    // (u + 0.5)/2^24 lies in (0, 1): the log is finite.
    const u1 = ((bits(key, i) >>> 8) + 0.5) / 16777216;
    const u2 = (bits(key, i + 1) >>> 8) / 16777216;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** An integer uniform in [lo, hi), a pure function of the key and `i`. */
export function randomInt(key: Key, lo: number, hi: number, i = 0): number {
  if (!(hi > lo)) throw new RangeError(`randomInt: argument 'hi' (${hi}) must exceed 'lo' (${lo})`);
  return lo + Math.floor(((bits(key, i) >>> 8) / 16777216) * (hi - lo));
}

/** A random permutation of 0…n−1 (Fisher–Yates), a pure function of the key. */
export function permutation(key: Key, n: number): Int32Array {
  assertKey('permutation', 'key', key);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((bits(key, i) >>> 8) / 16777216) * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

/**
 * A float32 tensor from N(mean, std²). The values are drawn in JS from the key, so every
 * backend gets bit-identical initial weights.
 *
 * @example
 * ```ts
 * import { prngKey, normalTensor } from 'ocr-gan';
 * const w = normalTensor(prngKey(0), [4, 4, 3, 8], 0, 0.02);
 * ```
 */
export function normalTensor(key: Key, shape: readonly number[], mean = 0, std = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(normal(key, n, mean, std), [...shape], 'float32');
}
