import { checkBinary } from './errors.js';
import { thresholdCounts } from './threshold_counts.js';

/** A ROC curve: `fpr[k]`, `tpr[k]` are the rates of "anomalous iff score ≥ thresholds[k]". */
export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  readonly thresholds: number[];
}

/**
 * The ROC curve through every distinct threshold, highest first, starting at (0, 0) with
 * threshold `Infinity` (nothing flagged) and ending at (1, 1). No point is dropped, so the
 * trapezoidal area under it is exactly `auroc`.
 *
 * @example
 * ```ts
 * import { rocCurve } from 'ocr-gan';
 * const { fpr, tpr, thresholds } = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
 * // thresholds = [Infinity, 0.8, 0.4, 0.35, 0.1], tpr = [0, 0.5, 0.5, 1, 1], fpr = [0, 0, 0.5, 0.5, 1]
 * ```
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  const c = thresholdCounts(checkBinary('rocCurve', scores, labels, 'both'));
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  for (let k = 0; k < c.thresholds.length; k++) {
    fpr.push((c.fps[k] as number) / c.negatives);
    tpr.push((c.tps[k] as number) / c.positives);
    thresholds.push(c.thresholds[k] as number);
  }
  return { fpr, tpr, thresholds };
}
