import * as tf from '@tensorflow/tfjs-core';
import { batchNorm, conv, type BatchNormParams, type BatchNormState, type ConvParams } from '../../nn/layers.js';
import { materialize, specShapes, specSize, type ShapeTree, type SpecTree } from '../../nn/spec.js';
import type { Key } from '../../random/index.js';
import {
  leakyRelu,
  ShapeError,
  sigmoid,
  type Dim,
  type FeatureMap,
  type Images,
  type Tensor1,
} from '../../tensor/index.js';
import type { ChannelsAgree } from '../channel_select/channel_select.js';
import { resolveDiscriminatorConfig, type DiscriminatorConfig } from './config.js';

type AnyMap = FeatureMap<Dim, Dim, Dim, Dim>;

/** One stride-2 conv of the encoder; BN from the second conv on. */
export type DiscriminatorLevelParams = {
  readonly conv: ConvParams<4, Dim, Dim>;
  readonly bn?: BatchNormParams<Dim>;
};

/**
 * Parameters of the discriminator: `l1` (image channels C → ndf) … `lm`, the feature conv
 * `feat` (4×4 'valid' → nz) and the classifier `clas` (3×3, nz → 1). No conv has a bias.
 * Flattened, the names are the fixtures' (`l2.bn.gamma`, `feat.conv.w`) under a `d.` prefix.
 */
export type DiscriminatorParams<C extends Dim = Dim, Nz extends Dim = Dim> = {
  readonly l1: { readonly conv: ConvParams<4, C, Dim> };
  readonly [level: `l${number}`]: DiscriminatorLevelParams;
  readonly feat: { readonly conv: ConvParams<4, Dim, Nz> };
  readonly clas: { readonly conv: ConvParams<3, Nz, 1> };
};

/** Running BN statistics of the discriminator: `l{j}.bn` for j ≥ 2. */
export type DiscriminatorState = {
  readonly [level: `l${number}`]: { readonly bn: BatchNormState<Dim> };
};

/** Options of {@link applyDiscriminator}. */
export interface DiscriminatorOptions {
  /** BN with batch statistics and a state update (true) or with running statistics (false). */
  readonly training: boolean;
}

/** What {@link applyDiscriminator} returns. */
export interface DiscriminatorResult<B extends Dim, Nz extends Dim> {
  /** `sigmoid(logit)`: the probability that each image is real. */
  readonly prob: Tensor1<B>;
  readonly logit: Tensor1<B>;
  /** The latent features: the feature conv's output, no activation. */
  readonly features: FeatureMap<B, 1, 1, Nz>;
  /** Updated running statistics in training mode; the input state itself in eval mode. */
  readonly state: DiscriminatorState;
}

function spec(config: unknown, fn: string): { params: SpecTree; state: SpecTree } {
  const c = resolveDiscriminatorConfig(config, fn);
  const params: Record<string, SpecTree> = {
    l1: { conv: conv.spec({ kernel: 4, inChannels: c.channels, outChannels: c.ndf }) },
  };
  const state: Record<string, SpecTree> = {};
  let size = c.isize / 2;
  let ch = c.ndf;
  for (let j = 2; size > 4; j++) {
    const bn = batchNorm.spec(2 * ch);
    params[`l${j}`] = { conv: conv.spec({ kernel: 4, inChannels: ch, outChannels: 2 * ch }), bn: bn.params };
    state[`l${j}`] = { bn: bn.state };
    size /= 2;
    ch *= 2;
  }
  params['feat'] = { conv: conv.spec({ kernel: 4, inChannels: ch, outChannels: c.nz }) };
  params['clas'] = { conv: conv.spec({ kernel: 3, inChannels: c.nz, outChannels: 1 }) };
  return { params, state };
}

/**
 * Initialises the discriminator: conv weights from N(0, 0.02), BN gamma from N(1, 0.02),
 * beta 0, running mean 0 and variance 1.
 *
 * @example
 * ```ts
 * import { initDiscriminator, prngKey } from 'ocr-gan';
 * const { params, state } = initDiscriminator(prngKey(0), { isize: 32, ndf: 8 });
 * ```
 */
export function initDiscriminator<const C extends number = 3, const Nz extends number = 100>(
  key: Key,
  config: DiscriminatorConfig<C, Nz>,
): { params: DiscriminatorParams<C, Nz>; state: DiscriminatorState } {
  const s = spec(config, 'initDiscriminator');
  return {
    params: materialize(key, s.params) as DiscriminatorParams<C, Nz>,
    state: materialize(key, s.state) as DiscriminatorState,
  };
}

/**
 * The parameter and state shapes of a discriminator and their sizes, without allocating.
 *
 * @example
 * ```ts
 * import { discriminatorShapes } from 'ocr-gan';
 * discriminatorShapes({ isize: 256, ndf: 64 }).trainable; // 47984260
 * ```
 */
export function discriminatorShapes(config: DiscriminatorConfig): {
  readonly params: ShapeTree;
  readonly state: ShapeTree;
  readonly trainable: number;
  readonly stateSize: number;
} {
  const s = spec(config, 'discriminatorShapes');
  return { params: specShapes(s.params), state: specShapes(s.state), trainable: specSize(s.params), stateSize: specSize(s.state) };
}

/**
 * The DCGAN discriminator: `LReLU(conv)`, then `LReLU(BN(conv))` while the map is larger
 * than 4×4, then a 4×4 'valid' conv to the nz latent features, and a 3×3 'same' classifier
 * (on the 1×1 map only its centre tap acts) with a sigmoid. Each call normalises with its
 * own batch in training mode: call it separately for real and fake images.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyDiscriminator, assertShape, initDiscriminator, prngKey } from 'ocr-gan';
 * const { params, state } = initDiscriminator(prngKey(0), { isize: 32, ndf: 8 });
 * const x = assertShape('example', 'x', tf.zeros([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * const { prob, features, state: next } = applyDiscriminator(params, state, x, { training: true });
 * ```
 */
export function applyDiscriminator<
  B extends Dim,
  H extends Dim,
  W extends Dim,
  C extends Dim,
  C0 extends Dim,
  Nz extends Dim,
>(
  params: DiscriminatorParams<C, Nz>,
  state: DiscriminatorState,
  x: Images<B, H, W, C0> & ChannelsAgree<C, C0>,
  options: DiscriminatorOptions,
): DiscriminatorResult<B, Nz> {
  const fn = 'applyDiscriminator';
  let levels = 0;
  while (params[`l${levels + 1}`] !== undefined) levels++;
  if (levels === 0) throw new RangeError(`${fn}: argument 'params' has no level 'l1'`);
  const size = 2 ** (levels + 2);
  if (x.rank !== 4 || x.shape[1] !== size || x.shape[2] !== size) {
    throw new ShapeError(fn, 'x', `[B, ${size}, ${size}, C]`, x.shape, `the ${levels} stride-2 convs in 'params' need ${size}×${size}`);
  }
  const training = options.training;
  return tf.tidy(() => {
    const nextState: Record<string, { bn: BatchNormState<Dim> }> = {};
    let h: AnyMap = x as AnyMap;
    for (let j = 1; j <= levels; j++) {
      const p = params[`l${j}`] as DiscriminatorLevelParams;
      let y: AnyMap = conv.apply(p.conv, h, { stride: 2, pad: 'same' });
      if (p.bn !== undefined) {
        const s = state[`l${j}`]?.bn;
        if (s === undefined) throw new RangeError(`${fn}: argument 'state' has no 'l${j}.bn'`);
        const r = batchNorm.apply(p.bn, s, y, { training });
        nextState[`l${j}`] = { bn: r.state };
        y = r.y;
      }
      h = leakyRelu(y, 0.2);
    }
    const features = conv.apply(params.feat.conv, h, { stride: 1, pad: 'valid' });
    const logit4 = conv.apply(params.clas.conv, features, { stride: 1, pad: 'same' });
    const logit = tf.reshape(logit4, [x.shape[0] as number]) as Tensor1<B>;
    return {
      prob: sigmoid(logit),
      logit,
      features,
      state: training ? (nextState as DiscriminatorState) : state,
    } as never;
  });
}

/**
 * The discriminator as one value, in the `{ init, apply, shapes }` convention of every
 * ocr-gan block.
 *
 * @example
 * ```ts
 * import { discriminator, prngKey } from 'ocr-gan';
 * const { params, state } = discriminator.init(prngKey(0), { isize: 64, ndf: 16 });
 * ```
 */
export const discriminator = {
  init: initDiscriminator,
  apply: applyDiscriminator,
  shapes: discriminatorShapes,
} as const;

