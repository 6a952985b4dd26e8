/**
 * Browser-safe pixel work shared by the Node and browser image readers: channel conversion
 * and resizing of decoded 8-bit images. Nothing here touches files or the DOM.
 */

/** A decoded 8-bit image, interleaved, row-major: `data.length === height · width · channels`. */
export interface RawImage {
  readonly width: number;
  readonly height: number;
  /** 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA). */
  readonly channels: number;
  readonly data: Uint8Array;
}

/**
 * Thrown when an image cannot be read, decoded or converted; `source` names the file or
 * argument, and the message starts with it.
 *
 * @example
 * ```ts
 * import { ImageReadError } from 'ocr-gan';
 * new ImageReadError('a.png', 'is empty (0 bytes)').message; // 'a.png: is empty (0 bytes)'
 * ```
 */
export class ImageReadError extends Error {
  override readonly name = 'ImageReadError';
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/**
 * Default refusal limit on declared image size, in pixels (64 megapixels).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_PIXELS } from 'ocr-gan';
 * DEFAULT_MAX_PIXELS; // 67108864
 * ```
 */
export const DEFAULT_MAX_PIXELS = 64 * 1024 * 1024;

/**
 * Refuses an image whose declared size is empty or above `maxPixels`, before any pixel
 * memory is allocated, so a tiny file declaring 100 000 × 100 000 pixels cannot exhaust memory.
 *
 * @example
 * ```ts
 * import { checkDeclaredSize } from 'ocr-gan';
 * checkDeclaredSize('a.png', 640, 480); // fine
 * // checkDeclaredSize('bomb.png', 100000, 100000) throws ImageReadError
 * ```
 */
export function checkDeclaredSize(source: string, width: number, height: number, maxPixels = DEFAULT_MAX_PIXELS): void {
  if (!(width > 0 && height > 0)) throw new ImageReadError(source, `declares an empty image (${width} × ${height})`);
  if (width * height > maxPixels) {
    throw new ImageReadError(
      source,
      `declares ${width} × ${height} pixels (${((width * height) / 1e6).toFixed(1)} MP), above the limit of ${(maxPixels / 1e6).toFixed(1)} MP (raise maxPixels to read it)`,
    );
  }
}

/**
 * Converts an image to 1 or 3 channels. Alpha is composited on black (`c · a / 255`): a
 * transparent pixel carries no texture, and black is what a zero-padded border looks like to
 * the model. RGB → grey uses Rec. 601 luma (0.299 R + 0.587 G + 0.114 B), which leaves a grey
 * image stored as RGB unchanged; grey → RGB replicates the value.
 *
 * @example
 * ```ts
 * import { toChannels } from 'ocr-gan';
 * const grey = toChannels({ width: 1, height: 1, channels: 3, data: new Uint8Array([255, 0, 0]) }, 1);
 * grey.data[0]; // 76
 * ```
 */
export function toChannels(image: RawImage, channels: 1 | 3): RawImage {
  const { width, height, channels: c, data } = image;
  if (![1, 2, 3, 4].includes(c)) throw new RangeError(`toChannels: an image with ${c} channels is not supported (1 to 4)`);
  if (data.length !== width * height * c) {
    throw new RangeError(`toChannels: ${data.length} bytes do not make a ${width} × ${height} × ${c} image`);
  }
  if (c === channels) return image;
  const n = width * height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    let r: number;
    let g: number;
    let b: number;
    let a = 255;
    if (c <= 2) {
      r = g = b = data[i * c] as number;
      if (c === 2) a = data[i * 2 + 1] as number;
    } else {
      r = data[i * c] as number;
      g = data[i * c + 1] as number;
      b = data[i * c + 2] as number;
      if (c === 4) a = data[i * 4 + 3] as number;
    }
    if (a !== 255) {
      r = (r * a) / 255;
      g = (g * a) / 255;
      b = (b * a) / 255;
    }
    if (channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      out[i * 3] = Math.round(r);
      out[i * 3 + 1] = Math.round(g);
      out[i * 3 + 2] = Math.round(b);
    }
  }
  return { width, height, channels, data: out };
}

/** Source indices and weights of each output sample along one axis. */
interface AxisWeights {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

/**
 * Area averaging when shrinking (each output pixel is the exact mean of the input area it
 * covers, partial pixels weighted by their overlap, so thin structures fade instead of
 * aliasing away), bilinear with half-pixel centres when enlarging (what PIL, OpenCV and tf
 * `resizeBilinear` with `halfPixelCenters` do).
 */
function axisWeights(inSize: number, outSize: number): AxisWeights {
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const index: number[] = [];
  const weight: number[] = [];
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    start[o] = index.length;
    if (scale > 1) {
      const lo = o * scale;
      const hi = (o + 1) * scale;
      for (let i = Math.floor(lo); i < Math.min(Math.ceil(hi), inSize); i++) {
        const w = Math.min(hi, i + 1) - Math.max(lo, i);
        if (w > 0) {
          index.push(i);
          weight.push(w / scale);
        }
      }
    } else {
      const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inSize - 1);
      const i0 = Math.floor(x);
      const i1 = Math.min(i0 + 1, inSize - 1);
      const f = x - i0;
      index.push(i0);
      weight.push(1 - f);
      if (i1 !== i0 && f > 0) {
        index.push(i1);
        weight.push(f);
      }
    }
    count[o] = index.length - (start[o] as number);
  }
  return { start, count, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

/**
 * Resizes interleaved float samples (any channel count) to `outWidth × outHeight`, separably:
 * area averaging per axis that shrinks, bilinear per axis that grows. The aspect ratio is
 * not kept: the model takes square inputs, and stretching keeps every pixel of the object
 * (cropping could cut a defect off).
 *
 * @example
 * ```ts
 * import { resizeFloat } from 'ocr-gan';
 * resizeFloat(new Float32Array([0, 1, 2, 3]), 2, 2, 1, 1, 1); // Float32Array [1.5]
 * ```
 */
export function resizeFloat(
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Float32Array {
  if (data.length !== width * height * channels) {
    throw new RangeError(`resizeFloat: ${data.length} values do not make a ${width} × ${height} × ${channels} image`);
  }
  if (!(outWidth > 0 && outHeight > 0)) throw new RangeError(`resizeFloat: the output size ${outWidth} × ${outHeight} is empty`);
  const wx = axisWeights(width, outWidth);
  const wy = axisWeights(height, outHeight);
  const rows = new Float32Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let o = 0; o < outWidth; o++) {
      const s = wx.start[o] as number;
      const e = s + (wx.count[o] as number);
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = s; k < e; k++) acc += (wx.weight[k] as number) * (data[(y * width + (wx.index[k] as number)) * channels + c] as number);
        rows[(y * outWidth + o) * channels + c] = acc;
      }
    }
  }
  const out = new Float32Array(outHeight * outWidth * channels);
  const rowLen = outWidth * channels;
  for (let o = 0; o < outHeight; o++) {
    const s = wy.start[o] as number;
    const e = s + (wy.count[o] as number);
    for (let k = s; k < e; k++) {
      const w = wy.weight[k] as number;
      const src = (wy.index[k] as number) * rowLen;
      for (let i = 0; i < rowLen; i++) out[o * rowLen + i] = (out[o * rowLen + i] as number) + w * (rows[src + i] as number);
    }
  }
  return out;
}

/**
 * Resizes an 8-bit image with {@link resizeFloat}'s filter, rounding to the nearest value.
 *
 * @example
 * ```ts
 * import { resizeImage } from 'ocr-gan';
 * const small = resizeImage({ width: 4, height: 4, channels: 1, data: new Uint8Array(16).fill(9) }, 2, 2);
 * small.data; // Uint8Array [9, 9, 9, 9]
 * ```
 */
export function resizeImage(image: RawImage, outWidth: number, outHeight: number): RawImage {
  if (image.width === outWidth && image.height === outHeight) return image;
  const f = resizeFloat(image.data, image.width, image.height, image.channels, outWidth, outHeight);
  const data = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) data[i] = Math.min(255, Math.max(0, Math.round(f[i] as number)));
  return { width: outWidth, height: outHeight, channels: image.channels, data };
}

/**
 * Resizes a mask by nearest neighbour and binarises it (value ≥ 128 → 1), so labels stay
 * 0/1 and no pixel gets a made-up in-between label.
 *
 * @example
 * ```ts
 * import { resizeMask } from 'ocr-gan';
 * resizeMask({ width: 2, height: 2, channels: 1, data: new Uint8Array([255, 0, 0, 0]) }, 4, 4)[0]; // 1
 * ```
 */
export function resizeMask(mask: RawImage, outWidth: number, outHeight: number): Uint8Array {
  const grey = mask.channels === 1 ? mask : toChannels(mask, 1);
  const out = new Uint8Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / outHeight));
    for (let x = 0; x < outWidth; x++) {
      const sx = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / outWidth));
      out[y * outWidth + x] = (grey.data[sy * mask.width + sx] as number) >= 128 ? 1 : 0;
    }
  }
  return out;
}

/**
 * Brings a decoded image to the model's input: `channels` channels (see {@link toChannels})
 * at `size × size` (see {@link resizeFloat}).
 *
 * @example
 * ```ts
 * import { prepareImage } from 'ocr-gan';
 * const x = prepareImage({ width: 8, height: 4, channels: 4, data: new Uint8Array(128).fill(255) }, 4, 3);
 * x.data.length; // 48
 * ```
 */
export function prepareImage(image: RawImage, size: number, channels: 1 | 3): RawImage {
  // Converting first makes the resize cheaper when going down to one channel.
  return resizeImage(toChannels(image, channels), size, size);
}

/** The kind and declared size of an encoded image, from its header alone. */
export interface ImageHeader {
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function jpegHeader(bytes: Uint8Array, source: string): ImageHeader {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new ImageReadError(source, `is not a valid JPEG (no marker at byte ${at})`);
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++;
      continue;
    }
    // Markers without a length: TEM, RSTn, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (at + 9 > bytes.length) break;
      const height = ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number);
      const width = ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number);
      return { format: 'jpeg', width, height };
    }
    if (length < 2) throw new ImageReadError(source, `is not a valid JPEG (segment of length ${length} at byte ${at})`);
    at += 2 + length;
  }
  throw new ImageReadError(source, 'is a truncated or invalid JPEG (no frame header before the image data)');
}

/**
 * Reads an encoded image's format and declared size from its first bytes, without decoding.
 *
 * @example
 * ```ts
 * import { imageHeader } from 'ocr-gan';
 * // imageHeader(firstBytesOfTheFile, 'a.png') → { format: 'png', width: 103, height: 256 }
 * ```
 */
export function imageHeader(bytes: Uint8Array, source: string): ImageHeader {
  if (bytes.length === 0) throw new ImageReadError(source, 'is empty (0 bytes)');
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    // The IHDR chunk must come first: length 13, type 'IHDR', width, height.
    if (bytes.length < 33) throw new ImageReadError(source, `is a truncated PNG (${bytes.length} bytes, the header needs 33)`);
    const type = String.fromCharCode(...bytes.subarray(12, 16));
    if (type !== 'IHDR') throw new ImageReadError(source, 'is not a valid PNG (its first chunk is not IHDR)');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegHeader(bytes, source);
  throw new ImageReadError(source, 'is neither a PNG nor a JPEG (unknown signature)');
}
