import * as tf from '@tensorflow/tfjs-core';
import { foldIn, type Key } from '../random/key.js';
import { uniform } from '../random/sample.js';
import { assertShape } from '../tensor/assert_shape.js';
import type { Dim, Images } from '../tensor/shape.js';

/** CutPaste: a patch of the image, colour-jittered, pasted elsewhere in the same image. */
export interface CutPasteOptions {
  readonly enabled: boolean;
  /** Patch area as a fraction of the image, drawn uniformly from [lo, hi]. Official code: [0.02, 0.15]. */
  readonly areaRatio: readonly [number, number];
  /** Patch aspect drawn uniformly from [a, 1/a]. Official code: 0.3. */
  readonly aspectRatio: number;
  /** Brightness, contrast, saturation and hue jitter strength. Official code: 0.1. */
  readonly colorJitter: number;
}

/** Cutout: one square set to black (−1). */
export interface CutoutOptions {
  readonly enabled: boolean;
  /**
   * Side of the square in pixels; default 20 px at 256 scaled with the image size (the
   * official code keeps 20 px at every size, which hides 39 % of a 32×32 image).
   */
  readonly length?: number;
}

/** Which forged anomalies to make, and how. */
export interface ForgeOptions {
  readonly cutPaste: CutPasteOptions;
  readonly cutout: CutoutOptions;
}

export const defaultForgeOptions: ForgeOptions = {
  cutPaste: { enabled: true, areaRatio: [0.02, 0.15], aspectRatio: 0.3, colorJitter: 0.1 },
  cutout: { enabled: true },
};

/** The Cutout side at a given image size: 20 px at 256, scaled, at least 1. */
export function cutoutLength(size: number, length?: number): number {
  return length ?? Math.max(1, Math.round((20 * size) / 256));
}

interface Rect {
  readonly y: number;
  readonly x: number;
  readonly h: number;
  readonly w: number;
}

interface CutPasteDraw {
  readonly src: Rect;
  readonly dst: Rect;
  readonly brightness: number;
  readonly contrast: number;
  readonly saturation: number;
  readonly hue: number;
}

function drawCutPaste(key: Key, h: number, w: number, o: CutPasteOptions): CutPasteDraw {
  const u = uniform(key, 10);
  const at = (i: number) => u[i] as number;
  const [lo, hi] = o.areaRatio;
  const area = (lo + (hi - lo) * at(0)) * h * w;
  const a = o.aspectRatio;
  const aspect = a + (1 / a - a) * at(1);
  const cw = Math.min(w, Math.max(1, Math.round(Math.sqrt(area * aspect))));
  const ch = Math.min(h, Math.max(1, Math.round(Math.sqrt(area / aspect))));
  const j = o.colorJitter;
  const jitter = (i: number) => 1 - j + 2 * j * at(i);
  return {
    src: { y: Math.floor(at(2) * (h - ch + 1)), x: Math.floor(at(3) * (w - cw + 1)), h: ch, w: cw },
    dst: { y: Math.floor(at(4) * (h - ch + 1)), x: Math.floor(at(5) * (w - cw + 1)), h: ch, w: cw },
    brightness: jitter(6),
    contrast: jitter(7),
    saturation: jitter(8),
    hue: j * (2 * at(9) - 1),
  };
}

// Colour jitter on a patch in [0, 1], in the order torchvision's ColorJitter documents;
// hue is a rotation of the chroma plane (YIQ), which needs no HSV round trip.
function jitterPatch(p01: tf.Tensor4D, d: CutPasteDraw): tf.Tensor4D {
  const channels = p01.shape[3];
  let p: tf.Tensor4D = tf.clipByValue(tf.mul(p01, d.brightness), 0, 1) as tf.Tensor4D;
  const grey = (t: tf.Tensor4D): tf.Tensor =>
    channels === 3 ? tf.sum(tf.mul(t, tf.tensor1d([0.299, 0.587, 0.114])), 3, true) : t;
  const mean = tf.mean(grey(p));
  p = tf.clipByValue(tf.add(tf.mul(tf.sub(p, mean), d.contrast), mean), 0, 1) as tf.Tensor4D;
  if (channels === 3) {
    const g = grey(p);
    p = tf.clipByValue(tf.add(tf.mul(tf.sub(p, g), d.saturation), g), 0, 1) as tf.Tensor4D;
    const theta = 2 * Math.PI * d.hue;
    const [c, s] = [Math.cos(theta), Math.sin(theta)];
    const toYiq = tf.tensor2d([0.299, 0.596, 0.211, 0.587, -0.274, -0.523, 0.114, -0.322, 0.312], [3, 3]);
    const rot = tf.tensor2d([1, 0, 0, 0, c, s, 0, -s, c], [3, 3]);
    const fromYiq = tf.tensor2d([1, 1, 1, 0.956, -0.272, -1.106, 0.621, -0.647, 1.703], [3, 3]);
    const m = tf.matMul(tf.matMul(toYiq, rot), fromYiq);
    const flat = tf.reshape(p, [-1, 3]);
    p = tf.clipByValue(tf.reshape(tf.matMul(flat, m), p.shape), 0, 1) as tf.Tensor4D;
  }
  return p;
}

function rectMask(b: number, h: number, w: number, rects: readonly (Rect | undefined)[]): tf.Tensor4D {
  const m = new Float32Array(b * h * w);
  rects.forEach((r, i) => {
    if (!r) return;
    for (let y = Math.max(0, r.y); y < Math.min(h, r.y + r.h); y++) {
      m.fill(1, (i * h + y) * w + Math.max(0, r.x), (i * h + y) * w + Math.min(w, r.x + r.w));
    }
  });
  return tf.tensor4d(m, [b, h, w, 1]);
}

/**
 * Forged anomalies for the discriminator: CutPaste then Cutout, each switchable, all
 * geometry drawn from `key` (per image via `foldIn`), so a key reproduces a batch exactly.
 * Input and output are in [−1, 1].
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { forgeAnomalies, prngKey, assertShape } from 'ocr-gan';
 * const x = assertShape('example', 'x', tf.zeros([2, 32, 32, 3]), [2, 32, 32, 3] as const);
 * const forged = forgeAnomalies(prngKey(0), x);
 * ```
 */
export function forgeAnomalies<B extends Dim, H extends Dim, W extends Dim, C extends Dim>(
  key: Key,
  x: Images<B, H, W, C>,
  options: ForgeOptions = defaultForgeOptions,
): Images<B, H, W, C> {
  assertShape('forgeAnomalies', 'x', x, [null, null, null, null]);
  const [b, h, w, c] = x.shape as [number, number, number, number];
  if (c !== 1 && c !== 3) throw new RangeError(`forgeAnomalies: argument 'x' must have 1 or 3 channels, got ${c}`);
  return tf.tidy(() => {
    let out = x as tf.Tensor4D;
    if (options.cutPaste.enabled) {
      const draws = Array.from({ length: b }, (_, i) => drawCutPaste(foldIn(foldIn(key, 1), i), h, w, options.cutPaste));
      const canvases = draws.map((d, i) => {
        const patch = tf.slice(out, [i, d.src.y, d.src.x, 0], [1, d.src.h, d.src.w, c]);
        const jittered = jitterPatch(tf.div(tf.add(patch, 1), 2), d);
        const back = tf.sub(tf.mul(jittered, 2), 1);
        return tf.pad(back, [
          [0, 0],
          [d.dst.y, h - d.dst.y - d.dst.h],
          [d.dst.x, w - d.dst.x - d.dst.w],
          [0, 0],
        ]);
      });
      const pasted = tf.concat(canvases, 0);
      const mask = rectMask(b, h, w, draws.map((d) => d.dst));
      out = tf.add(tf.mul(out, tf.sub(1, mask)), tf.mul(pasted, mask));
    }
    if (options.cutout.enabled) {
      const len = cutoutLength(Math.max(h, w), options.cutout.length);
      const rects = Array.from({ length: b }, (_, i) => {
        const u = uniform(foldIn(foldIn(key, 2), i), 2);
        const cy = Math.floor((u[0] as number) * h);
        const cx = Math.floor((u[1] as number) * w);
        return { y: cy - Math.floor(len / 2), x: cx - Math.floor(len / 2), h: len, w: len };
      });
      const mask = rectMask(b, h, w, rects);
      out = tf.sub(tf.mul(out, tf.sub(1, mask)), mask);
    }
    return out;
  }) as never;
}
