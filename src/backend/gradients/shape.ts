import * as tf from '@tensorflow/tfjs-core';
import { axesOf, saved, single } from './util.js';

/** Gradient of `Reshape`: `dy` in the input's shape. @example `tf.registerGradient(reshapeGrad)` */
export const reshapeGrad: tf.GradConfig = {
  kernelName: 'Reshape',
  inputsToSave: ['x'],
  gradFunc: (dy, s) => ({ x: () => tf.reshape(single('Reshape', dy), saved('Reshape', s, 0).shape) }),
};

/** Gradient of `Transpose`: `dy` transposed by the inverse permutation. @example `tf.registerGradient(transposeGrad)` */
export const transposeGrad: tf.GradConfig = {
  kernelName: 'Transpose',
  gradFunc: (dy, _s, attrs) => {
    const perm = attrs['perm'] as number[];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return { x: () => tf.transpose(single('Transpose', dy), inverse) };
  },
};

/**
 * Gradient of `Concat`: `dy` cut back into the inputs' extents along the axis. Slices rather
 * than a split, so the backward pass needs no kernel the forward pass does not.
 *
 * @example
 * ```ts
 * tf.registerGradient(concatGrad);
 * ```
 */
export const concatGrad: tf.GradConfig = {
  kernelName: 'Concat',
  saveAllInputs: true,
  gradFunc: (dy, s, attrs) => {
    const g = single('Concat', dy);
    const first = saved('Concat', s, 0);
    const axis = axesOf(attrs['axis'], first.shape)[0] as number;
    const map: Record<string, () => tf.Tensor> = {};
    let offset = 0;
    s.forEach((x, i) => {
      const begin = g.shape.map((_, d) => (d === axis ? offset : 0));
      offset += x.shape[axis] as number;
      map[i] = () => tf.slice(g, begin, x.shape);
    });
    return map;
  },
};

/** Gradient of `Slice`: `dy` zero-padded back into the input's extent. @example `tf.registerGradient(sliceGrad)` */
export const sliceGrad: tf.GradConfig = {
  kernelName: 'Slice',
  inputsToSave: ['x'],
  gradFunc: (dy, s, attrs) => {
    const x = saved('Slice', s, 0);
    const [begin = [], size = []] = tf.slice_util.parseSliceParams(
      x,
      attrs['begin'] as number | number[],
      attrs['size'] as number | number[],
    );
    const paddings = x.shape.map((d, i): [number, number] => {
      const b = begin[i] ?? 0;
      return [b, d - b - (size[i] ?? d - b)];
    });
    return { x: () => tf.pad(single('Slice', dy), paddings) };
  },
};

/** Gradient of `PadV2`: the centre of `dy`. @example `tf.registerGradient(padV2Grad)` */
export const padV2Grad: tf.GradConfig = {
  kernelName: 'PadV2',
  inputsToSave: ['x'],
  gradFunc: (dy, s, attrs) => {
    const x = saved('PadV2', s, 0);
    const paddings = attrs['paddings'] as [number, number][];
    const begin = paddings.map((p) => p[0]);
    return { x: () => tf.slice(single('PadV2', dy), begin, x.shape) };
  },
};

/**
 * Folds the padded borders of `g` along one axis back onto the positions they copied.
 * 'reflect' mirrors about the edge element (`x[1]` lands at `−1`), 'symmetric' repeats it
 * (`x[0]` lands at `−1`), so the folded borders start one element further in for 'reflect'.
 */
function foldAxis(g: tf.Tensor, axis: number, n: number, before: number, after: number, mode: string): tf.Tensor {
  const at = (start: number, len: number) => tf.slice(g, g.shape.map((_, d) => (d === axis ? start : 0)),
    g.shape.map((d, k) => (k === axis ? len : d)));
  const along = (lo: number, hi: number): [number, number][] => g.shape.map((_, d) => (d === axis ? [lo, hi] : [0, 0]));
  const shift = mode === 'reflect' ? 1 : 0;
  let out = at(before, n);
  if (before > 0) {
    const left = tf.reverse(at(0, before), axis);
    out = tf.add(out, tf.pad(left, along(shift, n - before - shift)));
  }
  if (after > 0) {
    const right = tf.reverse(at(before + n, after), axis);
    out = tf.add(out, tf.pad(right, along(n - after - shift, shift)));
  }
  return out;
}

/**
 * Gradient of `MirrorPad`: every padded element's gradient is added to the input element it
 * copied, one axis at a time (mirror padding is separable).
 *
 * @example
 * ```ts
 * tf.registerGradient(mirrorPadGrad);
 * ```
 */
export const mirrorPadGrad: tf.GradConfig = {
  kernelName: 'MirrorPad',
  inputsToSave: ['x'],
  gradFunc: (dy, s, attrs) => {
    const x = saved('MirrorPad', s, 0);
    const paddings = attrs['paddings'] as [number, number][];
    const mode = attrs['mode'] as string;
    return {
      x: () =>
        paddings.reduce(
          (g, [before, after], axis) => foldAxis(g, axis, x.shape[axis] as number, before, after, mode),
          single('MirrorPad', dy),
        ),
    };
  },
};

/** Gradient of `Pack` (stack): `dy` unstacked along the axis. @example `tf.registerGradient(packGrad)` */
export const packGrad: tf.GradConfig = {
  kernelName: 'Pack',
  saveAllInputs: true,
  gradFunc: (dy, s, attrs) => {
    const parts = tf.unstack(single('Pack', dy), attrs['axis'] as number);
    const map: Record<string, () => tf.Tensor> = {};
    s.forEach((_, i) => {
      map[i] = () => saved('Pack', parts, i);
    });
    return map;
  },
};

/**
 * Gradient of `Unpack` (unstack): the outputs' gradients stacked back along the axis. The
 * engine passes zeros for outputs that did not reach the loss.
 *
 * @example
 * ```ts
 * tf.registerGradient(unpackGrad);
 * ```
 */
export const unpackGrad: tf.GradConfig = {
  kernelName: 'Unpack',
  gradFunc: (dy, _s, attrs) => {
    const parts = Array.isArray(dy) ? dy : [dy];
    return { value: () => tf.stack(parts, attrs['axis'] as number) };
  },
};

/**
 * Gradient of `Tile`: `dy` viewed as `[r₀, n₀, r₁, n₁, …]` and summed over the repeat axes.
 *
 * @example
 * ```ts
 * tf.registerGradient(tileGrad);
 * ```
 */
export const tileGrad: tf.GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy, s, attrs) => {
    const x = saved('Tile', s, 0);
    const reps = attrs['reps'] as number[];
    const split = x.shape.flatMap((n, i) => [reps[i] as number, n]);
    const repAxes = x.shape.map((_, i) => 2 * i);
    return { x: () => tf.reshape(tf.sum(tf.reshape(single('Tile', dy), split), repAxes), x.shape) };
  },
};

/** The shape-moving gradients. @example `shapeGradients.forEach(tf.registerGradient)` */
export const shapeGradients: readonly tf.GradConfig[] = [
  reshapeGrad,
  transposeGrad,
  concatGrad,
  sliceGrad,
  padV2Grad,
  mirrorPadGrad,
  packGrad,
  unpackGrad,
  tileGrad,
];
