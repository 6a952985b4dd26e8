import { checkBinary } from './errors.js';
import { thresholdCounts } from './threshold_counts.js';

/**
 * Average precision with the anomaly (label 1) as the positive class:
 * Σ_k (R_k − R_{k−1})·P_k over the distinct thresholds, highest first — step-wise, not
 * interpolated (sklearn's `average_precision_score`). Needs at least one anomaly.
 *
 * @example
 * ```ts
 * import { averagePrecision } from 'ocr-gan';
 * averagePrecision([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]); // (1/2)·1 + (1/2)·(2/3) = 0.8333…
 * ```
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const c = thresholdCounts(checkBinary('averagePrecision', scores, labels, 'positive'));
  let ap = 0;
  let prevTp = 0;
  for (let k = 0; k < c.thresholds.length; k++) {
    const tp = c.tps[k] as number;
    const fp = c.fps[k] as number;
    if (tp !== prevTp) ap += ((tp - prevTp) / c.positives) * (tp / (tp + fp));
    prevTp = tp;
  }
  return ap;
}
