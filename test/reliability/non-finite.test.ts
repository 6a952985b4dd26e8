import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { syntheticDefects } from '../../src/data/synthetic.js';
import { flattenTree, type ParamTree } from '../../src/nn/tree.js';
import { loadTraining, saveTraining } from '../../src/train/checkpoint.js';
import { defaultOcrGanConfig, type OcrGanConfig } from '../../src/train/config.js';
import { fit, NonFiniteLossError } from '../../src/train/fit.js';
import { disposeTrainState } from '../../src/train/step.js';

// An absurd but valid learning rate: Adam's first step moves every parameter by about
// 1e30, and the next forward pass overflows float32.
const diverging: OcrGanConfig = {
  ...defaultOcrGanConfig,
  imageSize: 16,
  channels: 1,
  ngf: 2,
  ndf: 2,
  nz: 8,
  batchSize: 2,
  epochs: 5,
  validationFraction: 0,
  learningRate: 1e30,
};

function memoryTarget(): tf.io.IOHandler & { saves: number } {
  let stored: tf.io.ModelArtifacts | undefined;
  const h = {
    saves: 0,
    save: async (a: tf.io.ModelArtifacts) => {
      stored = a;
      h.saves++;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const } };
    },
    load: async () => stored as tf.io.ModelArtifacts,
  };
  return h;
}

describe('a loss turning NaN', () => {
  it('stops fit with NonFiniteLossError at that step, the last epoch checkpoint intact', async () => {
    const data = syntheticDefects({ seed: 2, size: 16, channels: 1, trainCount: 2, testNormalCount: 1, testDefectCount: 1 });
    const target = memoryTarget();
    const finiteSteps: [number, number][] = [];
    const before = tf.memory().numTensors;
    const error = await fit(diverging, data.train, {
      onProgress: (p) => finiteSteps.push([p.epoch, p.step]),
      onEpochEnd: (state, epoch) => saveTraining(target, state, epoch),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const e = error as NonFiniteLossError;
    // One step an epoch: epoch 1 trains on finite losses and is saved; its update
    // overflows, so the first loss of epoch 2 is the first non-finite one.
    expect(finiteSteps).toEqual([[1, 1]]);
    expect([e.epoch, e.step]).toEqual([2, 1]);
    expect(e.message).toContain(`at epoch ${e.epoch}, step ${e.step}`);
    expect(Object.values(e.losses).some((v) => !Number.isFinite(v))).toBe(true);
    expect(e.message).toMatch(/(NaN|Infinity)/);
    // fit released every tensor it held, the failed step's included.
    expect(tf.memory().numTensors).toBe(before);

    expect(target.saves).toBe(1);
    const loaded = await loadTraining(target);
    expect(loaded.epoch).toBe(1);
    expect(loaded.state.step).toBe(1);
    for (const t of flattenTree(loaded.state.model.generator.params as ParamTree).values()) {
      for (const v of await t.data()) expect(Number.isFinite(v)).toBe(true);
    }
    disposeTrainState(loaded.state);
  });
});
