import { describe, expect, it } from 'vitest';
import { auroc } from './auroc.js';
import { averagePrecision } from './average_precision.js';
import { MetricInputError } from './errors.js';
import { f1Max } from './f1_max.js';
import { minMaxNormalise, fitScoreRange } from './normalise.js';
import { pixelAuroc } from './pixel_auroc.js';
import { rocCurve } from './roc_curve.js';

describe('metric input validation', () => {
  it('refuses lengths that differ, naming labels', () => {
    expect(() => auroc([0.1, 0.2, 0.3], [0, 1])).toThrowError(
      "auroc: argument 'labels' must have the same length as 'scores' (3), got 2",
    );
  });

  it('refuses labels other than 0/1', () => {
    expect(() => averagePrecision([0.1, 0.2], [0, 2])).toThrowError(/averagePrecision: argument 'labels' .*got 2 at index 1/);
    expect(() => f1Max([0.1, 0.2], [0, 0.5])).toThrowError(MetricInputError);
  });

  it('refuses NaN scores, naming scores and the index', () => {
    expect(() => auroc([0.1, NaN], [0, 1])).toThrowError(/auroc: argument 'scores' .*NaN at index 1/);
    expect(() => pixelAuroc(Float32Array.from([0, NaN]), Uint8Array.from([0, 1]))).toThrowError(/pixelAuroc: argument 'maps'/);
  });

  it('needs both classes for ROC metrics and an anomaly for PR metrics', () => {
    expect(() => auroc([0.1, 0.2], [1, 1])).toThrowError("auroc: argument 'labels' must contain both classes (0 = normal, 1 = anomaly), got only 1");
    expect(() => rocCurve([0.1, 0.2], [0, 0])).toThrowError(/rocCurve: argument 'labels' must contain both classes/);
    expect(() => averagePrecision([0.1, 0.2], [0, 0])).toThrowError(/at least one anomaly/);
    expect(() => f1Max([0.1, 0.2], [0, 0])).toThrowError(/f1Max: argument 'labels'/);
    expect(() => pixelAuroc(Float32Array.from([0.1, 0.2]), Uint8Array.from([0, 0]))).toThrowError(/pixelAuroc: argument 'masks' must mark both/);
    // AP and F1 are defined with anomalies only.
    expect(averagePrecision([0.1, 0.2], [1, 1])).toBe(1);
  });

  it('refuses empty input and mismatched map/mask sizes', () => {
    expect(() => auroc([], [])).toThrowError(/auroc: argument 'scores' must not be empty/);
    expect(() => pixelAuroc([Float32Array.from([1, 2])], [Uint8Array.from([1])])).toThrowError(/'masks' must match its map's size/);
    expect(() => pixelAuroc([Float32Array.from([1, 2])], [])).toThrowError(/as many masks/);
  });
});

describe('minMaxNormalise', () => {
  it('maps the range onto [0, 1]', () => {
    expect(minMaxNormalise([2, 4, 3])).toEqual([0, 1, 0.5]);
  });

  it('defines constant scores as all zeros', () => {
    expect(minMaxNormalise([0.5, 0.5, 0.5])).toEqual([0, 0, 0]);
  });

  it('applies a range fitted elsewhere, so test scores may leave [0, 1]', () => {
    const range = fitScoreRange([1, 3]);
    expect(minMaxNormalise([0, 2, 5], range)).toEqual([-0.5, 0.5, 2]);
    expect(() => minMaxNormalise([1], { min: 2, max: 1 })).toThrowError(/minMaxNormalise: argument 'range'/);
  });
});
