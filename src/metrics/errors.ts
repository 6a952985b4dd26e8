/**
 * Thrown when a metric receives inputs it cannot score: lengths that differ, labels other
 * than 0/1, NaN scores, or a class missing where the metric needs both.
 *
 * @example
 * ```ts
 * import { auroc, MetricInputError } from 'ocr-gan';
 * try { auroc([0.1, 0.2], [0, 0]); } catch (e) { if (e instanceof MetricInputError) console.log(e.arg); } // 'labels'
 * ```
 */
export class MetricInputError extends Error {
  override readonly name = 'MetricInputError';
  constructor(
    readonly fn: string,
    readonly arg: string,
    detail: string,
  ) {
    super(`${fn}: argument '${arg}' ${detail}`);
  }
}

/** Scores and 0/1 labels that passed validation, with the class counts already taken. */
export interface CheckedBinary {
  readonly scores: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
  readonly positives: number;
  readonly negatives: number;
}

/** What a metric needs from the labels: both classes (ROC) or at least one anomaly (PR). */
export type ClassRequirement = 'both' | 'positive' | 'none';

/**
 * Validates a score/label pair for the metric `fn`: same non-zero length, scores not NaN,
 * labels exactly 0 or 1, and the classes that `need` asks for.
 *
 * @example
 * ```ts
 * import { checkBinary } from 'ocr-gan';
 * const { positives, negatives } = checkBinary('myMetric', [0.3, 0.9], [0, 1], 'both'); // 1, 1
 * ```
 */
export function checkBinary(
  fn: string,
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  need: ClassRequirement,
): CheckedBinary {
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number') {
    throw new MetricInputError(fn, 'scores', 'must be an array of numbers');
  }
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new MetricInputError(fn, 'labels', 'must be an array of 0/1 labels');
  }
  if (scores.length !== labels.length) {
    throw new MetricInputError(
      fn,
      'labels',
      `must have the same length as 'scores' (${scores.length}), got ${labels.length}`,
    );
  }
  if (scores.length === 0) throw new MetricInputError(fn, 'scores', 'must not be empty');
  checkScores(fn, 'scores', scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === 1) positives++;
    else if (l !== 0) {
      throw new MetricInputError(fn, 'labels', `must contain only 0 (normal) and 1 (anomaly), got ${String(l)} at index ${i}`);
    }
  }
  const negatives = labels.length - positives;
  if (need === 'both' && (positives === 0 || negatives === 0)) {
    throw new MetricInputError(
      fn,
      'labels',
      `must contain both classes (0 = normal, 1 = anomaly), got only ${positives === 0 ? 0 : 1}`,
    );
  }
  if (need === 'positive' && positives === 0) {
    throw new MetricInputError(fn, 'labels', 'must contain at least one anomaly (label 1), got none');
  }
  return { scores, labels, positives, negatives };
}

/**
 * Refuses NaN anywhere in `scores`: NaN has no place in an order, so every rank-based metric
 * would silently depend on where the sort happened to put it.
 */
export function checkScores(fn: string, arg: string, scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (typeof s !== 'number' || Number.isNaN(s)) {
      throw new MetricInputError(fn, arg, `must contain only numbers (no NaN), got ${String(s)} at index ${i}`);
    }
  }
}
