import * as tf from '@tensorflow/tfjs-core';
import { assertKey, foldIn, type Key, normalTensor } from '../random/index.js';
import type { ParamTree } from './tree.js';

/** How one parameter is initialised: a normal draw or a constant fill. */
export type InitScheme =
  | { readonly dist: 'normal'; readonly mean: number; readonly std: number }
  | { readonly dist: 'constant'; readonly value: number };

/**
 * The description of one parameter: its shape and how to initialise it. A tree of these is a
 * model's recipe; {@link materialize} turns it into tensors and {@link specShapes} /
 * {@link specSize} read it without allocating anything, so a 100M-parameter model can be
 * sized on a phone.
 *
 * @example
 * ```ts
 * import { LeafSpec, specSize } from 'ocr-gan';
 * const w = new LeafSpec([4, 4, 3, 64], { dist: 'normal', mean: 0, std: 0.02 });
 * specSize({ w }); // 3072
 * ```
 */
export class LeafSpec {
  constructor(
    readonly shape: readonly number[],
    readonly init: InitScheme,
  ) {}

  /** Number of scalars. */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

/** Nested plain objects whose leaves are {@link LeafSpec}s, mirroring a {@link ParamTree}. */
export type SpecTree = LeafSpec | { readonly [key: string]: SpecTree | undefined };

/** Nested plain objects whose leaves are shapes, mirroring a {@link ParamTree}. */
export type ShapeTree = readonly number[] | { readonly [key: string]: ShapeTree | undefined };

/**
 * `N(mean, std²)` weights: conv, transposed-conv and dense kernels use N(0, 0.02).
 *
 * @example
 * ```ts
 * import { LeafSpec, normalInit } from 'ocr-gan';
 * const gamma = new LeafSpec([64], normalInit(0.02, 1)); // BN gamma ~ N(1, 0.02)
 * ```
 */
export const normalInit = (std = 0.02, mean = 0): InitScheme => ({ dist: 'normal', mean, std });
/**
 * A constant fill: zero biases and BN offsets, running mean 0 and running variance 1.
 *
 * @example
 * ```ts
 * import { constantInit, LeafSpec } from 'ocr-gan';
 * const runningVar = new LeafSpec([64], constantInit(1));
 * ```
 */
export const constantInit = (value: number): InitScheme => ({ dist: 'constant', value });

/**
 * Dotted name → leaf, sorted by name, as `flattenTree` orders tensors.
 *
 * @example
 * ```ts
 * import { conv, flattenSpec } from 'ocr-gan';
 * [...flattenSpec({ l1: conv.spec({ kernel: 4, inChannels: 3, outChannels: 8 }) }).keys()]; // ['l1.w']
 * ```
 */
export function flattenSpec(spec: SpecTree, prefix = ''): Map<string, LeafSpec> {
  const out = new Map<string, LeafSpec>();
  const walk = (node: SpecTree | undefined, path: string): void => {
    if (node === undefined) return;
    if (node instanceof LeafSpec) {
      out.set(path, node);
      return;
    }
    for (const key of Object.keys(node).sort()) walk(node[key], path ? `${path}.${key}` : key);
  };
  walk(spec, prefix);
  return out;
}

// FNV-1a: a leaf's key depends on its own name only, so adding a layer elsewhere never
// changes the initial values of the others.
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mapSpec<T>(spec: SpecTree, leaf: (s: LeafSpec, path: string) => T, path = ''): unknown {
  if (spec instanceof LeafSpec) return leaf(spec, path);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(spec)) {
    const child = spec[key];
    if (child !== undefined) out[key] = mapSpec(child, leaf, path ? `${path}.${key}` : key);
  }
  return out;
}

/**
 * Allocates the tensors of a recipe. Each leaf is drawn from `foldIn(key, hash(name))`, so
 * the values are a pure function of the key and the leaf's dotted name, identical on every
 * backend.
 *
 * @example
 * ```ts
 * import { LeafSpec, materialize, normalInit, prngKey } from 'ocr-gan';
 * const params = materialize(prngKey(0), { w: new LeafSpec([8, 4], normalInit()) });
 * ```
 */
export function materialize(key: Key, spec: SpecTree): ParamTree {
  assertKey('materialize', 'key', key);
  return mapSpec(spec, (s, path) => {
    if (s.init.dist === 'constant') return tf.fill([...s.shape], s.init.value, 'float32');
    return normalTensor(foldIn(key, hashName(path)), s.shape, s.init.mean, s.init.std);
  }) as ParamTree;
}

/**
 * The shapes of a recipe, as a tree of the same structure.
 *
 * @example
 * ```ts
 * import { linear, specShapes } from 'ocr-gan';
 * specShapes(linear.spec({ inFeatures: 8, outFeatures: 4 })); // { w: [8, 4], b: [4] }
 * ```
 */
export function specShapes(spec: SpecTree): ShapeTree {
  return mapSpec(spec, (s) => s.shape) as ShapeTree;
}

/**
 * Number of scalars in a recipe: `countParams` without allocating.
 *
 * @example
 * ```ts
 * import { linear, specSize } from 'ocr-gan';
 * specSize(linear.spec({ inFeatures: 8, outFeatures: 4 })); // 36
 * ```
 */
export function specSize(spec: SpecTree): number {
  let n = 0;
  for (const leaf of flattenSpec(spec).values()) n += leaf.size;
  return n;
}
