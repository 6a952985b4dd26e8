import { checkBinary } from './errors.js';
import { thresholdCounts } from './threshold_counts.js';

/** The best F1 over thresholds, the threshold that reaches it, and its confusion counts. */
export interface F1Max {
  readonly f1: number;
  readonly threshold: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/**
 * The maximum F1 over the distinct thresholds t with the rule "anomalous iff score ≥ t",
 * and the smallest t that reaches it (np.argmax over sklearn's `precision_recall_curve`).
 * Needs at least one anomaly.
 *
 * @example
 * ```ts
 * import { f1Max } from 'ocr-gan';
 * f1Max([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]); // { f1: 0.8, threshold: 0.3, tp: 2, fp: 1, fn: 0 }
 * ```
 */
export function f1Max(scores: ArrayLike<number>, labels: ArrayLike<number>): F1Max {
  const c = thresholdCounts(checkBinary('f1Max', scores, labels, 'positive'));
  let best = -1;
  for (let k = 0; k < c.thresholds.length; k++) {
    if (best < 0) {
      best = k;
      continue;
    }
    // F1 = 2tp / (2tp + fp + fn); compared by cross-multiplying integers, so two thresholds
    // with the same rational F1 tie exactly and the later (smaller) one wins.
    const num = 2 * (c.tps[k] as number);
    const den = num + (c.fps[k] as number) + (c.positives - (c.tps[k] as number));
    const bNum = 2 * (c.tps[best] as number);
    const bDen = bNum + (c.fps[best] as number) + (c.positives - (c.tps[best] as number));
    if (num * bDen >= bNum * den) best = k;
  }
  const tp = c.tps[best] as number;
  const fp = c.fps[best] as number;
  const fn = c.positives - tp;
  return { f1: (2 * tp) / (2 * tp + fp + fn), threshold: c.thresholds[best] as number, tp, fp, fn };
}
