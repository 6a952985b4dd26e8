// Bundlers (Vite's pre-bundling above all) move tfjs-backend-wasm away from its .wasm files,
// which breaks its relative lookup; asset URLs resolved by the bundler itself survive that.
import type * as WasmBackendModule from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmPaths } from './wasm_paths.js';

/** The binaries' URLs as the bundler emitted them. */
export function defaultWasmPaths(): WasmPaths {
  return {
    'tfjs-backend-wasm.wasm': plain,
    'tfjs-backend-wasm-simd.wasm': simd,
    'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
  };
}

/** Logical cores, the default WASM thread count. */
export function logicalCores(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/**
 * Sets the wasm backend's binaries and threads before it starts. tfjs runs threads itself in
 * browsers, on a cross-origin-isolated page only (otherwise it stays on one).
 */
export async function configureWasm(
  wasm: typeof WasmBackendModule,
  threads: number,
  paths: WasmPaths | undefined,
): Promise<void> {
  wasm.setWasmPaths({ ...(paths ?? defaultWasmPaths()) });
  wasm.setThreadsCount(threads);
}
