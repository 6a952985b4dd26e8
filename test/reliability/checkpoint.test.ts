import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, checkpointToArtifacts, loadCheckpoint } from '../../src/io/checkpoint.js';
import { prngKey } from '../../src/random/key.js';
import { loadTraining, trainCheckpoint } from '../../src/train/checkpoint.js';
import { defaultOcrGanConfig, type OcrGanConfig } from '../../src/train/config.js';
import { initOcrGan } from '../../src/train/model.js';
import { disposeTrainState, initTrainState, type TrainState } from '../../src/train/step.js';

const config: OcrGanConfig = { ...defaultOcrGanConfig, imageSize: 16, channels: 1, ngf: 2, ndf: 2, nz: 8, batchSize: 2 };
let state: TrainState;
let good: tf.io.ModelArtifacts;

beforeAll(async () => {
  state = initTrainState(initOcrGan(prngKey(1), config), prngKey(2));
  good = await checkpointToArtifacts(trainCheckpoint(state, 3, { min: 0, max: 1, threshold: 0.5 }));
});
afterAll(() => disposeTrainState(state));

type Topology = Record<string, unknown>;
/** A handler serving `artifacts` once, as a tampered download or store would. */
const serve = (artifacts: tf.io.ModelArtifacts): tf.io.IOHandler => ({ load: async () => artifacts });
const topo = () => good.modelTopology as Topology;
const specs = () => good.weightSpecs as tf.io.WeightsManifestEntry[];
const withTopology = (patch: Topology): tf.io.ModelArtifacts => ({ ...good, modelTopology: { ...topo(), ...patch } });
const withSpecs = (edit: (s: tf.io.WeightsManifestEntry[]) => tf.io.WeightsManifestEntry[]) => ({
  ...good,
  weightSpecs: edit(specs().map((s) => ({ ...s, shape: [...s.shape] }))),
});
const firstParam = () => specs().findIndex((s) => s.name.startsWith('g.params.') && s.shape.length === 4);

async function refused(
  artifacts: tf.io.ModelArtifacts,
  message: RegExp,
  load: (target: tf.io.IOHandler) => Promise<unknown> = loadTraining,
): Promise<void> {
  const before = tf.memory().numTensors;
  const error = await load(serve(artifacts)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `accepted; expected ${message}`).toBeInstanceOf(CheckpointError);
  expect((error as Error).message).toMatch(/^load(Checkpoint|Training)\(handler\): /);
  expect((error as Error).message).toMatch(message);
  // Refused before anything was allocated (or, for the trainer state, everything released).
  expect(tf.memory().numTensors).toBe(before);
}

describe('loadTraining refuses tampered checkpoints, allocating nothing', () => {
  const cases: [string, () => tf.io.ModelArtifacts, RegExp][] = [
    ['no manifest', () => ({ ...good, modelTopology: undefined }), /no checkpoint manifest/],
    ['another format', () => withTopology({ format: 'tfjs-layers' }), /format is "tfjs-layers", expected 'ocr-gan-checkpoint'/],
    ['format version 2', () => withTopology({ version: 2 }), /format version 2 is not supported \(this ocr-gan reads version 1\)/],
    ['format version as a string', () => withTopology({ version: '1' }), /format version "1" is not supported/],
    ['negative epoch', () => withTopology({ epoch: -1 }), /epoch -1 is not a non-negative integer/],
    ['fractional step', () => withTopology({ step: 1.5 }), /step 1.5 is not a non-negative integer/],
    ['random key of three words', () => withTopology({ rngKey: [1, 2, 3] }), /rngKey \[1,2,3\] is not a \[u32, u32\] key/],
    ['random key out of range', () => withTopology({ rngKey: [2 ** 32, 0] }), /rngKey/],
    ['state null', () => withTopology({ state: null }), /state is not an object/],
    ['calibration with NaN', () => withTopology({ state: { calibration: { min: 0, max: 1, threshold: 'NaN' } } }), /state.calibration.threshold "NaN" is not a finite number/],
    ['calibration min above max', () => withTopology({ state: { calibration: { min: 2, max: 1, threshold: 1 } } }), /state.calibration has min 2 above max 1/],
    ['Adam step negative', () => withTopology({ state: { adamStepG: -3 } }), /state.adamStepG -3 is not a non-negative integer/],
    ['config of another size', () => withTopology({ config: { ...config, imageSize: 32 } }), /tensor 'g\.params\..*' is missing/],
    ['config of another width', () => withTopology({ config: { ...config, ngf: 4 } }), /tensor 'g\.params\..*' has shape \[.*\], the config needs \[.*\]/],
    ['config invalid', () => withTopology({ config: { ...config, imageSize: 15 } }), /its config is invalid: imageSize: expected PowerOfTwo\(16..512\), got 15/],
    ['config with code in a string', () => withTopology({ config: { ...config, ngf: '(() => { throw new Error("ran") })()' } }), /its config is invalid: ngf: expected PositiveInt, got "\(\(\) =>/],
    ['config a function', () => withTopology({ config: () => config }), /its config is invalid: \(root\): expected OcrGanConfig, got a function/],
    ['no weight specs', () => ({ ...good, weightSpecs: undefined }), /weightSpecs are missing/],
    ['weight data truncated', () => ({ ...good, weightData: (good.weightData as ArrayBuffer).slice(0, 100) }), /declares \d+ bytes of tensors but the weight data has 100 \(truncated or tampered\)/],
    ['weight data padded', () => ({ ...good, weightData: new ArrayBuffer((good.weightData as ArrayBuffer).byteLength + 4) }), /but the weight data has/],
    ['dtype string', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, dtype: 'string' } : e))), /dtype "string" is not float32 or int32/],
    ['dtype bool', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, dtype: 'bool' } : e))), /dtype "bool"/],
    ['dtype naming an Object.prototype member', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, dtype: 'constructor' as never } : e))), /dtype "constructor"/],
    ['quantized weights', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, quantization: { dtype: 'uint8', scale: 1, min: 0 } } : e))), /quantized weights are not checkpoints/],
    ['negative shape', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, shape: [-4] } : e))), /shape \[-4\] is not a list of non-negative integers/],
    ['2^40-element tensor', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, shape: [2 ** 20, 2 ** 20] } : e))), /declares \d+ bytes of tensors but the weight data has/],
    ['a tensor listed twice', () => withSpecs((s) => [...s, s[0] as tf.io.WeightsManifestEntry]), /appears twice/],
    ['a tensor missing', () => withSpecs((s) => s.slice(1)), /declares|is missing/],
    ['a parameter transposed', () => withSpecs((s) => s.map((e, i) => (i === firstParam() ? { ...e, shape: [...e.shape].reverse() } : e))), /has shape \[.*\], the config needs/],
    ['a tensor renamed to __proto__', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, name: '__proto__' } : e))), /tensor '__proto__': a name part may not be __proto__, constructor or prototype/],
    ['a tensor under constructor.prototype', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, name: 'g.constructor.prototype.x' } : e))), /a name part may not be/],
    ['a foreign tensor', () => withSpecs((s) => s.map((e, i) => (i === 0 ? { ...e, name: 'g.params.extra' } : e))), /tensor '.*' is missing|does not belong to this model/],
  ];
  for (const [name, artifacts, message] of cases) it(name, () => refused(artifacts(), message));

  it('the untampered checkpoint loads', async () => {
    const loaded = await loadTraining(serve(good));
    expect(loaded.epoch).toBe(3);
    expect(loaded.calibration).toEqual({ min: 0, max: 1, threshold: 0.5 });
    disposeTrainState(loaded.state);
  });

  it('a generic loadCheckpoint refuses __proto__ names too, leaving Object.prototype alone', async () => {
    const w = tf.ones([2]);
    const artifacts = await checkpointToArtifacts({ tensors: new Map([['w', w]]), config: {}, epoch: 0, step: 0, rngKey: prngKey(0), state: {} });
    w.dispose();
    for (const name of ['__proto__', 'a.__proto__.b', 'constructor']) {
      await refused({ ...artifacts, weightSpecs: [{ name, shape: [2], dtype: 'float32' }] }, /a name part may not be/, loadCheckpoint);
    }
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'b')).toBe(false);
  });
});
