import { ConfigError } from '../config/config_error.js';
import { CheckpointError } from '../io/checkpoint.js';
import { DatasetError } from '../io/datasets.node.js';
import { ImageReadError } from '../io/images.js';

/** Exit codes of the `ocr-gan` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, badInput: 3 } as const;

/** A bad flag, a missing argument or a bad flag value: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Input data that cannot be used (image, data set, checkpoint, config file): exit code 3. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The exit code an error ends the command with. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT.usage;
  if (e instanceof InputError || e instanceof ImageReadError || e instanceof DatasetError || e instanceof CheckpointError || e instanceof ConfigError) {
    return EXIT.badInput;
  }
  return EXIT.failure;
}
