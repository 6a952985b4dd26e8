import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError, folderLayout, isArraySet, listImages, loadFolderTestSet, loadImageFolderSet, loadOneClassSet, readImageBatches } from './datasets.node.js';
import { encodePng } from './images.node.js';

function grey(w: number, h: number, value: (x: number, y: number) => number): Uint8Array {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = value(x, y);
  return encodePng({ width: w, height: h, channels: 1, data });
}

/** A small MVTec-style set: 5 train images, 2 good and 2 scratched test images with masks. */
function mvtec(options: { masks?: boolean; dropMask?: boolean; badMaskSize?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'ocr-gan-set-'));
  for (const d of ['train/good', 'test/good', 'test/scratch', 'ground_truth/scratch']) mkdirSync(join(root, d), { recursive: true });
  for (let i = 0; i < 5; i++) writeFileSync(join(root, 'train/good', `${i}.png`), grey(20, 12, (x) => 10 * i + x));
  writeFileSync(join(root, 'train/good', 'notes.txt'), 'not an image');
  for (let i = 0; i < 2; i++) writeFileSync(join(root, 'test/good', `g${i}.png`), grey(20, 12, () => 100));
  for (let i = 0; i < 2; i++) {
    writeFileSync(join(root, 'test/scratch', `s${i}.png`), grey(20, 12, (x) => (x < 10 ? 255 : 0)));
    if (options.masks === false || (options.dropMask && i === 1)) continue;
    const [w, h] = options.badMaskSize && i === 0 ? [10, 6] : [20, 12];
    writeFileSync(join(root, 'ground_truth/scratch', `s${i}_mask.png`), grey(w, h, (x) => (x < w / 2 ? 255 : 0)));
  }
  return root;
}

describe('MVTec-style folders', () => {
  it('lists images by name and skips other files', () => {
    const root = mvtec();
    expect(listImages(join(root, 'train/good')).map((p) => p.split('/').pop())).toEqual(['0.png', '1.png', '2.png', '3.png', '4.png']);
    const layout = folderLayout(root);
    expect(layout.hasMasks).toBe(true);
    expect(layout.test.map((e) => [e.defect, e.label])).toEqual([
      ['good', 0],
      ['good', 0],
      ['scratch', 1],
      ['scratch', 1],
    ]);
  });

  it('reads train and test at the model size, masks by nearest neighbour', async () => {
    const root = mvtec();
    const train = await loadImageFolderSet(join(root, 'train/good'), { size: 16, channels: 3 });
    expect(train.shape).toEqual([5, 16, 16, 3]);
    const test = await loadFolderTestSet(root, { size: 16, channels: 1 });
    expect(test.shape).toEqual([4, 16, 16, 1]);
    expect(Array.from(test.labels)).toEqual([0, 0, 1, 1]);
    const m = test.masks as Uint8Array;
    expect(m.length).toBe(4 * 256);
    // good images: empty masks; scratches: the left half.
    expect(m.subarray(0, 512).every((v) => v === 0)).toBe(true);
    const row = Array.from(m.subarray(2 * 256, 2 * 256 + 16));
    expect(row).toEqual([...new Array(8).fill(1), ...new Array(8).fill(0)]);
  });

  it('without ground_truth there are no masks; with it, a missing mask is an error', async () => {
    const none = mvtec({ masks: false });
    const { rmSync } = await import('node:fs');
    rmSync(join(none, 'ground_truth'), { recursive: true });
    expect((await loadFolderTestSet(none, { size: 16, channels: 1 })).masks).toBeUndefined();
    expect(() => folderLayout(mvtec({ dropMask: true }))).toThrow(/s1\.png: no ground-truth mask \(looked for .*s1_mask\.png\)/);
    await expect(loadFolderTestSet(mvtec({ badMaskSize: true }), { size: 16, channels: 1 })).rejects.toThrow(/s0_mask\.png: is 10 × 6, its image .*s0\.png is 20 × 12/);
  });

  it('names what is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ocr-gan-set-'));
    expect(() => folderLayout(empty)).toThrow(DatasetError);
    expect(() => folderLayout(empty)).toThrow(/no train\/good folder/);
    expect(() => folderLayout(join(empty, 'nope'))).toThrow(/nope: no such folder/);
  });

  it('streams batches, never more than one batch at a time', async () => {
    const root = mvtec();
    const paths = listImages(join(root, 'train/good'));
    const shapes: number[][] = [];
    for await (const b of readImageBatches(paths, { size: 16, channels: 1, batchSize: 2 })) {
      shapes.push([...b.shape]);
      expect(b.images.length).toBe(b.shape[0] * 256);
    }
    expect(shapes).toEqual([
      [2, 16, 16, 1],
      [2, 16, 16, 1],
      [1, 16, 16, 1],
    ]);
    const first = await readImageBatches(paths, { size: 16, channels: 1, batchSize: 1 }).next();
    expect(first.value?.paths).toEqual([paths[0]]);
  });

  it('a corrupt image in the set names the file', async () => {
    const root = mvtec();
    writeFileSync(join(root, 'train/good', '9.png'), 'garbage');
    await expect(loadImageFolderSet(join(root, 'train/good'), { size: 16, channels: 1 })).rejects.toThrow(/9\.png: is neither a PNG nor a JPEG/);
  });
});

describe('uint8 array sets', () => {
  function arraySet(corrupt = false): string {
    const root = mkdtempSync(join(tmpdir(), 'ocr-gan-arr-'));
    mkdirSync(join(root, 'train'));
    mkdirSync(join(root, 'test'));
    const img = (n: number, v: (i: number) => number) => Uint8Array.from({ length: n * 8 * 8 }, (_, i) => v(Math.floor(i / 64)));
    const entry = (file: string, bytes: Uint8Array, shape: number[]) => {
      writeFileSync(join(root, file), gzipSync(corrupt && file.includes('labels') ? bytes.map((b) => b ^ 1) : bytes));
      return { shape, dtype: 'uint8', sha256_raw: createHash('sha256').update(bytes).digest('hex'), file };
    };
    const labels = Uint8Array.from([0, 1, 2, 0, 1, 2]);
    const meta = {
      image_shape: [8, 8, 1],
      classes: ['0', '1', '2'],
      train: { '0': entry('train/class_0.u8.gz', img(4, () => 10), [4, 8, 8, 1]) },
      test: { images: entry('test/images.u8.gz', img(6, (i) => (labels[i] as number) * 100), [6, 8, 8, 1]), labels: entry('test/labels.u8.gz', labels, [6]) },
    };
    writeFileSync(join(root, 'meta.json'), JSON.stringify(meta));
    return root;
  }

  it('one-class split: the normal class trains, every other class is an anomaly', () => {
    const root = arraySet();
    expect(isArraySet(root)).toBe(true);
    const { train, test } = loadOneClassSet(root, '0', { size: 16, channels: 3 });
    expect(train.shape).toEqual([4, 16, 16, 3]);
    expect(train.images.every((v) => v === 10)).toBe(true);
    expect(Array.from(test.labels)).toEqual([0, 1, 1, 0, 1, 1]);
    expect(test.shape).toEqual([6, 16, 16, 3]);
  });

  it('refuses an unknown class and a failed checksum', () => {
    expect(() => loadOneClassSet(arraySet(), '7', { size: 16, channels: 1 })).toThrow(/no training class '7' \(classes: 0\)/);
    expect(() => loadOneClassSet(arraySet(true), '0', { size: 16, channels: 1 })).toThrow(/labels\.u8\.gz: sha256 .* differs from meta\.json's/);
  });
});
