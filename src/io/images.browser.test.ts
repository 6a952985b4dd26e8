import { describe, expect, it } from 'vitest';
import { ImageReadError } from './images.js';
import { decodeBrowserImage, loadBrowserImages, readBrowserImage } from './images.browser.js';

/** A 6×4 canvas: left half red, right half blue, the bottom row half transparent. */
function canvas(): OffscreenCanvas {
  const c = new OffscreenCanvas(6, 4);
  const ctx = c.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const img = ctx.createImageData(6, 4);
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 6; x++) img.data.set(x < 3 ? [255, 0, 0, y === 3 ? 128 : 255] : [0, 0, 255, 255], (y * 6 + x) * 4);
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

describe('browser image reading', () => {
  const inBrowser = typeof OffscreenCanvas !== 'undefined';

  it('decodes a PNG blob to the pixels drawn', async (t) => {
    if (!inBrowser) t.skip('needs OffscreenCanvas (browser projects)');
    const blob = await canvas().convertToBlob({ type: 'image/png' });
    const raw = await decodeBrowserImage(new File([blob], 'drawn.png', { type: 'image/png' }));
    expect([raw.width, raw.height, raw.channels]).toEqual([6, 4, 4]);
    expect(Array.from(raw.data.subarray(0, 4))).toEqual([255, 0, 0, 255]);
    expect(Array.from(raw.data.subarray(20, 24))).toEqual([0, 0, 255, 255]);
    expect(raw.data[(3 * 6) * 4 + 3]).toBe(128);
  });

  it('brings blobs, bitmaps and ImageData to the model input', async (t) => {
    if (!inBrowser) t.skip('needs OffscreenCanvas (browser projects)');
    const c = canvas();
    const blob = await c.convertToBlob({ type: 'image/png' });
    const grey = await readBrowserImage(blob, { size: 3, channels: 1 });
    expect(grey.data.length).toBe(9);
    // Top-left output pixel: pure red → luma 76; top-right: pure blue → 29.
    expect(grey.data[0]).toBe(76);
    expect(grey.data[2]).toBe(29);
    const bitmap = await createImageBitmap(c);
    const set = await loadBrowserImages([blob, bitmap, c.getContext('2d')!.getImageData(0, 0, 6, 4)], { size: 8, channels: 3 });
    expect(set.shape).toEqual([3, 8, 8, 3]);
    const per = 8 * 8 * 3;
    expect(Array.from(set.images.subarray(per, 2 * per))).toEqual(Array.from(set.images.subarray(0, per)));
  });

  it('refuses text, empty and oversized blobs, naming them', async (t) => {
    if (!inBrowser) t.skip('needs OffscreenCanvas (browser projects)');
    await expect(decodeBrowserImage(new File(['just text'], 'notes.png'))).rejects.toThrow(/notes\.png: is neither a PNG nor a JPEG/);
    await expect(decodeBrowserImage(new Blob([]), { name: 'empty.png' })).rejects.toThrow(ImageReadError);
    const bytes = new Uint8Array(await (await canvas().convertToBlob({ type: 'image/png' })).arrayBuffer());
    new DataView(bytes.buffer).setUint32(16, 300_000);
    new DataView(bytes.buffer).setUint32(20, 300_000);
    await expect(decodeBrowserImage(new Blob([bytes]), { name: 'bomb.png' })).rejects.toThrow(/bomb\.png: declares 300000 × 300000 pixels/);
    const cut = new Uint8Array(await (await canvas().convertToBlob({ type: 'image/png' })).arrayBuffer()).subarray(0, 40);
    await expect(decodeBrowserImage(new Blob([cut]), { name: 'cut.png' })).rejects.toThrow(/cut\.png: is a truncated or corrupt PNG/);
  });
});
