import * as tf from '@tensorflow/tfjs-core';
import { axesOf, saved, single } from './util.js';

/** `dy` reshaped so that it broadcasts against the input: reduced axes kept as size 1. */
function expanded(dy: tf.Tensor, xShape: readonly number[], axes: readonly number[]): tf.Tensor {
  const shape = xShape.map((d, i) => (axes.includes(i) ? 1 : d));
  return tf.reshape(dy, shape);
}

// Multiplying by a filled tensor broadcasts in one kernel on every backend; broadcastTo would
// go through Tile, which is slow on wasm.

/** Gradient of `Sum`: `dy` spread over the summed axes. @example `tf.registerGradient(sumGrad)` */
export const sumGrad: tf.GradConfig = {
  kernelName: 'Sum',
  inputsToSave: ['x'],
  gradFunc: (dy, s, attrs) => {
    const x = saved('Sum', s, 0);
    const axes = axesOf(attrs['axis'], x.shape);
    const g = single('Sum', dy);
    return { x: () => tf.mul(expanded(g, x.shape, axes), tf.fill(x.shape, 1)) };
  },
};

/** Gradient of `Mean`: `dy/n` spread over the averaged axes. @example `tf.registerGradient(meanGrad)` */
export const meanGrad: tf.GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, s, attrs) => {
    const x = saved('Mean', s, 0);
    const axes = axesOf(attrs['axis'], x.shape);
    const n = axes.reduce((p, a) => p * (x.shape[a] as number), 1);
    const g = single('Mean', dy);
    return { x: () => tf.mul(expanded(g, x.shape, axes), tf.fill(x.shape, 1 / n)) };
  },
};

/** The reduction gradients. @example `reductionGradients.forEach(tf.registerGradient)` */
export const reductionGradients: readonly tf.GradConfig[] = [sumGrad, meanGrad];
