import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backend } from '../../test/backend.js';
import { decodeImage, encodePng } from '../io/images.node.js';
import { runCli } from './run.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), isTty: false });
  return { code, out, err };
}

function texture(seed: number, defect: boolean): Uint8Array {
  const w = 24;
  const h = 20;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = 110 + 40 * Math.sin((x + seed) * 0.9) + (defect && x > 8 && x < 14 ? 90 : 0);
  return encodePng({ width: w, height: h, channels: 1, data });
}

function dataset(): string {
  const root = mkdtempSync(join(tmpdir(), 'ocr-gan-cli-'));
  for (const d of ['train/good', 'test/good', 'test/bright', 'ground_truth/bright']) mkdirSync(join(root, d), { recursive: true });
  for (let i = 0; i < 12; i++) writeFileSync(join(root, 'train/good', `${String(i).padStart(2, '0')}.png`), texture(i, false));
  for (let i = 0; i < 3; i++) writeFileSync(join(root, 'test/good', `g${i}.png`), texture(20 + i, false));
  for (let i = 0; i < 3; i++) {
    writeFileSync(join(root, 'test/bright', `b${i}.png`), texture(30 + i, true));
    const m = new Uint8Array(24 * 20);
    for (let y = 0; y < 20; y++) for (let x = 9; x < 14; x++) m[y * 24 + x] = 255;
    writeFileSync(join(root, 'ground_truth/bright', `b${i}_mask.png`), encodePng({ width: 24, height: 20, channels: 1, data: m }));
  }
  return root;
}

describe('ocr-gan command line: usage and input errors', () => {
  it('help reads per command and exits 0', async () => {
    const main = await cli('--help');
    expect(main.code).toBe(0);
    expect(main.out).toMatch(/ocr-gan train --data DIR --out DIR/);
    for (const c of ['train', 'eval', 'score']) {
      const r = await cli(c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: ocr-gan ${c}`);
    }
  });

  it('usage errors exit 2 with one line naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['train', '--data', 'x', '--out', 'y', '--bogus'], /Unknown option '--bogus'/],
      [['train', '--out', 'y'], /missing --data/],
      [['train', '--data', 'x', '--out', 'y', '--epochs', 'two'], /--epochs must be an integer ≥ 1, got 'two'/],
      [['train', '--data', 'x', '--out', 'y', '--size', '48'], /imageSize: expected/],
      [['train', '--data', 'x', '--out', 'y', '--backend', 'gpu'], /--backend must be one of wasm, cpu/],
      [['score', '--model', 'm'], /no images given/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('bad input data exits 3 naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocr-gan-cli-'));
    writeFileSync(join(dir, 'bad.json'), '{ "imageSize": ');
    writeFileSync(join(dir, 'wrong.json'), '{ "imageSize": 30 }');
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'checkpoint.safetensors'), 'not a checkpoint');
    const cases: [string[], RegExp][] = [
      [['train', '--data', join(dir, 'nope'), '--out', join(dir, 'o'), '--backend', 'cpu'], /nope: no such folder/],
      [['train', '--data', dir, '--out', join(dir, 'o'), '--config', join(dir, 'bad.json')], /bad\.json: not valid JSON/],
      [['train', '--data', dir, '--out', join(dir, 'o'), '--config', join(dir, 'wrong.json')], /wrong\.json: imageSize: expected/],
      [['eval', '--model', join(dir, 'model'), '--data', dir, '--backend', 'cpu'], /checkpoint\.safetensors: cannot load the checkpoint/],
      [['eval', '--model', join(dir, 'empty'), '--data', dir, '--backend', 'cpu'], /empty: no checkpoint\.safetensors/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(3);
      expect(r.err).toMatch(message);
    }
  });

  it('the installed entry point exits with the code (shebang first)', () => {
    expect(readFileSync(join(import.meta.dirname, 'main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'main.ts'), 'train', '--nope'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ocr-gan train: error: Unknown option '--nope'/);
  });
});

describe('ocr-gan command line: train, eval, score', () => {
  it('trains, evaluates with a report and scores with heat maps', async (ctx) => {
    if (backend !== 'wasm') ctx.skip('trains a model: runs once, in the node-wasm project');
    const data = dataset();
    const out = join(data, 'run');
    const t = await cli('train', '--data', data, '--out', out, '--size', '16', '--channels', '1', '--ngf', '4', '--ndf', '4', '--batch-size', '4', '--epochs', '2', '--keep-epochs', '--json');
    expect(t.code, t.err).toBe(0);
    const summary = JSON.parse(t.out);
    expect(summary.epochs).toBe(2);
    expect(summary.trainImages).toBe(12);
    expect(Number.isFinite(summary.calibration.threshold)).toBe(true);
    expect(existsSync(join(out, 'epochs', '001', 'checkpoint.safetensors'))).toBe(true);

    const r = await cli('train', '--data', data, '--out', out, '--resume', '--epochs', '3', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).epochs).toBe(3);
    expect(JSON.parse(r.out).config.ngf).toBe(4);

    const e = await cli('eval', '--model', out, '--data', data, '--json', join(out, 'eval.json'));
    expect(e.code, e.err).toBe(0);
    expect(e.out).toMatch(/image AUROC \d\.\d{4}.*pixel AUROC \d\.\d{4}/);
    const ev = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8'));
    expect(ev.scores).toHaveLength(6);
    for (const k of ['imageAuroc', 'imageAupr', 'f1Max', 'pixelAuroc']) expect(Number.isFinite(ev[k]), k).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect((html.match(/data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(18);

    const img = join(data, 'test/bright/b0.png');
    const s = await cli('score', '--model', out, img, join(data, 'test/good/g0.png'), '--maps', join(out, 'maps'), '--json');
    expect(s.code, s.err).toBe(0);
    const lines = s.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([img, join(data, 'test/good/g0.png')]);
    for (const l of lines) expect([0, 1]).toContain(l.label);
    const map = decodeImage(readFileSync(join(out, 'maps', 'b0_map.png')), 'b0_map.png');
    expect([map.width, map.height]).toEqual([24, 20]);

    const bad = await cli('score', '--model', out, join(data, 'missing.png'));
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/missing\.png: does not exist/);
  });
});
