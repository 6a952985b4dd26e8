import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Runs another `wasm` kernel from inside a kernel, the way tfjs-backend-wasm's own kernels
 * compose: no engine bookkeeping, no tape, and the caller frees what it gets back with
 * {@link release}.
 *
 * @example
 * ```ts
 * const t = callWasmKernel('Transpose', backend, { x }, { perm: [1, 0] });
 * release(backend, t);
 * ```
 */
export function callWasmKernel(
  kernelName: string,
  backend: BackendWasm,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(kernelName, 'wasm');
  if (!config) throw new Error(`callWasmKernel: kernel '${kernelName}' is not registered for 'wasm'`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`callWasmKernel: kernel '${kernelName}' returned several outputs`);
  return out as tf.TensorInfo;
}

/**
 * Frees intermediate tensors made by {@link callWasmKernel} (reshapes share their input's
 * data and hold a reference of their own, so each one is released once too).
 *
 * @example
 * ```ts
 * release(backend, a, b);
 * ```
 */
export function release(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * A reshaped view of `x` sharing its data.
 *
 * @example
 * ```ts
 * const flat = reshapeInfo(backend, x, [x.shape[0], -1]);
 * ```
 */
export function reshapeInfo(backend: BackendWasm, x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return callWasmKernel('Reshape', backend, { x }, { shape });
}

/**
 * A float32 tensor in the wasm heap filled from `values`.
 *
 * @example
 * ```ts
 * const w = tensorFromValues(backend, [2, 2, 1, 1], new Float32Array(4));
 * ```
 */
export function tensorFromValues(backend: BackendWasm, shape: number[], values: Float32Array): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).set(values);
  return out;
}
