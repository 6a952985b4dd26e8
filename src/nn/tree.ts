import * as tf from '@tensorflow/tfjs-core';

/**
 * A parameter tree: nested plain objects whose leaves are tensors. A model *is* such a tree;
 * flattening it gives dotted names (`b1.l2.down.conv.w`) for checkpoints and for
 * `tf.grads`, which wants a flat list.
 */
export type ParamTree = tf.Tensor | { readonly [key: string]: ParamTree | undefined };

/** Dotted name → tensor, in a stable (sorted) order. */
export function flattenTree(tree: ParamTree, prefix = ''): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  const walk = (node: ParamTree | undefined, path: string): void => {
    if (node === undefined) return;
    if (node instanceof tf.Tensor) {
      out.set(path, node);
      return;
    }
    for (const key of Object.keys(node).sort()) {
      walk(node[key], path ? `${path}.${key}` : key);
    }
  };
  walk(tree, prefix);
  return out;
}

/**
 * Rebuilds a tree of the same structure as `like` with leaves taken from `values` by
 * dotted name. Throws, naming the first missing or misshapen leaf.
 */
export function unflattenTree<T extends ParamTree>(
  like: T,
  values: ReadonlyMap<string, tf.Tensor>,
  fn = 'unflattenTree',
): T {
  const build = (node: ParamTree | undefined, path: string): ParamTree | undefined => {
    if (node === undefined) return undefined;
    if (node instanceof tf.Tensor) {
      const v = values.get(path);
      if (v === undefined) throw new Error(`${fn}: parameter '${path}' is missing`);
      if (v.shape.length !== node.shape.length || v.shape.some((d, i) => d !== node.shape[i])) {
        throw new Error(`${fn}: parameter '${path}' must have shape [${node.shape.join(', ')}], got [${v.shape.join(', ')}]`);
      }
      return v;
    }
    const out: Record<string, ParamTree | undefined> = {};
    for (const key of Object.keys(node)) out[key] = build(node[key], path ? `${path}.${key}` : key);
    return out;
  };
  return build(like, '') as T;
}

/** Applies `f` to every leaf, keeping the structure. */
export function mapTree<T extends ParamTree>(tree: T, f: (t: tf.Tensor, path: string) => tf.Tensor): T {
  const flat = flattenTree(tree);
  const mapped = new Map<string, tf.Tensor>();
  for (const [k, v] of flat) mapped.set(k, f(v, k));
  return unflattenTree(tree, mapped);
}

/** Disposes every tensor of a tree. */
export function disposeTree(tree: ParamTree | undefined): void {
  if (tree === undefined) return;
  tf.dispose([...flattenTree(tree).values()]);
}

/** Number of scalars in a tree. */
export function countParams(tree: ParamTree): number {
  let n = 0;
  for (const t of flattenTree(tree).values()) n += t.size;
  return n;
}

/**
 * Builds a tree from dotted names, the inverse of {@link flattenTree}: `a.b.w` becomes
 * `{ a: { b: { w } } }`. With `prefix`, only names under it are taken, and the prefix is
 * dropped, so one checkpoint can hold several models (`g.…`, `d.…`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { treeFromFlat } from 'ocr-gan';
 * const tree = treeFromFlat(new Map([['g.l1.w', tf.zeros([2])]]), 'g'); // { l1: { w } }
 * ```
 */
export function treeFromFlat(values: ReadonlyMap<string, tf.Tensor>, prefix = ''): ParamTree {
  const root: Record<string, unknown> = {};
  const head = prefix ? `${prefix}.` : '';
  for (const [name, t] of values) {
    if (!name.startsWith(head)) continue;
    const parts = name.slice(head.length).split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (next instanceof tf.Tensor) throw new Error(`treeFromFlat: '${name}' lies under the tensor '${part}'`);
      node = (next ?? (node[part] = {})) as Record<string, unknown>;
    }
    const leaf = parts[parts.length - 1] as string;
    if (node[leaf] !== undefined) throw new Error(`treeFromFlat: '${name}' is both a tensor and a subtree`);
    node[leaf] = t;
  }
  return root as ParamTree;
}
