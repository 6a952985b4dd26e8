import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticDefects } from '../src/data/synthetic.js';
import { encodePng } from '../src/io/images.node.js';
import { backend } from './backend.js';

// The examples are part of the product: each runs here on a tiny setting, on wasm.
describe('examples', () => {
  it('custom-model.ts trains a 3-band, CS-free, least-squares model', async (ctx) => {
    if (backend !== 'wasm') return ctx.skip('examples run once, on wasm');
    const { main } = await import('../examples/custom-model.js');
    const { imageAuroc } = await main(['--size', '16', '--epochs', '1', '--train', '32', '--width', '4']);
    expect(imageAuroc).toBeGreaterThanOrEqual(0);
    expect(imageAuroc).toBeLessThanOrEqual(1);
  });

  it('train-folder.ts assembles the loop from the blocks and saves a model that score-images.ts uses', async (ctx) => {
    if (backend !== 'wasm') return ctx.skip('examples run once, on wasm');
    const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-example-'));
    const { main: train } = await import('../examples/train-folder.js');
    const { imageAuroc } = await train(['--size', '16', '--epochs', '1', '--width', '4', '--out', join(dir, 'model')]);
    expect(imageAuroc).toBeGreaterThanOrEqual(0);
    const images = syntheticDefects({ seed: 2, size: 16, channels: 3, trainCount: 0, testNormalCount: 1, testDefectCount: 1 }).test;
    const files = [0, 1].map((i) => {
      const file = join(dir, `image${i}.png`);
      writeFileSync(file, encodePng({ width: 16, height: 16, channels: 3, data: images.images.subarray(i * 768, (i + 1) * 768) }));
      return file;
    });
    const { main: score } = await import('../examples/score-images.js');
    const results = await score(['--model', join(dir, 'model'), '--maps', join(dir, 'maps'), ...files]);
    expect(results.map((r) => r.file)).toEqual(files);
    for (const r of results) expect(Number.isFinite(r.raw)).toBe(true);
    expect(existsSync(join(dir, 'maps', 'image1.heatmap.png'))).toBe(true);
  });

  it('ablation.ts prints every row of the ablation table', async (ctx) => {
    if (backend !== 'wasm') return ctx.skip('examples run once, on wasm');
    const { main, ablationRows } = await import('../examples/ablation.js');
    const rows = await main(['--size', '16', '--epochs', '1', '--width', '2', '--train', '48']);
    expect(rows.map((r) => r.name)).toEqual(ablationRows.map((r) => r.name));
    for (const r of rows) expect(r.auroc[0]).toBeGreaterThanOrEqual(0);
  });
});
