import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backend } from '../../test/backend.js';
import { syntheticDefects } from '../data/synthetic.js';
import { memoryHandler } from '../../test/memory_handler.js';
import { flattenTree, type ParamTree } from '../nn/tree.js';
import { loadTraining, saveTraining } from './checkpoint.js';
import { defaultOcrGanConfig, type OcrGanConfig } from './config.js';
import { fit } from './fit.js';
import { disposeTrainState, type TrainState } from './step.js';

const tiny: OcrGanConfig = {
  ...defaultOcrGanConfig,
  imageSize: 16,
  ngf: 2,
  ndf: 2,
  nz: 8,
  batchSize: 2,
  epochs: 2,
  channels: 1,
  validationFraction: 0.25,
};

async function paramValues(state: TrainState): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [k, t] of flattenTree(state.model.generator.params as ParamTree)) out.set(`g.${k}`, (await t.data()) as Float32Array);
  for (const [k, t] of flattenTree(state.model.discriminator.params as ParamTree)) out.set(`d.${k}`, (await t.data()) as Float32Array);
  return out;
}

const data = syntheticDefects({ seed: 3, size: 16, channels: 1, trainCount: 8, testNormalCount: 2, testDefectCount: 2 });

describe('fit', () => {
  it('keeps numTensors flat from step 1 to step 200', async (ctx) => {
    if (backend === 'webgl') return ctx.skip('200 steps are too slow under SwiftShader; checked on cpu and wasm');
    const counts: number[] = [];
    const result = await fit({ ...tiny, epochs: 67, validationFraction: 0 }, data.train, {
      onProgress: (p) => {
        const global = (p.epoch - 1) * p.stepsPerEpoch + p.step;
        if (global === 1 || global === 200) counts.push(tf.memory().numTensors);
      },
    });
    expect(counts).toHaveLength(2);
    expect(counts[1]).toBe(counts[0]);
    disposeTrainState(result.state);
  });

  it('resumes from a checkpoint bit-identically to an uninterrupted run', async () => {
    const straight = await fit(tiny, data.train);
    const want = await paramValues(straight.state);
    disposeTrainState(straight.state);

    const target = memoryHandler();
    const first = await fit(tiny, data.train, {
      epochs: 1,
      onEpochEnd: (state, epoch) => saveTraining(target, state, epoch),
    });
    disposeTrainState(first.state);
    const loaded = await loadTraining(target);
    expect(loaded.epoch).toBe(1);
    const resumed = await fit(tiny, data.train, { resume: { state: loaded.state, epoch: loaded.epoch } });
    const got = await paramValues(resumed.state);
    expect(resumed.epochs).toBe(2);
    for (const [k, v] of want) expect(Array.from(got.get(k)!), k).toEqual(Array.from(v));
    expect(resumed.calibration).toEqual(straight.calibration);
    disposeTrainState(resumed.state);
  });

  it('stops at an abort signal and reports progress with losses and ETA', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await fit(tiny, data.train, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.step);
        expect(Number.isFinite(p.losses.gTotal)).toBe(true);
        expect(p.imagesPerSecond).toBeGreaterThan(0);
        expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
        if (seen.length === 2) controller.abort();
      },
    });
    expect(result.aborted).toBe(true);
    expect(seen).toEqual([1, 2]);
    disposeTrainState(result.state);
  });
});
