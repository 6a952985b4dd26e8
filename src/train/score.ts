import * as tf from '@tensorflow/tfjs-core';
import { anomalyMap, anomalyScoreParts } from '../blocks/loss/index.js';
import { auroc } from '../metrics/auroc.js';
import { averagePrecision } from '../metrics/average_precision.js';
import { f1Max } from '../metrics/f1_max.js';
import { pixelAuroc } from '../metrics/pixel_auroc.js';
import { thresholdFromNormalScores } from '../metrics/threshold.js';
import { showValue } from '../config/show_value.js';
import { batchOf, checkImageArray, type ImageArray } from './images.js';
import { type OcrGanModel, reconstruct } from './model.js';

/** How raw scores become normalised ones and labels: fitted on normal validation images only. */
export interface Calibration {
  /** Raw score mapped to 0. */
  readonly min: number;
  /** Raw score mapped to 1. */
  readonly max: number;
  /** Raw scores ≥ this are labelled anomalous. */
  readonly threshold: number;
}

/** One image's result. */
export interface ImageScore {
  /** `λ·rec + (1−λ)·lat` as configured. */
  readonly raw: number;
  /** `(raw − min)/(max − min)` with the calibration's range (not clipped). */
  readonly normalised: number;
  /** 1 when `raw ≥ threshold`. */
  readonly label: 0 | 1;
  /** Per-pixel error at input resolution, H·W values (row-major). */
  readonly map: Float32Array;
}

/** Options of {@link scoreImages}. */
export interface ScoreOptions {
  /** Images per forward pass. Default: the config's batch size. */
  readonly batchSize?: number;
  /** Keep the anomaly maps (default true). */
  readonly maps?: boolean;
  /** Gaussian smoothing σ of the maps in pixels (default 0: none). */
  readonly mapSigma?: number;
  /** Called after each batch with the images done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

function checkModel(fn: string, model: OcrGanModel): void {
  if (typeof model !== 'object' || model === null || typeof model.config !== 'object' || !model.generator || !model.discriminator) {
    throw new TypeError(`${fn}: argument 'model' is not an OCR-GAN model (initOcrGan, or a loaded checkpoint's state.model)`);
  }
}

function checkScoreOptions(fn: string, options: ScoreOptions): void {
  const { batchSize, mapSigma, maps } = options;
  // A batch size of 0 would never advance through the set.
  if (batchSize !== undefined && !(Number.isSafeInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`${fn}: option 'batchSize' must be an integer ≥ 1, got ${showValue(batchSize)}`);
  }
  if (mapSigma !== undefined && !(Number.isFinite(mapSigma) && mapSigma >= 0)) {
    throw new RangeError(`${fn}: option 'mapSigma' must be a finite number ≥ 0, got ${showValue(mapSigma)}`);
  }
  if (maps !== undefined && typeof maps !== 'boolean') throw new TypeError(`${fn}: option 'maps' must be a boolean, got ${showValue(maps)}`);
}

/** Refuses a calibration whose numbers would turn every label or normalised score into NaN. */
function checkCalibration(fn: string, arg: string, c: Calibration): void {
  if (typeof c !== 'object' || c === null) throw new TypeError(`${fn}: argument '${arg}' must be { min, max, threshold }, got ${showValue(c)}`);
  for (const k of ['min', 'max', 'threshold'] as const) {
    if (typeof c[k] !== 'number' || !Number.isFinite(c[k])) {
      throw new RangeError(`${fn}: argument '${arg}.${k}' must be a finite number, got ${showValue(c[k])}`);
    }
  }
  if (c.min > c.max) throw new RangeError(`${fn}: argument '${arg}' has min ${c.min} above max ${c.max}`);
}

function checkBinary(fn: string, arg: string, values: Uint8Array, what: string): void {
  if (!(values instanceof Uint8Array)) throw new TypeError(`${fn}: argument '${arg}' must be a Uint8Array of 0 and 1, got ${showValue(values)}`);
  const i = values.findIndex((v) => v !== 0 && v !== 1);
  if (i >= 0) throw new RangeError(`${fn}: argument '${arg}' must hold only 0 and 1 (${what}), got ${values[i]} at index ${i}`);
}

/**
 * Raw scores (and maps) of a set of images, batch by batch, every tensor disposed.
 *
 * @param fn and `arg` name the caller and its argument in errors.
 * @example
 * ```ts
 * // const { scores } = await rawScores(model, { images, shape: [n, 64, 64, 3] }, { maps: false });
 * ```
 */
export async function rawScores(
  model: OcrGanModel,
  set: ImageArray,
  options: ScoreOptions = {},
  fn = 'rawScores',
  arg = 'set',
): Promise<{ scores: Float32Array; maps: Float32Array[] }> {
  checkModel(fn, model);
  const { config } = model;
  checkImageArray(fn, arg, set, config.imageSize, config.channels);
  checkScoreOptions(fn, options);
  const n = set.shape[0];
  const bs = options.batchSize ?? config.batchSize;
  const scores = new Float32Array(n);
  const maps: Float32Array[] = [];
  const pixels = config.imageSize * config.imageSize;
  for (let start = 0; start < n; start += bs) {
    const idx = Array.from({ length: Math.min(bs, n - start) }, (_, i) => start + i);
    const [s, m] = tf.tidy(() => {
      const x = batchOf(set, idx);
      const r = reconstruct(model, x);
      const { lambda, distance, reconstruction } = config.score;
      const parts = anomalyScoreParts(x, r.xHat as never, r.featReal as never, r.featFake as never, { lambda, distance });
      // 'max' scores an image by its worst pixel: a crack of a few pixels barely moves the
      // mean error of a whole image, but it is the largest error in it.
      const sigma = options.mapSigma ?? 0;
      // One unsmoothed map serves both the 'max' score and the returned maps.
      const pixelMap =
        reconstruction === 'max' || (options.maps !== false && sigma === 0) ? anomalyMap(x, r.xHat as never, { distance }) : undefined;
      const score =
        reconstruction === 'mean' ? parts.score : tf.add(tf.mul(lambda, tf.max(pixelMap as tf.Tensor, [1, 2, 3])), tf.mul(1 - lambda, parts.lat));
      const map = options.maps === false ? undefined : sigma === 0 ? pixelMap : anomalyMap(x, r.xHat as never, { distance, sigma });
      return [score, map] as const;
    });
    scores.set(await s.data(), start);
    if (m) {
      const data = (await m.data()) as Float32Array;
      for (let i = 0; i < idx.length; i++) maps.push(data.slice(i * pixels, (i + 1) * pixels));
    }
    tf.dispose([s, ...(m ? [m] : [])]);
    options.onProgress?.(start + idx.length, n);
  }
  return { scores, maps };
}

/**
 * Fits score normalisation and the threshold on normal validation images: min and max of
 * their scores, and a threshold from the configured policy (a quantile or the maximum of the
 * normal scores). Test data never enters.
 */
export async function calibrate(model: OcrGanModel, validation: ImageArray): Promise<Calibration> {
  checkModel('calibrate', model);
  checkImageArray('calibrate', 'validation', validation, model.config.imageSize, model.config.channels);
  if (validation.shape[0] === 0) throw new RangeError("calibrate: argument 'validation' holds no images");
  const { scores } = await rawScores(model, validation, { maps: false }, 'calibrate', 'validation');
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    min = Math.min(min, s);
    max = Math.max(max, s);
  }
  return { min, max, threshold: thresholdFromNormalScores(scores, model.config.threshold) };
}

/**
 * Scores images: per image the raw and normalised score, a label at the calibration's
 * threshold, and an anomaly map.
 *
 * @example
 * ```ts
 * // const results = await scoreImages(model, calibration, { images, shape: [n, 64, 64, 3] });
 * // results[0].label, results[0].map
 * ```
 */
export async function scoreImages(
  model: OcrGanModel,
  calibration: Calibration,
  set: ImageArray,
  options: ScoreOptions = {},
): Promise<ImageScore[]> {
  checkCalibration('scoreImages', 'calibration', calibration);
  const { scores, maps } = await rawScores(model, set, options, 'scoreImages', 'set');
  const width = calibration.max - calibration.min;
  return Array.from(scores, (raw, i) => ({
    raw,
    normalised: width > 0 ? (raw - calibration.min) / width : 0,
    label: raw >= calibration.threshold ? 1 : 0,
    map: maps[i] ?? new Float32Array(0),
  }));
}

/** What {@link evaluate} measures; the anomaly is the positive class. */
export interface Evaluation {
  readonly imageAuroc: number;
  readonly imageAupr: number;
  readonly f1Max: number;
  /** The raw-score threshold where F1 peaks (chosen on these labels: a diagnostic, not a policy). */
  readonly f1Threshold: number;
  /** Per-pixel AUROC over all images, when masks were given. */
  readonly pixelAuroc?: number;
  /** F1 at the calibration's threshold, fitted without test data. */
  readonly f1AtThreshold?: number;
  readonly scores: Float32Array;
  readonly labels: Uint8Array;
}

/** A labelled test set: images, 0/1 labels (1 = anomaly), optional N·H·W masks. */
export interface LabelledImages extends ImageArray {
  readonly labels: Uint8Array;
  readonly masks?: Uint8Array;
}

/**
 * Image AUROC, AUPR, F1-max and its threshold, and pixel AUROC when masks are given.
 *
 * @example
 * ```ts
 * // const ev = await evaluate(model, test, calibration);
 * // console.log(ev.imageAuroc, ev.pixelAuroc);
 * ```
 */
export async function evaluate(model: OcrGanModel, test: LabelledImages, calibration?: Calibration): Promise<Evaluation> {
  // Everything about the labels and masks is checked before the (slow) scoring pass.
  checkModel('evaluate', model);
  checkImageArray('evaluate', 'test', test, model.config.imageSize, model.config.channels);
  checkBinary('evaluate', 'test.labels', test.labels, '1 = anomaly');
  if (test.labels.length !== test.shape[0]) {
    throw new RangeError(`evaluate: argument 'test.labels' has ${test.labels.length} labels for ${test.shape[0]} images`);
  }
  if (!test.labels.includes(0) || !test.labels.includes(1)) {
    throw new RangeError(`evaluate: argument 'test.labels' must contain both normal (0) and anomalous (1) images for AUROC, got only ${test.labels[0] ?? 'none'}`);
  }
  const pixels = model.config.imageSize * model.config.imageSize;
  if (test.masks !== undefined) {
    checkBinary('evaluate', 'test.masks', test.masks, '1 = anomalous pixel');
    if (test.masks.length !== test.shape[0] * pixels) {
      throw new RangeError(`evaluate: argument 'test.masks' has ${test.masks.length} values, ${test.shape[0]} masks of ${pixels} pixels need ${test.shape[0] * pixels}`);
    }
    if (!test.masks.includes(0) || !test.masks.includes(1)) {
      throw new RangeError("evaluate: argument 'test.masks' must mark both anomalous (1) and normal (0) pixels for pixel AUROC; leave masks out otherwise");
    }
  }
  if (calibration !== undefined) checkCalibration('evaluate', 'calibration', calibration);
  const { scores, maps } = await rawScores(model, test, { maps: test.masks !== undefined }, 'evaluate', 'test');
  const f1 = f1Max(scores, test.labels);
  let pix: number | undefined;
  if (test.masks) {
    const all = new Float32Array(test.shape[0] * pixels);
    maps.forEach((m, i) => all.set(m, i * pixels));
    pix = pixelAuroc(all, test.masks);
  }
  let f1AtThreshold: number | undefined;
  if (calibration) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => {
      const p = s >= calibration.threshold;
      const y = test.labels[i] === 1;
      if (p && y) tp++;
      else if (p) fp++;
      else if (y) fn++;
    });
    f1AtThreshold = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return {
    imageAuroc: auroc(scores, test.labels),
    imageAupr: averagePrecision(scores, test.labels),
    f1Max: f1.f1,
    f1Threshold: f1.threshold,
    ...(pix === undefined ? {} : { pixelAuroc: pix }),
    ...(f1AtThreshold === undefined ? {} : { f1AtThreshold }),
    scores,
    labels: test.labels,
  };
}
