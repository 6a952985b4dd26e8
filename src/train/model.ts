import * as tf from '@tensorflow/tfjs-core';
import {
  applyDiscriminator,
  type DiscriminatorParams,
  type DiscriminatorState,
  initDiscriminator,
} from '../blocks/discriminator/index.js';
import { frequencyDecouple } from '../blocks/frequency/index.js';
import {
  applySkipGenerator,
  initSkipGenerator,
  type SkipGeneratorParams,
  type SkipGeneratorState,
} from '../blocks/generator/index.js';
import { disposeTree } from '../nn/tree.js';
import { type Key, splitKey } from '../random/key.js';
import type { Dim, Images, Tensor1 } from '../tensor/shape.js';
import type { OcrGanConfig } from './config.js';

/** A network's learned parameters and its batch-norm running statistics. */
export interface NetworkState<P, S> {
  readonly params: P;
  readonly state: S;
}

/**
 * An OCR-GAN model is its config and the parameters and statistics of its two networks;
 * nothing else is hidden anywhere.
 */
export interface OcrGanModel {
  readonly config: OcrGanConfig;
  readonly generator: NetworkState<SkipGeneratorParams, SkipGeneratorState>;
  readonly discriminator: NetworkState<DiscriminatorParams, DiscriminatorState>;
}

/** The generator's config part of an OCR-GAN config. */
export function generatorConfig(config: OcrGanConfig) {
  return {
    isize: config.imageSize,
    ngf: config.ngf,
    bands: config.bands,
    channels: config.channels,
    channelSelect: config.channelSelect,
  };
}

/** The discriminator's config part of an OCR-GAN config. */
export function discriminatorConfig(config: OcrGanConfig) {
  return { isize: config.imageSize, ndf: config.ndf, nz: config.nz, channels: config.channels };
}

/**
 * Draws a fresh model: N(0, 0.02) convs and linears, N(1, 0.02) batch-norm scales, zero
 * biases, running mean 0 and variance 1.
 *
 * @example
 * ```ts
 * import { initOcrGan, defaultOcrGanConfig, prngKey } from 'ocr-gan';
 * const model = initOcrGan(prngKey(1), { ...defaultOcrGanConfig, imageSize: 32, ngf: 8, ndf: 8 });
 * ```
 */
export function initOcrGan(key: Key, config: OcrGanConfig): OcrGanModel {
  const [gKey, dKey] = splitKey(key) as [Key, Key];
  return {
    config,
    generator: initSkipGenerator(gKey, generatorConfig(config)) as NetworkState<SkipGeneratorParams, SkipGeneratorState>,
    discriminator: initDiscriminator(dKey, discriminatorConfig(config)) as NetworkState<DiscriminatorParams, DiscriminatorState>,
  };
}

/** Disposes every tensor of a model. */
export function disposeOcrGan(model: OcrGanModel): void {
  disposeTree(model.generator.params as never);
  disposeTree(model.generator.state as never);
  disposeTree(model.discriminator.params as never);
  disposeTree(model.discriminator.state as never);
}

/**
 * The generator's input for a batch: the frequency bands of x, lowest first, or x itself
 * for a one-band model (the Skip-GANomaly baseline).
 */
export function bandsOf<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  config: OcrGanConfig,
  x: Images<B, H, W, C>,
): readonly Images<B, H, W, C>[] {
  if (config.bands === 1) return [tf.clone(x) as unknown as Images<B, H, W, C>];
  return frequencyDecouple(x, { bands: config.bands, variant: config.frequencyVariant }) as readonly Images<B, H, W, C>[];
}

/** What {@link reconstruct} returns for a batch. */
export interface Reconstruction<B extends Dim, H extends Dim, W extends Dim, C extends Dim> {
  /** x̂, the sum of the branches' outputs. */
  readonly xHat: Images<B, H, W, C>;
  /** D's latent features of x and of x̂. */
  readonly featReal: tf.Tensor4D;
  readonly featFake: tf.Tensor4D;
  /** D's probability that x̂ is real. */
  readonly probFake: Tensor1<B>;
}

/**
 * Inference: bands of x → generator → x̂, and D's features of both (batch norm in
 * inference mode). One generator and two discriminator passes, nothing more.
 */
export function reconstruct<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  model: OcrGanModel,
  x: Images<B, H, W, C>,
): Reconstruction<B, H, W, C> {
  const { config } = model;
  return tf.tidy(() => {
    const bands = bandsOf(config, x);
    const g = applySkipGenerator(model.generator.params, model.generator.state, bands as never, { training: false });
    const real = applyDiscriminator(model.discriminator.params, model.discriminator.state, x as never, { training: false });
    const fake = applyDiscriminator(model.discriminator.params, model.discriminator.state, g.output as never, {
      training: false,
    });
    return {
      xHat: g.output as unknown as Images<B, H, W, C>,
      featReal: real.features as unknown as tf.Tensor4D,
      featFake: fake.features as unknown as tf.Tensor4D,
      probFake: fake.prob as unknown as Tensor1<B>,
    };
  });
}
