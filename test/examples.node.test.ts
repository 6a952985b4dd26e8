import { describe, expect, it } from 'vitest';
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

  it('ablation.ts prints every row of the ablation table', async (ctx) => {
    if (backend !== 'wasm') return ctx.skip('examples run once, on wasm');
    const { main, ablationRows } = await import('../examples/ablation.js');
    const rows = await main(['--size', '16', '--epochs', '1', '--width', '2']);
    expect(rows.map((r) => r.name)).toEqual(ablationRows.map((r) => r.name));
    for (const r of rows) expect(r.auroc[0]).toBeGreaterThanOrEqual(0);
  });
});
