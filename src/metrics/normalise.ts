import { checkScores, MetricInputError } from './errors.js';

/** The range a min–max normalisation maps onto [0, 1]. */
export interface ScoreRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The range of `scores`, to fit a normalisation on normal validation images and apply it
 * to test images (never fitted on the test set itself).
 *
 * @example
 * ```ts
 * import { fitScoreRange } from 'ocr-gan';
 * fitScoreRange([3, 1, 2]); // { min: 1, max: 3 }
 * ```
 */
export function fitScoreRange(scores: ArrayLike<number>): ScoreRange {
  checkScores('fitScoreRange', 'scores', scores);
  if (scores.length === 0) throw new MetricInputError('fitScoreRange', 'scores', 'must not be empty');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new MetricInputError('fitScoreRange', 'scores', 'must be finite to define a range');
  }
  return { min, max };
}

/**
 * Min–max normalisation: (s − min) / (max − min), with the range of `scores` unless one is
 * given (e.g. fitted on validation scores, so test scores may fall outside [0, 1]).
 *
 * When the range is empty (max = min) the quotient is 0/0; it is defined as s − min, which
 * makes constant scores all zeros and keeps the order of any other scores, so no rank
 * metric changes.
 *
 * @example
 * ```ts
 * import { minMaxNormalise } from 'ocr-gan';
 * minMaxNormalise([2, 4, 3]); // [0, 1, 0.5]
 * minMaxNormalise([5, 5, 5]); // [0, 0, 0]
 * ```
 */
export function minMaxNormalise(scores: ArrayLike<number>, range?: ScoreRange): number[] {
  checkScores('minMaxNormalise', 'scores', scores);
  const { min, max } = range ?? fitScoreRange(scores);
  if (!(Number.isFinite(min) && Number.isFinite(max) && max >= min)) {
    throw new MetricInputError('minMaxNormalise', 'range', `must have finite min ≤ max, got ${JSON.stringify(range)}`);
  }
  const span = max - min;
  const out = new Array<number>(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const d = (scores[i] as number) - min;
    out[i] = span > 0 ? d / span : d;
  }
  return out;
}
