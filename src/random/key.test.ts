import { describe, expect, it } from 'vitest';
import { foldIn, prngKey, splitKey } from './key.js';
import { normal, permutation, uniform } from './sample.js';

describe('random keys', () => {
  it('are reproducible from a seed and differ between seeds', () => {
    expect(uniform(prngKey(7), 5)).toEqual(uniform(prngKey(7), 5));
    expect(uniform(prngKey(7), 5)).not.toEqual(uniform(prngKey(8), 5));
  });

  it('split into distinct streams', () => {
    const [a, b] = splitKey(prngKey(1)) as [never, never];
    expect(a).not.toEqual(b);
    expect(uniform(a, 8)).not.toEqual(uniform(b, 8));
    expect(foldIn(prngKey(1), 3)).not.toEqual(foldIn(prngKey(1), 4));
  });

  it('give uniform and normal samples with the right moments', () => {
    const n = 200_000;
    const u = uniform(prngKey(3), n);
    const z = normal(prngKey(4), n, 1, 0.02);
    const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const sd = (x: Float32Array) => {
      const m = mean(x);
      return Math.sqrt(mean(x.map((v) => (v - m) ** 2)));
    };
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(0.005);
    expect(u.reduce((m, v) => Math.min(m, v), 1)).toBeGreaterThanOrEqual(0);
    expect(u.reduce((m, v) => Math.max(m, v), 0)).toBeLessThan(1);
    expect(Math.abs(mean(z) - 1)).toBeLessThan(0.0005);
    expect(Math.abs(sd(z) - 0.02)).toBeLessThan(0.0005);
  });

  it('permutes every index exactly once', () => {
    const p = Array.from(permutation(prngKey(5), 1000));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('refuses a non-integer seed and a malformed key by name', () => {
    expect(() => prngKey(0.5)).toThrowError(/prngKey: argument 'seed'/);
    expect(() => splitKey([1] as never)).toThrowError(/splitKey: argument 'key'/);
  });
});
