import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticDefects } from '../../src/data/synthetic.js';
import { CHECKPOINT_FILE, fileHandler } from '../../src/io/file_handler.node.js';
import { loadTraining, saveTraining } from '../../src/train/checkpoint.js';
import { fit } from '../../src/train/fit.js';
import { disposeTrainState } from '../../src/train/step.js';
import { defaultOcrGanConfig, type OcrGanConfig } from '../../src/train/config.js';

// Wide enough that a checkpoint is about 20 MB, so a write lasts long enough to be hit.
const killTestConfig: OcrGanConfig = {
  ...defaultOcrGanConfig,
  imageSize: 16,
  channels: 1,
  ngf: 24,
  ndf: 24,
  nz: 16,
  batchSize: 2,
  epochs: 1,
  validationFraction: 0,
};
const root = resolve(import.meta.dirname, '../..');
const kills = 20;
const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded uniform generator in [0, 1) (mulberry32), so every run kills at the same offsets. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const temporaries = () => readdirSync(dir).filter((n) => n.startsWith(`${CHECKPOINT_FILE}.tmp-`));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  readonly process: ChildProcess;
  /** The epoch of the last save the child reported complete. */
  lastSaved: number;
  readonly exited: Promise<void>;
}

function startSaver(): Child {
  const p = spawn(process.execPath, ['--import', 'tsx', 'scripts/save-under-kill.ts', dir, JSON.stringify(killTestConfig)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const child: Child = {
    process: p,
    lastSaved: 0,
    exited: new Promise((r) => p.on('exit', () => r())),
  };
  let err = '';
  p.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  p.stdout?.on('data', (d: Buffer) => {
    for (const m of d.toString().matchAll(/saved (\d+)/g)) child.lastSaved = Number(m[1]);
  });
  p.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL') throw new Error(`save-under-kill exited by itself (code ${code}): ${err}`);
  });
  return child;
}

async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

describe('SIGKILL during checkpoint writes', () => {
  it(`leaves the last good checkpoint loadable and resumable, ${kills} times`, async () => {
    const random = uniform(20240611);
    const data = syntheticDefects({ seed: 1, size: 16, channels: 1, trainCount: 2, testNormalCount: 1, testDefectCount: 1 });
    let midWrite = 0;
    const tensorsBefore = tf.memory().numTensors;
    for (let round = 1; round <= kills; round++) {
      const child = startSaver();
      const before = new Set(temporaries());
      // Wait for one complete save, then for the next write to open its temporary file,
      // and kill at a seeded offset into (or just past) that write.
      await until(() => child.lastSaved >= 1, 'a first save');
      await until(() => temporaries().some((n) => !before.has(n)), 'a write in progress');
      await sleep(Math.floor(random() * 20));
      const reported = child.lastSaved;
      child.process.kill('SIGKILL');
      await child.exited;
      const left = temporaries().filter((n) => !before.has(n));
      if (left.length > 0) midWrite++;
      expect(existsSync(join(dir, CHECKPOINT_FILE))).toBe(true);

      const loaded = await loadTraining(fileHandler(dir));
      // The surviving checkpoint is the last one reported, or the one whose rename landed
      // just before the kill; never a torn mixture.
      expect(loaded.epoch).toBeGreaterThanOrEqual(reported);
      expect(loaded.epoch).toBeLessThanOrEqual(reported + 1);
      const result = await fit(killTestConfig, data.train, { resume: { state: loaded.state, epoch: loaded.epoch }, epochs: loaded.epoch + 1 });
      expect(result.epochs).toBe(loaded.epoch + 1);
      expect(result.state.step).toBe(loaded.state.step + 1);
      expect(Number.isFinite(result.history[0]?.gTotal)).toBe(true);
      disposeTrainState(result.state);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    }
    console.log(`kill-during-save: ${midWrite} of ${kills} kills landed mid-write (a temporary file was left behind)`);
    // The test means something only if many kills really interrupted a write (13–15 of 20
    // here; a loaded machine lands fewer).
    expect(midWrite).toBeGreaterThanOrEqual(kills / 4);
    // Each save clears what killed saves left, so at most the last kill's temporary remains,
    // and the next save removes it.
    expect(temporaries().length).toBeLessThanOrEqual(1);
    const final = await loadTraining(fileHandler(dir));
    await saveTraining(fileHandler(dir), final.state, final.epoch);
    expect(temporaries()).toEqual([]);
    disposeTrainState(final.state);
  }, 600_000);
});
