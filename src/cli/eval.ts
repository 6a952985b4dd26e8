import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildReport, writeReport } from '../report/report.node.js';
import { evaluate } from '../train/score.js';
import { disposeTrainState } from '../train/step.js';
import { type CliIo, HELP, parseFlags, required } from './args.js';
import { loadTestSet } from './data.js';
import { InputError } from './errors.js';
import { loadModelDir, startBackend } from './model.js';

const f = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(4));

/** `ocr-gan eval`. */
export async function evalCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('eval', args, {
    model: { type: 'string' },
    data: { type: 'string' },
    class: { type: 'string' },
    json: { type: 'string' },
    report: { type: 'string' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP.eval as string);
    return 0;
  }
  const modelDir = required('eval', 'model', values.model);
  const data = required('eval', 'data', values.data);
  await startBackend('eval', values);
  const loaded = await loadModelDir(modelDir);
  try {
    const { config } = loaded.state.model;
    const cls = values.class ?? loaded.run?.normalClass ?? '0';
    const test = await loadTestSet(data, config, cls);
    const started = performance.now();
    const ev = await evaluate(loaded.state.model, test, loaded.calibration);
    const seconds = (performance.now() - started) / 1000;
    const reportPath = resolve(values.report ?? join(modelDir, 'report.html'));
    const normal = Array.from(test.labels).filter((l) => l === 0).length;
    const html = await buildReport(loaded.state.model, test, ev, loaded.calibration, {
      title: `OCR-GAN on ${data}`,
      captions: test.captions,
      facts: {
        model: `${modelDir} (epoch ${loaded.epoch})`,
        data: `${data}${test.kind === 'arrays' ? `, normal class ${cls}` : ''}: ${normal} normal, ${test.labels.length - normal} anomalous test images`,
        config: `${config.imageSize}×${config.imageSize}×${config.channels}, ngf ${config.ngf}, ndf ${config.ndf}, ${config.bands} bands, seed ${config.seed}`,
        written: new Date().toISOString(),
      },
    });
    writeReport(reportPath, html);
    const summary = {
      model: modelDir,
      data,
      epoch: loaded.epoch,
      images: test.labels.length,
      anomalous: test.labels.length - normal,
      imageAuroc: ev.imageAuroc,
      imageAupr: ev.imageAupr,
      f1Max: ev.f1Max,
      f1Threshold: ev.f1Threshold,
      pixelAuroc: ev.pixelAuroc ?? null,
      f1AtThreshold: ev.f1AtThreshold ?? null,
      threshold: loaded.calibration?.threshold ?? null,
      seconds,
      report: reportPath,
    };
    if (values.json) {
      try {
        writeFileSync(values.json, `${JSON.stringify({ ...summary, scores: Array.from(ev.scores), labels: Array.from(ev.labels), files: test.captions }, null, 1)}\n`);
      } catch (e) {
        throw new InputError(`${values.json}: cannot write the JSON file (${(e as Error).message})`);
      }
    }
    io.stdout(
      `image AUROC ${f(ev.imageAuroc)}  AUPR ${f(ev.imageAupr)}  F1-max ${f(ev.f1Max)} (threshold ${ev.f1Threshold.toPrecision(4)})  pixel AUROC ${f(ev.pixelAuroc)}\n` +
        (ev.f1AtThreshold !== undefined ? `F1 at the calibrated threshold ${f(ev.f1AtThreshold)}\n` : '') +
        `${test.labels.length} test images (${test.labels.length - normal} anomalous), epoch ${loaded.epoch}, ${seconds.toFixed(1)} s\n` +
        `report: ${reportPath}\n`,
    );
    return 0;
  } finally {
    disposeTrainState(loaded.state);
  }
}
