/**
 * Browser image reading: `File`, `Blob`, `ImageBitmap`, `HTMLImageElement`, canvases and
 * `ImageData` to the model's uint8 NHWC input. Decoding is the browser's; resizing and
 * channel conversion are the same code as in Node ({@link prepareImage}), so a model trained
 * from files in Node sees the same pixels when it scores the same PNG in a browser.
 */
import type { ImageArray } from '../train/images.js';
import { checkDeclaredSize, DEFAULT_MAX_PIXELS, ImageReadError, imageHeader, prepareImage, type RawImage } from './images.js';

/** What {@link readBrowserImage} accepts. */
export type BrowserImageSource = Blob | ImageBitmap | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | ImageData;

/** Options of {@link readBrowserImage}. */
export interface BrowserReadOptions {
  readonly size: number;
  readonly channels: 1 | 3;
  /** Refuse images declaring more pixels (default 64 MP), checked before decoding where the bytes allow. */
  readonly maxPixels?: number;
  /** The name errors use (default: the file's name, or the source's kind). */
  readonly name?: string;
}

function nameOf(source: BrowserImageSource, name?: string): string {
  if (name) return name;
  if (typeof File !== 'undefined' && source instanceof File) return source.name || 'file';
  return (source as { constructor?: { name?: string } }).constructor?.name ?? 'image';
}

function pixelsOf(source: CanvasImageSource, width: number, height: number, name: string): RawImage {
  const canvas: OffscreenCanvas | HTMLCanvasElement =
    typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!ctx) throw new ImageReadError(name, 'cannot be read: no 2D canvas context in this browser');
  ctx.drawImage(source, 0, 0);
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, channels: 4, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Decodes a browser image source to 8-bit RGBA at its own size. A `Blob`'s PNG/JPEG header is
 * checked against `maxPixels` before the browser decodes it.
 *
 * @example
 * ```ts
 * import { decodeBrowserImage } from 'ocr-gan';
 * // const raw = await decodeBrowserImage(fileInput.files[0]); // { width, height, channels: 4, data }
 * ```
 */
export async function decodeBrowserImage(source: BrowserImageSource, options: Omit<BrowserReadOptions, 'size' | 'channels'> = {}): Promise<RawImage> {
  const name = nameOf(source, options.name);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (typeof ImageData !== 'undefined' && source instanceof ImageData) {
    checkDeclaredSize(name, source.width, source.height, maxPixels);
    return { width: source.width, height: source.height, channels: 4, data: new Uint8Array(source.data.buffer, source.data.byteOffset, source.data.byteLength) };
  }
  if (source instanceof Blob) {
    if (source.size === 0) throw new ImageReadError(name, 'is empty (0 bytes)');
    const head = imageHeader(new Uint8Array(await source.slice(0, 65536).arrayBuffer()), name);
    checkDeclaredSize(name, head.width, head.height, maxPixels);
    let bitmap: ImageBitmap;
    try {
      // No colour management or premultiplication: the pixels as stored, as pngjs/jpeg-js give them.
      bitmap = await createImageBitmap(source, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    } catch (e) {
      throw new ImageReadError(name, `is a truncated or corrupt ${head.format.toUpperCase()} (${(e as Error).message})`);
    }
    try {
      return pixelsOf(bitmap, bitmap.width, bitmap.height, name);
    } finally {
      bitmap.close();
    }
  }
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    if (!source.complete || source.naturalWidth === 0) {
      try {
        await source.decode();
      } catch {
        throw new ImageReadError(name, `could not be loaded or decoded (${source.currentSrc || source.src || 'no src'})`);
      }
    }
    checkDeclaredSize(name, source.naturalWidth, source.naturalHeight, maxPixels);
    return pixelsOf(source, source.naturalWidth, source.naturalHeight, name);
  }
  const { width, height } = source as ImageBitmap | HTMLCanvasElement | OffscreenCanvas;
  checkDeclaredSize(name, width, height, maxPixels);
  return pixelsOf(source as CanvasImageSource, width, height, name);
}

/**
 * Reads a browser image source as the model's input: `channels` channels at `size × size`
 * (alpha on black, area averaging down, bilinear up: the same as the Node readers).
 *
 * @example
 * ```ts
 * import { readBrowserImage } from 'ocr-gan';
 * // const x = await readBrowserImage(file, { size: 64, channels: 3 }); // x.data: 64·64·3 bytes
 * ```
 */
export async function readBrowserImage(source: BrowserImageSource, options: BrowserReadOptions): Promise<RawImage> {
  return prepareImage(await decodeBrowserImage(source, options), options.size, options.channels);
}

/**
 * Reads several browser image sources into one `ImageArray` (e.g. the files of an
 * `<input type="file" multiple>`), ready for `scoreImages` or `fit`.
 *
 * @example
 * ```ts
 * import { loadBrowserImages } from 'ocr-gan';
 * // const set = await loadBrowserImages([...input.files], { size: 64, channels: 3 });
 * ```
 */
export async function loadBrowserImages(sources: readonly BrowserImageSource[], options: Omit<BrowserReadOptions, 'name'>): Promise<ImageArray> {
  const per = options.size * options.size * options.channels;
  const images = new Uint8Array(sources.length * per);
  for (let i = 0; i < sources.length; i++) images.set((await readBrowserImage(sources[i] as BrowserImageSource, options)).data, i * per);
  return { images, shape: [sources.length, options.size, options.size, options.channels] };
}
