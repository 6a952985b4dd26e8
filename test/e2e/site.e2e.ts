/**
 * End-to-end check of the docs site in headless Chromium: serves the built site, trains the
 * quick example to completion on webgl and on wasm, checks the image AUROC the page shows,
 * exercises save/load through IndexedDB and the frequency-bands page, and saves screenshots.
 *
 *   npx tsx test/e2e/site.e2e.ts [--no-build | --skip-package] [--backends webgl,wasm] [--reference]
 *
 * By default it first runs scripts/docs.mjs (package, site, reference); --skip-package reuses
 * the package's dist/; --no-build serves site/dist as it is. The reference pages are checked
 * whenever they were built, or with --reference.
 *
 * Exits non-zero on any failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright';
import { PNG } from 'pngjs';
import { chromiumArgs, chromiumExecutable } from '../chromium.js';
import { serveStatic } from './server.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const shots = join(here, 'screenshots');
// Observed on SwiftShader webgl and single-machine wasm with the page's defaults: 0.66–0.8.
// The bound only says training learned something; chance is 0.5.
const MIN_AUROC = 0.6;
const TRAIN_TIMEOUT_MS = 240_000;

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    backends: { type: 'string', default: 'webgl,wasm' },
    reference: { type: 'boolean', default: false },
    'skip-package': { type: 'boolean', default: false },
  },
});

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`check failed: ${message}`);
}

if (!values['no-build']) {
  // The site imports the package's built dist/, as an installed dependency would be; the
  // docs script builds the package, the site and the reference in that order.
  console.log('building the package, the site and the reference…');
  const docsArgs = values['skip-package'] ? ['scripts/docs.mjs', '--no-build'] : ['scripts/docs.mjs'];
  try {
    // TypeDoc's warnings are the docs build's business; show its output only when it fails.
    execFileSync('node', docsArgs, { cwd: repo, stdio: 'pipe' });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`);
    throw e;
  }
}

mkdirSync(shots, { recursive: true });
const server = await serveStatic(join(repo, 'site/dist'));
const browser = await chromium.launch({ executablePath: chromiumExecutable, headless: true, args: [...chromiumArgs] });

const pageErrors: string[] = [];
function watch(page: Page, label: string): void {
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${label} console: ${m.text()}`);
  });
}

async function checkBands(): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  watch(page, 'bands');
  await page.goto(`${server.url}/bands.html`);
  await page.waitForFunction(() => document.getElementById('bands')?.dataset['bands'] === '3', undefined, { timeout: 60_000 });
  const status = (await page.textContent('#bands-status')) ?? '';
  const err = Number(/= ([0-9.e+-]+)$/.exec(status)?.[1]);
  check(Number.isFinite(err) && err < 1e-4, `bands page: the bands should sum to the image, got "${status}"`);
  check((await page.locator('#bands canvas').count()) === 3, 'bands page: 3 band canvases');
  await page.selectOption('#band-count', '2');
  await page.waitForFunction(() => document.getElementById('bands')?.dataset['bands'] === '2');
  await page.selectOption('#band-count', '3');
  await page.selectOption('#variant', 'octave');
  await page.waitForFunction(() => document.getElementById('bands-status')?.textContent?.includes("'octave'") ?? false);
  await page.screenshot({ path: join(shots, 'bands.png'), fullPage: true });

  // An uploaded image, not square, goes through the same path (centre crop, resize).
  const png = new PNG({ width: 90, height: 60 });
  for (let y = 0; y < 60; y++) {
    for (let x = 0; x < 90; x++) {
      const i = 4 * (y * 90 + x);
      const check = ((x >> 3) + (y >> 3)) % 2 === 0;
      png.data[i] = check ? 230 : 20;
      png.data[i + 1] = (x * 255) / 89;
      png.data[i + 2] = (y * 255) / 59;
      png.data[i + 3] = 255;
    }
  }
  const before = await page.evaluate(() => (document.querySelector('#bands canvas') as HTMLCanvasElement).toDataURL());
  await page.setInputFiles('#upload', { name: 'checks.png', mimeType: 'image/png', buffer: PNG.sync.write(png) });
  await page.waitForFunction(
    (old) => (document.querySelector('#bands canvas') as HTMLCanvasElement | null)?.toDataURL() !== old,
    before,
    { timeout: 30_000 },
  );
  const uploaded = (await page.textContent('#bands-status')) ?? '';
  check(Number(/= ([0-9.e+-]+)$/.exec(uploaded)?.[1]) < 1e-4, `bands page: uploaded image, got "${uploaded}"`);
  await page.screenshot({ path: join(shots, 'bands-upload.png'), fullPage: true });
  console.log(`bands page: ok (${status}; upload: ${uploaded})`);
  await page.close();
}

interface Run {
  readonly backend: string;
  readonly seconds: number;
  readonly auroc: number;
  readonly info: string;
}

async function train(backend: 'webgl' | 'wasm'): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  watch(page, backend);
  try {
    return await trainOn(page, backend);
  } catch (e) {
    // Leave a picture and the page's own account of where it got to.
    await page.screenshot({ path: join(shots, `failed-${backend}.png`), fullPage: true }).catch(() => undefined);
    const where = await page.evaluate(() => `${document.getElementById('progress-text')?.textContent} | ${document.getElementById('status')?.textContent}`).catch(() => '');
    throw new Error(`${backend}: ${e instanceof Error ? e.message : String(e)} (page: ${where})`);
  } finally {
    await page.close();
  }
}

async function trainOn(page: Page, backend: 'webgl' | 'wasm'): Promise<Run> {
  await page.goto(`${server.url}/train.html?backend=${backend}`);
  await page.waitForFunction((b) => document.body.dataset['backend'] === b, backend, { timeout: 60_000 });
  const info = (await page.textContent('#backend-info')) ?? '';
  const clock = async () => (await page.textContent('#ticker')) ?? '';
  await page.click('#train');
  await page.waitForFunction(() => Number((document.getElementById('progress') as HTMLProgressElement).value) >= 2, undefined, { timeout: 90_000 });
  // The page's own timer must keep running while the worker trains.
  const before = await clock();
  await page.waitForTimeout(1500);
  const after = await clock();
  check(before !== after, `${backend}: the page froze during training (clock stayed at "${before}")`);
  await page.waitForFunction(
    () => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error',
    undefined,
    { timeout: TRAIN_TIMEOUT_MS, polling: 500 },
  );
  const errors = (await page.textContent('#errors')) ?? '';
  check(errors === '', `${backend}: the page reported an error: ${errors}`);
  const auroc = Number(await page.getAttribute('#auroc', 'data-value'));
  const seconds = Number(await page.getAttribute('#train-seconds', 'data-value'));
  check(Number.isFinite(auroc) && auroc >= 0 && auroc <= 1, `${backend}: AUROC ${auroc} is not a number in [0, 1]`);
  check(auroc >= MIN_AUROC, `${backend}: AUROC ${auroc.toFixed(3)} is below the sanity bound ${MIN_AUROC}`);
  check((await page.locator('#heatmaps figure.heat canvas').count()) === 12, `${backend}: 12 heatmaps`);
  const points = await page.evaluate(() => document.querySelector('#chart polyline')?.getAttribute('points')?.split(' ').length ?? 0);
  check(points > 10, `${backend}: the loss chart has ${points} points`);
  await page.screenshot({ path: join(shots, `train-${backend}.png`), fullPage: true });

  // Save in the worker, then load back into a fresh worker (a reload) and evaluate again.
  await page.click('#save');
  await page.waitForFunction(() => document.body.dataset['state'] === 'saved' || document.body.dataset['state'] === 'error');
  check(((await page.textContent('#errors')) ?? '') === '', `${backend}: save failed: ${await page.textContent('#errors')}`);
  await page.reload();
  await page.waitForFunction((b) => document.body.dataset['backend'] === b, backend, { timeout: 60_000 });
  await page.click('#load');
  await page.waitForFunction(() => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error', undefined, {
    timeout: 60_000,
  });
  check(((await page.textContent('#errors')) ?? '') === '', `${backend}: load failed: ${await page.textContent('#errors')}`);
  const reloaded = Number(await page.getAttribute('#auroc', 'data-value'));
  check(Math.abs(reloaded - auroc) < 1e-6, `${backend}: the loaded model scores AUROC ${reloaded}, the trained one ${auroc}`);
  return { backend, seconds, auroc, info };
}

async function stopWorks(): Promise<void> {
  const page = await browser.newPage();
  watch(page, 'stop');
  await page.goto(`${server.url}/train.html?backend=wasm`);
  await page.waitForFunction(() => document.body.dataset['backend'] === 'wasm', undefined, { timeout: 60_000 });
  await page.fill('#epochs', '50');
  await page.click('#train');
  await page.waitForFunction(() => Number((document.getElementById('progress') as HTMLProgressElement).value) >= 3, undefined, { timeout: 60_000 });
  const t0 = Date.now();
  await page.click('#stop');
  await page.waitForFunction(() => document.body.dataset['state'] === 'done' || document.body.dataset['state'] === 'error', undefined, {
    timeout: 60_000,
  });
  const status = (await page.textContent('#status')) ?? '';
  const aborted = await page.evaluate(() => document.body.dataset['aborted']);
  check(aborted === 'true', `stop: expected an aborted run, status "${status}"`);
  const epochs = Number(/after (\d+) complete/.exec(status)?.[1]);
  check(epochs < 50, `stop: the run went on to ${epochs} epochs`);
  console.log(`stop: ok, stopped and evaluated ${((Date.now() - t0) / 1000).toFixed(1)} s after the click`);
  await page.close();
}

/** The reference and the guides are plain files; each must be there (built by `npm run docs`). */
async function checkReference(): Promise<void> {
  const wanted = ['api/index.html', 'api/documents/Getting_started.html', 'api/documents/Troubleshooting.html'];
  for (const path of wanted) {
    const res = await fetch(`${server.url}/${path}`);
    check(res.ok, `${path}: HTTP ${res.status} (run npm run docs to build the reference)`);
  }
  console.log('reference: ok');
}

const runs: Run[] = [];
let failed = false;
try {
  if (values.reference || !values['no-build']) await checkReference();
  await checkBands();
  for (const b of values.backends.split(',')) {
    if (b !== 'webgl' && b !== 'wasm') throw new Error(`unknown backend ${b}`);
    const r = await train(b);
    runs.push(r);
    console.log(`${b}: trained in ${r.seconds.toFixed(1)} s in the browser, image AUROC ${r.auroc.toFixed(3)} (${r.info}); save/load ok`);
  }
  await stopWorks();
  check(pageErrors.length === 0, `errors on the pages:\n${pageErrors.join('\n')}`);
} catch (e) {
  failed = true;
  console.error(e instanceof Error ? e.message : e);
  if (pageErrors.length) console.error(pageErrors.join('\n'));
} finally {
  await browser.close();
  await server.close();
}
for (const r of runs) console.log(`  ${r.backend.padEnd(6)} ${r.seconds.toFixed(1).padStart(6)} s  AUROC ${r.auroc.toFixed(3)}`);
console.log(failed ? 'site e2e: FAILED' : `site e2e: ok; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
