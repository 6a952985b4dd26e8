import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { syntheticDefects } from '../data/synthetic.js';
import { prngKey } from '../random/key.js';
import { defaultOcrGanConfig, type OcrGanConfig } from './config.js';
import { batchOf } from './images.js';
import { disposeOcrGan, initOcrGan, reconstruct } from './model.js';
import { rawScores } from './score.js';

const base: OcrGanConfig = { ...defaultOcrGanConfig, imageSize: 16, channels: 1, ngf: 2, ndf: 2, nz: 4, batchSize: 2 };
const set = syntheticDefects({ seed: 4, size: 16, channels: 1, trainCount: 0, testNormalCount: 2, testDefectCount: 1 }).test;

// Reference in plain JS from the model's own reconstruction and features.
async function expected(config: OcrGanConfig): Promise<number[]> {
  const model = initOcrGan(prngKey(3), config);
  const x = batchOf(set, [0, 1, 2]);
  const r = reconstruct(model, x);
  const [xs, xh, fr, ff] = await Promise.all([x.data(), r.xHat.data(), r.featReal.data(), r.featFake.data()]);
  tf.dispose([x, r.xHat, r.featReal, r.featFake, r.probFake]);
  disposeOcrGan(model);
  const pixels = 16 * 16;
  const nz = fr.length / 3;
  return [0, 1, 2].map((i) => {
    let mean = 0;
    let max = 0;
    for (let p = 0; p < pixels; p++) {
      const e = ((xs[i * pixels + p] as number) - (xh[i * pixels + p] as number)) ** 2;
      mean += e / pixels;
      max = Math.max(max, e);
    }
    let lat = 0;
    for (let k = 0; k < nz; k++) lat += ((fr[i * nz + k] as number) - (ff[i * nz + k] as number)) ** 2 / nz;
    const rec = config.score.reconstruction === 'max' ? max : mean;
    return config.score.lambda * rec + (1 - config.score.lambda) * lat;
  });
}

describe('rawScores', () => {
  it.each(['mean', 'max'] as const)('scores λ·%s pixel error + (1 − λ)·latent error', async (reconstruction) => {
    const config: OcrGanConfig = { ...base, score: { lambda: 0.9, distance: 'l2', reconstruction } };
    const want = await expected(config);
    const model = initOcrGan(prngKey(3), config);
    const before = tf.memory().numTensors;
    const { scores } = await rawScores(model, set, { maps: false });
    expect(tf.memory().numTensors).toBe(before);
    Array.from(scores).forEach((s, i) => expect(Math.abs(s - (want[i] as number))).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[i] as number))));
    disposeOcrGan(model);
  });
});
