import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auroc } from './auroc.js';
import { averagePrecision } from './average_precision.js';
import { f1Max } from './f1_max.js';
import { pixelAuroc } from './pixel_auroc.js';

// Small integer scores force ties; both classes are guaranteed by construction.
const scored = fc
  .array(fc.record({ s: fc.integer({ min: -20, max: 20 }), l: fc.integer({ min: 0, max: 1 }) }), { minLength: 2, maxLength: 60 })
  .map((xs) => [{ s: 0, l: 0 }, { s: 0, l: 1 }, ...xs])
  .map((xs) => ({ scores: xs.map((x) => x.s), labels: xs.map((x) => x.l) }));

/** Mann–Whitney by brute force over all pairs: an oracle independent of the sort. */
function pairwiseAuroc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i]! > scores[j]!) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** F1 at every distinct threshold by direct counting. */
function bruteF1(scores: number[], labels: number[]): { f1: number; threshold: number } {
  let best = { f1: -1, threshold: NaN };
  for (const t of [...new Set(scores)].sort((a, b) => a - b)) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => {
      if (s >= t && labels[i] === 1) tp++;
      else if (s >= t) fp++;
      else if (labels[i] === 1) fn++;
    });
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1 + 1e-12) best = { f1, threshold: t };
  }
  return best;
}

describe('metric properties', () => {
  it('auroc equals the pairwise Mann–Whitney statistic with ties ½', () => {
    fc.assert(fc.property(scored, ({ scores, labels }) => {
      expect(auroc(scores, labels)).toBeCloseTo(pairwiseAuroc(scores, labels), 12);
    }));
  });

  it('auroc of inverted scores is 1 − auroc', () => {
    fc.assert(fc.property(scored, ({ scores, labels }) => {
      const inv = scores.map((s) => -s);
      expect(auroc(inv, labels)).toBeCloseTo(1 - auroc(scores, labels), 12);
    }));
  });

  it('auroc, AP and F1-max are invariant under strictly increasing transforms', () => {
    const transforms = [(s: number) => 3 * s + 7, (s: number) => Math.exp(s / 10), (s: number) => s ** 3];
    fc.assert(fc.property(scored, fc.constantFrom(...transforms), ({ scores, labels }, g) => {
      const t = scores.map(g);
      expect(auroc(t, labels)).toBeCloseTo(auroc(scores, labels), 12);
      expect(averagePrecision(t, labels)).toBeCloseTo(averagePrecision(scores, labels), 12);
      expect(f1Max(t, labels).f1).toBeCloseTo(f1Max(scores, labels).f1, 12);
    }));
  });

  it('f1Max finds the best F1 and the smallest threshold reaching it', () => {
    fc.assert(fc.property(scored, ({ scores, labels }) => {
      const got = f1Max(scores, labels);
      const want = bruteF1(scores, labels);
      expect(got.f1).toBeCloseTo(want.f1, 12);
      expect(got.threshold).toBe(want.threshold);
      expect(got.tp + got.fn).toBe(labels.filter((l) => l === 1).length);
    }));
  });

  it('AP lies in (0, 1] and equals 1 exactly when the anomalies rank strictly first', () => {
    fc.assert(fc.property(scored, ({ scores, labels }) => {
      const ap = averagePrecision(scores, labels);
      expect(ap).toBeGreaterThan(0);
      expect(ap).toBeLessThanOrEqual(1 + 1e-15);
      const minPos = Math.min(...scores.filter((_, i) => labels[i] === 1));
      const maxNeg = Math.max(...scores.filter((_, i) => labels[i] === 0));
      expect(ap === 1).toBe(minPos > maxNeg);
    }));
  });

  it('pixelAuroc over split per-image maps equals auroc over the flattened pixels', () => {
    fc.assert(fc.property(scored, fc.integer({ min: 1, max: 4 }), ({ scores, labels }, parts) => {
      const maps: Float32Array[] = [];
      const masks: Uint8Array[] = [];
      const step = Math.ceil(scores.length / parts);
      for (let i = 0; i < scores.length; i += step) {
        maps.push(Float32Array.from(scores.slice(i, i + step)));
        masks.push(Uint8Array.from(labels.slice(i, i + step).map((l) => l * 255)));
      }
      expect(pixelAuroc(maps, masks)).toBeCloseTo(auroc(scores, labels), 12);
    }));
  });
});

describe('pixelAuroc at scale', () => {
  it('scores four million pixels quickly and matches a known separation', () => {
    const n = 4_000_000;
    const map = new Float32Array(n);
    const mask = new Uint8Array(n);
    // Scores of anomalous pixels are shifted up by 0.5 on a uniform grid, so the exact AUROC
    // is known in closed form: P(U + 0.5 > V) for U, V uniform on [0, 1) is 7/8.
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const u = x / 2 ** 32;
      mask[i] = i % 10 === 0 ? 1 : 0;
      map[i] = mask[i] ? u + 0.5 : u;
    }
    const t0 = performance.now();
    const a = pixelAuroc(map, mask);
    const ms = performance.now() - t0;
    expect(a).toBeGreaterThan(0.87);
    expect(a).toBeLessThan(0.88);
    expect(ms).toBeLessThan(5000);
  });
});
