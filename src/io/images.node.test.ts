import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ImageReadError, imageHeader } from './images.js';
import { decodeImage, encodePng, readImage, readMask } from './images.node.js';

const W = 6;
const H = 4;
/** A test pattern: red ramp across, green ramp down, blue constant. */
function pattern(): Uint8Array {
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) rgba.set([x * 40, y * 60, 90, 255], (y * W + x) * 4);
  }
  return rgba;
}

function pngOf(rgba: Uint8Array, options: { colorType?: 0 | 2 | 4 | 6 } = {}): Uint8Array {
  const png = new PNG({ width: W, height: H, colorType: options.colorType ?? 6, inputColorType: 6 });
  png.data = Buffer.from(rgba);
  return new Uint8Array(PNG.sync.write(png, { colorType: options.colorType ?? 6, inputColorType: 6 }));
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'ascii'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG written by hand: pngjs writes neither palette nor interlaced files. */
function handPng(opts: { colorType: number; interlace: boolean; bitDepth?: 8 | 16; rows: (x: number, y: number) => number[]; plte?: Uint8Array }): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, W);
  v.setUint32(4, H);
  ihdr.set([opts.bitDepth ?? 8, opts.colorType, 0, 0, opts.interlace ? 1 : 0], 8);
  // Adam7 passes: start x, start y, step x, step y.
  const passes = opts.interlace
    ? [
        [0, 0, 8, 8],
        [4, 0, 8, 8],
        [0, 4, 4, 8],
        [2, 0, 4, 4],
        [0, 2, 2, 4],
        [1, 0, 2, 2],
        [0, 1, 1, 2],
      ]
    : [[0, 0, 1, 1]];
  const raw: number[] = [];
  for (const [sx, sy, dx, dy] of passes as number[][]) {
    for (let y = sy as number; y < H; y += dy as number) {
      const row: number[] = [];
      for (let x = sx as number; x < W; x += dx as number) row.push(...opts.rows(x, y));
      if (row.length > 0) raw.push(0, ...row);
    }
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(opts.plte ? [chunk('PLTE', opts.plte)] : []),
    chunk('IDAT', new Uint8Array(deflateSync(Uint8Array.from(raw)))),
    chunk('IEND', new Uint8Array(0)),
  ];
  return Buffer.concat(parts);
}

function jpegOf(rgba: Uint8Array, quality = 95): Uint8Array {
  return new Uint8Array(jpeg.encode({ width: W, height: H, data: Buffer.from(rgba) }, quality).data);
}

/**
 * A one-block 8×8 four-component JPEG with an Adobe marker (transform 0: CMYK), written by
 * hand since jpeg-js only encodes YCbCr. Every block is flat: DC only, quantiser 1.
 * `stored` holds the four component values as stored (Adobe CMYK is stored inverted).
 */
function cmykJpeg(stored: [number, number, number, number]): Uint8Array {
  const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255, ...body];
  const adobe = seg(0xee, [...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 0]);
  const dqt = seg(0xdb, [0, ...new Array<number>(64).fill(1)]);
  const sof = seg(0xc0, [8, 0, 8, 0, 8, 4, ...[1, 2, 3, 4].flatMap((id) => [id, 0x11, 0])]);
  // DC table: three codes of length 2 (00 → category 0, 01 → 10, 10 → 11); AC table: EOB as '0'.
  const dhtDc = seg(0xc4, [0x00, 0, 3, ...new Array<number>(14).fill(0), 0, 10, 11]);
  const dhtAc = seg(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]);
  const sos = seg(0xda, [4, ...[1, 2, 3, 4].flatMap((id) => [id, 0x00]), 0, 63, 0]);
  let bits = '';
  for (const s of stored) {
    const dc = 8 * (s - 128);
    const cat = dc === 0 ? 0 : Math.abs(dc).toString(2).length;
    if (cat === 0) bits += '00';
    else if (cat === 10 || cat === 11) bits += `${cat === 10 ? '01' : '10'}${(dc > 0 ? dc : dc + 2 ** cat - 1).toString(2).padStart(cat, '0')}`;
    else throw new RangeError(`cmykJpeg: stored value ${s} is not encodable with this table`);
    bits += '0';
  }
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
  const scan: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const b = parseInt(bits.slice(i, i + 8), 2);
    scan.push(b);
    if (b === 0xff) scan.push(0);
  }
  return Uint8Array.from([0xff, 0xd8, ...adobe, ...dqt, ...sof, ...dhtDc, ...dhtAc, ...sos, ...scan, 0xff, 0xd9]);
}

const px = (img: { data: Uint8Array; channels: number; width: number }, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x + 1) * img.channels));

describe('decodeImage: PNG', () => {
  it('reads 8-bit RGBA exactly', () => {
    const img = decodeImage(pngOf(pattern()), 'a.png');
    expect([img.width, img.height, img.channels]).toEqual([W, H, 4]);
    expect(px(img, 3, 2)).toEqual([120, 120, 90, 255]);
  });

  it('reads grey, grey + alpha, RGB and 16-bit files', () => {
    const rgba = pattern();
    const grey = decodeImage(pngOf(rgba, { colorType: 0 }), 'g.png');
    const p = px(grey, 5, 3);
    expect(p[0]).toBe(p[1]);
    expect(p[3]).toBe(255);
    expect(decodeImage(pngOf(rgba, { colorType: 4 }), 'ga.png').width).toBe(W);
    expect(px(decodeImage(pngOf(rgba, { colorType: 2 }), 'rgb.png'), 1, 1)).toEqual([40, 60, 90, 255]);
    // 16-bit samples v·257 rescale to exactly v.
    const wide = (v: number) => [(v * 257) >> 8, (v * 257) & 255];
    const deep = decodeImage(handPng({ colorType: 2, bitDepth: 16, interlace: false, rows: (x, y) => [...wide(x * 40), ...wide(y * 60), ...wide(90)] }), 'deep.png');
    expect(px(deep, 1, 1)).toEqual([40, 60, 90, 255]);
    expect(px(deep, 5, 3)).toEqual([200, 180, 90, 255]);
  });

  it('reads palette and interlaced files', () => {
    const plte = Uint8Array.from([0, 0, 0, 255, 0, 0, 0, 255, 0, 10, 20, 30]);
    const pal = decodeImage(handPng({ colorType: 3, interlace: false, plte, rows: (x, y) => [(x + y) % 4] }), 'p.png');
    expect(px(pal, 1, 0)).toEqual([255, 0, 0, 255]);
    expect(px(pal, 3, 0)).toEqual([10, 20, 30, 255]);
    const inter = decodeImage(handPng({ colorType: 2, interlace: true, rows: (x, y) => [x * 40, y * 60, 90] }), 'i.png');
    for (const [x, y] of [[0, 0], [5, 3], [2, 1], [4, 2]] as const) expect(px(inter, x, y)).toEqual([x * 40, y * 60, 90, 255]);
  });

  it('brings RGBA to the model input, alpha composited on black', async () => {
    const rgba = pattern();
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 0;
    const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-img-'));
    writeFileSync(join(dir, 'clear.png'), pngOf(rgba));
    const x = await readImage(join(dir, 'clear.png'), { size: 16, channels: 3 });
    expect(x.data.length).toBe(16 * 16 * 3);
    expect(x.data.every((v) => v === 0)).toBe(true);
  });
});

describe('decodeImage: JPEG', () => {
  it('reads RGB close to what was encoded', () => {
    const img = decodeImage(jpegOf(pattern()), 'a.jpg');
    expect([img.width, img.height, img.channels]).toEqual([W, H, 3]);
    const p = px(img, 3, 2);
    [120, 120, 90].forEach((v, k) => expect(Math.abs((p[k] as number) - v)).toBeLessThan(24));
  });

  it('reads an Adobe CMYK file', () => {
    // stored inverted: 0 = full ink. Full cyan → (0, 255, 255); no ink → white; full black → black.
    const cyan = decodeImage(cmykJpeg([0, 255, 255, 255]), 'cyan.jpg');
    expect([cyan.width, cyan.height]).toEqual([8, 8]);
    expect(px(cyan, 4, 4)).toEqual([0, 255, 255]);
    expect(px(decodeImage(cmykJpeg([255, 255, 255, 255]), 'white.jpg'), 0, 0)).toEqual([255, 255, 255]);
    expect(px(decodeImage(cmykJpeg([255, 255, 255, 0]), 'black.jpg'), 7, 7)).toEqual([0, 0, 0]);
  });
});

describe('bad input is an ImageReadError naming the file', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['empty.png', () => new Uint8Array(0), /empty\.png: is empty \(0 bytes\)/],
    ['notes.png', () => new Uint8Array(Buffer.from('hello, this is text\n')), /notes\.png: is neither a PNG nor a JPEG/],
    ['cut.png', () => pngOf(pattern()).subarray(0, 60), /cut\.png: is a truncated or corrupt PNG/],
    ['tiny.png', () => pngOf(pattern()).subarray(0, 20), /tiny\.png: is a truncated PNG/],
    ['cut.jpg', () => jpegOf(pattern()).subarray(0, 200), /cut\.jpg: is a truncated JPEG/],
    ['head.jpg', () => jpegOf(pattern()).subarray(0, 10), /head\.jpg: is a truncated or invalid JPEG/],
    [
      'bomb.png',
      () => {
        const b = pngOf(pattern());
        new DataView(b.buffer, b.byteOffset).setUint32(16, 200_000);
        new DataView(b.buffer, b.byteOffset).setUint32(20, 200_000);
        return b;
      },
      /bomb\.png: declares 200000 × 200000 pixels/,
    ],
    [
      'bomb.jpg',
      () => {
        const b = jpegOf(pattern());
        const at = b.findIndex((v, i) => v === 0xff && b[i + 1] === 0xc0);
        b.set([0xfe, 0xff, 0xfe, 0xff], at + 5);
        return b;
      },
      /bomb\.jpg: declares 65279 × 65279 pixels/,
    ],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      const b = bytes();
      expect(() => decodeImage(b, name)).toThrow(ImageReadError);
      expect(() => decodeImage(b, name)).toThrow(message);
    });
  }

  it('honours a lower pixel limit', () => {
    expect(() => decodeImage(pngOf(pattern()), 'a.png', { maxPixels: 10 })).toThrow(/above the limit/);
    expect(imageHeader(pngOf(pattern()), 'a.png')).toEqual({ format: 'png', width: W, height: H });
  });

  it('missing files and folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-img-'));
    await expect(readImage(join(dir, 'nope.png'), { size: 16, channels: 1 })).rejects.toThrow(/nope\.png: does not exist/);
    await expect(readImage(dir, { size: 16, channels: 1 })).rejects.toThrow(/is a folder, not an image/);
  });

  it('a mask whose size differs from its image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-img-'));
    const mask = join(dir, 'm.png');
    writeFileSync(mask, pngOf(pattern()));
    await expect(readMask(mask, 16, { expect: { width: 8, height: 8, image: 'img.png' } })).rejects.toThrow(/m\.png: is 6 × 4, its image img\.png is 8 × 8/);
    const m = await readMask(mask, 16, { expect: { width: W, height: H, image: 'img.png' } });
    expect(m.length).toBe(256);
    expect(m.every((v) => v === 0 || v === 1)).toBe(true);
  });
});

describe('encodePng', () => {
  it('round-trips grey and RGB', () => {
    const grey = { width: 3, height: 2, channels: 1, data: Uint8Array.from([0, 50, 100, 150, 200, 250]) };
    expect(px(decodeImage(encodePng(grey), 'g.png'), 2, 1)).toEqual([250, 250, 250, 255]);
    const rgb = { width: 1, height: 1, channels: 3, data: Uint8Array.from([1, 2, 3]) };
    expect(px(decodeImage(encodePng(rgb), 'c.png'), 0, 0)).toEqual([1, 2, 3, 255]);
  });
});
