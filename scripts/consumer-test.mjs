#!/usr/bin/env node
// Packs ocr-gan, installs the tarball into a fresh project, and checks what a user gets:
// plain Node ESM import, types under tsc --strict, a Vite build without Node built-ins,
// and a tarball free of test data.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'ocr-gan-consumer-'));
const run = (cmd, args, cwd) => { try { return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }); } catch (e) { fail(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`); } };
const fail = (msg) => {
  console.error(`consumer test: ${msg}`);
  process.exit(1);
};

try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root))[0];
  const tarball = join(work, packed.filename);
  const files = packed.files.map((f) => f.path);
  const forbidden = files.filter((f) => /^(test|shared|fixtures|examples)\/|\/fixtures\/|\.test\.|\.test-d\.|\.safetensors$|\.u8(\.gz)?$|\.(png|jpe?g|bmp|gz)$/.test(f));
  if (forbidden.length > 0) fail(`the tarball holds test or data files: ${forbidden.join(', ')}`);
  console.log(`tarball: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const deps = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', 'fp-ts', 'io-ts']
    .map((d) => `${d}@${JSON.parse(readFileSync(join(root, 'node_modules', d, 'package.json'), 'utf8')).version}`);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...deps], app);

  // 1. Plain Node ESM.
  writeFileSync(
    join(app, 'node-check.mjs'),
    `import { initBackend, assertShape, prngKey, auroc } from 'ocr-gan';
import { fileHandler } from 'ocr-gan/node';
import * as tf from '@tensorflow/tfjs-core';
for (const backend of ['cpu', 'wasm']) {
  const info = await initBackend({ backend });
  const x = assertShape('app', 'x', tf.zeros([1, 4, 4, 3]), [1, 4, 4, 3]);
  if (info.backend !== backend || x.shape[3] !== 3) throw new Error('unexpected');
  x.dispose();
}
if (auroc([0.1, 0.9], [0, 1]) !== 1 || typeof fileHandler !== 'function' || prngKey(1).length !== 2) throw new Error('unexpected');
console.log('node ESM import: ok');
`,
  );
  process.stdout.write(run('node', ['node-check.mjs'], app));

  // 2. Types under tsc --strict.
  writeFileSync(
    join(app, 'types-check.ts'),
    `import * as tf from '@tensorflow/tfjs-core';
import { assertShape, conv2d, type FeatureMap } from 'ocr-gan';
const x = assertShape('app', 'x', tf.zeros([1, 8, 8, 3]), [1, 8, 8, 3] as const);
const w = assertShape('app', 'w', tf.zeros([4, 4, 3, 16]), [4, 4, 3, 16] as const);
const y: FeatureMap<1, 4, 4, 16> = conv2d(x, w, { stride: 2, pad: 'same' });
export { y };
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, skipLibCheck: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, lib: ['ES2022', 'DOM'], types: [] }, files: ['types-check.ts'] }),
  );
  run('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  console.log('types under tsc --strict: ok');

  // 3. A Vite build of a one-page app.
  writeFileSync(join(app, 'index.html'), '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>');
  writeFileSync(
    join(app, 'main.js'),
    `import { initBackend, auroc } from 'ocr-gan';
initBackend({ backend: 'wasm' }).then((info) => { document.body.textContent = info.backend + ' ' + auroc([0, 1], [0, 1]); });
`,
  );
  const viteLog = run('node', [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
  if (/externalized for browser compatibility/.test(viteLog)) fail(`Vite externalized a Node built-in:\n${viteLog}`);
  const out = join(app, 'dist');
  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  const emitted = walk(out);
  const js = emitted.filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8')).join('\n');
  // Import statements only: tfjs-backend-wasm embeds its pthread worker's source as a string
  // that mentions require("fs") for Node; that string is not an import of the bundle.
  const builtins = ['"node:fs"', '"node:path"', '"node:module"', '"node:os"', '"node:url"', '"fs"', '"path"', '"os"', '"module"']
    .filter((b) => new RegExp(`(^|[;\\s}])import[^;"']*from\\s*${b}|import\\(\\s*${b}\\s*\\)`).test(js));
  if (builtins.length > 0) fail(`the Vite bundle pulls Node built-ins: ${builtins.join(', ')}`);
  const wasmFiles = emitted.filter((f) => f.endsWith('.wasm'));
  if (wasmFiles.length === 0) fail('the Vite bundle emitted no .wasm binaries: the wasm backend would not find them');
  console.log(`vite build: ok (${emitted.length} files, ${wasmFiles.length} .wasm, no Node built-ins)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
