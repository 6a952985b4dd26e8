import * as tf from '@tensorflow/tfjs-core';
import { readSafetensors, type SafetensorsEntry, writeSafetensors } from './safetensors.js';

/**
 * Reads a safetensors file into tfjs tensors by name. The caller owns (and disposes) them.
 *
 * @example
 * ```ts
 * import { tensorsFromSafetensors, writeSafetensors } from 'ocr-gan';
 * const bytes = writeSafetensors({ b: { dtype: 'F32', shape: [3], data: new Float32Array(3) } });
 * const { tensors } = tensorsFromSafetensors(bytes);
 * ```
 */
export function tensorsFromSafetensors(
  bytes: Uint8Array,
  source?: string,
): { tensors: Map<string, tf.Tensor>; metadata: Readonly<Record<string, string>> } {
  const file = readSafetensors(bytes, source);
  const tensors = new Map<string, tf.Tensor>();
  for (const [name, e] of file.tensors) {
    const dtype = e.dtype === 'I32' ? 'int32' : e.dtype === 'U8' ? 'int32' : 'float32';
    tensors.set(name, tf.tensor(e.dtype === 'U8' ? Int32Array.from(e.data) : e.data, [...e.shape], dtype));
  }
  return { tensors, metadata: file.metadata };
}

/** Writes tfjs tensors (float32 or int32) as a safetensors file. */
export async function safetensorsFromTensors(
  tensors: ReadonlyMap<string, tf.Tensor> | Readonly<Record<string, tf.Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<Uint8Array> {
  const entries: Record<string, SafetensorsEntry> = {};
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  for (const [name, t] of list) {
    if (t.dtype !== 'float32' && t.dtype !== 'int32') {
      throw new TypeError(`safetensorsFromTensors: tensor '${name}' has dtype ${t.dtype}; only float32 and int32 are stored`);
    }
    const data = await t.data();
    entries[name] = {
      dtype: t.dtype === 'int32' ? 'I32' : 'F32',
      shape: t.shape,
      data: t.dtype === 'int32' ? new Int32Array(data) : new Float32Array(data),
    };
  }
  return writeSafetensors(entries, metadata);
}
