import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/io/checkpoint.js';
import { CHECKPOINT_FILE, fileHandler } from '../../src/io/file_handler.node.js';
import { readSafetensors, SafetensorsError, writeSafetensors } from '../../src/io/safetensors.js';
import { prngKey } from '../../src/random/key.js';
import { loadTraining, saveTraining } from '../../src/train/checkpoint.js';
import { defaultOcrGanConfig, type OcrGanConfig } from '../../src/train/config.js';
import { initOcrGan } from '../../src/train/model.js';
import { disposeTrainState, initTrainState } from '../../src/train/step.js';

const config: OcrGanConfig = { ...defaultOcrGanConfig, imageSize: 16, channels: 1, ngf: 2, ndf: 2, nz: 8, batchSize: 2 };
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'ocr-gan-rel-'));
  dirs.push(d);
  return d;
};
let good: Uint8Array;
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeAll(async () => {
  const dir = fresh();
  const state = initTrainState(initOcrGan(prngKey(1), config), prngKey(2));
  await saveTraining(fileHandler(dir), state, 1);
  disposeTrainState(state);
  good = new Uint8Array(readFileSync(join(dir, CHECKPOINT_FILE)));
});

/** Writes `bytes` as a checkpoint folder's file and loads it; returns the refusal. */
async function refusal(bytes: Uint8Array): Promise<Error> {
  const dir = fresh();
  writeFileSync(join(dir, CHECKPOINT_FILE), bytes);
  const before = tf.memory().numTensors;
  const error = await loadTraining(fileHandler(dir)).then(
    (loaded) => {
      disposeTrainState(loaded.state);
      return undefined;
    },
    (e: unknown) => e as Error,
  );
  expect(error, 'a tampered checkpoint loaded').toBeInstanceOf(Error);
  expect(tf.memory().numTensors).toBe(before);
  return error as Error;
}

/** The file with its manifest (the 'ocr-gan' metadata entry) rewritten by `edit`. */
function withManifest(edit: (text: string) => string, tensors = readSafetensors(good).tensors): Uint8Array {
  const file = readSafetensors(good);
  return writeSafetensors(Object.fromEntries(tensors), { 'ocr-gan': edit(file.metadata['ocr-gan'] as string) });
}

describe('loadTraining(fileHandler) on damaged files', () => {
  it('refuses the file cut at any position, naming it, allocating nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), async (cut) => {
        const e = await refusal(good.slice(0, cut));
        expect(e).toBeInstanceOf(SafetensorsError);
        expect(e.message).toContain(CHECKPOINT_FILE);
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('refuses tampered manifests by what is wrong', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['version 2', withManifest((m) => m.replace('"version":1', '"version":2')), /format version 2 is not supported/],
      ['another format', withManifest((m) => m.replace('"format":"ocr-gan-checkpoint"', '"format":"x"')), /format is "x"/],
      ['manifest not JSON', withManifest((m) => m.slice(0, -3)), /manifest in .* is not valid JSON/],
      ['manifest null', withManifest(() => 'null'), /manifest in .* is not a JSON object/],
      ['manifest an array', withManifest(() => '[]'), /is not a JSON object/],
      ['order of numbers', withManifest((m) => m.replace(/"order":\[[^\]]*\]/, '"order":[1,2]')), /'order' .* is not a list of tensor names/],
      ['order naming a missing tensor', withManifest((m) => m.replace('"order":["', '"order":["nope","')), /lists \d+ tensors, the file holds|'nope' listed in the manifest is missing/],
      ['__proto__ in the manifest', withManifest((m) => m.replace('{', '{"__proto__":{"polluted":true},')), /.?/],
      ['config with __proto__', withManifest((m) => m.replace('"config":{', '"config":{"__proto__":{"imageSize":32},')), /.?/],
      ['code in the config', withManifest((m) => m.replace(/"ngf":2/, '"ngf":"require(\'child_process\').execSync(\'false\')"')), /its config is invalid: ngf: expected PositiveInt/],
    ];
    for (const [name, bytes, message] of cases) {
      const dir = fresh();
      writeFileSync(join(dir, CHECKPOINT_FILE), bytes);
      const result = await loadTraining(fileHandler(dir)).then(
        (l) => {
          disposeTrainState(l.state);
          return undefined;
        },
        (e: unknown) => e as Error,
      );
      // The two __proto__ cases are data, not an attack surface: they may load or not,
      // but nothing may reach Object.prototype.
      if (name.includes('__proto__')) {
        expect(({} as Record<string, unknown>).polluted, name).toBeUndefined();
        expect(({} as Record<string, unknown>).imageSize, name).toBeUndefined();
        continue;
      }
      expect(result, name).toBeInstanceOf(Error);
      expect(result!.message, name).toMatch(message);
    }
  });

  it('refuses a parameter of the wrong shape, consistent with its bytes', async () => {
    const tensors = new Map(readSafetensors(good).tensors);
    const [name, entry] = [...tensors].find(([n, e]) => n.startsWith('g.params.') && e.shape.length === 4)!;
    tensors.set(name, { ...entry, shape: [entry.data.length] });
    const e = await refusal(withManifest((m) => m, tensors));
    expect(e).toBeInstanceOf(CheckpointError);
    expect(e.message).toMatch(new RegExp(`tensor '${name.replace(/\./g, '\\.')}' has shape \\[${entry.data.length}\\], the config needs \\[${entry.shape.join(', ')}\\]`));
  });

  it('refuses a header declaring a 2^40-element tensor quickly, without allocating it', async () => {
    const json = JSON.stringify({ w: { dtype: 'F32', shape: [2 ** 40], data_offsets: [0, 2 ** 42] }, __metadata__: { 'ocr-gan': '{}' } });
    const header = new TextEncoder().encode(json);
    const bytes = new Uint8Array(8 + header.length + 64);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const e = await refusal(bytes);
    const ms = performance.now() - t0;
    const grownMiB = (process.memoryUsage().rss - rss) / 2 ** 20;
    expect(e.message).toMatch(/data ends at byte 4398046511104, past the 64-byte data section/);
    expect(ms).toBeLessThan(1000);
    expect(grownMiB).toBeLessThan(64);
  });

  it('ignores stale temporary files from killed saves', async () => {
    const dir = fresh();
    writeFileSync(join(dir, CHECKPOINT_FILE), good);
    writeFileSync(join(dir, `${CHECKPOINT_FILE}.tmp-1-1`), good.slice(0, 100));
    writeFileSync(join(dir, `${CHECKPOINT_FILE}.tmp-2-2`), new Uint8Array(0));
    const loaded = await loadTraining(fileHandler(dir));
    expect(loaded.epoch).toBe(1);
    disposeTrainState(loaded.state);
  });
});
