import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../backend/index.js';
import { CHECKPOINT_FILE, fileHandler } from '../io/file_handler.node.js';
import { type LoadedTraining, loadTraining } from '../train/checkpoint.js';
import { choiceFlag, intFlag } from './args.js';
import { InputError } from './errors.js';
import { RUN_FILE, type RunInfo } from './train.js';

/** Starts the backend the flags name (wasm by default). */
export async function startBackend(command: string, values: { backend?: string; threads?: string }): Promise<void> {
  const backend = choiceFlag(command, 'backend', values.backend, ['wasm', 'cpu'] as const) ?? 'wasm';
  const threads = intFlag(command, 'threads', values.threads);
  await initBackend({ backend, ...(threads ? { threads } : {}) });
}

/** Loads a model folder written by `ocr-gan train`; unreadable or invalid → {@link InputError}. */
export async function loadModelDir(dir: string): Promise<LoadedTraining & { run?: RunInfo }> {
  if (!existsSync(join(dir, CHECKPOINT_FILE))) throw new InputError(`${dir}: no ${CHECKPOINT_FILE} (train a model into it with 'ocr-gan train --out ${dir}')`);
  let loaded: LoadedTraining;
  try {
    loaded = await loadTraining(fileHandler(dir));
  } catch (e) {
    throw new InputError(`${join(dir, CHECKPOINT_FILE)}: cannot load the checkpoint (${(e as Error).message.split('\n')[0]})`);
  }
  let run: RunInfo | undefined;
  try {
    run = JSON.parse(readFileSync(join(dir, RUN_FILE), 'utf8')) as RunInfo;
  } catch {
    // run.json is a convenience; a checkpoint saved by the library alone has none
  }
  return { ...loaded, ...(run ? { run } : {}) };
}
