/** Where the three tfjs-backend-wasm binaries are, by file name. */
export interface WasmPaths {
  readonly 'tfjs-backend-wasm.wasm': string;
  readonly 'tfjs-backend-wasm-simd.wasm': string;
  readonly 'tfjs-backend-wasm-threaded-simd.wasm': string;
}
