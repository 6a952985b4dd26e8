import * as tf from '@tensorflow/tfjs-core';
import {
  batchNorm,
  conv,
  convTranspose,
  type BatchNormParams,
  type BatchNormState,
  type ConvParams,
  type ConvTransposeParams,
} from '../../nn/layers.js';
import { materialize, specShapes, specSize, type ShapeTree, type SpecTree } from '../../nn/spec.js';
import type { Key } from '../../random/index.js';
import {
  add,
  concatChannels,
  leakyRelu,
  relu,
  ShapeError,
  tanh,
  type Dim,
  type FeatureMap,
  type Images,
} from '../../tensor/index.js';
import {
  applyChannelSelect,

  type ChannelSelectParams,
  type ChannelsAgree,
  type KnownChannels,
  type SameShapeBranches,
} from '../channel_select/channel_select.js';
import { channelSelect } from '../channel_select/channel_select.js';
import { levelChannels, resolveSkipGeneratorConfig, type SkipGeneratorConfig } from './config.js';

type AnyMap = FeatureMap<Dim, Dim, Dim, Dim>;

/** Parameters of one U-Net level of one branch. BN is absent where the recipe has none. */
export type GeneratorLevelParams = {
  readonly down: { readonly conv: ConvParams<4, Dim, Dim>; readonly bn?: BatchNormParams<Dim> };
  readonly up: { readonly convT: ConvTransposeParams<4, Dim, Dim>; readonly bn?: BatchNormParams<Dim> };
};

/** Parameters of one branch: levels `l1` (outermost, image channels C) … `ln` (1×1). */
export type GeneratorBranchParams<C extends Dim = Dim> = {
  readonly l1: {
    readonly down: { readonly conv: ConvParams<4, C, Dim> };
    readonly up: { readonly convT: ConvTransposeParams<4, Dim, C> };
  };
  readonly [level: `l${number}`]: GeneratorLevelParams;
};

/**
 * Parameters of the skip generator: branches `b1` (lowest band) … `bN`, and the channel
 * selections `cs.l1` … `cs.ln` shared by the branches (absent when CS is off). Flattened,
 * the names are the fixtures' (`b1.l2.down.conv.w`, `cs.l3.fc_b2.w`), under a `g.` prefix.
 */
export type SkipGeneratorParams<C extends Dim = Dim> = {
  readonly [branch: `b${number}`]: GeneratorBranchParams<C>;
  readonly cs?: { readonly [level: `l${number}`]: ChannelSelectParams };
};

/** Running BN statistics of the generator, mirroring the parameter tree. */
export type SkipGeneratorState = {
  readonly [branch: `b${number}`]: {
    readonly [level: `l${number}`]: {
      readonly down?: { readonly bn: BatchNormState<Dim> };
      readonly up?: { readonly bn: BatchNormState<Dim> };
    };
  };
};

/** Options of {@link applySkipGenerator}. */
export interface SkipGeneratorOptions {
  /** BN with batch statistics and a state update (true) or with running statistics (false). */
  readonly training: boolean;
  /** Also return intermediate activations by name (`b1.l2.down`, `.attn`, `.cs`, `.up`). */
  readonly activations?: boolean;
}

/** What {@link applySkipGenerator} returns. */
export interface SkipGeneratorResult<B extends Dim, H extends Dim, W extends Dim, C extends Dim> {
  /** The reconstruction: the sum of the branch outputs. */
  readonly output: Images<B, H, W, C>;
  /** Each branch's tanh output, lowest band first. */
  readonly branches: readonly [Images<B, H, W, C>, ...Images<B, H, W, C>[]];
  /** Updated running statistics in training mode; the input state itself in eval mode. */
  readonly state: SkipGeneratorState;
  /** With `activations: true`: `b{k}.l{L}.{down,attn,cs,up}`, as in the fixtures. */
  readonly activations?: Readonly<Record<string, tf.Tensor>>;
}

function spec(config: unknown, fn: string): { params: SpecTree; state: SpecTree; cs: SpecTree } {
  const c = resolveSkipGeneratorConfig(config, fn);
  const n = Math.log2(c.isize);
  const ch = (level: number) => levelChannels(c.ngf, level);
  const params: Record<string, SpecTree> = {};
  const state: Record<string, SpecTree> = {};
  for (let k = 1; k <= c.bands; k++) {
    const branch: Record<string, SpecTree> = {};
    const branchState: Record<string, SpecTree> = {};
    for (let level = 1; level <= n; level++) {
      const inner = level === n;
      const outer = level === 1;
      const down: Record<string, SpecTree> = {
        conv: conv.spec({ kernel: 4, inChannels: outer ? c.channels : ch(level - 1), outChannels: ch(level) }),
      };
      const up: Record<string, SpecTree> = {
        convT: convTranspose.spec({
          kernel: 4,
          inChannels: inner ? ch(level) : 2 * ch(level),
          outChannels: outer ? c.channels : ch(level - 1),
          bias: outer,
        }),
      };
      const levelState: Record<string, SpecTree> = {};
      if (!outer && !inner) {
        const bn = batchNorm.spec(ch(level));
        down['bn'] = bn.params;
        levelState['down'] = { bn: bn.state };
      }
      if (!outer) {
        const bn = batchNorm.spec(ch(level - 1));
        up['bn'] = bn.params;
        levelState['up'] = { bn: bn.state };
      }
      branch[`l${level}`] = { down, up };
      branchState[`l${level}`] = levelState;
    }
    params[`b${k}`] = branch;
    state[`b${k}`] = branchState;
  }
  const cs: Record<string, SpecTree> = {};
  if (c.channelSelect) {
    for (let level = 1; level <= n; level++) {
      cs[`l${level}`] = channelSelect.spec({
        channels: ch(level),
        branches: c.bands,
        reduction: c.csReduction,
        minDim: c.csMinDim,
      });
    }
    params['cs'] = cs;
  }
  return { params, state, cs };
}

/**
 * Initialises the generator: conv and transposed-conv weights and the CS linears from
 * N(0, 0.02), BN gamma from N(1, 0.02), biases and beta 0, running mean 0 and variance 1.
 *
 * @example
 * ```ts
 * import { initSkipGenerator, prngKey } from 'ocr-gan';
 * const { params, state } = initSkipGenerator(prngKey(0), { isize: 32, ngf: 4, bands: 2 });
 * ```
 */
export function initSkipGenerator<const C extends number = 3>(
  key: Key,
  config: SkipGeneratorConfig<C>,
): { params: SkipGeneratorParams<C>; state: SkipGeneratorState } {
  const s = spec(config, 'initSkipGenerator');
  return {
    params: materialize(key, s.params) as SkipGeneratorParams<C>,
    state: materialize(key, s.state) as SkipGeneratorState,
  };
}

/**
 * The parameter and state shapes of a generator, and their sizes, without allocating a
 * single tensor: size a 256×256, ngf-64 model anywhere.
 *
 * @example
 * ```ts
 * import { skipGeneratorShapes } from 'ocr-gan';
 * skipGeneratorShapes({ isize: 256, ngf: 64, channelSelect: false }).trainable; // 108827910
 * ```
 */
export function skipGeneratorShapes(config: SkipGeneratorConfig): {
  readonly params: ShapeTree;
  readonly state: ShapeTree;
  /** Learned scalars, channel selections included. */
  readonly trainable: number;
  /** Learned scalars of the channel selections alone. */
  readonly channelSelect: number;
  /** Running-statistics scalars. */
  readonly stateSize: number;
} {
  const s = spec(config, 'skipGeneratorShapes');
  return {
    params: specShapes(s.params),
    state: specShapes(s.state),
    trainable: specSize(s.params),
    channelSelect: specSize(s.cs),
    stateSize: specSize(s.state),
  };
}

function countLevels(fn: string, branch: GeneratorBranchParams | undefined): number {
  if (branch === undefined) throw new RangeError(`${fn}: argument 'params' has no branch 'b1'`);
  let n = 0;
  while (branch[`l${n + 1}`] !== undefined) n++;
  return n;
}

/**
 * The N-branch skip U-Net (paper §III.C, Skip-GANomaly per band): branch k encodes band k
 * with k4 s2 convs, a channel selection shared across branches re-weights every encoder
 * level, the decoder concatenates LReLU'd skips, and the reconstruction is the sum of the
 * branches' tanh outputs. `bands` must be `isize × isize`, one per branch, lowest first.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applySkipGenerator, assertShape, initSkipGenerator, prngKey } from 'ocr-gan';
 * const { params, state } = initSkipGenerator(prngKey(0), { isize: 32, ngf: 4 });
 * const low = assertShape('example', 'low', tf.zeros([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * const high = assertShape('example', 'high', tf.zeros([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * const { output, state: next } = applySkipGenerator(params, state, [low, high], { training: true });
 * ```
 */
export function applySkipGenerator<B extends Dim, H extends Dim, W extends Dim, C extends Dim, C0 extends Dim>(
  params: SkipGeneratorParams<C>,
  state: SkipGeneratorState,
  bands: SameShapeBranches<B, H, W, C0> & ChannelsAgree<C, C0>,
  options: SkipGeneratorOptions,
): SkipGeneratorResult<B, H, W, KnownChannels<C0, C>> {
  const fn = 'applySkipGenerator';
  const first = bands[0];
  if (first === undefined) throw new RangeError(`${fn}: argument 'bands' is empty`);
  const nb = bands.length;
  for (let k = 1; k <= nb; k++) {
    if (params[`b${k}`] === undefined) {
      throw new RangeError(`${fn}: argument 'params' has no branch 'b${k}' for band ${k} of ${nb}`);
    }
  }
  if (params[`b${nb + 1}`] !== undefined) {
    throw new RangeError(`${fn}: argument 'params' has branches for more than the ${nb} bands given`);
  }
  const n = countLevels(fn, params.b1);
  const size = 2 ** n;
  bands.forEach((x, k) => {
    const ok = x.rank === 4 && x.shape[1] === size && x.shape[2] === size && x.shape.every((d, i) => d === first.shape[i]);
    if (!ok) {
      const want = `[B, ${size}, ${size}, C]${k > 0 ? ` (as bands[0], [${first.shape.join(', ')}])` : ''}`;
      throw new ShapeError(fn, `bands[${k}]`, want, x.shape, `the ${n}-level U-Net in 'params' needs ${size}×${size}`);
    }
  });
  const cs = params.cs;
  const training = options.training;
  const keepActs = options.activations === true;

  return tf.tidy(() => {
    const acts: Record<string, tf.Tensor> = {};
    const nextState: Record<string, Record<string, Record<string, { bn: BatchNormState<Dim> }>>> = {};
    for (let k = 1; k <= nb; k++) nextState[`b${k}`] = {};
    const norm = (p: BatchNormParams<Dim>, k: number, level: number, where: 'down' | 'up', x: AnyMap): AnyMap => {
      const s = state[`b${k}`]?.[`l${level}`]?.[where]?.bn;
      if (s === undefined) throw new RangeError(`${fn}: argument 'state' has no 'b${k}.l${level}.${where}.bn'`);
      const r = batchNorm.apply(p, s, x, { training });
      const levels = nextState[`b${k}`] as Record<string, Record<string, { bn: BatchNormState<Dim> }>>;
      (levels[`l${level}`] ??= {})[where] = { bn: r.state };
      return r.y;
    };
    const level = (k: number, l: number): GeneratorLevelParams => params[`b${k}`]?.[`l${l}`] as GeneratorLevelParams;

    // Encoder: skips[l][k] is the (LReLU'd, for l > 1) input of level l in branch k.
    const skips: AnyMap[][] = [];
    let cur: AnyMap[] = [...bands];
    for (let l = 1; l <= n; l++) {
      const ins = cur.map((x) => (l === 1 ? x : leakyRelu(x, 0.2)));
      skips[l] = ins;
      const downs = ins.map((h, i) => {
        const p = level(i + 1, l).down;
        const d = conv.apply(p.conv, h, { stride: 2, pad: 'same' });
        return p.bn ? norm(p.bn, i + 1, l, 'down', d) : d;
      });
      if (cs !== undefined) {
        const csp = cs[`l${l}`];
        if (csp === undefined) throw new RangeError(`${fn}: argument 'params' has no channel selection 'cs.l${l}'`);
        const r = applyChannelSelect(csp, downs as [AnyMap, ...AnyMap[]]);
        if (keepActs) {
          downs.forEach((d, i) => {
            acts[`b${i + 1}.l${l}.down`] = d;
            acts[`b${i + 1}.l${l}.attn`] = r.attention[i] as tf.Tensor;
            acts[`b${i + 1}.l${l}.cs`] = r.outputs[i] as tf.Tensor;
          });
        }
        cur = [...r.outputs];
      } else {
        if (keepActs) downs.forEach((d, i) => (acts[`b${i + 1}.l${l}.down`] = d));
        cur = downs;
      }
    }

    // Decoder: cur[k] is the input of level l's up path (the CS output for l = n).
    for (let l = n; l >= 1; l--) {
      cur = cur.map((u, i) => {
        const p = level(i + 1, l).up;
        const y = convTranspose.apply(p.convT, relu(u), { stride: 2, pad: 'same' });
        if (l === 1) {
          const out = tanh(y);
          if (keepActs) acts[`b${i + 1}.l1.up`] = out;
          return out;
        }
        const up = p.bn ? norm(p.bn, i + 1, l, 'up', y) : y;
        if (keepActs) acts[`b${i + 1}.l${l}.up`] = up;
        return concatChannels(skips[l]?.[i] as AnyMap, up);
      });
    }
    let output: tf.Tensor = cur[0] as AnyMap;
    for (const y of cur.slice(1)) output = add(output as AnyMap, y as never);
    return {
      output,
      branches: cur,
      state: training ? (nextState as SkipGeneratorState) : state,
      ...(keepActs ? { activations: acts } : {}),
    } as never;
  });
}

/**
 * The skip generator as one value, in the `{ init, apply, shapes }` convention of every
 * ocr-gan block.
 *
 * @example
 * ```ts
 * import { prngKey, skipGenerator } from 'ocr-gan';
 * const { params, state } = skipGenerator.init(prngKey(0), { isize: 64, ngf: 16, bands: 3 });
 * ```
 */
export const skipGenerator = {
  init: initSkipGenerator,
  apply: applySkipGenerator,
  shapes: skipGeneratorShapes,
} as const;

