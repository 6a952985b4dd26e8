import * as tf from '@tensorflow/tfjs-core';
import { saved, single } from './util.js';

/** The convolution attributes the backward kernels share with the forward ones. */
function geometry(attrs: tf.NamedAttrMap): tf.NamedAttrMap {
  return {
    strides: attrs['strides'],
    pad: attrs['pad'],
    dataFormat: attrs['dataFormat'] ?? 'NHWC',
    dimRoundingMode: attrs['dimRoundingMode'],
  } as tf.NamedAttrMap;
}

function checkNoDilation(kernel: string, attrs: tf.NamedAttrMap): void {
  const d = attrs['dilations'];
  const ones = d === undefined || d === 1 || (Array.isArray(d) && d.every((v) => v === 1));
  if (!ones) {
    throw new Error(`${kernel} gradient: attribute 'dilations' must be 1, got ${JSON.stringify(d)}`);
  }
}

// The kernels are called by name so that a backend's own registration is what runs: on wasm,
// the fast Conv2DBackpropFilter / Conv2DBackpropInput kernels that initBackend adds.
function run(kernel: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): tf.Tensor {
  return tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor;
}

/**
 * Gradient of `Conv2D`: the input gradient is `Conv2DBackpropInput(dy, filter)` and the
 * filter gradient `Conv2DBackpropFilter(x, dy)`, with the forward stride and padding.
 *
 * @example
 * ```ts
 * tf.registerGradient(conv2DGrad);
 * ```
 */
export const conv2DGrad: tf.GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, s, attrs) => {
    checkNoDilation('Conv2D', attrs);
    const g = single('Conv2D', dy);
    const x = saved('Conv2D', s, 0);
    const filter = saved('Conv2D', s, 1);
    const geo = geometry(attrs);
    return {
      x: () => run('Conv2DBackpropInput', { dy: g, filter }, { ...geo, inputShape: x.shape }),
      filter: () => run('Conv2DBackpropFilter', { x, dy: g }, { ...geo, filterShape: filter.shape }),
    };
  },
};

/**
 * Gradient of `Conv2DBackpropInput`, the forward pass of a transposed convolution
 * `y = convᵀ(dy, filter)`: w.r.t. its input `dy` it is the forward convolution of the upstream
 * gradient, `Conv2D(g, filter)`; w.r.t. the filter it is `Conv2DBackpropFilter(g, dy)`.
 *
 * @example
 * ```ts
 * tf.registerGradient(conv2DBackpropInputGrad);
 * ```
 */
export const conv2DBackpropInputGrad: tf.GradConfig = {
  kernelName: 'Conv2DBackpropInput',
  inputsToSave: ['dy', 'filter'],
  gradFunc: (ddx, s, attrs) => {
    const g = single('Conv2DBackpropInput', ddx);
    const dy = saved('Conv2DBackpropInput', s, 0);
    const filter = saved('Conv2DBackpropInput', s, 1);
    const geo = geometry(attrs);
    return {
      dy: () => run('Conv2D', { x: g, filter }, { ...geo, dilations: 1 }),
      filter: () => run('Conv2DBackpropFilter', { x: g, dy }, { ...geo, filterShape: filter.shape }),
    };
  },
};

/** The convolution gradients. @example `convGradients.forEach(tf.registerGradient)` */
export const convGradients: readonly tf.GradConfig[] = [conv2DGrad, conv2DBackpropInputGrad];
