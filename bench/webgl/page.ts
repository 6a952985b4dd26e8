/**
 * The webgl bench page: the same measurements as bench/train.ts (bench/measure.ts), on the
 * webgl backend. Configs come from the query string (`?configs=32x4x4x4,32x8x8x8&iters=3`);
 * the result is left on `window.__bench` for the runner (bench/webgl/run.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/index.js';
import { type BenchConfig, measure, type MeasureResult } from '../measure.js';

declare global {
  interface Window {
    __bench?: { done: boolean; error?: string; info?: Record<string, unknown>; results: MeasureResult[] };
  }
}

const log = document.getElementById('log') as HTMLElement;

async function main(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const configs: BenchConfig[] = (q.get('configs') ?? '32x4x4x4,32x8x8x8').split(',').map((s) => {
    const [isize, ngf, ndf, batch] = s.split('x').map(Number) as [number, number, number, number];
    return { isize, ngf, ndf, batch };
  });
  const iters = Number(q.get('iters') ?? 3);
  const state: NonNullable<Window['__bench']> = { done: false, results: [] };
  window.__bench = state;
  await initBackend({ backend: 'webgl', checkTraining: false });
  const gl = document.createElement('canvas').getContext('webgl2');
  const dbg = gl?.getExtension('WEBGL_debug_renderer_info');
  state.info = {
    backend: tf.getBackend(),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    renderer: gl && dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : 'unknown',
    float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
    userAgent: navigator.userAgent,
  };
  for (const config of configs) {
    log.textContent = `measuring ${JSON.stringify(config)}…`;
    const t0 = performance.now();
    const r = await measure({
      config,
      trainIters: iters,
      trainWarmup: 1,
      scoreIters: iters,
      scoreWarmup: 1,
      peak: 'biggest',
      breakdown: false,
    });
    state.results.push({ ...r, wallMs: performance.now() - t0 } as MeasureResult);
  }
  state.done = true;
  log.textContent = 'done';
}

main().catch((e: unknown) => {
  window.__bench = { ...(window.__bench ?? { results: [] }), done: true, error: String((e as Error)?.stack ?? e) };
});
