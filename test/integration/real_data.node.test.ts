import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { backend } from '../backend.js';
import { sharedDataDir } from '../fixtures.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), isTty: false });
  return { code, out, err };
}

function need(ctx: { skip: (reason: string) => void }, set: string): string {
  if (backend !== 'wasm') ctx.skip('real-data runs train a model: node-wasm project only');
  const dir = join(sharedDataDir, set);
  if (!existsSync(dir)) ctx.skip(`${dir} is absent: the shared image sets are not installed here (see ../shared/data/README.md)`);
  return dir;
}

const tiny = ['--size', '32', '--ngf', '8', '--ndf', '8', '--batch-size', '16', '--epochs', '1', '--json'];

describe('real image sets end to end (tiny training)', () => {
  it('kolektorsdd: 243 grey PNGs train, 156 test images with masks evaluate, a report is written', async (ctx) => {
    const data = need(ctx, 'kolektorsdd');
    const out = join(mkdtempSync(join(tmpdir(), 'ocr-gan-kolektor-')), 'model');
    const t = await cli('train', '--data', data, '--out', out, '--channels', '1', ...tiny);
    expect(t.code, t.err).toBe(0);
    expect(JSON.parse(t.out).trainImages).toBe(243);
    const e = await cli('eval', '--model', out, '--data', data, '--json', join(out, 'eval.json'));
    expect(e.code, e.err).toBe(0);
    const ev = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(ev.images).toBe(156);
    expect(ev.anomalous).toBe(52);
    for (const k of ['imageAuroc', 'imageAupr', 'f1Max', 'pixelAuroc']) {
      expect(Number.isFinite(ev[k]), k).toBe(true);
      expect(ev[k]).toBeGreaterThanOrEqual(0);
      expect(ev[k]).toBeLessThanOrEqual(1);
    }
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<svg');
  }, 120_000);

  it('mnist_mini: one-class, class 0 normal, test labels = (digit ≠ 0)', async (ctx) => {
    const data = need(ctx, 'mnist_mini');
    const out = join(mkdtempSync(join(tmpdir(), 'ocr-gan-mnist-')), 'model');
    const t = await cli('train', '--data', data, '--out', out, '--class', '0', '--channels', '1', ...tiny);
    expect(t.code, t.err).toBe(0);
    expect(JSON.parse(t.out).trainImages).toBe(600);
    const e = await cli('eval', '--model', out, '--data', data, '--json', join(out, 'eval.json'));
    expect(e.code, e.err).toBe(0);
    const ev = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(ev.images).toBe(1000);
    expect(ev.anomalous).toBe(900);
    expect(ev.pixelAuroc).toBeNull();
    expect(Number.isFinite(ev.imageAuroc)).toBe(true);
    // Without a class flag, eval uses the class the model was trained on.
    expect(e.out).toMatch(/1000 test images \(900 anomalous\)/);
  }, 120_000);
});
