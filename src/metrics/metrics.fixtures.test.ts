import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures.js';
import { auroc } from './auroc.js';
import { averagePrecision } from './average_precision.js';
import { f1Max } from './f1_max.js';
import { minMaxNormalise } from './normalise.js';
import { pixelAuroc } from './pixel_auroc.js';
import { rocCurve } from './roc_curve.js';
import { thresholdFromLabels } from './threshold.js';

interface MetricsCase {
  name: string;
  scores: number[];
  labels: number[];
  auroc: number;
  ap: number;
  f1_max: number;
  f1_max_threshold: number;
  f1_max_tp_fp_fn: [number, number, number];
  f1_max_thresholds_all: number[];
}

const bytes = await readFixture('metrics.json');
const cases: MetricsCase[] = bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as { cases: MetricsCase[] }).cases : [];

describe('metrics against sklearn (fixtures/metrics.json)', () => {
  it('has the fixture file', (ctx) => {
    if (!bytes) ctx.skip('fixtures/metrics.json is absent (no /work/shared): golden metric values not checked');
    expect(cases.length).toBeGreaterThanOrEqual(7);
  });

  for (const name of ['ties_basic', 'all_equal', 'perfect', 'inverted', 'tie_across_classes_only', 'f1_max_at_two_thresholds', 'random_ties_200']) {
    it(name, (ctx) => {
      if (!bytes) ctx.skip('fixtures/metrics.json is absent (no /work/shared)');
      const c = cases.find((x) => x.name === name);
      expect(c, `case ${name} in metrics.json`).toBeDefined();
      if (!c) return;
      expect(Math.abs(auroc(c.scores, c.labels) - c.auroc)).toBeLessThan(1e-9);
      expect(Math.abs(averagePrecision(c.scores, c.labels) - c.ap)).toBeLessThan(1e-9);
      const f = f1Max(c.scores, c.labels);
      expect(Math.abs(f.f1 - c.f1_max)).toBeLessThan(1e-9);
      expect(Math.abs(f.threshold - c.f1_max_threshold)).toBeLessThan(1e-9);
      expect([f.tp, f.fp, f.fn]).toEqual(c.f1_max_tp_fp_fn);
      expect(c.f1_max_thresholds_all).toContain(f.threshold);
      expect(f.threshold).toBe(Math.min(...c.f1_max_thresholds_all));
      expect(thresholdFromLabels(c.scores, c.labels)).toBe(f.threshold);

      // The per-pixel path sorts differently; it must agree on the same numbers where
      // float32 keeps them distinct (the fixture scores are short decimals).
      const asF32 = Float32Array.from(c.scores);
      expect(Math.abs(pixelAuroc(asF32, Uint8Array.from(c.labels)) - c.auroc)).toBeLessThan(1e-9);

      // Min–max normalisation is monotone (constant scores become zeros): no metric moves.
      const norm = minMaxNormalise(c.scores);
      expect(Math.abs(auroc(norm, c.labels) - c.auroc)).toBeLessThan(1e-9);
      expect(Math.abs(averagePrecision(norm, c.labels) - c.ap)).toBeLessThan(1e-9);
      expect(Math.abs(f1Max(norm, c.labels).f1 - c.f1_max)).toBeLessThan(1e-9);

      const roc = rocCurve(c.scores, c.labels);
      let area = 0;
      for (let k = 1; k < roc.fpr.length; k++) {
        area += (roc.fpr[k]! - roc.fpr[k - 1]!) * (roc.tpr[k]! + roc.tpr[k - 1]!) / 2;
      }
      expect(Math.abs(area - c.auroc)).toBeLessThan(1e-9);
    });
  }
});
