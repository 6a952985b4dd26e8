import { resolve } from 'node:path';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumExecutable } from './test/chromium.js';

/**
 * One test body, every backend: each project provides a `backend` that `test/setup.ts`
 * initialises before any test runs. Node runs cpu and wasm; Chromium runs webgl and wasm.
 */
const fixturesDir = resolve(import.meta.dirname, '../shared/fixtures');
const dataDir = resolve(import.meta.dirname, '../shared/data');
const unitTests = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const nodeOnly = ['src/**/*.node.test.ts', 'test/**/*.node.test.ts'];
const slowTests = ['test/slow/**'];

const tfjsEntries = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-core/dist/register_all_gradients',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl',
  'fp-ts/Either',
  'fp-ts/function',
  'io-ts',
];

const chromium = playwright({ launchOptions: { executablePath: chromiumExecutable, args: [...chromiumArgs] } });

function nodeProject(backend: 'cpu' | 'wasm') {
  return {
    extends: true as const,
    test: {
      name: `node-${backend}`,
      environment: 'node' as const,
      include: unitTests,
      exclude: [...slowTests, '**/*.browser.test.ts'],
      setupFiles: ['test/setup.ts'],
      provide: { backend, fixturesDir, dataDir },
    },
    resolve: { alias: { '#wasm-assets': resolve(import.meta.dirname, 'src/backend/wasm_assets.node.ts') } },
  };
}

function browserProject(backend: 'webgl' | 'wasm') {
  return {
    extends: true as const,
    test: {
      name: `browser-${backend}`,
      include: unitTests,
      exclude: [...slowTests, ...nodeOnly],
      setupFiles: ['test/setup.ts'],
      provide: { backend, fixturesDir, dataDir },
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: chromium,
        instances: [{ browser: 'chromium' as const }],
      },
    },
    resolve: { alias: { '#wasm-assets': resolve(import.meta.dirname, 'src/backend/wasm_assets.browser.ts') } },
  };
}

export default defineConfig({
  optimizeDeps: { include: tfjsEntries },
  server: { fs: { allow: [import.meta.dirname, fixturesDir, dataDir] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['src/**/*.test-d.ts'], tsconfig: 'tsconfig.check.json' },
        },
      },
      nodeProject('cpu'),
      nodeProject('wasm'),
      {
        extends: true,
        test: {
          name: 'learning',
          environment: 'node',
          include: ['test/slow/learning.test.ts'],
          setupFiles: ['test/setup.ts'],
          provide: { backend: 'wasm', fixturesDir, dataDir },
        },
        resolve: { alias: { '#wasm-assets': resolve(import.meta.dirname, 'src/backend/wasm_assets.node.ts') } },
      },
      browserProject('webgl'),
      browserProject('wasm'),
    ],
  },
});
