import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../random/key.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { CHECKPOINT_FILE, fileHandler } from './file_handler.node.js';
import { readSafetensors } from './safetensors.js';

describe('fileHandler', () => {
  it('stores a checkpoint as a safetensors file and loads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-ckpt-'));
    const w = tf.tensor2d([[0.25, -1], [2, 3]]);
    await saveCheckpoint({ tensors: new Map([['d.w', w]]), config: { a: 1 }, epoch: 1, step: 2, rngKey: prngKey(1), state: {} }, fileHandler(dir));
    const file = readSafetensors(new Uint8Array(readFileSync(join(dir, CHECKPOINT_FILE))));
    expect(Array.from(file.tensors.get('d.w')!.data)).toEqual([0.25, -1, 2, 3]);
    const back = await loadCheckpoint(fileHandler(dir));
    expect(Array.from(await back.tensors.get('d.w')!.data())).toEqual([0.25, -1, 2, 3]);
    tf.dispose([w, ...back.tensors.values()]);
  });

  it('refuses a truncated file, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-ckpt-'));
    const w = tf.ones([64]);
    await saveCheckpoint({ tensors: new Map([['w', w]]), config: {}, epoch: 0, step: 0, rngKey: prngKey(1), state: {} }, fileHandler(dir));
    const path = join(dir, CHECKPOINT_FILE);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    await expect(loadCheckpoint(fileHandler(dir))).rejects.toThrowError(new RegExp(`${CHECKPOINT_FILE}.*truncated`));
    w.dispose();
  });
});
