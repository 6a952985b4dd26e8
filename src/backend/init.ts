import * as tf from '@tensorflow/tfjs-core';
import { configureWasm, logicalCores } from '#wasm-assets';
import { checkCanTrain } from './check_training.js';
import { registerMissingGradients } from './gradients/register.js';
import { type BackendChoice, type BackendName, isNode } from './names.js';
import { probeFastestTrainer } from './probe.js';
import { registerWasmTrainingKernels } from './wasm/register.js';
import type { WasmPaths } from './wasm_paths.js';

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Which backend; `auto` probes wasm and webgl and keeps the faster trainer. Default `auto`. */
  readonly backend?: BackendChoice;
  /**
   * WASM threads. Default: every logical core. Needs a cross-origin-isolated page in
   * browsers; under Node ocr-gan runs them on worker_threads.
   */
  readonly threads?: number;
  /** Where the WASM binaries are, when the default lookup cannot find them. */
  readonly wasmPaths?: WasmPaths;
  /** Check that every kernel and gradient training needs is there (default true). */
  readonly checkTraining?: boolean;
}

/** What {@link initBackend} set up. */
export interface BackendInfo {
  readonly backend: BackendName;
  /** WASM threads actually in use (1 for cpu and webgl). */
  readonly threads: number;
  /** For `auto`: milliseconds per probe step of each candidate tried. */
  readonly probe?: Readonly<Partial<Record<BackendName, number>>>;
}

async function registerBackend(name: BackendName, options: InitBackendOptions): Promise<number> {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    return 1;
  }
  if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
    return 1;
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const threads = Math.max(1, Math.floor(options.threads ?? logicalCores()));
  await configureWasm(wasm, threads, options.wasmPaths);
  return threads;
}

async function activate(name: BackendName, options: InitBackendOptions): Promise<BackendInfo> {
  await registerBackend(name, options);
  registerMissingGradients();
  if (name === 'wasm') registerWasmTrainingKernels();
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`initBackend: backend '${name}' failed to initialise in this environment`);
  await tf.ready();
  let threads = 1;
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    threads = wasm.getThreadsCount();
  }
  if (options.checkTraining ?? true) checkCanTrain(name);
  return { backend: name, threads };
}

/**
 * Sets up a backend for training and inference, in Node or a browser: registers it, finds
 * the WASM binaries, registers the kernels and gradients training needs that tfjs lacks,
 * and checks that nothing is missing.
 *
 * @example
 * ```ts
 * import { initBackend } from 'ocr-gan';
 * const info = await initBackend({ backend: 'cpu' });
 * console.log(info.backend); // 'cpu'
 * ```
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const choice = options.backend ?? 'auto';
  if (choice !== 'auto') {
    if (!['cpu', 'wasm', 'webgl'].includes(choice)) {
      throw new RangeError(
        `initBackend: option 'backend' must be 'cpu', 'wasm', 'webgl' or 'auto', got ${JSON.stringify(choice)}`,
      );
    }
    return activate(choice, options);
  }
  const candidates: BackendName[] = isNode ? ['wasm'] : ['wasm', 'webgl'];
  const probe: Partial<Record<BackendName, number>> = {};
  for (const name of candidates) {
    try {
      await activate(name, options);
      probe[name] = await probeFastestTrainer();
    } catch {
      // a backend that cannot start or cannot train is simply not a candidate
    }
  }
  const ranked = Object.entries(probe).sort((a, b) => a[1] - b[1]);
  const best = (ranked[0]?.[0] as BackendName | undefined) ?? 'cpu';
  const info = await activate(best, options);
  return { ...info, probe };
}
