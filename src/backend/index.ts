export * from './names.js';
export * from './init.js';
export * from './check_training.js';
export type { WasmPaths } from './wasm_paths.js';
export { registerMissingGradients } from './gradients/register.js';
export { registerWasmTrainingKernels } from './wasm/register.js';
