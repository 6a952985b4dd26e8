import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkDeclaredSize, DEFAULT_MAX_PIXELS, ImageReadError, imageHeader, prepareImage, type RawImage, resizeMask } from './images.js';

/** Options of {@link decodeImage} and {@link readImage}. */
export interface DecodeOptions {
  /** Refuse images declaring more pixels than this (default 64 MP), checked from the header before decoding. */
  readonly maxPixels?: number;
}

function decodePng(bytes: Uint8Array, source: string): RawImage {
  let png: { width: number; height: number; data: Buffer };
  try {
    // pngjs rescales 16-bit samples to 8 bits and expands grey, palette and alpha to RGBA.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new ImageReadError(source, `is a truncated or corrupt PNG (${(e as Error).message})`);
  }
  if (png.data.length !== png.width * png.height * 4) {
    throw new ImageReadError(source, `decoded to ${png.data.length} bytes, a ${png.width} × ${png.height} RGBA image needs ${png.width * png.height * 4}`);
  }
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
}

function hasEndOfImage(bytes: Uint8Array): boolean {
  // Encoders may pad after EOI; a missing EOI means the scan data was cut off.
  for (let i = bytes.length - 1; i > 0 && i >= bytes.length - 1024; i--) {
    if (bytes[i - 1] === 0xff && bytes[i] === 0xd9) return true;
  }
  return false;
}

function decodeJpeg(bytes: Uint8Array, source: string, maxPixels: number): RawImage {
  if (!hasEndOfImage(bytes)) throw new ImageReadError(source, 'is a truncated JPEG (no end-of-image marker)');
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: Math.max(1, Math.ceil(maxPixels / 1e6)),
      // RGB output plus jpeg-js's component planes and line buffers: about 16 bytes per pixel.
      maxMemoryUsageInMB: Math.max(64, Math.ceil((maxPixels * 16) / 2 ** 20)),
    });
  } catch (e) {
    throw new ImageReadError(source, `is a corrupt or unsupported JPEG (${(e as Error).message})`);
  }
  return { width: img.width, height: img.height, channels: 3, data: img.data };
}

/**
 * Decodes a PNG (1–16 bit; grey, grey + alpha, RGB, RGBA, palette; interlaced or not) or a
 * baseline/progressive JPEG (grey, RGB, Adobe CMYK/YCCK) to 8-bit RGB or RGBA. The declared
 * size is checked against `maxPixels` before any decoding. Every failure is an
 * {@link ImageReadError} naming `source`.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { decodeImage } from 'ocr-gan/node';
 * // const img = decodeImage(readFileSync('scan.png'), 'scan.png'); // { width, height, channels: 4, data }
 * ```
 */
export function decodeImage(bytes: Uint8Array, source: string, options: DecodeOptions = {}): RawImage {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = imageHeader(bytes, source);
  checkDeclaredSize(source, header.width, header.height, maxPixels);
  return header.format === 'png' ? decodePng(bytes, source) : decodeJpeg(bytes, source, maxPixels);
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ImageReadError(path, err.code === 'ENOENT' ? 'does not exist' : err.code === 'EISDIR' ? 'is a folder, not an image' : `cannot be read (${err.message})`);
  }
}

/** Options of {@link readImage}. */
export interface ReadImageOptions extends DecodeOptions {
  /** Output side length in pixels (square). */
  readonly size: number;
  /** Output channels. */
  readonly channels: 1 | 3;
}

/**
 * Reads an image file and brings it to the model's input: `channels` channels, `size × size`
 * (area averaging down, bilinear up; see `docs/datasets.md`).
 *
 * @example
 * ```ts
 * import { readImage } from 'ocr-gan/node';
 * // const img = await readImage('scan.png', { size: 64, channels: 3 }); // 64·64·3 bytes
 * ```
 */
export async function readImage(path: string, options: ReadImageOptions): Promise<RawImage> {
  return prepareImage(decodeImage(await readBytes(path), path, options), options.size, options.channels);
}

/**
 * Reads a mask image (any PNG/JPEG; non-zero ≥ 128 is a defect), resized by nearest neighbour
 * to `size × size`, as 0/1 bytes. With `expect`, refuses a mask whose size differs from its
 * image's (a sign of mismatched files).
 *
 * @example
 * ```ts
 * import { readMask } from 'ocr-gan/node';
 * // const m = await readMask('ground_truth/crack/000_mask.png', 64); // 4096 bytes of 0/1
 * ```
 */
export async function readMask(
  path: string,
  size: number,
  options: DecodeOptions & { readonly expect?: { readonly width: number; readonly height: number; readonly image: string } } = {},
): Promise<Uint8Array> {
  const mask = decodeImage(await readBytes(path), path, options);
  const want = options.expect;
  if (want && (want.width !== mask.width || want.height !== mask.height)) {
    throw new ImageReadError(path, `is ${mask.width} × ${mask.height}, its image ${want.image} is ${want.width} × ${want.height}`);
  }
  return resizeMask(mask, size, size);
}

/**
 * Reads an image file at full size, decoded to 8-bit RGB(A), e.g. to draw an overlay on it.
 *
 * @example
 * ```ts
 * import { readRawImage } from 'ocr-gan/node';
 * // const { width, height } = await readRawImage('scan.png');
 * ```
 */
export async function readRawImage(path: string, options: DecodeOptions = {}): Promise<RawImage> {
  return decodeImage(await readBytes(path), path, options);
}

/**
 * Encodes an 8-bit image (1 to 4 channels) as a PNG.
 *
 * @example
 * ```ts
 * import { encodePng } from 'ocr-gan/node';
 * const png = encodePng({ width: 1, height: 1, channels: 1, data: new Uint8Array([128]) });
 * ```
 */
export function encodePng(image: RawImage): Uint8Array {
  const { width, height, channels, data } = image;
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const g = data[i * channels] as number;
    rgba[i * 4] = g;
    rgba[i * 4 + 1] = channels >= 3 ? (data[i * channels + 1] as number) : g;
    rgba[i * 4 + 2] = channels >= 3 ? (data[i * channels + 2] as number) : g;
    rgba[i * 4 + 3] = channels === 4 ? (data[i * 4 + 3] as number) : channels === 2 ? (data[i * 2 + 1] as number) : 255;
  }
  const png = new PNG({ width, height });
  png.data = rgba;
  return new Uint8Array(PNG.sync.write(png));
}
