import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ImageArray } from '../train/images.js';
import type { LabelledImages } from '../train/score.js';
import { prepareImage, type RawImage } from './images.js';
import { type DecodeOptions, readImage, readMask, readRawImage } from './images.node.js';

/**
 * Thrown for a data set folder that is missing parts, malformed or fails its checksums; the
 * message starts with the folder or file at fault.
 *
 * @example
 * ```ts
 * import { DatasetError, folderLayout } from 'ocr-gan/node';
 * try { folderLayout('nowhere'); } catch (e) { console.log(e instanceof DatasetError); } // true
 * ```
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

/**
 * File name endings read as images (case-insensitive).
 *
 * @example
 * ```ts
 * import { IMAGE_EXTENSIONS } from 'ocr-gan/node';
 * IMAGE_EXTENSIONS.includes('.png'); // true
 * ```
 */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

/** What the readers bring every image to. */
export interface ReadOptions extends DecodeOptions {
  /** Side length of the square model input. */
  readonly size: number;
  readonly channels: 1 | 3;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The image files of a folder (PNG and JPEG, not recursive), sorted by name so every run
 * reads them in the same order.
 *
 * @example
 * ```ts
 * import { listImages } from 'ocr-gan/node';
 * // listImages('kolektorsdd/train/good') → ['…/000.png', '…/001.png', …]
 * ```
 */
export function listImages(dir: string): string[] {
  if (!isDir(dir)) throw new DatasetError(`${dir}: no such folder`);
  return readdirSync(dir)
    .filter((f) => (IMAGE_EXTENSIONS as readonly string[]).includes(extname(f).toLowerCase()) && !f.startsWith('.'))
    .sort()
    .map((f) => join(dir, f));
}

/** One batch from {@link readImageBatches}. */
export interface ImageBatch extends ImageArray {
  /** The files of this batch, in order. */
  readonly paths: readonly string[];
}

/**
 * Reads images batch by batch, so a folder of any size is never held in memory whole: at
 * most one batch of decoded, resized images exists at a time.
 *
 * @example
 * ```ts
 * import { listImages, readImageBatches } from 'ocr-gan/node';
 * // for await (const batch of readImageBatches(listImages('photos'), { size: 64, channels: 3, batchSize: 32 })) {
 * //   console.log(batch.shape, batch.paths[0]);
 * // }
 * ```
 */
export async function* readImageBatches(
  paths: readonly string[],
  options: ReadOptions & { readonly batchSize: number },
): AsyncGenerator<ImageBatch> {
  const { size, channels, batchSize } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`readImageBatches: batchSize must be a positive integer, got ${batchSize}`);
  const per = size * size * channels;
  for (let start = 0; start < paths.length; start += batchSize) {
    const part = paths.slice(start, start + batchSize);
    const images = new Uint8Array(part.length * per);
    for (let i = 0; i < part.length; i++) images.set((await readImage(part[i] as string, options)).data, i * per);
    yield { images, shape: [part.length, size, size, channels], paths: part };
  }
}

/**
 * Reads a list of image files into one array at the model's size and channel count.
 *
 * @example
 * ```ts
 * import { loadImages } from 'ocr-gan/node';
 * // const set = await loadImages(['a.png', 'b.jpg'], { size: 64, channels: 3 });
 * ```
 */
export async function loadImages(paths: readonly string[], options: ReadOptions): Promise<ImageArray> {
  const { size, channels } = options;
  const per = size * size * channels;
  const images = new Uint8Array(paths.length * per);
  let at = 0;
  for await (const b of readImageBatches(paths, { ...options, batchSize: 64 })) {
    images.set(b.images, at);
    at += b.images.length;
  }
  return { images, shape: [paths.length, size, size, channels] };
}

/**
 * Reads every image of one folder into an array (the common case: a few hundred training
 * images, e.g. `train/good`).
 *
 * @example
 * ```ts
 * import { loadImageFolderSet } from 'ocr-gan/node';
 * // const train = await loadImageFolderSet('kolektorsdd/train/good', { size: 64, channels: 1 });
 * ```
 */
export async function loadImageFolderSet(dir: string, options: ReadOptions): Promise<ImageArray> {
  const paths = listImages(dir);
  if (paths.length === 0) throw new DatasetError(`${dir}: holds no PNG or JPEG images`);
  return loadImages(paths, options);
}

/** One test image of an MVTec-style folder. */
export interface TestEntry {
  readonly path: string;
  /** `good`, or the defect folder's name. */
  readonly defect: string;
  /** 0 normal, 1 anomalous. */
  readonly label: 0 | 1;
  /** Its ground-truth mask; absent for good images. */
  readonly mask?: string;
}

/** The files of an MVTec-style data set. */
export interface FolderLayout {
  readonly root: string;
  readonly train: readonly string[];
  readonly test: readonly TestEntry[];
  /** Whether the set has a `ground_truth` folder (then every defect image has a mask). */
  readonly hasMasks: boolean;
}

/**
 * Lists an MVTec-style data set: `train/good/*`, `test/good/*`, `test/<defect>/*` and
 * `ground_truth/<defect>/<stem>_mask.png`. Without a `ground_truth` folder the set has no
 * masks (no pixel AUROC); with one, a defect image without its mask is an error, because an
 * all-zero stand-in would silently count the whole defect as normal pixels.
 *
 * @example
 * ```ts
 * import { folderLayout } from 'ocr-gan/node';
 * // const { train, test, hasMasks } = folderLayout('kolektorsdd');
 * ```
 */
export function folderLayout(root: string, parts: { readonly train?: boolean; readonly test?: boolean } = {}): FolderLayout {
  if (!isDir(root)) throw new DatasetError(`${root}: no such folder`);
  const wantTrain = parts.train ?? true;
  const wantTest = parts.test ?? true;
  const trainDir = join(root, 'train', 'good');
  if (wantTrain && !isDir(trainDir)) throw new DatasetError(`${root}: no train/good folder (expected the MVTec layout train/good, test/good, test/<defect>)`);
  const train = wantTrain ? listImages(trainDir) : [];
  if (wantTrain && train.length === 0) throw new DatasetError(`${trainDir}: holds no PNG or JPEG images`);
  const test: TestEntry[] = [];
  const gtDir = join(root, 'ground_truth');
  const hasMasks = isDir(gtDir);
  if (wantTest) {
    const testDir = join(root, 'test');
    if (!isDir(testDir)) throw new DatasetError(`${root}: no test folder (expected test/good and test/<defect>)`);
    const kinds = readdirSync(testDir).filter((d) => isDir(join(testDir, d))).sort();
    if (!kinds.includes('good')) throw new DatasetError(`${testDir}: no good folder of normal test images`);
    for (const defect of kinds) {
      for (const path of listImages(join(testDir, defect))) {
        if (defect === 'good') {
          test.push({ path, defect, label: 0 });
          continue;
        }
        let mask: string | undefined;
        if (hasMasks) {
          const stem = basename(path, extname(path));
          const candidates = [`${stem}_mask.png`, `${stem}.png`].map((f) => join(gtDir, defect, f));
          mask = candidates.find((c) => existsSync(c));
          if (!mask) throw new DatasetError(`${path}: no ground-truth mask (looked for ${candidates[0]})`);
        }
        test.push({ path, defect, label: 1, ...(mask ? { mask } : {}) });
      }
    }
    if (!test.some((e) => e.label === 1)) throw new DatasetError(`${testDir}: no defect folder besides good`);
  }
  return { root, train, test, hasMasks };
}

/** A labelled test set with the file and defect kind of each image. */
export interface FolderTestSet extends LabelledImages {
  readonly paths: readonly string[];
  readonly defects: readonly string[];
}

/**
 * Reads an MVTec-style test split: images, labels (1 = defect) and, when the set has masks,
 * N·size·size 0/1 masks (nearest neighbour; a mask whose size differs from its image's is
 * refused).
 *
 * @example
 * ```ts
 * import { loadFolderTestSet } from 'ocr-gan/node';
 * // const test = await loadFolderTestSet('kolektorsdd', { size: 64, channels: 1 });
 * ```
 */
export async function loadFolderTestSet(root: string, options: ReadOptions, onProgress?: (done: number, total: number) => void): Promise<FolderTestSet> {
  const layout = folderLayout(root, { train: false });
  const { size, channels } = options;
  const n = layout.test.length;
  const per = size * size * channels;
  const images = new Uint8Array(n * per);
  const labels = new Uint8Array(n);
  const masks = layout.hasMasks ? new Uint8Array(n * size * size) : undefined;
  for (let i = 0; i < n; i++) {
    const e = layout.test[i] as TestEntry;
    const raw = await readRawImage(e.path, options);
    images.set(prepareImage(raw, size, channels).data, i * per);
    labels[i] = e.label;
    if (masks && e.mask) {
      masks.set(await readMask(e.mask, size, { ...options, expect: { width: raw.width, height: raw.height, image: e.path } }), i * size * size);
    }
    onProgress?.(i + 1, n);
  }
  return {
    images,
    shape: [n, size, size, channels],
    labels,
    ...(masks ? { masks } : {}),
    paths: layout.test.map((e) => e.path),
    defects: layout.test.map((e) => e.defect),
  };
}

interface ArrayEntry {
  readonly shape: readonly number[];
  readonly sha256_raw: string;
  readonly file: string;
}

interface ArrayMeta {
  readonly name?: string;
  readonly image_shape: readonly [number, number, number];
  readonly classes?: readonly string[];
  readonly train: Readonly<Record<string, ArrayEntry>>;
  readonly test: { readonly images: ArrayEntry; readonly labels: ArrayEntry };
}

/**
 * Whether `root` is a uint8 array set (it has a `meta.json`) rather than image folders.
 *
 * @example
 * ```ts
 * import { isArraySet } from 'ocr-gan/node';
 * // isArraySet('../shared/data/mnist_mini') → true; isArraySet('../shared/data/kolektorsdd') → false
 * ```
 */
export function isArraySet(root: string): boolean {
  return existsSync(join(root, 'meta.json'));
}

function readMeta(root: string): ArrayMeta {
  const path = join(root, 'meta.json');
  let meta: ArrayMeta;
  try {
    meta = JSON.parse(readFileSync(path, 'utf8')) as ArrayMeta;
  } catch (e) {
    throw new DatasetError(`${path}: cannot be read as JSON (${(e as Error).message})`);
  }
  const ok =
    Array.isArray(meta.image_shape) &&
    meta.image_shape.length === 3 &&
    meta.image_shape.every((d) => Number.isInteger(d) && d > 0) &&
    typeof meta.train === 'object' &&
    meta.train !== null &&
    typeof meta.test?.images?.file === 'string' &&
    typeof meta.test?.labels?.file === 'string';
  if (!ok) throw new DatasetError(`${path}: expected image_shape [H, W, C], train.<class>.file and test.images/labels.file`);
  return meta;
}

function readArray(root: string, entry: ArrayEntry, what: string): Uint8Array {
  const path = join(root, entry.file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(gunzipSync(readFileSync(path)));
  } catch (e) {
    throw new DatasetError(`${path}: cannot be read or un-gzipped (${(e as Error).message})`);
  }
  const want = entry.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== want) throw new DatasetError(`${path}: holds ${bytes.length} bytes, meta.json's ${what} shape [${entry.shape.join(', ')}] needs ${want}`);
  if (typeof entry.sha256_raw === 'string') {
    const sum = createHash('sha256').update(bytes).digest('hex');
    if (sum !== entry.sha256_raw) throw new DatasetError(`${path}: sha256 ${sum} differs from meta.json's ${entry.sha256_raw} (corrupt or replaced file)`);
  }
  return bytes;
}

function resizeArray(bytes: Uint8Array, shape: readonly [number, number, number], n: number, options: ReadOptions): ImageArray {
  const [h, w, c] = shape;
  const { size, channels } = options;
  const per = size * size * channels;
  const out = new Uint8Array(n * per);
  for (let i = 0; i < n; i++) {
    const img: RawImage = { width: w, height: h, channels: c, data: bytes.subarray(i * h * w * c, (i + 1) * h * w * c) };
    out.set(prepareImage(img, size, channels).data, i * per);
  }
  return { images: out, shape: [n, size, size, channels] };
}

/** A one-class split of a uint8 array set. */
export interface OneClassSet {
  readonly train: ImageArray;
  readonly test: LabelledImages;
  readonly normalClass: string;
}

/**
 * Reads a uint8 array set (`meta.json`, `train/class_<k>.u8.gz`, `test/images.u8.gz`,
 * `test/labels.u8.gz`, sha256 of each verified) under the one-class protocol: class
 * `normalClass` trains, and every test image is labelled anomalous when its class differs.
 * Images are resized (area/bilinear) to `size` and converted to `channels`.
 *
 * @example
 * ```ts
 * import { loadOneClassSet } from 'ocr-gan/node';
 * // const { train, test } = loadOneClassSet('mnist_mini', '0', { size: 32, channels: 1 });
 * ```
 */
export function loadOneClassSet(root: string, normalClass: string, options: ReadOptions, parts: { readonly train?: boolean; readonly test?: boolean } = {}): OneClassSet {
  if (!isDir(root)) throw new DatasetError(`${root}: no such folder`);
  const meta = readMeta(root);
  const entry = meta.train[normalClass];
  if (!entry) throw new DatasetError(`${join(root, 'meta.json')}: no training class '${normalClass}' (classes: ${Object.keys(meta.train).join(', ')})`);
  const classIndex = meta.classes ? meta.classes.indexOf(normalClass) : Number(normalClass);
  const k = classIndex >= 0 ? classIndex : Number(normalClass);
  if (!Number.isInteger(k)) throw new DatasetError(`${root}: class '${normalClass}' has no numeric label`);
  const empty: ImageArray = { images: new Uint8Array(0), shape: [0, options.size, options.size, options.channels] };
  const train = parts.train === false ? empty : resizeArray(readArray(root, entry, `train.${normalClass}`), meta.image_shape, entry.shape[0] as number, options);
  let test: LabelledImages = { ...empty, labels: new Uint8Array(0) };
  if (parts.test !== false) {
    const images = readArray(root, meta.test.images, 'test.images');
    const classes = readArray(root, meta.test.labels, 'test.labels');
    const n = meta.test.images.shape[0] as number;
    if (classes.length !== n) throw new DatasetError(`${root}: ${classes.length} test labels for ${n} test images`);
    test = { ...resizeArray(images, meta.image_shape, n, options), labels: classes.map((l) => (l === k ? 0 : 1)) };
  }
  return { train, test, normalClass };
}

/**
 * Reads both splits of an MVTec-style folder: `train/good` as the normal training images and
 * the labelled test split (with masks when the set has them).
 *
 * @example
 * ```ts
 * import { loadImageFolderSplit } from 'ocr-gan/node';
 * // const { train, test } = await loadImageFolderSplit('kolektorsdd', { size: 64, channels: 1 });
 * ```
 */
export async function loadImageFolderSplit(root: string, options: ReadOptions): Promise<{ train: ImageArray; test: FolderTestSet }> {
  const train = await loadImages(folderLayout(root, { test: false }).train, options);
  return { train, test: await loadFolderTestSet(root, options) };
}
