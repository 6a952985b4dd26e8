import * as tf from '@tensorflow/tfjs-core';
import { saved, single } from './util.js';

type Local = (dy: tf.Tensor, s: readonly tf.Tensor[], attrs: tf.NamedAttrMap) => tf.Tensor;

/**
 * A one-input kernel's gradient from a local rule `dx = rule(dy, saved, attrs)`. Rules that
 * reuse the output (`exp`, `tanh`, `sigmoid`, `rsqrt`) save it rather than recompute it.
 */
function unary(kernelName: string, from: 'input' | 'output' | 'none', rule: Local): tf.GradConfig {
  const config: tf.GradConfig = {
    kernelName,
    gradFunc: (dy, s, attrs) => ({ x: () => rule(single(kernelName, dy), s, attrs) }),
  };
  if (from === 'input') config.inputsToSave = ['x'];
  if (from === 'output') config.outputsToSave = [true];
  return config;
}

/** Gradient of `Neg`: `−dy`. @example `tf.registerGradient(negGrad)` */
export const negGrad = unary('Neg', 'none', (dy) => tf.neg(dy));

/** Gradient of `Square`: `2x·dy`. @example `tf.registerGradient(squareGrad)` */
export const squareGrad = unary('Square', 'input', (dy, s) => tf.mul(dy, tf.mul(saved('Square', s, 0), 2)));

/** Gradient of `Sqrt` `y = √x`: `dy/(2y)`. @example `tf.registerGradient(sqrtGrad)` */
export const sqrtGrad = unary('Sqrt', 'output', (dy, s) => tf.div(dy, tf.mul(saved('Sqrt', s, 0), 2)));

/** Gradient of `Rsqrt` `y = x^−½`: `−½·y³·dy`. @example `tf.registerGradient(rsqrtGrad)` */
export const rsqrtGrad = unary('Rsqrt', 'output', (dy, s) => {
  const y = saved('Rsqrt', s, 0);
  return tf.mul(dy, tf.mul(tf.mul(tf.square(y), y), -0.5));
});

/** Gradient of `Exp` `y = eˣ`: `y·dy`. @example `tf.registerGradient(expGrad)` */
export const expGrad = unary('Exp', 'output', (dy, s) => tf.mul(dy, saved('Exp', s, 0)));

/** Gradient of `Log`: `dy/x`. @example `tf.registerGradient(logGrad)` */
export const logGrad = unary('Log', 'input', (dy, s) => tf.div(dy, saved('Log', s, 0)));

/**
 * Gradient of `Abs`: `sign(x)·dy`, zero at `x = 0` as in PyTorch, so an L1 loss between
 * equal values pushes neither.
 *
 * @example
 * ```ts
 * tf.registerGradient(absGrad);
 * ```
 */
export const absGrad = unary('Abs', 'input', (dy, s) => tf.mul(dy, tf.sign(saved('Abs', s, 0))));

/** Gradient of `Tanh` `y = tanh x`: `(1 − y²)·dy`. @example `tf.registerGradient(tanhGrad)` */
export const tanhGrad = unary('Tanh', 'output', (dy, s) => tf.mul(dy, tf.sub(1, tf.square(saved('Tanh', s, 0)))));

/** Gradient of `Sigmoid` `y = σ(x)`: `y(1 − y)·dy`. @example `tf.registerGradient(sigmoidGrad)` */
export const sigmoidGrad = unary('Sigmoid', 'output', (dy, s) => {
  const y = saved('Sigmoid', s, 0);
  return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
});

/** Gradient of `Relu`: `dy` where `x > 0`, else 0. @example `tf.registerGradient(reluGrad)` */
export const reluGrad = unary('Relu', 'input', (dy, s) => tf.mul(dy, tf.step(saved('Relu', s, 0))));

/** Gradient of `LeakyRelu`: `dy` where `x > 0`, else `alpha·dy`. @example `tf.registerGradient(leakyReluGrad)` */
export const leakyReluGrad = unary('LeakyRelu', 'input', (dy, s, attrs) => {
  const alpha = attrs['alpha'] as number;
  return tf.where(tf.greater(saved('LeakyRelu', s, 0), 0), dy, tf.mul(dy, alpha));
});

/**
 * Gradient of `ClipByValue`: `dy` where `min ≤ x ≤ max`, else 0 (the bounds themselves pass
 * the gradient, as PyTorch's `clamp` does).
 *
 * @example
 * ```ts
 * tf.registerGradient(clipByValueGrad);
 * ```
 */
export const clipByValueGrad = unary('ClipByValue', 'input', (dy, s, attrs) => {
  const x = saved('ClipByValue', s, 0);
  const lo = attrs['clipValueMin'] as number;
  const hi = attrs['clipValueMax'] as number;
  const inside = tf.logicalAnd(tf.greaterEqual(x, lo), tf.lessEqual(x, hi));
  return tf.where(inside, dy, tf.zerosLike(dy));
});

/** Gradient of `Cast`: `dy` unchanged. @example `tf.registerGradient(castGrad)` */
export const castGrad = unary('Cast', 'none', (dy) => tf.clone(dy));

/** Gradient of `Identity`: `dy` unchanged. @example `tf.registerGradient(identityGrad)` */
export const identityGrad = unary('Identity', 'none', (dy) => tf.clone(dy));

/** The one-input element-wise gradients. @example `unaryGradients.forEach(tf.registerGradient)` */
export const unaryGradients: readonly tf.GradConfig[] = [
  negGrad,
  squareGrad,
  sqrtGrad,
  rsqrtGrad,
  expGrad,
  logGrad,
  absGrad,
  tanhGrad,
  sigmoidGrad,
  reluGrad,
  leakyReluGrad,
  clipByValueGrad,
  castGrad,
  identityGrad,
];
