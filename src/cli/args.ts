import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Whether stderr is a terminal (then a live progress bar is drawn). */
  readonly isTty: boolean;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseFlags} returns: node's parseArgs result for these options. */
export type ParsedFlags<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>
>;

/** Parses a command's flags; unknown flags and missing values are usage errors naming the flag. */
export function parseFlags<O extends Options>(command: string, args: readonly string[], options: O, positionals = false): ParsedFlags<O> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: positionals, strict: true });
  } catch (e) {
    // node's messages look like "Unknown option '--foo'. To specify …"; keep the first sentence.
    const msg = (e as Error).message.split('. ')[0] ?? String(e);
    throw new UsageError(`${msg.replace(/\.$/, '')} (see 'ocr-gan ${command} --help')`, command);
  }
}

/** A positive integer flag value, or a usage error naming the flag. */
export function intFlag(command: string, name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${value}'`, command);
  return n;
}

/** A flag value from a fixed set, or a usage error listing the choices. */
export function choiceFlag<T extends string>(command: string, name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`, command);
  return value as T;
}

/** Requires a flag, or a usage error naming it. */
export function required(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`missing --${name} (see 'ocr-gan ${command} --help')`, command);
  return value;
}

/** Help texts, one per command. */
export const HELP: Readonly<Record<string, string>> = {
  main: `ocr-gan: unsupervised visual anomaly detection with OCR-GAN

Usage:
  ocr-gan train --data DIR --out DIR [options]   train on normal images, save a checkpoint
  ocr-gan eval  --model DIR --data DIR [options] evaluate on a labelled test split, write a report
  ocr-gan score --model DIR IMAGE... [options]   score single images, optionally write heat maps

Run 'ocr-gan <command> --help' for a command's options.
Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 unreadable input (image, data set, checkpoint, config).
`,
  train: `Usage: ocr-gan train --data DIR --out DIR [options]

Trains OCR-GAN on the normal images of DIR and saves a checkpoint to the --out folder
after every epoch (atomically: a killed run leaves the last epoch loadable), with the
score calibration after the last one.

DIR is either an MVTec-style folder (train/good/*.png|jpg) or a uint8 array set with a
meta.json (then --class names the normal class).

Options:
  --data DIR          data set folder (required)
  --out DIR           checkpoint folder (required; created)
  --config FILE       JSON config, partial: missing fields take the defaults
  --size N            image side in pixels, a power of two 16..512 (config imageSize)
  --channels 1|3      colour channels the model takes (config channels)
  --epochs N          epochs (config epochs)
  --batch-size N      images per step (config batchSize)
  --ngf N, --ndf N    generator / discriminator width (config ngf, ndf)
  --seed N            seed of every random number (config seed)
  --class K           the normal class of an array set (one-class protocol)
  --backend B         wasm (default) or cpu
  --threads N         wasm threads (default: every core)
  --keep-epochs       also keep each epoch's checkpoint in OUT/epochs/NNN
  --resume            continue from the checkpoint in OUT
  --json              print a JSON summary on stdout instead of prose
  --verbose           print stack traces on errors
  -h, --help          this text

Flags override the config file. Example:
  ocr-gan train --data kolektorsdd --out runs/k1 --size 64 --channels 1 --epochs 20
`,
  eval: `Usage: ocr-gan eval --model DIR --data DIR [options]

Evaluates a trained model on the test split of DIR (test/good = normal, test/<defect> =
anomalous, ground_truth/<defect>/<stem>_mask.png for pixel AUROC; or an array set's test
arrays) and prints image AUROC, AUPR, F1-max with its threshold, and pixel AUROC when the
set has masks. Always writes a self-contained HTML report.

Options:
  --model DIR         checkpoint folder written by 'ocr-gan train' (required)
  --data DIR          data set folder (required)
  --class K           the normal class of an array set (default: the one it was trained on, else 0)
  --json FILE         also write the metrics and per-image scores as JSON
  --report FILE       the HTML report (default MODEL/report.html)
  --backend B         wasm (default) or cpu
  --threads N         wasm threads
  --verbose           print stack traces on errors
  -h, --help          this text
`,
  score: `Usage: ocr-gan score --model DIR IMAGE... [options]

Scores each image: raw score, score normalised by the calibration (0 = lowest normal
validation score, 1 = highest) and the label at the calibrated threshold (1 = anomalous).

Options:
  --model DIR         checkpoint folder written by 'ocr-gan train' (required)
  --maps DIR          write <stem>_map.png per image: the image blended with a heat map
                      of its anomaly map, at the image's own size
  --json              print JSON lines instead of a table
  --backend B         wasm (default) or cpu
  --threads N         wasm threads
  --verbose           print stack traces on errors
  -h, --help          this text
`,
};
