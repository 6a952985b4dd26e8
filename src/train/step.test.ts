import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { leastSquaresLoss } from '../blocks/loss/index.js';
import { flattenTree, type ParamTree } from '../nn/tree.js';
import { prngKey } from '../random/key.js';
import { assertShape } from '../tensor/assert_shape.js';
import { defaultOcrGanConfig, type OcrGanConfig } from './config.js';
import { initOcrGan } from './model.js';
import { disposeTrainState, initTrainState, trainStep } from './step.js';

const base: OcrGanConfig = { ...defaultOcrGanConfig, imageSize: 16, ngf: 2, ndf: 2, nz: 4, channels: 1, batchSize: 2 };

async function changed(a: ParamTree, b: ParamTree): Promise<number> {
  const fb = flattenTree(b);
  let n = 0;
  for (const [k, t] of flattenTree(a)) {
    const x = await t.data();
    const y = await fb.get(k)!.data();
    if (x.some((v, i) => v !== y[i])) n++;
  }
  return n;
}

describe('trainStep assemblies', () => {
  it.each([
    ['the Skip-GANomaly baseline: one band, no channel selection, no forged images', { bands: 1, channelSelect: false }, false],
    ['three octave bands with a least-squares adversarial loss', { bands: 3, frequencyVariant: 'octave' as const }, true],
  ])('%s', async (_name, overrides, withForged) => {
    const config = { ...base, ...overrides };
    const state = initTrainState(initOcrGan(prngKey(1), config), prngKey(2));
    const x = assertShape('test', 'x', tf.randomUniform([2, 16, 16, 1], -1, 1, 'float32', 3), [2, 16, 16, 1]);
    const forged = withForged ? (tf.neg(x) as typeof x) : undefined;
    const before = tf.memory().numTensors;
    const out = trainStep(state, x, forged, withForged ? { adversarial: leastSquaresLoss } : {});
    const dForged = (await out.losses.dForged.data())[0];
    if (withForged) expect(dForged).toBeGreaterThan(0);
    else expect(dForged).toBe(0);
    for (const v of Object.values(out.losses)) expect(Number.isFinite((await v.data())[0])).toBe(true);
    const g = state.model.generator.params as ParamTree;
    const nG = flattenTree(g).size;
    expect(await changed(g, out.state.model.generator.params as ParamTree)).toBeGreaterThan(nG / 2);
    expect(await changed(state.model.discriminator.params as ParamTree, out.state.model.discriminator.params as ParamTree)).toBeGreaterThan(0);
    tf.dispose(Object.values(out.losses));
    disposeTrainState(state);
    // What remains is exactly the new state: as many tensors as the old one held.
    expect(tf.memory().numTensors).toBe(before);
    disposeTrainState(out.state);
    tf.dispose(forged ? [x, forged] : [x]);
  });
});
