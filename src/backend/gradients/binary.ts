import * as tf from '@tensorflow/tfjs-core';
import { reduceToShape, saved, single } from './util.js';

// Each binary kernel broadcasts, so every input's gradient is summed back to its own shape.

/** Gradient of `Add`: `dy` to both inputs. @example `tf.registerGradient(addGrad)` */
export const addGrad: tf.GradConfig = {
  kernelName: 'Add',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s) => {
    const g = single('Add', dy);
    return {
      a: () => reduceToShape(g, saved('Add', s, 0).shape),
      b: () => reduceToShape(g, saved('Add', s, 1).shape),
    };
  },
};

/** Gradient of `Sub`: `dy` and `−dy`. @example `tf.registerGradient(subGrad)` */
export const subGrad: tf.GradConfig = {
  kernelName: 'Sub',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s) => {
    const g = single('Sub', dy);
    return {
      a: () => reduceToShape(g, saved('Sub', s, 0).shape),
      b: () => reduceToShape(tf.neg(g), saved('Sub', s, 1).shape),
    };
  },
};

/** Gradient of `Multiply`: `dy·b` and `dy·a`. @example `tf.registerGradient(multiplyGrad)` */
export const multiplyGrad: tf.GradConfig = {
  kernelName: 'Multiply',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s) => {
    const g = single('Multiply', dy);
    const a = saved('Multiply', s, 0);
    const b = saved('Multiply', s, 1);
    return {
      a: () => reduceToShape(tf.mul(g, b), a.shape),
      b: () => reduceToShape(tf.mul(g, a), b.shape),
    };
  },
};

/** Gradient of `RealDiv`: `dy/b` and `−dy·a/b²`. @example `tf.registerGradient(realDivGrad)` */
export const realDivGrad: tf.GradConfig = {
  kernelName: 'RealDiv',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s) => {
    const g = single('RealDiv', dy);
    const a = saved('RealDiv', s, 0);
    const b = saved('RealDiv', s, 1);
    return {
      a: () => reduceToShape(tf.div(g, b), a.shape),
      b: () => reduceToShape(tf.neg(tf.div(tf.mul(g, a), tf.square(b))), b.shape),
    };
  },
};

/**
 * Gradient of `Maximum`: `dy` goes to the larger input; a tie goes to `a`, so the two
 * gradients always add up to `dy`.
 *
 * @example
 * ```ts
 * tf.registerGradient(maximumGrad);
 * ```
 */
export const maximumGrad: tf.GradConfig = {
  kernelName: 'Maximum',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s) => {
    const g = single('Maximum', dy);
    const a = saved('Maximum', s, 0);
    const b = saved('Maximum', s, 1);
    return {
      a: () => reduceToShape(tf.mul(g, tf.cast(tf.greaterEqual(a, b), 'float32')), a.shape),
      b: () => reduceToShape(tf.mul(g, tf.cast(tf.less(a, b), 'float32')), b.shape),
    };
  },
};

/** Gradient of `Minimum`: `dy` goes to the smaller input, a tie to `a`. @example `tf.registerGradient(minimumGrad)` */
export const minimumGrad: tf.GradConfig = {
  kernelName: 'Minimum',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s) => {
    const g = single('Minimum', dy);
    const a = saved('Minimum', s, 0);
    const b = saved('Minimum', s, 1);
    return {
      a: () => reduceToShape(tf.mul(g, tf.cast(tf.lessEqual(a, b), 'float32')), a.shape),
      b: () => reduceToShape(tf.mul(g, tf.cast(tf.greater(a, b), 'float32')), b.shape),
    };
  },
};

/**
 * Gradient of `SquaredDifference` `(a − b)²`: `±2·dy·(a − b)`.
 *
 * @example
 * ```ts
 * tf.registerGradient(squaredDifferenceGrad);
 * ```
 */
export const squaredDifferenceGrad: tf.GradConfig = {
  kernelName: 'SquaredDifference',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, s) => {
    const g = single('SquaredDifference', dy);
    const a = saved('SquaredDifference', s, 0);
    const b = saved('SquaredDifference', s, 1);
    const twice = () => tf.mul(g, tf.mul(tf.sub(a, b), 2));
    return {
      a: () => reduceToShape(twice(), a.shape),
      b: () => reduceToShape(tf.neg(twice()), b.shape),
    };
  },
};

/** Gradient of `AddN`: a copy of `dy` to every input. @example `tf.registerGradient(addNGrad)` */
export const addNGrad: tf.GradConfig = {
  kernelName: 'AddN',
  saveAllInputs: true,
  gradFunc: (dy, s) => {
    const g = single('AddN', dy);
    const map: Record<string, () => tf.Tensor> = {};
    s.forEach((_, i) => {
      map[i] = () => tf.clone(g);
    });
    return map;
  },
};

/** The binary and n-ary element-wise gradients. @example `binaryGradients.forEach(tf.registerGradient)` */
export const binaryGradients: readonly tf.GradConfig[] = [
  addGrad,
  subGrad,
  multiplyGrad,
  realDivGrad,
  maximumGrad,
  minimumGrad,
  squaredDifferenceGrad,
  addNGrad,
];
