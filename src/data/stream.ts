import { bits, type Key } from '../random/key.js';

/**
 * A sequential view of a key's counter-based stream, for generators that draw many numbers
 * one after another. Two streams from the same key give the same numbers.
 *
 * @example
 * ```ts
 * import { prngKey, Stream } from 'ocr-gan';
 * const s = new Stream(prngKey(7));
 * const u = s.uniform(); // in [0, 1)
 * ```
 */
export class Stream {
  private i = 0;
  constructor(private readonly key: Key) {}

  /** A float in [0, 1) with 24 random bits. */
  uniform(): number {
    return (bits(this.key, this.i++) >>> 8) / 16777216;
  }

  /** A float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo));
  }

  /** +1 or −1 with equal odds. */
  sign(): number {
    return this.uniform() < 0.5 ? -1 : 1;
  }

  /**
   * Zero-mean noise with unit variance, triangular rather than Gaussian: one draw gives
   * two 16-bit uniforms, which is cheap enough to call per pixel.
   */
  noise(): number {
    const w = bits(this.key, this.i++);
    return ((w >>> 16) / 65536 + (w & 0xffff) / 65536 - 1) * Math.sqrt(6);
  }

  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)] as T;
  }
}
