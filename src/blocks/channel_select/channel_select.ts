import * as tf from '@tensorflow/tfjs-core';
import { linear, type LinearParams } from '../../nn/layers.js';
import { materialize, specShapes, specSize, type ShapeTree, type SpecTree } from '../../nn/spec.js';
import type { Key } from '../../random/index.js';
import {
  add,
  globalAvgPool,
  mul,
  ShapeError,
  softmax,
  unsafeCast,
  type Dim,
  type FeatureMap,
  type Tensor2,
} from '../../tensor/index.js';
import { resolveChannelSelectConfig, squeezeDim, type ChannelSelectConfig } from './config.js';

/**
 * Learned parameters of one channel selection: the squeeze `fc_z` (C → d) and one head
 * `fc_b{k}` (d → C) per branch, k = 1…N. The names are the fixtures' names.
 */
export type ChannelSelectParams<C extends Dim = Dim, D extends Dim = Dim> = {
  readonly fc_z: LinearParams<C, D>;
  readonly [head: `fc_b${number}`]: LinearParams<D, C>;
};

/** A non-empty tuple of branch feature maps that all share B, H, W and C. */
export type SameShapeBranches<B extends Dim, H extends Dim, W extends Dim, C extends Dim> = readonly [
  FeatureMap<B, H, W, C>,
  ...FeatureMap<NoInfer<B>, NoInfer<H>, NoInfer<W>, NoInfer<C>>[],
];

type IsLiteral<N> = N extends number ? (number extends N ? false : true) : false;

/**
 * `unknown` (no constraint) unless both channel counts are literals that differ; then an
 * object type the argument cannot satisfy, whose field names the two counts in the
 * compiler's message. Run-time-sized tensors (`number`) pass and are checked at run time.
 */
export type ChannelsAgree<Want extends Dim, Got extends Dim> =
  IsLiteral<Want> extends true
    ? IsLiteral<Got> extends true
      ? [Got] extends [Want]
        ? unknown
        : { readonly channelCountMismatch: { readonly params: Want; readonly input: Got } }
      : unknown
    : unknown;

/** The more precise of two channel counts: the literal one when there is one. */
export type KnownChannels<A extends Dim, B extends Dim> = IsLiteral<A> extends true ? A : B;

/** What {@link applyChannelSelect} returns, one entry per branch. */
export interface ChannelSelectResult<B extends Dim, H extends Dim, W extends Dim, C extends Dim> {
  /** `attention[k] · branches[k]`, per sample and channel. */
  readonly outputs: readonly [FeatureMap<B, H, W, C>, ...FeatureMap<B, H, W, C>[]];
  /** Softmax over the branch axis, `[B, C]` each; they sum to 1 over k. */
  readonly attention: readonly [Tensor2<B, C>, ...Tensor2<B, C>[]];
}

function spec(config: ChannelSelectConfig, fn = 'channelSelect.spec'): SpecTree {
  const c = resolveChannelSelectConfig(config, fn);
  const d = squeezeDim(c);
  const tree: Record<string, SpecTree> = { fc_z: linear.spec({ inFeatures: c.channels, outFeatures: d }) };
  for (let k = 1; k <= c.branches; k++) tree[`fc_b${k}`] = linear.spec({ inFeatures: d, outFeatures: c.channels });
  return tree;
}

/**
 * Initialises a channel selection over N branches of C channels: d = max(floor(C/r), L),
 * weights from N(0, 0.02), biases 0.
 *
 * @example
 * ```ts
 * import { initChannelSelect, prngKey } from 'ocr-gan';
 * const params = initChannelSelect(prngKey(0), { channels: 64, branches: 2 }); // fc_z: 64 → 32
 * ```
 */
export function initChannelSelect<const C extends number>(
  key: Key,
  config: ChannelSelectConfig<C>,
): ChannelSelectParams<C, number> {
  return materialize(key, spec(config, 'initChannelSelect')) as ChannelSelectParams<C, number>;
}

/**
 * The parameter shapes of a channel selection, without allocating.
 *
 * @example
 * ```ts
 * import { channelSelectShapes } from 'ocr-gan';
 * channelSelectShapes({ channels: 64, branches: 2 }); // { fc_z: { w: [64, 32], b: [32] }, fc_b1: …, fc_b2: … }
 * ```
 */
export function channelSelectShapes(config: ChannelSelectConfig): ShapeTree {
  return specShapes(spec(config, 'channelSelectShapes'));
}

/**
 * The number of learned scalars of a channel selection.
 *
 * @example
 * ```ts
 * import { channelSelectSize } from 'ocr-gan';
 * channelSelectSize({ channels: 8, branches: 2 }); // 8·32 + 32 + 2·(32·8 + 8) = 816
 * ```
 */
export function channelSelectSize(config: ChannelSelectConfig): number {
  return specSize(spec(config, 'channelSelectSize'));
}

// tfjs-core has no typed reshape in the DSL; [B, C] → [B, 1, 1, C] is the one place needed.
function asChannelScale<B extends Dim, C extends Dim>(a: Tensor2<B, C>): FeatureMap<B, 1, 1, C> {
  const [b, c] = a.shape as [number, number];
  return tf.reshape(a, [b, 1, 1, c]) as FeatureMap<B, 1, 1, C>;
}

/**
 * Channel selection (paper §III.C, eqs. 5–8): the global average pool of the branch sum is
 * squeezed by `fc_z` (no activation, no BN), each branch's head turns it into C logits, a
 * softmax across branches gives per-channel attentions that sum to 1, and each branch is
 * scaled by its own attention.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyChannelSelect, assertShape, initChannelSelect, prngKey } from 'ocr-gan';
 * const params = initChannelSelect(prngKey(0), { channels: 8, branches: 2 });
 * const low = assertShape('example', 'low', tf.ones([2, 4, 4, 8]), [2, 4, 4, 8] as const);
 * const high = assertShape('example', 'high', tf.ones([2, 4, 4, 8]), [2, 4, 4, 8] as const);
 * const { outputs, attention } = applyChannelSelect(params, [low, high]);
 * ```
 */
export function applyChannelSelect<B extends Dim, H extends Dim, W extends Dim, C extends Dim, C0 extends Dim>(
  params: ChannelSelectParams<C>,
  branches: SameShapeBranches<B, H, W, C0> & ChannelsAgree<C, C0>,
): ChannelSelectResult<B, H, W, KnownChannels<C0, C>> {
  const fn = 'applyChannelSelect';
  const first = branches[0];
  if (first === undefined) throw new RangeError(`${fn}: argument 'branches' is empty`);
  const n = branches.length;
  branches.forEach((f, k) => {
    if (f.rank !== 4 || f.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(fn, `branches[${k}]`, `[${first.shape.join(', ')}] (as branches[0])`, f.shape);
    }
  });
  const zw = params.fc_z.w;
  if (zw.shape[0] !== first.shape[3]) {
    throw new ShapeError(fn, 'params.fc_z.w', `[${first.shape[3]}, d]`, zw.shape, "the branches' channel count");
  }
  const heads: LinearParams<Dim, C>[] = [];
  for (let k = 1; k <= n; k++) {
    const h = params[`fc_b${k}`];
    if (h === undefined) throw new RangeError(`${fn}: argument 'params' has no head 'fc_b${k}' for branch ${k} of ${n}`);
    heads.push(h);
  }
  if (params[`fc_b${n + 1}`] !== undefined) {
    throw new RangeError(`${fn}: argument 'params' has heads for more than the ${n} branches given`);
  }
  return tf.tidy(() => {
    let sum: tf.Tensor = first;
    for (const f of branches.slice(1)) sum = add(sum as FeatureMap<B, H, W, C0>, f as never);
    const z2 = linear.apply(params.fc_z, globalAvgPool(sum as FeatureMap<B, H, W, C>));
    const logits = heads.map((h) => linear.apply(h, z2));
    const attention = tf.unstack(softmax(unsafeCast(tf.stack(logits, 0)), 0)) as Tensor2<B, C0>[];
    const outputs = branches.map((f, k) => mul(f, asChannelScale(attention[k] as Tensor2<B, C0>) as never));
    return { outputs, attention } as never;
  });
}

/**
 * Channel selection as one value: `init`, `apply`, and the allocation-free `shapes` and
 * `size`. Every block of ocr-gan follows this `{ init, apply, … }` convention.
 *
 * @example
 * ```ts
 * import { channelSelect, prngKey } from 'ocr-gan';
 * const params = channelSelect.init(prngKey(0), { channels: 64, branches: 3 });
 * channelSelect.size({ channels: 64, branches: 3 }); // 64·32 + 32 + 3·(32·64 + 64)
 * ```
 */
export const channelSelect = {
  spec,
  init: initChannelSelect,
  apply: applyChannelSelect,
  shapes: channelSelectShapes,
  size: channelSelectSize,
} as const;
