import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { isLeft } from 'fp-ts/lib/Either.js';
import { initBackend } from '../backend/index.js';
import { formatIssue } from '../config/config_error.js';
import { CHECKPOINT_FILE, fileHandler } from '../io/file_handler.node.js';
import { loadTraining, saveTraining } from '../train/checkpoint.js';
import { decodeOcrGanConfig, type OcrGanConfig } from '../train/config.js';
import { fit, type FitProgress } from '../train/fit.js';
import { disposeTrainState } from '../train/step.js';
import { type CliIo, choiceFlag, HELP, intFlag, parseFlags, required } from './args.js';
import { loadTrainSet } from './data.js';
import { InputError, UsageError } from './errors.js';

/** What `ocr-gan train` records next to its checkpoint, for `eval` and `score`. */
export interface RunInfo {
  readonly data: string;
  readonly normalClass?: string;
  readonly trainImages: number;
  readonly epochs: number;
  readonly seconds: number;
}

/** The file {@link RunInfo} is stored in, inside the model folder. */
export const RUN_FILE = 'run.json';

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

/** The config a train command runs with: defaults, then the config file, then the flags. */
export function trainConfig(values: Record<string, string | boolean | undefined>): OcrGanConfig {
  const cmd = 'train';
  let base: Record<string, unknown> = {};
  if (typeof values.config === 'string') {
    const file = readConfigFile(values.config);
    const decoded = decodeOcrGanConfig(file);
    if (isLeft(decoded)) throw new InputError(`${values.config}: ${decoded.left.issues.map(formatIssue).join('; ')}`);
    base = file as Record<string, unknown>;
  }
  const flags: Record<string, unknown> = {};
  const put = (key: string, v: unknown) => {
    if (v !== undefined) flags[key] = v;
  };
  put('imageSize', intFlag(cmd, 'size', values.size as string | undefined));
  put('channels', choiceFlag(cmd, 'channels', values.channels as string | undefined, ['1', '3'] as const) && Number(values.channels));
  put('epochs', intFlag(cmd, 'epochs', values.epochs as string | undefined));
  put('batchSize', intFlag(cmd, 'batch-size', values['batch-size'] as string | undefined));
  put('ngf', intFlag(cmd, 'ngf', values.ngf as string | undefined));
  put('ndf', intFlag(cmd, 'ndf', values.ndf as string | undefined));
  put('seed', intFlag(cmd, 'seed', values.seed as string | undefined, 0));
  const decoded = decodeOcrGanConfig({ ...base, ...flags });
  if (isLeft(decoded)) throw new UsageError(`the flags make an invalid config: ${decoded.left.issues.map(formatIssue).join('; ')}`, cmd);
  return decoded.right;
}

function progressReporter(io: CliIo, json: boolean) {
  if (io.isTty) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | G {g} D {d} | {rate} img/s | ETA {eta_formatted}',
        etaBuffer: 50,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p: FitProgress) {
        const total = p.epochs * p.stepsPerEpoch;
        const value = (p.epoch - 1) * p.stepsPerEpoch + p.step;
        const payload = { epoch: p.epoch, epochs: p.epochs, g: p.losses.gTotal.toFixed(3), d: p.losses.dTotal.toFixed(3), rate: p.imagesPerSecond.toFixed(1) };
        if (!started) {
          bar.start(total, value - 1, payload);
          started = true;
        }
        bar.update(value, payload);
      },
      epochEnd: (_line: string) => {},
      stop: () => started && bar.stop(),
    };
  }
  // Not a terminal (a log file, CI): one line per epoch instead of a redrawn bar.
  return { update: (_p: FitProgress) => {}, epochEnd: (line: string) => !json && io.stderr(`${line}\n`), stop: () => {} };
}

/** `ocr-gan train`. */
export async function trainCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('train', args, {
    data: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    size: { type: 'string' },
    channels: { type: 'string' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    ngf: { type: 'string' },
    ndf: { type: 'string' },
    seed: { type: 'string' },
    class: { type: 'string' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    'keep-epochs': { type: 'boolean' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP.train as string);
    return 0;
  }
  const data = required('train', 'data', values.data);
  const out = required('train', 'out', values.out);
  const backend = choiceFlag('train', 'backend', values.backend, ['wasm', 'cpu'] as const) ?? 'wasm';
  const threads = intFlag('train', 'threads', values.threads);
  let config = trainConfig(values);
  let resume: { state: Awaited<ReturnType<typeof loadTraining>>['state']; epoch: number } | undefined;
  await initBackend({ backend, ...(threads ? { threads } : {}) });
  if (values.resume) {
    if (!existsSync(join(out, CHECKPOINT_FILE))) throw new InputError(`${out}: --resume given but it holds no ${CHECKPOINT_FILE}`);
    let loaded;
    try {
      loaded = await loadTraining(fileHandler(out));
    } catch (e) {
      throw new InputError(`${out}: cannot load the checkpoint to resume (${(e as Error).message})`);
    }
    // The checkpoint fixes the model; only the epoch count may change.
    config = { ...loaded.state.model.config, epochs: values.epochs ? config.epochs : loaded.state.model.config.epochs };
    resume = { state: loaded.state, epoch: loaded.epoch };
  }
  const train = await loadTrainSet('train', data, config, values.class);
  mkdirSync(out, { recursive: true });
  const say = (s: string) => !values.json && io.stderr(s);
  say(
    `training on ${train.shape[0]} images of ${data} at ${config.imageSize}×${config.imageSize}×${config.channels}, ngf ${config.ngf}, ndf ${config.ndf}, batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed} (${backend})\n`,
  );
  const progress = progressReporter(io, Boolean(values.json));
  const started = performance.now();
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let result;
  try {
    result = await fit(config, train, {
      signal: abort.signal,
      ...(resume ? { resume } : {}),
      onProgress: (p) => progress.update(p),
      onEpochEnd: async (state, epoch) => {
        await saveTraining(fileHandler(out), state, epoch);
        if (values['keep-epochs']) await saveTraining(fileHandler(join(out, 'epochs', String(epoch).padStart(3, '0'))), state, epoch);
        progress.epochEnd(`epoch ${epoch}/${config.epochs} saved (${((performance.now() - started) / 1000).toFixed(0)} s)`);
      },
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
  const seconds = (performance.now() - started) / 1000;
  try {
    await saveTraining(fileHandler(out), result.state, result.epochs, result.calibration);
    const info: RunInfo = { data, ...(values.class !== undefined ? { normalClass: values.class } : {}), trainImages: train.shape[0], epochs: result.epochs, seconds };
    writeFileSync(join(out, RUN_FILE), `${JSON.stringify(info, null, 2)}\n`);
  } finally {
    disposeTrainState(result.state);
  }
  const last = result.history[result.history.length - 1];
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ out, data, trainImages: train.shape[0], epochs: result.epochs, aborted: result.aborted, seconds, calibration: result.calibration, lastLosses: last ?? null, config })}\n`,
    );
  } else {
    io.stdout(
      `${result.aborted ? 'stopped' : 'trained'} ${result.epochs} epochs in ${seconds.toFixed(0)} s; checkpoint in ${join(out, CHECKPOINT_FILE)}\n` +
        `calibration on the validation split: threshold ${result.calibration.threshold.toPrecision(4)}, normal range ${result.calibration.min.toPrecision(4)}–${result.calibration.max.toPrecision(4)}\n`,
    );
  }
  return result.aborted ? 1 : 0;
}
