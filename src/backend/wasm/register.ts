import * as tf from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasmConfig } from './conv_backprop_filter.js';
import { makeConv2DBackpropInputWasmConfig } from './conv_backprop_input.js';

/** The kernel tfjs-backend-wasm registered itself, kept for the shapes ours leave to it. */
let stockBackpropInput: tf.KernelConfig | undefined;
let ourBackpropInput: tf.KernelConfig | undefined;

function replaceKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

/**
 * Registers, for the `wasm` backend, the kernels training needs that tfjs-backend-wasm
 * lacks or runs slowly: `Conv2DBackpropFilter` (missing) and `Conv2DBackpropInput` (a scalar
 * loop), both rewritten as XNNPACK convolutions. Idempotent; call it after
 * `@tensorflow/tfjs-backend-wasm` is imported (its kernels register on import).
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from 'ocr-gan';
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * ```
 */
export function registerWasmTrainingKernels(): void {
  const current = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
  if (current && current.kernelFunc !== ourBackpropInput?.kernelFunc) {
    stockBackpropInput = current;
    ourBackpropInput = makeConv2DBackpropInputWasmConfig(stockBackpropInput);
    replaceKernel(ourBackpropInput);
  } else if (!current) {
    ourBackpropInput ??= makeConv2DBackpropInputWasmConfig(undefined);
    replaceKernel(ourBackpropInput);
  }
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')?.kernelFunc !== conv2DBackpropFilterWasmConfig.kernelFunc) {
    replaceKernel(conv2DBackpropFilterWasmConfig);
  }
}

/**
 * Puts back the kernels tfjs-backend-wasm registered itself (for comparisons and benchmarks).
 *
 * @example
 * ```ts
 * unregisterWasmTrainingKernels();
 * const slow = tf.conv2dTranspose(x, w, shape, 2, 'same'); // stock scalar kernel
 * registerWasmTrainingKernels();
 * ```
 */
export function unregisterWasmTrainingKernels(): void {
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')?.kernelFunc === conv2DBackpropFilterWasmConfig.kernelFunc) {
    tf.unregisterKernel(tf.Conv2DBackpropFilter, 'wasm');
  }
  if (ourBackpropInput && tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc === ourBackpropInput.kernelFunc) {
    tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
    if (stockBackpropInput) tf.registerKernel(stockBackpropInput);
    ourBackpropInput = undefined;
  }
}
