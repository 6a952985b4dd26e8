import * as tf from '@tensorflow/tfjs-core';
import type { Images } from '../tensor/shape.js';

/** Images as one uint8 array in NHWC order; `shape` is `[N, H, W, C]`. */
export interface ImageArray {
  readonly images: Uint8Array;
  readonly shape: readonly [number, number, number, number];
}

/** Checks an image array's shape against its data and the model, naming the argument. */
export function checkImageArray(fn: string, arg: string, set: ImageArray, size: number, channels: number): void {
  const [n, h, w, c] = set.shape;
  if (set.images.length !== n * h * w * c) {
    throw new RangeError(`${fn}: argument '${arg}' has ${set.images.length} bytes, its shape [${set.shape.join(', ')}] needs ${n * h * w * c}`);
  }
  if (h !== size || w !== size || c !== channels) {
    throw new RangeError(
      `${fn}: argument '${arg}' holds ${h}×${w}×${c} images, the model needs ${size}×${size}×${channels} (resize them when reading)`,
    );
  }
}

/** The images at `indices` as a float tensor in [−1, 1]. */
export function batchOf(set: ImageArray, indices: ArrayLike<number>): Images<number, number, number, number> {
  const [, h, w, c] = set.shape;
  const per = h * w * c;
  const out = new Float32Array(indices.length * per);
  for (let b = 0; b < indices.length; b++) {
    const src = (indices[b] as number) * per;
    const dst = b * per;
    for (let i = 0; i < per; i++) out[dst + i] = (set.images[src + i] as number) / 127.5 - 1;
  }
  return tf.tensor4d(out, [indices.length, h, w, c]) as never;
}

/** A sub-set by indices (copies the bytes). */
export function subset(set: ImageArray, indices: ArrayLike<number>): ImageArray {
  const [, h, w, c] = set.shape;
  const per = h * w * c;
  const images = new Uint8Array(indices.length * per);
  for (let b = 0; b < indices.length; b++) {
    images.set(set.images.subarray((indices[b] as number) * per, ((indices[b] as number) + 1) * per), b * per);
  }
  return { images, shape: [indices.length, h, w, c] };
}
