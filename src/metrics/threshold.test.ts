import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thresholdFromNormalScores } from './threshold.js';

const flagged = (scores: number[], t: number) => scores.filter((s) => s >= t).length;
const normalScores = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 });

describe('thresholdFromNormalScores', () => {
  it("'max' flags no validation image, and only just: the maximum is the last unflagged score", () => {
    fc.assert(fc.property(normalScores, (scores) => {
      const t = thresholdFromNormalScores(scores, { policy: 'max' });
      expect(flagged(scores, t)).toBe(0);
      expect(t).toBeGreaterThan(Math.max(...scores));
      expect(t - Math.max(...scores)).toBeLessThanOrEqual(Math.abs(Math.max(...scores)) * 1e-15 + Number.MIN_VALUE);
    }));
  });

  it('quantile q flags at most 1 − q, and never everything', () => {
    fc.assert(fc.property(normalScores, fc.double({ min: 1e-6, max: 1, noNaN: true }), (scores, q) => {
      const t = thresholdFromNormalScores(scores, { policy: 'quantile', quantile: q });
      const k = flagged(scores, t);
      expect(k).toBeLessThan(scores.length);
      expect(k / scores.length).toBeLessThanOrEqual(1 - q + 1e-9);
    }));
  });

  it('quantile q flags ≈ 1 − q of distinct scores (within one image)', () => {
    const distinct = fc.uniqueArray(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 });
    fc.assert(fc.property(distinct, fc.double({ min: 0.01, max: 1, noNaN: true }), (scores, q) => {
      const t = thresholdFromNormalScores(scores, { policy: 'quantile', quantile: q });
      expect(Math.abs(flagged(scores, t) / scores.length - (1 - q))).toBeLessThan(1 / scores.length + 1e-9);
    }));
  });

  it('flags nothing when all validation scores are equal', () => {
    const t = thresholdFromNormalScores([0.5, 0.5, 0.5], { policy: 'quantile', quantile: 0.5 });
    expect(flagged([0.5, 0.5, 0.5], t)).toBe(0);
    expect(thresholdFromNormalScores([0, 0], { policy: 'max' })).toBeGreaterThan(0);
    expect(thresholdFromNormalScores([-2, -1], { policy: 'max' })).toBeGreaterThan(-1);
    expect(thresholdFromNormalScores([-2, -1], { policy: 'max' })).toBeLessThan(-0.999999);
  });

  it('refuses a quantile outside (0, 1], NaN scores and an unknown policy', () => {
    expect(() => thresholdFromNormalScores([1], { policy: 'quantile', quantile: 0 })).toThrowError(
      "thresholdFromNormalScores: argument 'policy' quantile must lie in (0, 1], got 0",
    );
    expect(() => thresholdFromNormalScores([1, NaN], { policy: 'max' })).toThrowError(/argument 'scores'/);
    expect(() => thresholdFromNormalScores([1], { policy: 'median' } as never)).toThrowError(/argument 'policy'/);
    expect(() => thresholdFromNormalScores([], { policy: 'max' })).toThrowError(/must not be empty/);
  });
});
