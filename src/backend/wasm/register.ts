/**
 * Registers, for the `wasm` backend, the kernels training needs that tfjs-backend-wasm
 * lacks or runs slowly.
 */
export function registerWasmTrainingKernels(): void {
  // filled in by the wasm kernels
}
