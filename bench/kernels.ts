/**
 * GFLOP/s of the three convolution kernels training runs on (forward, input gradient,
 * filter gradient) on the generator's layer shapes, per backend and WASM thread count.
 *
 *   npm run bench:kernels                 # wasm on 1 and on every logical core, cpu on a small shape
 *   npm run bench:kernels -- --json out.json
 *   npm run bench:kernels -- --backend wasm --threads 2 --runs 5
 *
 * Each backend/thread count runs in a child process of its own: tfjs fixes the thread count
 * when the wasm backend starts, and a fresh process keeps one run's heap out of the next.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';

interface Layer {
  readonly name: string;
  readonly x: [number, number, number, number];
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride: number;
}

interface Row {
  readonly backend: string;
  readonly threads: number;
  readonly layer: string;
  readonly kernel: 'forward' | 'inputGrad' | 'filterGrad';
  readonly gflops: number;
  readonly medianMs: number;
  /** The kernel's rate over the forward conv's on the same layer in the same run. */
  readonly ofForward: number;
}

const generatorLayers: Layer[] = [
  { name: 'x[16,64,64,64]→128 k4s2', x: [16, 64, 64, 64], outChannels: 128, kernel: 4, stride: 2 },
  // The generator's last transposed layer (64 → 3, up to 128²) is this conv's input gradient.
  { name: 'x[16,128,128,3]→64 k4s2', x: [16, 128, 128, 3], outChannels: 64, kernel: 4, stride: 2 },
  { name: 'x[16,32,32,128]→128 k3s1', x: [16, 32, 32, 128], outChannels: 128, kernel: 3, stride: 1 },
];
// The cpu backend is 20–400× slower: a shape small enough to finish.
const cpuLayers: Layer[] = [{ name: 'x[2,32,32,32]→64 k4s2', x: [2, 32, 32, 32], outChannels: 64, kernel: 4, stride: 2 }];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function macs(l: Layer): number {
  const [b, h, w, ci] = l.x;
  const ho = Math.ceil(h / l.stride);
  const wo = Math.ceil(w / l.stride);
  return b * ho * wo * l.outChannels * l.kernel * l.kernel * ci;
}

async function timeMs(f: () => tf.Tensor, runs: number): Promise<number> {
  const once = async () => {
    const start = performance.now();
    const y = f();
    // The wasm and cpu kernels run synchronously; reading back adds one copy but makes the
    // timing hold for any backend that queues work.
    await y.data();
    const ms = performance.now() - start;
    y.dispose();
    return ms;
  };
  await once();
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

async function measure(backendName: 'wasm' | 'cpu', threads: number, runs: number): Promise<Row[]> {
  const info = await initBackend({ backend: backendName, threads, checkTraining: false });
  const rows: Row[] = [];
  for (const l of backendName === 'cpu' ? cpuLayers : generatorLayers) {
    const [b, h, w, ci] = l.x;
    const ho = Math.ceil(h / l.stride);
    const wo = Math.ceil(w / l.stride);
    const x = tf.randomNormal(l.x) as tf.Tensor4D;
    const filter = tf.randomNormal([l.kernel, l.kernel, ci, l.outChannels]) as tf.Tensor4D;
    const dy = tf.randomNormal([b, ho, wo, l.outChannels]) as tf.Tensor4D;
    const attrs = { strides: [l.stride, l.stride], pad: 'same', dataFormat: 'NHWC' };
    const kernels = {
      forward: () => tf.conv2d(x, filter, l.stride, 'same'),
      inputGrad: () =>
        tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, {
          ...attrs,
          inputShape: l.x,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      filterGrad: () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
          ...attrs,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    } as const;
    const flops = 2 * macs(l);
    let forwardRate = NaN;
    for (const kernel of ['forward', 'inputGrad', 'filterGrad'] as const) {
      const ms = await timeMs(kernels[kernel], backendName === 'cpu' ? 1 : runs);
      const gflops = flops / ms / 1e6;
      if (kernel === 'forward') forwardRate = gflops;
      rows.push({
        backend: backendName,
        threads: info.threads,
        layer: l.name,
        kernel,
        gflops,
        medianMs: ms,
        ofForward: gflops / forwardRate,
      });
    }
    tf.dispose([x, filter, dy]);
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const header = ['backend', 'threads', 'layer', 'kernel', 'ms (median)', 'GFLOP/s', '÷ forward'];
  const lines = rows.map((r) => [
    r.backend,
    String(r.threads),
    r.layer,
    r.kernel,
    r.medianMs.toFixed(1),
    r.gflops.toFixed(2),
    r.ofForward.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

function summarise(rows: Row[]): void {
  const one = rows.filter((r) => r.backend === 'wasm' && r.threads === 1);
  const many = rows.filter((r) => r.backend === 'wasm' && r.threads > 1);
  for (const r of many) {
    const base = one.find((o) => o.layer === r.layer && o.kernel === r.kernel);
    if (base) console.log(`speed-up ${r.threads} threads vs 1, ${r.layer} ${r.kernel}: ${(r.gflops / base.gflops).toFixed(2)}×`);
  }
}

async function main(): Promise<void> {
  const runs = Number(argValue('--runs') ?? 5);
  const child = argValue('--child');
  if (child) {
    const [backendName, threads] = child.split(':') as ['wasm' | 'cpu', string];
    const rows = await measure(backendName, Number(threads), runs);
    process.stdout.write(`\nROWS ${JSON.stringify(rows)}\n`);
    return;
  }
  const only = argValue('--backend');
  const threadsArg = argValue('--threads');
  const cores = availableParallelism();
  const jobs: string[] = [];
  if (!only || only === 'wasm') {
    const counts = threadsArg ? [Number(threadsArg)] : [...new Set([1, cores])];
    for (const t of counts) jobs.push(`wasm:${t}`);
  }
  if (!only || only === 'cpu') jobs.push('cpu:1');
  const rows: Row[] = [];
  for (const job of jobs) {
    const script = fileURLToPath(import.meta.url);
    const result = spawnSync(process.execPath, [...process.execArgv, script, '--child', job, '--runs', String(runs)], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const line = result.stdout.split('\n').find((l) => l.startsWith('ROWS '));
    if (result.status !== 0 || !line) {
      console.error(`bench:kernels: ${job} failed (exit ${result.status})\n${result.stderr}`);
      continue;
    }
    rows.push(...(JSON.parse(line.slice(5)) as Row[]));
  }
  printTable(rows);
  summarise(rows);
  const jsonPath = argValue('--json');
  if (jsonPath) {
    writeFileSync(jsonPath, `${JSON.stringify({ date: new Date().toISOString(), cores, runs, rows }, null, 2)}\n`);
    console.log(`wrote ${jsonPath}`);
  }
}

await main();
