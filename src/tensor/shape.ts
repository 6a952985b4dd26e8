import type * as tf from '@tensorflow/tfjs-core';

/**
 * One dimension of a shape: a number literal when the size is known to the type checker
 * (`3`, `64`), `number` when it is only known at run time, or a string naming a symbolic
 * size (`'B'`, `'H'`) that must agree wherever the same name appears.
 */
export type Dim = number | string;

/** A tensor shape as the type checker sees it. */
export type Shape = readonly Dim[];

declare const shapeTag: unique symbol;

/**
 * A tfjs tensor whose shape is part of its type. At run time it is a plain `tf.Tensor`;
 * the shape lives only in the type, and the DSL's ops check it again at run time.
 */
export type Tensor<S extends Shape> = tf.Tensor & { readonly [shapeTag]: S };

/** A scalar (`[]`). */
export type Scalar = Tensor<readonly []>;
/** A vector `[C]`: a bias, batch-norm scale, or per-image score. */
export type Tensor1<C extends Dim> = Tensor<readonly [C]>;
/** A matrix `[N, C]`: dense inputs and weights, pooled features. */
export type Tensor2<N extends Dim, C extends Dim> = Tensor<readonly [N, C]>;
/** A rank-4 tensor. */
export type Tensor4<A extends Dim, B extends Dim, C extends Dim, D extends Dim> = Tensor<
  readonly [A, B, C, D]
>;
/** A rank-5 tensor. */
export type Tensor5<A extends Dim, B extends Dim, C extends Dim, D extends Dim, E extends Dim> =
  Tensor<readonly [A, B, C, D, E]>;

/** A batch of images, NHWC: batch, height, width, channels. */
export type Images<B extends Dim, H extends Dim, W extends Dim, C extends Dim> = Tensor4<B, H, W, C>;
/** A batch of feature maps, NHWC. Same layout as {@link Images}; the name says what it holds. */
export type FeatureMap<B extends Dim, H extends Dim, W extends Dim, C extends Dim> = Tensor4<
  B,
  H,
  W,
  C
>;
/** A conv2d filter, `[kh, kw, in, out]`. */
export type ConvFilter<K extends Dim, Ci extends Dim, Co extends Dim> = Tensor4<K, K, Ci, Co>;
/** A conv2dTranspose filter, `[kh, kw, out, in]` (tfjs's layout). */
export type ConvTransposeFilter<K extends Dim, Co extends Dim, Ci extends Dim> = Tensor4<
  K,
  K,
  Co,
  Ci
>;

/** The shape a `Tensor<S>` carries in its type. */
export type ShapeOf<T> = T extends Tensor<infer S> ? S : never;
/** The channel (last) dimension of a rank-4 tensor type. */
export type ChannelsOf<T> = T extends Tensor4<Dim, Dim, Dim, infer C> ? C : never;

/** Brands a tfjs tensor with a shape type, without checking. Prefer {@link assertShape}. */
export function unsafeCast<S extends Shape>(t: tf.Tensor): Tensor<S> {
  return t as Tensor<S>;
}
