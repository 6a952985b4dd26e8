import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../random/index.js';
import {
  batchNormInference,
  batchNormTraining,
  conv2d,
  conv2dTranspose,
  dense,
  ShapeError,
  type ConvFilter,
  type ConvTransposeFilter,
  type Dim,
  type FeatureMap,
  type Strided,
  type Tensor1,
  type Tensor2,
  type Upsampled,
} from '../tensor/index.js';
import { constantInit, LeafSpec, materialize, normalInit, type SpecTree } from './spec.js';

// ---------------------------------------------------------------------------------- conv

/** Parameters of a 2-D convolution: filter `[k, k, in, out]` and an optional bias. */
export type ConvParams<K extends Dim, Ci extends Dim, Co extends Dim> = {
  readonly w: ConvFilter<K, Ci, Co>;
  readonly b?: Tensor1<Co>;
};

/** The shape of a convolution layer. */
export interface ConvConfig<K extends number, Ci extends number, Co extends number> {
  readonly kernel: K;
  readonly inChannels: Ci;
  readonly outChannels: Co;
  /** Whether the layer has a bias (initialised to 0). Default false. */
  readonly bias?: boolean;
  /** Standard deviation of the N(0, std²) filter init. Default 0.02. */
  readonly std?: number;
}

/** Options of a conv or transposed-conv application. */
export interface ConvApplyOptions<S extends number> {
  readonly stride: S;
  readonly pad: 'same' | 'valid';
}

function convSpec(c: ConvConfig<number, number, number>): SpecTree {
  const w = new LeafSpec([c.kernel, c.kernel, c.inChannels, c.outChannels], normalInit(c.std ?? 0.02));
  return c.bias ? { w, b: new LeafSpec([c.outChannels], constantInit(0)) } : { w };
}

/**
 * A 2-D convolution layer, NHWC. `init` draws the filter from N(0, 0.02); `apply` is
 * `conv2d(x, w) + b`. With `{ stride: 2, pad: 'same' }` and k = 4 it is PyTorch's
 * `Conv2d(k4, s2, p1)` on even sizes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { assertShape, conv, prngKey } from 'ocr-gan';
 * const p = conv.init(prngKey(0), { kernel: 4, inChannels: 3, outChannels: 8 });
 * const x = assertShape('example', 'x', tf.zeros([1, 32, 32, 3]), [1, 32, 32, 3] as const);
 * const y = conv.apply(p, x, { stride: 2, pad: 'same' }); // FeatureMap<1, 16, 16, 8>
 * ```
 */
export const conv = {
  spec: convSpec,
  init<const K extends number, const Ci extends number, const Co extends number>(
    key: Key,
    config: ConvConfig<K, Ci, Co>,
  ): ConvParams<K, Ci, Co> {
    return materialize(key, convSpec(config)) as ConvParams<K, Ci, Co>;
  },
  apply<B extends Dim, H extends Dim, W extends Dim, K extends Dim, Ci extends Dim, Co extends Dim, S extends number>(
    params: ConvParams<K, Ci, Co>,
    x: FeatureMap<B, H, W, NoInfer<Ci>>,
    options: ConvApplyOptions<S>,
  ): FeatureMap<B, Strided<H, S>, Strided<W, S>, Co> {
    return conv2d(x, params.w, options, params.b);
  },
};

// ------------------------------------------------------------------------ transposed conv

/** Parameters of a transposed convolution: filter `[k, k, out, in]` (tfjs layout), optional bias. */
export type ConvTransposeParams<K extends Dim, Ci extends Dim, Co extends Dim> = {
  readonly w: ConvTransposeFilter<K, Co, Ci>;
  readonly b?: Tensor1<Co>;
};

function convTransposeSpec(c: ConvConfig<number, number, number>): SpecTree {
  const w = new LeafSpec([c.kernel, c.kernel, c.outChannels, c.inChannels], normalInit(c.std ?? 0.02));
  return c.bias ? { w, b: new LeafSpec([c.outChannels], constantInit(0)) } : { w };
}

/**
 * A 2-D transposed convolution layer, NHWC, filter `[k, k, out, in]`. With
 * `{ stride: 2, pad: 'same' }` and k = 4 it is PyTorch's `ConvTranspose2d(k4, s2, p1)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { assertShape, convTranspose, prngKey } from 'ocr-gan';
 * const p = convTranspose.init(prngKey(0), { kernel: 4, inChannels: 16, outChannels: 3, bias: true });
 * const x = assertShape('example', 'x', tf.zeros([1, 8, 8, 16]), [1, 8, 8, 16] as const);
 * const y = convTranspose.apply(p, x, { stride: 2, pad: 'same' }); // FeatureMap<1, 16, 16, 3>
 * ```
 */
export const convTranspose = {
  spec: convTransposeSpec,
  init<const K extends number, const Ci extends number, const Co extends number>(
    key: Key,
    config: ConvConfig<K, Ci, Co>,
  ): ConvTransposeParams<K, Ci, Co> {
    return materialize(key, convTransposeSpec(config)) as ConvTransposeParams<K, Ci, Co>;
  },
  apply<B extends Dim, H extends Dim, W extends Dim, K extends Dim, Ci extends Dim, Co extends Dim, S extends number>(
    params: ConvTransposeParams<K, Ci, Co>,
    x: FeatureMap<B, H, W, NoInfer<Ci>>,
    options: ConvApplyOptions<S>,
  ): FeatureMap<B, Upsampled<H, S>, Upsampled<W, S>, Co> {
    return conv2dTranspose(x, params.w, options, params.b);
  },
};

// --------------------------------------------------------------------------------- dense

/** Parameters of a dense layer: weight `[in, out]` and an optional bias. */
export type LinearParams<I extends Dim, O extends Dim> = {
  readonly w: Tensor2<I, O>;
  readonly b?: Tensor1<O>;
};

/** The shape of a dense layer. */
export interface LinearConfig<I extends number, O extends number> {
  readonly inFeatures: I;
  readonly outFeatures: O;
  /** Whether the layer has a bias (initialised to 0). Default true. */
  readonly bias?: boolean;
  /** Standard deviation of the N(0, std²) weight init. Default 0.02. */
  readonly std?: number;
}

function linearSpec(c: LinearConfig<number, number>): SpecTree {
  const w = new LeafSpec([c.inFeatures, c.outFeatures], normalInit(c.std ?? 0.02));
  return c.bias === false ? { w } : { w, b: new LeafSpec([c.outFeatures], constantInit(0)) };
}

/**
 * A fully connected layer, `y = x·W + b`, `W` of shape `[in, out]`, drawn from N(0, 0.02).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { assertShape, linear, prngKey } from 'ocr-gan';
 * const p = linear.init(prngKey(0), { inFeatures: 8, outFeatures: 32 });
 * const x = assertShape('example', 'x', tf.ones([2, 8]), [2, 8] as const);
 * const y = linear.apply(p, x); // Tensor2<2, 32>
 * ```
 */
export const linear = {
  spec: linearSpec,
  init<const I extends number, const O extends number>(key: Key, config: LinearConfig<I, O>): LinearParams<I, O> {
    return materialize(key, linearSpec(config)) as LinearParams<I, O>;
  },
  apply<N extends Dim, I extends Dim, O extends Dim>(params: LinearParams<I, O>, x: Tensor2<N, NoInfer<I>>): Tensor2<N, O> {
    return dense(x, params.w, params.b);
  },
};

// ---------------------------------------------------------------------------- batch norm

/** Learned affine parameters of a batch norm. */
export type BatchNormParams<C extends Dim> = { readonly gamma: Tensor1<C>; readonly beta: Tensor1<C> };
/** Running statistics of a batch norm: state, not trained, threaded through `apply`. */
export type BatchNormState<C extends Dim> = {
  readonly runningMean: Tensor1<C>;
  readonly runningVar: Tensor1<C>;
};

/** Options of {@link batchNorm}'s `apply`. */
export interface BatchNormOptions {
  /** Batch statistics (and a state update) when true; running statistics when false. */
  readonly training: boolean;
  /** Weight of the batch statistic in the running update (PyTorch's momentum). Default 0.1. */
  readonly momentum?: number;
  /** Default 1e-5. */
  readonly epsilon?: number;
}

/** What {@link batchNorm}'s `apply` returns. */
export interface BatchNormResult<B extends Dim, H extends Dim, W extends Dim, C extends Dim> {
  readonly y: FeatureMap<B, H, W, C>;
  /** The updated running statistics in training mode; the input state itself in eval mode. */
  readonly state: BatchNormState<C>;
}

function batchNormSpec(channels: number): { params: SpecTree; state: SpecTree } {
  return {
    params: { gamma: new LeafSpec([channels], normalInit(0.02, 1)), beta: new LeafSpec([channels], constantInit(0)) },
    state: {
      runningMean: new LeafSpec([channels], constantInit(0)),
      runningVar: new LeafSpec([channels], constantInit(1)),
    },
  };
}

function checkStateVector(fn: string, arg: string, v: tf.Tensor, c: number): void {
  if (v.rank !== 1 || v.shape[0] !== c) {
    throw new ShapeError(fn, arg, `[${c}]`, v.shape, "x's channel count");
  }
}

/**
 * Batch norm over (B, H, W) with explicit running statistics. In training mode the batch
 * mean and *biased* variance normalise `x`, and the returned state is
 * `0.9·running + 0.1·batch`, the variance entering with Bessel's correction n/(n−1) (the
 * PyTorch convention; tfjs-layers' BN differs). In eval mode the running statistics
 * normalise `x` and the state comes back unchanged. Nothing is mutated.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { assertShape, batchNorm, prngKey } from 'ocr-gan';
 * const { params, state } = batchNorm.init(prngKey(0), 8);
 * const x = assertShape('example', 'x', tf.randomNormal([4, 2, 2, 8]), [4, 2, 2, 8] as const);
 * const { y, state: next } = batchNorm.apply(params, state, x, { training: true });
 * ```
 */
export const batchNorm = {
  spec: batchNormSpec,
  init<const C extends number>(key: Key, channels: C): { params: BatchNormParams<C>; state: BatchNormState<C> } {
    const s = batchNormSpec(channels);
    return {
      params: materialize(key, s.params) as BatchNormParams<C>,
      state: materialize(key, s.state) as BatchNormState<C>,
    };
  },
  apply<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
    params: BatchNormParams<C>,
    state: BatchNormState<NoInfer<C>>,
    x: FeatureMap<B, H, W, NoInfer<C>>,
    options: BatchNormOptions,
  ): BatchNormResult<B, H, W, C> {
    const fn = 'batchNorm.apply';
    const eps = options.epsilon ?? 1e-5;
    const c = x.shape[3] as number;
    checkStateVector(fn, 'state.runningMean', state.runningMean, c);
    checkStateVector(fn, 'state.runningVar', state.runningVar, c);
    if (!options.training) {
      const y = batchNormInference(x, { mean: state.runningMean, variance: state.runningVar }, params.gamma, params.beta, eps);
      return { y, state };
    }
    const n = (x.shape[0] as number) * (x.shape[1] as number) * (x.shape[2] as number);
    if (n < 2) {
      throw new ShapeError(fn, 'x', '[B, H, W, C] with B·H·W ≥ 2 in training mode', x.shape, 'the unbiased variance needs two values per channel');
    }
    const m = options.momentum ?? 0.1;
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, params.gamma, params.beta, eps);
      const runningMean = tf.add(tf.mul(state.runningMean, 1 - m), tf.mul(mean, m)) as Tensor1<C>;
      const runningVar = tf.add(tf.mul(state.runningVar, 1 - m), tf.mul(variance, (m * n) / (n - 1))) as Tensor1<C>;
      return { y, state: { runningMean, runningVar } };
    }) as BatchNormResult<B, H, W, C>;
  },
};
