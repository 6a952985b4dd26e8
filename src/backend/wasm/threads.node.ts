import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as WasmBackendModule from '@tensorflow/tfjs-backend-wasm';

/* Why this file exists: under Node, tfjs-backend-wasm never uses its threaded build. Its
 * WASM_HAS_MULTITHREAD_SUPPORT flag is hard-wired false under Node; forced on, the pthread
 * workers fail (ERR_WORKER_PATH) because the worker script and the main script are handed
 * over as blob: URLs, which Node's Worker cannot load; and once those are real files, the
 * C++ side still keeps min(requested, logical cores / 2) threads. So ocr-gan registers its
 * own 'wasm' factory: the threaded-SIMD Emscripten module with real file paths, and a core
 * count reported to the module such that the cap lets the requested threads through. */

interface EmscriptenModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  tfjs?: Record<string, (...args: number[]) => number>;
  PThread?: { runningWorkers?: Array<{ unref?: () => void }> };
}
type EmscriptenFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

const require = createRequire(import.meta.url);
let installedThreads: number | undefined;
let workerDir: string | undefined;

function wasmPackageDir(): string {
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
}

/** The pthread worker script, which the package ships only as a string, written to a file. */
function workerScriptPath(): string {
  if (!workerDir) {
    const { wasmWorkerContents } = require(
      join(wasmPackageDir(), 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
    ) as { wasmWorkerContents: string };
    workerDir = mkdtempSync(join(tmpdir(), 'ocr-gan-wasm-'));
    // The string holds "\n" escapes that evaluating it turned into raw newlines inside string
    // literals; tfjs re-escapes them the same way before making its blob.
    writeFileSync(join(workerDir, 'tfjs-backend-wasm-threaded-simd.worker.js'), wasmWorkerContents.replace(/\n/g, '\\n'));
    const dir = workerDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return join(workerDir, 'tfjs-backend-wasm-threaded-simd.worker.js');
}

async function createThreadedModule(threads: number, wasmBinaryPath: string): Promise<EmscriptenModule> {
  const mainScript = join(wasmPackageDir(), 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  const factory = require(mainScript) as EmscriptenFactory;
  const worker = workerScriptPath();
  const module = await factory({
    mainScriptUrlOrBlob: mainScript,
    locateFile: (path: string, prefix: string) => {
      if (path.endsWith('.worker.js')) return worker;
      if (path.endsWith('.wasm')) return wasmBinaryPath;
      return prefix + path;
    },
    instantiateWasm: (
      info: { env: Record<string, unknown> },
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => {
      info.env.emscripten_num_logical_cores = () => 2 * threads;
      WebAssembly.compile(readFileSync(wasmBinaryPath))
        .then(async (compiled) => receive(await WebAssembly.instantiate(compiled, info as WebAssembly.Imports), compiled))
        .catch((error: unknown) => {
          throw new Error(`wasm threads: cannot instantiate ${wasmBinaryPath}: ${String(error)}`);
        });
      return {};
    },
  });
  // BackendWasm expects the bridge tfjs's own loader sets up.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}

/**
 * Makes the `wasm` backend run XNNPACK on `threads` threads under Node (tfjs alone keeps it
 * on one). Call before the backend initialises; with `threads` 1 the stock single-threaded
 * SIMD build stays. If the threaded build cannot start, the stock factory takes over.
 *
 * @example
 * ```ts
 * await installNodeWasmThreads(wasm, 2, paths['tfjs-backend-wasm-threaded-simd.wasm']);
 * await tf.setBackend('wasm');
 * wasm.getThreadsCount(); // 2
 * ```
 */
export async function installNodeWasmThreads(
  wasm: typeof WasmBackendModule,
  threads: number,
  threadedWasmPath: string,
): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`installNodeWasmThreads: 'threads' must be a positive integer, got ${threads}`);
  }
  wasm.setThreadsCount(threads);
  if ((threads === 1 && installedThreads === undefined) || installedThreads === threads) return;
  const stockFactory = tf.findBackendFactory('wasm');
  if (tf.findBackend('wasm') || tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  installedThreads = threads;
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        const module = await createThreadedModule(threads, threadedWasmPath);
        wasm.setThreadsCount(threads);
        const backend = new wasm.BackendWasm(module as unknown as ConstructorParameters<typeof wasm.BackendWasm>[0]);
        // XNNPACK's pool threads live as long as the module, and Emscripten refs their
        // workers while they run, which would keep Node from ever exiting.
        for (const worker of module.PThread?.runningWorkers ?? []) worker.unref?.();
        return backend;
      } catch (error) {
        if (!stockFactory) throw error;
        console.warn(`ocr-gan: wasm threads unavailable (${String(error)}); running on one thread`);
        return stockFactory();
      }
    },
    2,
  );
}
