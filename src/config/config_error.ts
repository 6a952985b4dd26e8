/** One thing wrong in a config: where, what was wanted, what was there, and how to fix it. */
export interface ConfigIssue {
  /** Dotted path from the config's root, e.g. `model.bands` or `layers[2].size`; '' is the root. */
  readonly path: string;
  /** A readable name of the type wanted there. */
  readonly expected: string;
  /** The value found there, as short JSON. */
  readonly got: string;
  /** How to fix it, where one can tell. */
  readonly hint?: string;
}

/**
 * One issue as a line: `model.bands: expected PowerOfTwo(16..512), got 100 (a power of two …)`.
 *
 * @example
 * ```ts
 * import { formatIssue } from 'ocr-gan';
 * formatIssue({ path: 'lr', expected: 'PositiveNumber', got: '-1' }); // 'lr: expected PositiveNumber, got -1'
 * ```
 */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path === '' ? '(root)' : issue.path;
  return `${where}: expected ${issue.expected}, got ${issue.got}${issue.hint ? ` (${issue.hint})` : ''}`;
}

/**
 * A config that failed to decode, with every issue found (not just the first), so one run
 * reports all the fixes a config needs.
 *
 * @example
 * ```ts
 * import { ConfigError } from 'ocr-gan';
 * const e = new ConfigError('TrainConfig', [{ path: 'epochs', expected: 'PositiveInt', got: '0' }]);
 * e.message; // 'TrainConfig is invalid:\n  epochs: expected PositiveInt, got 0'
 * ```
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** Which config this was, e.g. `TrainConfig`. */
    readonly config: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${config} is invalid:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
  }
}
