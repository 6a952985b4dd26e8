import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type * as WasmBackendModule from '@tensorflow/tfjs-backend-wasm';
import { installNodeWasmThreads } from './wasm/threads.node.js';
import type { WasmPaths } from './wasm_paths.js';

/** Under Node the binaries sit beside tfjs-backend-wasm's own files; give their paths. */
export function defaultWasmPaths(): WasmPaths {
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return {
    'tfjs-backend-wasm.wasm': join(dist, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-simd.wasm': join(dist, 'tfjs-backend-wasm-simd.wasm'),
    'tfjs-backend-wasm-threaded-simd.wasm': join(dist, 'tfjs-backend-wasm-threaded-simd.wasm'),
  };
}

/** Logical cores, the default WASM thread count. */
export function logicalCores(): number {
  return availableParallelism();
}

/**
 * Sets the wasm backend's binaries and threads before it starts. Under Node, threads above
 * one need ocr-gan's own backend factory (see wasm/threads.node.ts).
 */
export async function configureWasm(
  wasm: typeof WasmBackendModule,
  threads: number,
  paths: WasmPaths | undefined,
): Promise<void> {
  if (paths) wasm.setWasmPaths({ ...paths });
  const threaded = paths?.['tfjs-backend-wasm-threaded-simd.wasm'] ?? defaultWasmPaths()['tfjs-backend-wasm-threaded-simd.wasm'];
  await installNodeWasmThreads(wasm, threads, threaded);
}
