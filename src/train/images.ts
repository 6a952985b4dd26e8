import * as tf from '@tensorflow/tfjs-core';
import { showValue } from '../config/show_value.js';
import type { Images } from '../tensor/shape.js';

/** Images as one uint8 array in NHWC order; `shape` is `[N, H, W, C]`. */
export interface ImageArray {
  readonly images: Uint8Array;
  readonly shape: readonly [number, number, number, number];
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'an object';
}

/**
 * Checks an image array before anything is allocated from it: its type, a `[N, H, W, C]`
 * shape of integers that matches its data, and the model's size and channels. Errors name
 * the function and the argument.
 *
 * @example
 * ```ts
 * import { checkImageArray } from 'ocr-gan';
 * checkImageArray('myTool', 'images', { images: new Uint8Array(2 * 16 * 16), shape: [2, 16, 16, 1] }, 16, 1);
 * ```
 */
export function checkImageArray(fn: string, arg: string, set: ImageArray, size: number, channels: number): void {
  if (typeof set !== 'object' || set === null) {
    throw new TypeError(`${fn}: argument '${arg}' must be an image array { images: Uint8Array, shape: [N, H, W, C] }, got ${kindOf(set)}`);
  }
  if (!(set.images instanceof Uint8Array)) {
    // Float pixels would carry NaN and out-of-range values into training unnoticed.
    throw new TypeError(
      `${fn}: argument '${arg}.images' must be a Uint8Array of 0–255 pixel values, got ${kindOf(set.images)} (scale and round float images to bytes first)`,
    );
  }
  const shape = set.shape as readonly unknown[];
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new RangeError(`${fn}: argument '${arg}.shape' must be [N, H, W, C] of non-negative integers, got ${showValue(shape)}`);
  }
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
