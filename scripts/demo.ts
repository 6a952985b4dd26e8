/**
 * The demo: train OCR-GAN on the built-in synthetic defect set, evaluate on its test split,
 * print image and pixel AUROC. Needs nothing beyond the repository and its npm packages.
 *
 *   npm run demo [-- --size 32 --epochs 12 --backend wasm --seed 1]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildReport, writeReport } from '../src/node.js';
import { decodeOrThrow, defaultOcrGanConfig, evaluate, fit, initBackend, OcrGanConfigInput, syntheticDefects } from '../src/index.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '32' },
    epochs: { type: 'string', default: '15' },
    backend: { type: 'string', default: 'wasm' },
    seed: { type: 'string', default: '1' },
    ngf: { type: 'string', default: '16' },
    ndf: { type: 'string', default: '16' },
    train: { type: 'string', default: '320' },
    batch: { type: 'string', default: '16' },
    report: { type: 'string', default: 'reports/demo.html' },
  },
});
const size = Number(values.size);
const seed = Number(values.seed);
const info = await initBackend({ backend: values.backend as 'wasm' | 'cpu' });
const data = syntheticDefects({ seed, size, channels: 3, trainCount: Number(values.train), testNormalCount: 100, testDefectCount: 100 });
const config = decodeOrThrow(
  OcrGanConfigInput,
  { ...defaultOcrGanConfig, imageSize: size, ngf: Number(values.ngf), ndf: Number(values.ndf), batchSize: Number(values.batch), epochs: Number(values.epochs), seed },
  'demo config',
);
console.log(`ocr-gan demo: ${info.backend} (${info.threads} thread${info.threads > 1 ? 's' : ''}), ${size}×${size}, ngf ${config.ngf}, ndf ${config.ndf}, ${config.epochs} epochs on ${data.train.shape[0]} synthetic images`);
const t0 = performance.now();
let last = 0;
const result = await fit(config, data.train, {
  onProgress: (p) => {
    const now = performance.now();
    if (now - last > 2000 || (p.step === p.stepsPerEpoch && p.epoch === p.epochs)) {
      last = now;
      process.stdout.write(`\repoch ${p.epoch}/${p.epochs} step ${p.step}/${p.stepsPerEpoch}  G ${p.losses.gTotal.toFixed(3)}  D ${p.losses.dTotal.toFixed(3)}  ${p.imagesPerSecond.toFixed(1)} img/s  ETA ${p.etaSeconds.toFixed(0)} s   `);
    }
  },
  onEpochEnd: async (state, epoch) => {
    if (process.env.DEMO_EVERY_EPOCH) {
      const ev = await evaluate(state.model, data.test);
      process.stdout.write(`\n  epoch ${epoch}: image AUROC ${ev.imageAuroc.toFixed(3)}\n`);
    }
  },
});
const trainSeconds = (performance.now() - t0) / 1000;
const ev = await evaluate(result.state.model, data.test, result.calibration);
console.log(`\ntrained in ${trainSeconds.toFixed(0)} s`);
const reportPath = resolve(values.report);
writeReport(
  reportPath,
  await buildReport(result.state.model, data.test, ev, result.calibration, {
    title: 'ocr-gan demo: synthetic defects',
    facts: { backend: info.backend, size: `${size}×${size}`, ngf: String(config.ngf), ndf: String(config.ndf), epochs: String(config.epochs), 'training time': `${trainSeconds.toFixed(0)} s` },
  }),
);
console.log(`image AUROC ${ev.imageAuroc.toFixed(3)}  AUPR ${ev.imageAupr.toFixed(3)}  F1-max ${ev.f1Max.toFixed(3)}  pixel AUROC ${ev.pixelAuroc?.toFixed(3)}  F1 at the validation threshold ${ev.f1AtThreshold?.toFixed(3)}`);
console.log(`report: ${reportPath}`);
