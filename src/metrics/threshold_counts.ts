import type { CheckedBinary } from './errors.js';

/**
 * Cumulative confusion counts at every distinct score, highest first: at `thresholds[k]`,
 * the rule "anomalous iff score ≥ t" gives `tps[k]` true and `fps[k]` false positives.
 * The shared core of the ROC and PR metrics (sklearn's `_binary_clf_curve`); counts are
 * integers, so every metric built on them is exact up to its final division.
 */
export interface ThresholdCounts {
  readonly thresholds: Float64Array;
  readonly tps: Float64Array;
  readonly fps: Float64Array;
  readonly positives: number;
  readonly negatives: number;
}

/**
 * Counts true and false positives at each distinct threshold of already-validated inputs.
 *
 * @example
 * ```ts
 * import { checkBinary, thresholdCounts } from 'ocr-gan';
 * const c = thresholdCounts(checkBinary('f', [0.2, 0.8, 0.8], [0, 1, 0], 'none'));
 * // c.thresholds = [0.8, 0.2], c.tps = [1, 1], c.fps = [1, 2]
 * ```
 */
export function thresholdCounts(input: CheckedBinary): ThresholdCounts {
  const { scores, labels } = input;
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number));

  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    if (labels[i] === 1) tp++;
    else fp++;
    const s = scores[i] as number;
    // A threshold closes only when the next score differs: tied scores enter together.
    const next = k + 1 < n ? (scores[order[k + 1] as number] as number) : undefined;
    if (next === undefined || next !== s) {
      thresholds.push(s);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return {
    thresholds: Float64Array.from(thresholds),
    tps: Float64Array.from(tps),
    fps: Float64Array.from(fps),
    positives: input.positives,
    negatives: input.negatives,
  };
}
