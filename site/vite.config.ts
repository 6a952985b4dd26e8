import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/**
 * The site imports `ocr-gan` as an application would. The alias points at the package
 * folder itself, so Vite reads its package.json like any installed dependency: `exports`
 * gives `dist/index.js`, and the `imports` field's `browser` condition maps `#wasm-assets`
 * to the file whose `?url` imports make Vite emit the three WASM binaries as assets.
 * That is the path a user's bundle takes; it needs `npm run build` first.
 */
export default defineConfig({
  root: here,
  base: './',
  resolve: {
    alias: [{ find: /^ocr-gan$/, replacement: root }],
  },
  worker: { format: 'es' },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    minify: false,
    rollupOptions: {
      input: {
        index: resolve(here, 'index.html'),
        bands: resolve(here, 'bands.html'),
        train: resolve(here, 'train.html'),
      },
    },
  },
});
