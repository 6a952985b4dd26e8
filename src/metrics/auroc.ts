import { checkBinary } from './errors.js';
import { thresholdCounts } from './threshold_counts.js';

/**
 * Area under the ROC curve with the anomaly (label 1) as the positive class: the trapezoidal
 * area, which equals the Mann–Whitney probability that an anomaly outscores a normal image,
 * ties counting ½ (sklearn's `roc_auc_score`).
 *
 * Throws a `MetricInputError` naming the argument when lengths differ, a label is not 0/1,
 * a score is NaN, or one class is missing.
 *
 * @example
 * ```ts
 * import { auroc } from 'ocr-gan';
 * auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 * ```
 */
export function auroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const c = thresholdCounts(checkBinary('auroc', scores, labels, 'both'));
  // Twice the area, accumulated in integers so the only rounding is the final division.
  let twiceArea = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    const tp = c.tps[k] as number;
    const fp = c.fps[k] as number;
    twiceArea += (fp - prevFp) * (tp + prevTp);
    prevTp = tp;
    prevFp = fp;
  }
  return twiceArea / (2 * c.positives * c.negatives);
}
