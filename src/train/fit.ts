import * as tf from '@tensorflow/tfjs-core';
import { foldIn, type Key, prngKey, splitKey } from '../random/key.js';
import { permutation } from '../random/sample.js';
import { forgeAnomalies } from './augment.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { decodeWith } from '../config/decode.js';
import { showValue } from '../config/show_value.js';
import { OcrGanConfigCodec, type OcrGanConfig } from './config.js';
import { batchOf, checkImageArray, type ImageArray, subset } from './images.js';
import { initOcrGan } from './model.js';
import { type Calibration, calibrate } from './score.js';
import { disposeTrainState, initTrainState, resetCollapsedDiscriminator, type StepLosses, trainStep, type TrainState } from './step.js';

/** Losses of one step as numbers. */
export type LossValues = { readonly [K in keyof StepLosses]: number };

/** Reported after every step. */
export interface FitProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Step within the epoch, from 1. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly losses: LossValues;
  readonly imagesPerSecond: number;
  /** Seconds left at the current rate. */
  readonly etaSeconds: number;
  /** True when D was re-initialised after this step. */
  readonly discriminatorReset: boolean;
}

/** Thrown when a loss turns NaN or infinite; the state before that step is untouched. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly losses: LossValues,
  ) {
    const bad = Object.entries(losses)
      .filter(([, v]) => !Number.isFinite(v))
      .map(([k, v]) => `${k} = ${v}`)
      .join(', ');
    super(`fit: a loss is not finite at epoch ${epoch}, step ${step} (${bad}); training stopped before applying that step`);
  }
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Stops training after the current step; `fit` then resolves with what it has. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FitProgress) => void;
  /** Called after every epoch, e.g. to save a checkpoint; awaited before the next epoch. */
  readonly onEpochEnd?: (state: TrainState, epoch: number) => void | Promise<void>;
  /** Continue from this state (e.g. a loaded checkpoint) at this epoch. Owned by `fit` from then on. */
  readonly resume?: { readonly state: TrainState; readonly epoch: number };
  /** Epochs to run, overriding the config. */
  readonly epochs?: number;
}

/** What {@link fit} returns. */
export interface FitResult {
  readonly state: TrainState;
  /** Score normalisation and threshold, fitted on the normal validation split. */
  readonly calibration: Calibration;
  /** Epochs completed. */
  readonly epochs: number;
  /** Mean losses per epoch. */
  readonly history: LossValues[];
  readonly aborted: boolean;
}

/** Splits normal training images into fit and validation parts by a seeded permutation. */
export function validationSplit(set: ImageArray, fraction: number, key: Key): { train: ImageArray; validation: ImageArray } {
  const n = set.shape[0];
  const nVal = fraction > 0 ? Math.max(1, Math.round(n * fraction)) : 0;
  if (n - nVal < 1) throw new RangeError(`fit: ${n} training images leave none to train on after a ${fraction} validation split`);
  const perm = permutation(key, n);
  return { train: subset(set, perm.subarray(nVal)), validation: subset(set, perm.subarray(0, nVal)) };
}

/** The keys a run derives from its seed: model init, and the run's own stream. */
export function runKeys(seed: number): { init: Key; run: Key; split: Key } {
  const [init, run, split] = splitKey(prngKey(seed), 3) as [Key, Key, Key];
  return { init, run, split };
}

// The fields that fix the networks' shapes: a resumed state must agree with the config on them.
const ARCHITECTURE = ['imageSize', 'channels', 'bands', 'frequencyVariant', 'channelSelect', 'ngf', 'ndf', 'nz'] as const;

/** Refuses bad arguments before anything is allocated, naming the argument at fault. */
function checkFitArguments(config: OcrGanConfig, images: ImageArray, options: FitOptions): void {
  // Callers from plain JS (or a hand-built object) bypass the type; a wrong field would
  // otherwise surface as a shape error deep inside a block.
  const decoded = decodeWith(OcrGanConfigCodec, config, "fit: argument 'config'");
  if (isLeft(decoded)) throw decoded.left;
  checkImageArray('fit', 'images', images, config.imageSize, config.channels);
  if (options.epochs !== undefined && !(Number.isSafeInteger(options.epochs) && options.epochs >= 0)) {
    throw new RangeError(`fit: option 'epochs' must be a non-negative integer, got ${showValue(options.epochs)}`);
  }
  if (options.resume !== undefined) {
    const { state, epoch } = options.resume;
    if (!Number.isSafeInteger(epoch) || epoch < 0) {
      throw new RangeError(`fit: option 'resume.epoch' must be a non-negative integer, got ${showValue(epoch)}`);
    }
    const trained = (state as Partial<TrainState> | undefined)?.model?.config;
    if (trained === undefined) throw new TypeError("fit: option 'resume.state' is not a train state (it has no model config)");
    for (const k of ARCHITECTURE) {
      if (trained[k] !== config[k]) {
        throw new RangeError(
          `fit: option 'resume.state' was built with ${k} = ${showValue(trained[k])}, argument 'config' has ${showValue(config[k])}`,
        );
      }
    }
  }
}

/**
 * Trains OCR-GAN on normal images: seeded shuffling (drop-last batches, as the official
 * code), forged anomalies per batch, one {@link trainStep} per batch, D reset on collapse,
 * progress after every step, an abort signal, and at the end a calibration on the
 * validation split. Every random number derives from `config.seed`, epoch and step, so a
 * run resumed from a checkpoint continues exactly as the uninterrupted one.
 *
 * @example
 * ```ts
 * import { fit, syntheticDefects, defaultOcrGanConfig, initBackend } from 'ocr-gan';
 * await initBackend({ backend: 'wasm' });
 * const data = syntheticDefects({ size: 32, trainCount: 64 });
 * const config = { ...defaultOcrGanConfig, imageSize: 32, ngf: 8, ndf: 8, batchSize: 16, epochs: 1 };
 * const { state, calibration } = await fit(config, data.train);
 * ```
 */
export async function fit(config: OcrGanConfig, images: ImageArray, options: FitOptions = {}): Promise<FitResult> {
  checkFitArguments(config, images, options);
  const keys = runKeys(config.seed);
  const { train, validation } = validationSplit(images, config.validationFraction, keys.split);
  const n = train.shape[0];
  const bs = Math.min(config.batchSize, n);
  const stepsPerEpoch = Math.floor(n / bs);
  const epochs = options.epochs ?? config.epochs;
  let state = options.resume?.state ?? initTrainState(initOcrGan(keys.init, config), keys.run);
  let epoch = options.resume?.epoch ?? 0;
  const history: LossValues[] = [];
  const started = performance.now();
  let imagesDone = 0;
  const totalImages = (epochs - epoch) * stepsPerEpoch * bs;
  let aborted = false;
  try {
    while (epoch < epochs && !aborted) {
      const epochKey = foldIn(state.key, epoch);
      const order = permutation(foldIn(epochKey, 0), n);
      const sums: Record<string, number> = {};
      for (let s = 0; s < stepsPerEpoch; s++) {
        // Let other work run between steps (a worker's stop message, a UI), whatever the backend.
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        if (options.signal?.aborted) {
          aborted = true;
          break;
        }
        const x = batchOf(train, order.subarray(s * bs, (s + 1) * bs));
        const { cutPaste, cutout } = config.augmentation;
        const forged = cutPaste.enabled || cutout.enabled ? forgeAnomalies(foldIn(foldIn(epochKey, 1), s), x, config.augmentation) : undefined;
        const out = trainStep(state, x, forged as never);
        tf.dispose(forged ? [x, forged] : [x]);
        const entries = await Promise.all(
          Object.entries(out.losses).map(async ([k, v]) => [k, ((await v.data()) as Float32Array)[0] as number] as const),
        );
        tf.dispose(Object.values(out.losses));
        const losses = Object.fromEntries(entries) as unknown as LossValues;
        if (entries.some(([, v]) => !Number.isFinite(v))) {
          disposeTrainState(out.state);
          throw new NonFiniteLossError(epoch + 1, s + 1, losses);
        }
        disposeTrainState(state);
        state = out.state;
        const afterReset = resetCollapsedDiscriminator(state, losses.dTotal);
        const discriminatorReset = afterReset !== state;
        state = afterReset;
        for (const [k, v] of entries) sums[k] = (sums[k] ?? 0) + v;
        imagesDone += bs;
        const seconds = (performance.now() - started) / 1000;
        const rate = imagesDone / Math.max(seconds, 1e-9);
        options.onProgress?.({
          epoch: epoch + 1,
          epochs,
          step: s + 1,
          stepsPerEpoch,
          losses,
          imagesPerSecond: rate,
          etaSeconds: (totalImages - imagesDone) / rate,
          discriminatorReset,
        });
      }
      if (aborted) break;
      epoch++;
      history.push(Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / stepsPerEpoch])) as unknown as LossValues);
      await options.onEpochEnd?.(state, epoch);
    }
  } catch (e) {
    // A NaN step leaves `state` as it was before that step; the caller's checkpoint is intact.
    disposeTrainState(state);
    throw e;
  }
  const calibration = validation.shape[0] > 0 ? await calibrate(state.model, validation) : await calibrate(state.model, train);
  return { state, calibration, epochs: epoch, history, aborted };
}
