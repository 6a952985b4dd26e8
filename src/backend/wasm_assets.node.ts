import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
