import * as t from 'io-ts';
import { decodeOrThrow } from '../config/decode.js';
import { IntAtLeast } from '../config/numbers.js';
import { refineNumber } from '../config/refine.js';
import { withDefaults } from '../config/with_defaults.js';
import { foldIn, prngKey, type Key } from '../random/key.js';
import { applyDefect, type DefectKind } from './defects.js';
import { Stream } from './stream.js';
import { drawTextureStyle, renderTexture, type TextureKind, type TextureStyle } from './textures.js';

const Kind = t.union([t.literal('scratch'), t.literal('spot'), t.literal('hole')]);

/** The options of `syntheticDefects`, with their defaults. */
export const SyntheticOptions = withDefaults(
  t.type({
    seed: refineNumber('Integer', Number.isInteger, () => 'an integer seed'),
    size: IntAtLeast(16),
    channels: t.union([t.literal(1), t.literal(3)]),
    texture: t.union([t.literal('wood'), t.literal('weave'), t.literal('stripes')]),
    trainCount: IntAtLeast(0),
    testNormalCount: IntAtLeast(0),
    testDefectCount: IntAtLeast(0),
    defects: t.array(Kind),
  }),
  { seed: 0, size: 64, channels: 1, texture: 'wood', trainCount: 200, testNormalCount: 50, testDefectCount: 50, defects: ['scratch', 'spot', 'hole'] },
);
/** Options of `syntheticDefects`; all optional. */
export type SyntheticOptions = Partial<t.TypeOf<typeof SyntheticOptions>>;

/** Images as one uint8 array in NHWC order; `shape` is `[N, H, W, C]`. */
export interface ImageSet {
  readonly images: Uint8Array;
  readonly shape: readonly [number, number, number, number];
}

/** Test images with ground truth. */
export interface LabelledImageSet extends ImageSet {
  /** One per image: 0 = normal, 1 = defect. */
  readonly labels: Uint8Array;
  /** N·H·W values in NHW order: 1 where a pixel belongs to a defect, else 0. */
  readonly masks: Uint8Array;
  /** One per image: the defect painted, or null for a normal image. */
  readonly defects: readonly (DefectKind | null)[];
}

/** A synthetic data set: normal training images and a mixed, labelled test split. */
export interface SyntheticDataset {
  readonly train: ImageSet;
  readonly test: LabelledImageSet;
  /** The texture all images share. */
  readonly style: TextureStyle;
}

/**
 * A seeded set of textured images with synthetic defects: the default data set of the demo
 * and of the learning tests, needing no files and no tfjs.
 *
 * All images share one texture family (`wood` grain, `weave` or `stripes`, orientation,
 * frequency and tint drawn from the seed) and vary in phase, frequency, orientation,
 * lighting and noise. Test defects are scratches, spots and holes, with exact masks; they
 * are clearly visible, yet move the mean brightness little against the normal variation.
 * The test split mixes normal and defect images in a seeded order.
 *
 * Same seed, same bytes. Each image depends only on the seed, its split and its index, so
 * asking for more training images keeps the first ones.
 *
 * Throws a `ConfigError` naming the option at fault.
 *
 * @example
 * ```ts
 * import { syntheticDefects } from 'ocr-gan';
 * const { train, test } = syntheticDefects({ seed: 1, size: 64, channels: 3, trainCount: 100, testNormalCount: 20, testDefectCount: 20 });
 * train.shape;       // [100, 64, 64, 3]
 * test.labels[0];    // 0 or 1
 * test.masks.length; // 40 * 64 * 64
 * ```
 */
export function syntheticDefects(options: SyntheticOptions = {}): SyntheticDataset {
  const o = decodeOrThrow(SyntheticOptions, options, 'syntheticDefects options');
  if (o.testDefectCount > 0 && o.defects.length === 0) {
    throw new RangeError("syntheticDefects: option 'defects' must name at least one kind when testDefectCount > 0");
  }
  const root = prngKey(o.seed);
  const style = drawTextureStyle(new Stream(foldIn(root, 0)), o.texture);
  const { size, channels } = o;
  const pixelCount = size * size;
  const grey = new Float32Array(pixelCount);
  const colour = new Float32Array(pixelCount * channels);

  const trainKey = foldIn(root, 1);
  const train = new Uint8Array(o.trainCount * pixelCount * channels);
  for (let i = 0; i < o.trainCount; i++) {
    renderNormal(foldIn(trainKey, i), style, size, channels, grey, colour);
    toBytes(colour, train, i * pixelCount * channels);
  }

  const testKey = foldIn(root, 2);
  const n = o.testNormalCount + o.testDefectCount;
  const order = shuffled(new Stream(foldIn(root, 3)), n);
  const images = new Uint8Array(n * pixelCount * channels);
  const masks = new Uint8Array(n * pixelCount);
  const labels = new Uint8Array(n);
  const defects: (DefectKind | null)[] = new Array<DefectKind | null>(n).fill(null);
  for (let j = 0; j < n; j++) {
    const slot = order[j] as number;
    const key = foldIn(testKey, j);
    const s = renderNormal(key, style, size, channels, grey, colour);
    if (j >= o.testNormalCount) {
      const kind = o.defects[(j - o.testNormalCount) % o.defects.length] as DefectKind;
      applyDefect(s, kind, size, channels, colour, masks.subarray(slot * pixelCount, (slot + 1) * pixelCount));
      labels[slot] = 1;
      defects[slot] = kind;
    }
    toBytes(colour, images, slot * pixelCount * channels);
  }

  return {
    train: { images: train, shape: [o.trainCount, size, size, channels] },
    test: { images, labels, masks, defects, shape: [n, size, size, channels] },
    style,
  };
}

/** Renders a normal image into `colour` and returns its stream, for a defect to continue. */
function renderNormal(key: Key, style: TextureStyle, size: number, channels: number, grey: Float32Array, colour: Float32Array): Stream {
  const s = new Stream(key);
  renderTexture(s, style, size, grey);
  if (channels === 1) colour.set(grey);
  else {
    // The tint keeps the mean near the grey one, so colour sets are as hard as grey ones.
    const [r, g, b] = style.tint;
    const norm = 3 / (r + g + b);
    for (let p = 0; p < grey.length; p++) {
      const v = grey[p] as number;
      colour[3 * p] = v * r * norm;
      colour[3 * p + 1] = v * g * norm;
      colour[3 * p + 2] = v * b * norm;
    }
  }
  return s;
}

function toBytes(src: Float32Array, dst: Uint8Array, offset: number): void {
  for (let i = 0; i < src.length; i++) {
    const v = src[i] as number;
    dst[offset + i] = v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
  }
}

function shuffled(s: Stream, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = s.int(0, i + 1);
    const tmp = p[i] as number;
    p[i] = p[j] as number;
    p[j] = tmp;
  }
  return p;
}
