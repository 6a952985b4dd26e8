import { describe, expect, it } from 'vitest';
import { checkDeclaredSize, ImageReadError, prepareImage, resizeFloat, resizeImage, resizeMask, toChannels } from './images.js';

describe('toChannels', () => {
  it('grey → RGB replicates, RGB → grey is Rec. 601 luma', () => {
    const rgb = toChannels({ width: 2, height: 1, channels: 1, data: new Uint8Array([10, 200]) }, 3);
    expect(Array.from(rgb.data)).toEqual([10, 10, 10, 200, 200, 200]);
    const grey = toChannels({ width: 3, height: 1, channels: 3, data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255]) }, 1);
    expect(Array.from(grey.data)).toEqual([76, 150, 29]);
  });

  it('composites alpha on black', () => {
    const out = toChannels({ width: 2, height: 1, channels: 4, data: new Uint8Array([200, 100, 50, 0, 200, 100, 50, 128]) }, 3);
    expect(Array.from(out.data)).toEqual([0, 0, 0, 100, 50, 25]);
    const ga = toChannels({ width: 1, height: 1, channels: 2, data: new Uint8Array([255, 51]) }, 1);
    expect(Array.from(ga.data)).toEqual([51]);
  });

  it('refuses a buffer that does not match its size', () => {
    expect(() => toChannels({ width: 2, height: 2, channels: 3, data: new Uint8Array(5) }, 1)).toThrow(/5 bytes do not make a 2 × 2 × 3/);
  });
});

describe('resize', () => {
  it('shrinks by exact area averages, fractional overlaps included', () => {
    expect(Array.from(resizeFloat([0, 1, 2, 3], 2, 2, 1, 1, 1))).toEqual([1.5]);
    // 3 → 2: output 0 covers [0, 1.5): 1·a + 0.5·b over 1.5.
    const out = resizeFloat([0, 3, 6], 3, 1, 1, 2, 1);
    expect(out[0]).toBeCloseTo((0 + 0.5 * 3) / 1.5, 6);
    expect(out[1]).toBeCloseTo((0.5 * 3 + 6) / 1.5, 6);
  });

  it('keeps the mean of an image when shrinking by a non-integer factor', () => {
    const w = 37;
    const h = 23;
    const data = Float32Array.from({ length: w * h }, (_, i) => (i * 7919) % 256);
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    const out = resizeFloat(data, w, h, 1, 16, 16);
    expect(out.reduce((a, b) => a + b, 0) / out.length).toBeCloseTo(mean, 3);
  });

  it('enlarges bilinearly with half-pixel centres', () => {
    const out = resizeFloat([0, 4], 2, 1, 1, 4, 1);
    expect(Array.from(out)).toEqual([0, 1, 3, 4]);
  });

  it('does not alias a one-pixel line away when shrinking', () => {
    const img = new Uint8Array(64 * 64);
    for (let y = 0; y < 64; y++) img[y * 64 + 33] = 255;
    const small = resizeImage({ width: 64, height: 64, channels: 1, data: img }, 16, 16);
    // 255 over a 4-pixel-wide cell averages to 64 in the column that holds the line.
    expect(small.data[8]).toBe(64);
    expect(small.data[7]).toBe(0);
  });

  it('resizes masks by nearest neighbour to 0/1', () => {
    const m = resizeMask({ width: 2, height: 2, channels: 1, data: new Uint8Array([255, 0, 0, 127]) }, 4, 4);
    expect(Array.from(m)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('prepareImage brings any image to size × size × channels', () => {
    const x = prepareImage({ width: 5, height: 3, channels: 4, data: new Uint8Array(60).fill(255) }, 8, 3);
    expect(x.width).toBe(8);
    expect(x.data.length).toBe(8 * 8 * 3);
    expect(x.data.every((v) => v === 255)).toBe(true);
  });
});

describe('checkDeclaredSize', () => {
  it('refuses empty and oversized images, naming the source', () => {
    expect(() => checkDeclaredSize('bomb.png', 100_000, 100_000)).toThrow(ImageReadError);
    expect(() => checkDeclaredSize('bomb.png', 100_000, 100_000)).toThrow(/bomb\.png: declares 100000 × 100000 pixels/);
    expect(() => checkDeclaredSize('e.png', 0, 10)).toThrow(/e\.png: declares an empty image/);
    expect(() => checkDeclaredSize('ok.png', 1000, 1000, 2e6)).not.toThrow();
  });
});
