/**
 * How much the test AUROC moves from epoch to epoch: evaluates every per-epoch checkpoint
 * that `ocr-gan train --keep-epochs` wrote (MODEL/epochs/NNN) on a data set's test split.
 * A diagnostic only: choosing the best epoch this way would select on the test set.
 *
 *   npx tsx scripts/epoch-spread.ts --model runs/k1 --data ../shared/data/kolektorsdd [--json out.json]
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { disposeTrainState, evaluate, initBackend, loadTraining } from '../src/index.js';
import { fileHandler, loadFolderTestSet } from '../src/node.js';

const { values } = parseArgs({ options: { model: { type: 'string' }, data: { type: 'string' }, json: { type: 'string' } } });
if (!values.model || !values.data) {
  console.error('usage: npx tsx scripts/epoch-spread.ts --model DIR --data DIR [--json FILE]');
  process.exit(2);
}
await initBackend({ backend: 'wasm' });
const dir = join(values.model, 'epochs');
const epochs = readdirSync(dir).filter((d) => /^\d+$/.test(d)).sort();
let test: Awaited<ReturnType<typeof loadFolderTestSet>> | undefined;
const rows: { epoch: number; imageAuroc: number; pixelAuroc: number | undefined }[] = [];
for (const e of epochs) {
  const loaded = await loadTraining(fileHandler(join(dir, e)));
  const { config } = loaded.state.model;
  test ??= await loadFolderTestSet(values.data, { size: config.imageSize, channels: config.channels });
  const ev = await evaluate(loaded.state.model, test);
  disposeTrainState(loaded.state);
  rows.push({ epoch: loaded.epoch, imageAuroc: ev.imageAuroc, pixelAuroc: ev.pixelAuroc });
  console.log(`epoch ${String(loaded.epoch).padStart(3)}  image AUROC ${ev.imageAuroc.toFixed(4)}  pixel AUROC ${ev.pixelAuroc?.toFixed(4) ?? 'n/a'}`);
}
const a = rows.map((r) => r.imageAuroc);
const mean = a.reduce((s, v) => s + v, 0) / a.length;
const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, a.length - 1));
const tail = a.slice(-5);
const tailMean = tail.reduce((s, v) => s + v, 0) / tail.length;
const tailSd = Math.sqrt(tail.reduce((s, v) => s + (v - tailMean) ** 2, 0) / Math.max(1, tail.length - 1));
console.log(`image AUROC over ${a.length} epochs: min ${Math.min(...a).toFixed(4)}, max ${Math.max(...a).toFixed(4)}, mean ${mean.toFixed(4)} ± ${sd.toFixed(4)}; last 5: ${tailMean.toFixed(4)} ± ${tailSd.toFixed(4)}`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ rows, mean, sd, tailMean, tailSd }, null, 1)}\n`);
