// Bundlers (Vite's pre-bundling above all) move tfjs-backend-wasm away from its .wasm files,
// which breaks its relative lookup; asset URLs resolved by the bundler itself survive that.
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
