import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { anomalyMap, anomalyScore } from '../../src/blocks/loss/index.js';
import { frequencyDecouple } from '../../src/blocks/frequency/index.js';
import { prngKey } from '../../src/random/key.js';
import { defaultOcrGanConfig, type OcrGanConfig } from '../../src/train/config.js';
import { fit } from '../../src/train/fit.js';
import type { ImageArray } from '../../src/train/images.js';
import { disposeOcrGan, initOcrGan } from '../../src/train/model.js';
import { calibrate, evaluate, scoreImages } from '../../src/train/score.js';
import { disposeTrainState, initTrainState, trainStep } from '../../src/train/step.js';

const config: OcrGanConfig = {
  ...defaultOcrGanConfig,
  imageSize: 16,
  channels: 1,
  ngf: 2,
  ndf: 2,
  nz: 8,
  batchSize: 2,
  epochs: 1,
  validationFraction: 0,
};
const n = 4;
const pixels = 16 * 16;
const good: ImageArray = { images: new Uint8Array(n * pixels).map((_, i) => (i * 37) % 256), shape: [n, 16, 16, 1] };
const labels = new Uint8Array([0, 1, 0, 1]);
const calibration = { min: 0, max: 1, threshold: 0.5 };
const model = initOcrGan(prngKey(1), config);
afterAll(() => disposeOcrGan(model));

/** Expects `run` to be refused with a message matching `message`, leaking no tensor. */
async function refused(run: () => unknown, message: RegExp, countTensors = true): Promise<string> {
  const before = tf.memory().numTensors;
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a refusal matching ${message}`).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(message);
  if (countTensors) expect(tf.memory().numTensors, 'tensors left behind by the refusal').toBe(before);
  return (error as Error).message;
}

const images = (shape: readonly number[], bytes = shape.reduce((a, b) => a * b, 1)) =>
  ({ images: new Uint8Array(bytes), shape }) as unknown as ImageArray;

describe('fit refuses bad arguments before training', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['images null', () => fit(config, null as never), /^fit: argument 'images' must be an image array/],
    ['images a plain array', () => fit(config, [1, 2, 3] as never), /^fit: argument 'images.images' must be a Uint8Array/],
    ['float32 pixels (NaN)', () => fit(config, { images: new Float32Array(n * pixels).fill(NaN), shape: [n, 16, 16, 1] } as never), /^fit: argument 'images.images' must be a Uint8Array .* got Float32Array/],
    ['int32 pixels', () => fit(config, { images: new Int32Array(n * pixels), shape: [n, 16, 16, 1] } as never), /got Int32Array/],
    ['rank-3 shape', () => fit(config, images([n, 16, 16], n * pixels)), /^fit: argument 'images.shape' must be \[N, H, W, C\]/],
    ['negative shape', () => fit(config, images([-1, 16, 16, 1], 0)), /^fit: argument 'images.shape'.*got \[-1,16,16,1\]/],
    ['fractional shape', () => fit(config, images([1.5, 16, 16, 1], 384)), /^fit: argument 'images.shape'/],
    ['bytes short of the shape', () => fit(config, images([n, 16, 16, 1], n * pixels - 1)), /^fit: argument 'images' has 1023 bytes, its shape \[4, 16, 16, 1\] needs 1024/],
    ['wrong channel count', () => fit(config, images([n, 16, 16, 3])), /^fit: argument 'images' holds 16×16×3 images, the model needs 16×16×1/],
    ['wrong size', () => fit(config, images([n, 32, 32, 1])), /^fit: argument 'images' holds 32×32×1 images/],
    ['non-square', () => fit(config, images([n, 16, 8, 1])), /holds 16×8×1 images/],
    ['no images', () => fit(config, images([0, 16, 16, 1])), /^fit: 0 training images leave none/],
    ['config with a bad size', () => fit({ ...config, imageSize: 24 }, good), /^fit: argument 'config' is invalid:\n {2}imageSize: expected PowerOfTwo\(16..512\), got 24/],
    ['config missing fields', () => fit({ imageSize: 16 } as never, good), /^fit: argument 'config' is invalid:[^]*channels: expected \(1 \| 3\), got nothing/],
    ['config with NaN learning rate', () => fit({ ...config, learningRate: NaN }, good), /learningRate: expected PositiveNumber, got NaN/],
    ['negative epochs', () => fit(config, good, { epochs: -1 }), /^fit: option 'epochs' must be a non-negative integer, got -1/],
    ['NaN epochs', () => fit(config, good, { epochs: NaN }), /^fit: option 'epochs'.*got NaN/],
    ['resume with no state', () => fit(config, good, { resume: { state: {} as never, epoch: 0 } }), /^fit: option 'resume.state' is not a train state/],
    ['resume at epoch -1', () => fit(config, good, { resume: { state: {} as never, epoch: -1 } }), /^fit: option 'resume.epoch'/],
  ];
  for (const [name, run, message] of cases) it(name, () => refused(run, message));

  it('resume with a state of another architecture', async () => {
    const other = initTrainState(initOcrGan(prngKey(2), { ...config, ngf: 4 }), prngKey(3));
    await refused(() => fit(config, good, { resume: { state: other, epoch: 0 } }), /^fit: option 'resume.state' was built with ngf = 4, argument 'config' has 2/);
    disposeTrainState(other);
  });
});

describe('scoring refuses bad arguments', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['scoreImages: no model', () => scoreImages({} as never, calibration, good), /^scoreImages: argument 'model' is not an OCR-GAN model/],
    ['scoreImages: wrong channels', () => scoreImages(model, calibration, images([2, 16, 16, 3])), /^scoreImages: argument 'set' holds 16×16×3 images/],
    ['scoreImages: float pixels', () => scoreImages(model, calibration, { images: new Float64Array(n * pixels), shape: [n, 16, 16, 1] } as never), /^scoreImages: argument 'set.images' must be a Uint8Array/],
    ['scoreImages: batch size 0', () => scoreImages(model, calibration, good, { batchSize: 0 }), /^scoreImages: option 'batchSize' must be an integer ≥ 1, got 0/],
    ['scoreImages: fractional batch size', () => scoreImages(model, calibration, good, { batchSize: 1.5 }), /option 'batchSize'.*got 1.5/],
    ['scoreImages: negative sigma', () => scoreImages(model, calibration, good, { mapSigma: -1 }), /^scoreImages: option 'mapSigma'/],
    ['scoreImages: NaN calibration', () => scoreImages(model, { min: 0, max: 1, threshold: NaN }, good), /^scoreImages: argument 'calibration.threshold' must be a finite number, got NaN/],
    ['scoreImages: min above max', () => scoreImages(model, { min: 2, max: 1, threshold: 1 }, good), /^scoreImages: argument 'calibration' has min 2 above max 1/],
    ['calibrate: no images', () => calibrate(model, images([0, 16, 16, 1])), /^calibrate: argument 'validation' holds no images/],
    ['calibrate: wrong size', () => calibrate(model, images([2, 8, 8, 1])), /^calibrate: argument 'validation' holds 8×8×1 images/],
    ['evaluate: label 2', () => evaluate(model, { ...good, labels: new Uint8Array([0, 1, 2, 0]) }), /^evaluate: argument 'test.labels' must hold only 0 and 1 .*got 2 at index 2/],
    ['evaluate: labels as numbers', () => evaluate(model, { ...good, labels: [0, 1, 0, 1] as never }), /^evaluate: argument 'test.labels' must be a Uint8Array/],
    ['evaluate: too few labels', () => evaluate(model, { ...good, labels: new Uint8Array([0, 1]) }), /^evaluate: argument 'test.labels' has 2 labels for 4 images/],
    ['evaluate: one class only', () => evaluate(model, { ...good, labels: new Uint8Array(4) }), /^evaluate: argument 'test.labels' must contain both normal \(0\) and anomalous \(1\)/],
    ['evaluate: masks too short', () => evaluate(model, { ...good, labels, masks: new Uint8Array(3) }), /^evaluate: argument 'test.masks' has 3 values, 4 masks of 256 pixels need 1024/],
    ['evaluate: mask value 255', () => evaluate(model, { ...good, labels, masks: new Uint8Array(n * pixels).fill(255) }), /^evaluate: argument 'test.masks' must hold only 0 and 1 .*got 255 at index 0/],
    ['evaluate: masks with no anomalous pixel', () => evaluate(model, { ...good, labels, masks: new Uint8Array(n * pixels) }), /^evaluate: argument 'test.masks' must mark both/],
    ['evaluate: wrong image size', () => evaluate(model, { ...images([4, 32, 32, 1]), labels }), /^evaluate: argument 'test' holds 32×32×1 images/],
    ['evaluate: NaN calibration', () => evaluate(model, { ...good, labels }, { min: NaN, max: 1, threshold: 0 }), /^evaluate: argument 'calibration.min'/],
  ];
  for (const [name, run, message] of cases) it(name, () => refused(run, message));

  it('scores and evaluates the same set once the arguments are right', async () => {
    const scores = await scoreImages(model, calibration, good);
    expect(scores).toHaveLength(n);
    const ev = await evaluate(model, { ...good, labels }, calibration);
    expect(Number.isFinite(ev.imageAuroc)).toBe(true);
  });
});

describe('tensor blocks refuse bad tensors, naming function and argument', () => {
  const zeros = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => tf.zeros(shape, dtype);

  it('frequencyDecouple', async () => {
    const bad = [zeros([1, 16, 16, 1], 'int32'), zeros([16, 16, 1]), zeros([1, 15, 16, 1]), zeros([1, 2, 2, 1]), zeros([1, 16, 16, 1])];
    await refused(() => frequencyDecouple(bad[0] as never), /^frequencyDecouple: argument 'x' must be float32, got int32/);
    await refused(() => frequencyDecouple(bad[1] as never), /^frequencyDecouple: argument 'x' must have shape \[B, H, W, C\], got \[16, 16, 1\]/);
    await refused(() => frequencyDecouple(bad[2] as never), /height 15 must be even/);
    await refused(() => frequencyDecouple(bad[3] as never), /height 2 must be even and ≥ 4/);
    await refused(() => frequencyDecouple(bad[4] as never, { bands: 0 } as never), /^frequencyDecouple: argument 'options' is invalid: bands/);
    await refused(() => frequencyDecouple(bad[4] as never, { bands: 3, variant: 'octave', extra: 1 } as never), /argument 'options' is invalid: extra/);
    tf.dispose(bad);
  });

  it('anomalyScore and anomalyMap', async () => {
    const x = zeros([2, 16, 16, 1]);
    const xi = zeros([2, 16, 16, 1], 'int32');
    const small = zeros([2, 8, 8, 1]);
    const f = zeros([2, 8]);
    const f3 = zeros([3, 8]);
    await refused(() => anomalyScore(xi as never, x as never, f as never, f as never), /^anomalyScore: argument 'x' must be float32, got int32/);
    await refused(() => anomalyScore(x as never, small as never, f as never, f as never), /^anomalyScore: argument 'xHat' must have shape \[2, 16, 16, 1\]/);
    await refused(() => anomalyScore(x as never, x as never, f3 as never, f3 as never), /^anomalyScore: argument 'fReal'/);
    await refused(() => anomalyScore(x as never, x as never, f as never, f3 as never), /^anomalyScore: argument 'fFake'/);
    await refused(() => anomalyScore(x as never, x as never, f as never, f as never, { lambda: 2 }), /^anomalyScore: argument 'options' is invalid: lambda/);
    await refused(() => anomalyScore(x as never, x as never, f as never, f as never, { lambda: NaN }), /argument 'options' is invalid: lambda.*got NaN/);
    await refused(() => anomalyMap(x as never, small as never), /^anomalyMap: argument 'xHat'/);
    await refused(() => anomalyMap(x as never, x as never, { sigma: -1 }), /^anomalyMap: argument 'options' is invalid: sigma/);
    tf.dispose([x, xi, small, f, f3]);
  });

  it('trainStep', async () => {
    const state = initTrainState(initOcrGan(prngKey(4), config), prngKey(5));
    const x = zeros([2, 16, 16, 1]);
    const cases: [tf.Tensor, RegExp][] = [
      [zeros([2, 16, 16, 1], 'int32'), /trainStep: argument 'x' must be float32, got int32/],
      [zeros([16, 16, 1]), /trainStep: argument 'x' must have shape \[\?, 16, 16, 1\], got \[16, 16, 1\]/],
      [zeros([2, 32, 32, 1]), /trainStep: argument 'x' must have shape \[\?, 16, 16, 1\], got \[2, 32, 32, 1\]/],
      [zeros([2, 16, 16, 3]), /trainStep: argument 'x' must have shape \[\?, 16, 16, 1\], got \[2, 16, 16, 3\]/],
    ];
    for (const [bad, message] of cases) await refused(() => trainStep(state, bad as never, undefined), message);
    const wrongForged = zeros([3, 16, 16, 1]);
    await refused(() => trainStep(state, x as never, wrongForged as never), /trainStep: argument 'forged' must have shape \[2, 16, 16, 1\], got \[3, 16, 16, 1\]/);
    wrongForged.dispose();
    tf.dispose([x, ...cases.map(([b]) => b)]);
    disposeTrainState(state);
  });
});
