import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '../assert_shape.js';
import type { Dim, Shape, Tensor } from '../shape.js';

type BroadcastDim<X extends Dim, Y extends Dim> = X extends 1
  ? Y
  : Y extends 1
    ? X
    : [X] extends [Y]
      ? X
      : [Y] extends [X]
        ? Y
        : never;

type BroadcastShapes<A extends Shape, B extends Shape> = A extends readonly [
  infer X extends Dim,
  ...infer RestA extends Shape,
]
  ? B extends readonly [infer Y extends Dim, ...infer RestB extends Shape]
    ? readonly [BroadcastDim<X, Y>, ...BroadcastShapes<RestA, RestB>]
    : readonly []
  : readonly [];

type HasNever<T extends Shape> = T extends readonly [infer X, ...infer Rest extends Shape]
  ? [X] extends [never]
    ? true
    : HasNever<Rest>
  : false;

/**
 * The shape of `a ⊕ b` for two same-rank shapes where each dimension pair is equal or has a
 * 1. For shapes that do not broadcast it is an object whose fields say so, which makes the
 * compiler's message readable.
 */
export type Broadcast<A extends Shape, B extends Shape> = A['length'] extends B['length']
  ? HasNever<BroadcastShapes<A, B>> extends true
    ? { readonly error: 'shapes do not broadcast'; readonly a: A; readonly b: B }
    : BroadcastShapes<A, B>
  : { readonly error: 'ranks differ'; readonly a: A; readonly b: B };

type Checked<A extends Shape, B extends Shape> = Broadcast<A, B> extends Shape
  ? unknown
  : Broadcast<A, B>;

function broadcastShape(fn: string, a: tf.Tensor, b: tf.Tensor): void {
  if (a.rank !== b.rank) {
    throw new ShapeError(fn, 'b', `rank ${a.rank} (as a [${a.shape.join(', ')}])`, b.shape);
  }
  for (let i = 0; i < a.rank; i++) {
    const x = a.shape[i] as number;
    const y = b.shape[i] as number;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(
        fn,
        'b',
        `broadcastable with a [${a.shape.join(', ')}]`,
        b.shape,
        `dimension ${i}: ${y} against ${x}`,
      );
    }
  }
}

/**
 * Element-wise `a + b` with same-rank broadcasting (each dimension equal or 1).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { add, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.zeros([2, 4, 4, 8]), [2, 4, 4, 8] as const);
 * const s = assertShape('example', 's', tf.ones([2, 1, 1, 8]), [2, 1, 1, 8] as const);
 * const y = add(x, s); // Tensor<readonly [2, 4, 4, 8]>
 * ```
 */
export function add<A extends Shape, B extends Shape>(
  a: Tensor<A>,
  b: Tensor<B> & Checked<A, B>,
): Tensor<Broadcast<A, B> extends infer S extends Shape ? S : never> {
  broadcastShape('add', a, b as tf.Tensor);
  return tf.add(a, b as tf.Tensor) as never;
}

/** Element-wise `a − b` with same-rank broadcasting, as {@link add}. */
export function sub<A extends Shape, B extends Shape>(
  a: Tensor<A>,
  b: Tensor<B> & Checked<A, B>,
): Tensor<Broadcast<A, B> extends infer S extends Shape ? S : never> {
  broadcastShape('sub', a, b as tf.Tensor);
  return tf.sub(a, b as tf.Tensor) as never;
}

/** Element-wise `a · b` with same-rank broadcasting, as {@link add}. */
export function mul<A extends Shape, B extends Shape>(
  a: Tensor<A>,
  b: Tensor<B> & Checked<A, B>,
): Tensor<Broadcast<A, B> extends infer S extends Shape ? S : never> {
  broadcastShape('mul', a, b as tf.Tensor);
  return tf.mul(a, b as tf.Tensor) as never;
}
