/**
 * Training and scoring throughput on the webgl backend, in headless Chromium.
 *
 *   npx tsx bench/webgl/run.ts                       # configs 32x4x4x4,32x8x8x8, 3 iterations
 *   npx tsx bench/webgl/run.ts --configs 32x8x8x8 --iters 2 --json out.json
 *
 * Builds bench/webgl/ with Vite into bench/results/webgl-page, serves it from a small static
 * server on 127.0.0.1 and drives /usr/bin/chromium (or $CHROMIUM_PATH) with playwright.
 * Without a GPU Chromium's WebGL is SwiftShader, a CPU rasteriser: keep the configs tiny, and
 * read the figures as "it runs", not as anything about a real GPU.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumExecutable } from '../../test/chromium.js';
import { serveStatic } from '../../test/e2e/server.js';
import { build } from 'vite';
import type { MeasureResult } from '../measure.js';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = import.meta.dirname;
const root = resolve(here, '../..');
const outDir = resolve(root, 'bench/results/webgl-page');

async function main(): Promise<void> {
  const configs = argValue('--configs') ?? '32x4x4x4,32x8x8x8';
  const iters = argValue('--iters') ?? '3';
  const timeoutMs = Number(argValue('--timeout-s') ?? 600) * 1000;
  await build({
    root: here,
    base: './',
    logLevel: 'warn',
    configFile: false,
    resolve: { alias: { '#wasm-assets': resolve(root, 'src/backend/wasm_assets.browser.ts') } },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 10_000 },
  });
  const server = await serveStatic(outDir);
  const browser = await chromium.launch({ executablePath: chromiumExecutable, headless: true, args: [...chromiumArgs] });
  const loadBefore = loadavg();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${server.url}/index.html?configs=${configs}&iters=${iters}`);
    await page.waitForFunction(() => window.__bench?.done === true, undefined, { timeout: timeoutMs, polling: 500 });
    const bench = (await page.evaluate(() => window.__bench)) as unknown as {
      error?: string;
      info?: Record<string, unknown>;
      results: (MeasureResult & { wallMs: number })[];
    };
    if (bench.error) throw new Error(`bench page failed: ${bench.error}`);
    const loadAfter = loadavg();
    console.log(`webgl: ${JSON.stringify(bench.info)}`);
    console.log(`loadavg ${loadBefore.map((v) => v.toFixed(2)).join(' ')} → ${loadAfter.map((v) => v.toFixed(2)).join(' ')}`);
    console.log('| config | train img/s | train GFLOP/s | aug ms/batch | score img/s | score GFLOP/s | conv GFLOP/s on the biggest layer | peak tensors MB (train/score) | wall s for the config (1st incl. shader compiles) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of bench.results) {
      const c = r.config;
      console.log(
        `| ${c.isize}x${c.ngf}x${c.ndf}x${c.batch} | ${r.train.imagesPerSec.toFixed(2)} | ${r.train.gflops.toFixed(2)} | ${r.augment.msMedian.toFixed(1)} | ${r.score.imagesPerSec.toFixed(1)} | ${r.score.gflops.toFixed(2)} | ${r.peak ? r.peak.biggest.toFixed(2) : '–'} | ${(r.train.peakTensorBytes / 2 ** 20).toFixed(0)} / ${(r.score.peakTensorBytes / 2 ** 20).toFixed(0)} | ${(r.wallMs / 1000).toFixed(1)} |`,
      );
    }
    const jsonPath = argValue('--json');
    if (jsonPath) {
      writeFileSync(jsonPath, `${JSON.stringify({ date: new Date().toISOString(), loadBefore, loadAfter, ...bench }, null, 2)}\n`);
      console.error(`wrote ${jsonPath}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
