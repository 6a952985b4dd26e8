/**
 * Long-run check: 1,000 training steps at a small size on wasm, sampling the tensor count
 * and the resident set size every 50 steps (after a full garbage collection, so that RSS
 * measures what is kept, not what the collector has not reached yet). Exits non-zero when the
 * tensor count moves at all, or when RSS grows more than 5 % from step 100 (after warm-up) to
 * step 1,000, each end taken as the median of three samples.
 *
 *   npm run test:long [-- --steps 1000 --backend wasm]
 */
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { syntheticDefects } from '../src/data/synthetic.js';
import { defaultOcrGanConfig, type OcrGanConfig } from '../src/train/config.js';
import { fit } from '../src/train/fit.js';
import { disposeTrainState } from '../src/train/step.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000' },
    backend: { type: 'string', default: 'wasm' },
    'max-rss-growth': { type: 'string', default: '0.05' },
  },
});
const steps = Number(values.steps);
const maxGrowth = Number(values['max-rss-growth']);
const warmUp = Math.min(100, steps);
const every = 50;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const info = await initBackend({ backend: values.backend as 'wasm' | 'cpu' });
const batchSize = 4;
const trainCount = 40;
const config: OcrGanConfig = {
  ...defaultOcrGanConfig,
  imageSize: 16,
  channels: 3,
  ngf: 4,
  ndf: 4,
  nz: 16,
  batchSize,
  validationFraction: 0,
  epochs: Math.ceil(steps / (trainCount / batchSize)),
};
const data = syntheticDefects({ seed: 1, size: 16, channels: 3, trainCount, testNormalCount: 1, testDefectCount: 1 });

interface Sample {
  readonly step: number;
  readonly numTensors: number;
  readonly rssMiB: number;
}
const samples: Sample[] = [];
const controller = new AbortController();
const started = performance.now();
const result = await fit(config, data.train, {
  signal: controller.signal,
  onProgress: (p) => {
    const step = (p.epoch - 1) * p.stepsPerEpoch + p.step;
    if (step % every === 0 || step === 1) {
      collectGarbage();
      samples.push({ step, numTensors: tf.memory().numTensors, rssMiB: process.memoryUsage().rss / 2 ** 20 });
    }
    if (step >= steps) controller.abort();
  },
});
const seconds = (performance.now() - started) / 1000;
disposeTrainState(result.state);

console.log(`long run: ${steps} steps of ${batchSize} images at 16×16 on ${info.backend} in ${seconds.toFixed(1)} s`);
console.log('step  numTensors  rss MiB');
for (const s of samples) console.log(`${String(s.step).padStart(4)}  ${String(s.numTensors).padStart(10)}  ${s.rssMiB.toFixed(1).padStart(7)}`);

const after = samples.filter((s) => s.step >= warmUp);
const first = after[0];
const last = after[after.length - 1];
const failures: string[] = [];
if (first === undefined || last === undefined || last.step < steps) failures.push(`only ${last?.step ?? 0} of ${steps} steps ran`);
const counts = new Set(samples.map((s) => s.numTensors));
if (counts.size > 1) failures.push(`numTensors is not flat: ${[...counts].join(', ')}`);
if (first && last) {
  const median = (xs: readonly Sample[]) => [...xs.map((s) => s.rssMiB)].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const start = median(after.slice(0, 3));
  const end = median(after.slice(-3));
  const growth = end / start - 1;
  console.log(`RSS from step ${first.step} to ${last.step} (medians of 3 samples): ${start.toFixed(1)} → ${end.toFixed(1)} MiB (${(100 * growth).toFixed(2)} %)`);
  if (growth > maxGrowth) failures.push(`RSS grew ${(100 * growth).toFixed(2)} %, more than ${(100 * maxGrowth).toFixed(0)} %`);
}
if (failures.length > 0) {
  console.error(`long run FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('long run OK: numTensors flat, RSS within bounds');
