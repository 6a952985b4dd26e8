import { checkScores, MetricInputError } from './errors.js';
import { f1Max } from './f1_max.js';

/**
 * The F1-optimal threshold for "anomalous iff score ≥ t", when labelled anomalies exist
 * (the smallest threshold reaching the best F1, as in `f1Max`).
 *
 * @example
 * ```ts
 * import { thresholdFromLabels } from 'ocr-gan';
 * thresholdFromLabels([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]); // 0.3
 * ```
 */
export function thresholdFromLabels(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return f1Max(scores, labels).threshold;
}

/** How to place a threshold from normal images only. */
export type NormalThresholdPolicy =
  | { readonly policy: 'max' }
  | { readonly policy: 'quantile'; readonly quantile: number };

/**
 * A threshold for "anomalous iff score ≥ t" from the scores of a validation set holding
 * normal images only, so no F1 can be computed.
 *
 * - `'max'`: the smallest number above every validation score, so no validation image is
 *   flagged.
 * - `'quantile'` with q ∈ (0, 1]: just above the ⌈q·n⌉-th smallest score, so at most a
 *   fraction 1 − q of the validation set is flagged (≈ 1 − q without ties; fewer with ties
 *   at the cut). q = 1 is `'max'`.
 *
 * Either way the threshold lies above the smallest validation score, so it never flags the
 * whole validation set: an all-normal validation set cannot yield the degenerate threshold
 * that calls everything anomalous.
 *
 * @example
 * ```ts
 * import { thresholdFromNormalScores } from 'ocr-gan';
 * const t = thresholdFromNormalScores([0.1, 0.2, 0.3, 0.4], { policy: 'quantile', quantile: 0.75 });
 * // t is just above 0.3: only 0.4 (a quarter of the set) is flagged
 * ```
 */
export function thresholdFromNormalScores(scores: ArrayLike<number>, policy: NormalThresholdPolicy): number {
  const fn = 'thresholdFromNormalScores';
  checkScores(fn, 'scores', scores);
  if (scores.length === 0) throw new MetricInputError(fn, 'scores', 'must not be empty');
  let q: number;
  if (policy?.policy === 'max') q = 1;
  else if (policy?.policy === 'quantile') {
    q = policy.quantile;
    if (typeof q !== 'number' || !(q > 0 && q <= 1)) {
      throw new MetricInputError(fn, 'policy', `quantile must lie in (0, 1], got ${String(q)}`);
    }
  } else {
    throw new MetricInputError(fn, 'policy', `must be { policy: 'max' } or { policy: 'quantile', quantile }, got ${JSON.stringify(policy)}`);
  }
  const sorted = Float64Array.from(scores).sort();
  // The slack keeps q·n = 7.000000000000001 (from q = 0.7, n = 10) from rounding up to 8.
  const kept = Math.max(1, Math.ceil(q * sorted.length - 1e-9));
  const cut = sorted[kept - 1] as number;
  if (!Number.isFinite(cut)) throw new MetricInputError(fn, 'scores', `must be finite at the cut, got ${cut}`);
  return nextUp(cut);
}

/** The smallest double greater than `x`: scores equal to the cut stay unflagged under "≥". */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bitsView = new BigInt64Array(buf.buffer);
  bitsView[0] = (bitsView[0] as bigint) + (x > 0 ? 1n : -1n);
  return buf[0] as number;
}
