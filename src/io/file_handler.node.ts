import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { readSafetensors, writeSafetensors, type SafetensorsEntry } from './safetensors.js';

/** The file a {@link fileHandler} writes inside its folder. */
export const CHECKPOINT_FILE = 'checkpoint.safetensors';

function writeAtomically(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // The rename is durable only once the folder's entry is on disk too.
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/**
 * A tfjs IO handler for Node that stores model artifacts as one safetensors file in `dir`
 * (tensors plus the JSON manifest in its metadata), readable by any safetensors library.
 * Saving is atomic: a temporary file is written, fsynced and renamed over the old one, so
 * a crash or kill mid-save leaves the last good checkpoint intact.
 *
 * @example
 * ```ts
 * import { fileHandler } from 'ocr-gan/node';
 * import { saveCheckpoint } from 'ocr-gan';
 * // await saveCheckpoint(checkpoint, fileHandler('runs/model'));
 * ```
 */
export function fileHandler(dir: string): tf.io.IOHandler {
  const path = join(dir, CHECKPOINT_FILE);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const specs = artifacts.weightSpecs ?? [];
      const raw = artifacts.weightData;
      const buffers = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      const all = new Uint8Array(buffers.reduce((s, b) => s + b.byteLength, 0));
      let at = 0;
      for (const b of buffers) {
        all.set(new Uint8Array(b), at);
        at += b.byteLength;
      }
      const entries: Record<string, SafetensorsEntry> = {};
      let offset = 0;
      for (const spec of specs) {
        const n = spec.shape.reduce((a, b) => a * b, 1);
        const bytes = all.slice(offset, offset + 4 * n);
        offset += 4 * n;
        entries[spec.name] =
          spec.dtype === 'int32'
            ? { dtype: 'I32', shape: spec.shape, data: new Int32Array(bytes.buffer) }
            : { dtype: 'F32', shape: spec.shape, data: new Float32Array(bytes.buffer) };
      }
      const manifest = JSON.stringify({
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        order: specs.map((s) => s.name),
      });
      // Temporaries of saves that were killed are garbage: nothing ever reads them.
      removeStaleTemporaries(dir);
      writeAtomically(path, writeSafetensors(entries, { 'ocr-gan': manifest }));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: all.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let bytes: Uint8Array;
      try {
        statSync(path);
        bytes = new Uint8Array(readFileSync(path));
      } catch (e) {
        throw new Error(`fileHandler(${dir}): cannot read ${path}: ${(e as Error).message}`);
      }
      const file = readSafetensors(bytes, path);
      const manifestText = file.metadata['ocr-gan'];
      if (manifestText === undefined) throw new Error(`fileHandler(${dir}): ${path} holds no ocr-gan manifest`);
      let manifest: { modelTopology?: unknown; format?: string; generatedBy?: string; order?: unknown };
      try {
        manifest = JSON.parse(manifestText);
      } catch {
        throw new Error(`fileHandler(${dir}): the manifest in ${path} is not valid JSON`);
      }
      if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
        throw new Error(`fileHandler(${dir}): the manifest in ${path} is not a JSON object`);
      }
      if (manifest.order !== undefined && !(Array.isArray(manifest.order) && manifest.order.every((n) => typeof n === 'string'))) {
        throw new Error(`fileHandler(${dir}): the manifest's 'order' in ${path} is not a list of tensor names`);
      }
      const order = Array.isArray(manifest.order) ? (manifest.order as string[]) : [...file.tensors.keys()];
      if (order.length !== file.tensors.size) {
        throw new Error(`fileHandler(${dir}): the manifest in ${path} lists ${order.length} tensors, the file holds ${file.tensors.size}`);
      }
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const parts: Uint8Array[] = [];
      for (const name of order) {
        const e = file.tensors.get(name);
        if (!e) throw new Error(`fileHandler(${dir}): tensor '${name}' listed in the manifest is missing from ${path}`);
        weightSpecs.push({ name, shape: [...e.shape], dtype: e.dtype === 'I32' ? 'int32' : 'float32' });
        parts.push(new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength));
      }
      const weightData = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
      let at = 0;
      for (const p of parts) {
        weightData.set(p, at);
        at += p.byteLength;
      }
      return {
        modelTopology: manifest.modelTopology as {},
        weightSpecs,
        weightData: weightData.buffer,
        format: manifest.format,
        generatedBy: manifest.generatedBy,
      };
    },
  };
}

/** Removes a checkpoint folder's leftover temporary files (from a save that was killed). */
export function removeStaleTemporaries(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      if (name.startsWith(`${CHECKPOINT_FILE}.tmp-`)) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // nothing to clean
  }
}
