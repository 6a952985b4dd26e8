import * as tf from '@tensorflow/tfjs-core';

/** Adam's hyper-parameters. Defaults: the official code's (lr 2e-4, β = (0.5, 0.999), ε = 1e-8). */
export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export const defaultAdamOptions: AdamOptions = { learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 };

/** Adam's state: first and second moments by parameter name, and the step count. */
export interface AdamState {
  readonly step: number;
  readonly m: ReadonlyMap<string, tf.Tensor>;
  readonly v: ReadonlyMap<string, tf.Tensor>;
}

/**
 * Zero moments for every parameter.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adamInit } from 'ocr-gan';
 * const state = adamInit(new Map([['w', tf.zeros([3])]]));
 * ```
 */
export function adamInit(params: ReadonlyMap<string, tf.Tensor>): AdamState {
  const m = new Map<string, tf.Tensor>();
  const v = new Map<string, tf.Tensor>();
  for (const [k, p] of params) {
    m.set(k, tf.zerosLike(p));
    v.set(k, tf.zerosLike(p));
  }
  return { step: 0, m, v };
}

/**
 * One Adam step, PyTorch's formula: `p −= lr·m̂/(√v̂ + ε)` with bias corrections `1 − βᵗ`.
 * Pure: returns new parameters and state; the caller disposes the old ones (see
 * {@link disposeAdamState}). A parameter whose gradient is exactly 0 stays bitwise equal.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { adamInit, adamStep } from 'ocr-gan';
 * const params = new Map([['w', tf.ones([2])]]);
 * const grads = new Map([['w', tf.tensor([0.5, -0.5])]]);
 * const next = adamStep(params, grads, adamInit(params));
 * ```
 */
export function adamStep(
  params: ReadonlyMap<string, tf.Tensor>,
  grads: ReadonlyMap<string, tf.Tensor>,
  state: AdamState,
  options: AdamOptions = defaultAdamOptions,
): { params: Map<string, tf.Tensor>; state: AdamState } {
  const { learningRate: lr, beta1, beta2, epsilon } = options;
  const step = state.step + 1;
  const c1 = 1 - beta1 ** step;
  const c2 = 1 - beta2 ** step;
  const nextParams = new Map<string, tf.Tensor>();
  const m = new Map<string, tf.Tensor>();
  const v = new Map<string, tf.Tensor>();
  for (const [name, p] of params) {
    const g = grads.get(name);
    const m0 = state.m.get(name);
    const v0 = state.v.get(name);
    if (g === undefined || m0 === undefined || v0 === undefined) {
      throw new Error(`adamStep: parameter '${name}' has no ${g === undefined ? 'gradient' : 'optimiser state'}`);
    }
    const [p1, m1, v1] = tf.tidy(() => {
      const mNew = tf.add(tf.mul(m0, beta1), tf.mul(g, 1 - beta1));
      const vNew = tf.add(tf.mul(v0, beta2), tf.mul(tf.square(g), 1 - beta2));
      const denom = tf.add(tf.div(tf.sqrt(vNew), Math.sqrt(c2)), epsilon);
      const pNew = tf.sub(p, tf.mul(tf.div(mNew, denom), lr / c1));
      return [pNew, mNew, vNew];
    });
    nextParams.set(name, p1 as tf.Tensor);
    m.set(name, m1 as tf.Tensor);
    v.set(name, v1 as tf.Tensor);
  }
  return { params: nextParams, state: { step, m, v } };
}

/** Disposes an Adam state's moment tensors. */
export function disposeAdamState(state: AdamState): void {
  tf.dispose([...state.m.values(), ...state.v.values()]);
}
