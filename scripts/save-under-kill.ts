/**
 * The child process of the kill-during-save test: saves checkpoints of one train state to a
 * folder over and over, until it is killed. After each completed save it prints
 * `saved <epoch>` on stdout, so the parent knows which checkpoint was the last good one.
 *
 *   node --import tsx scripts/save-under-kill.ts DIR [CONFIG_JSON]
 *
 * CONFIG_JSON is a (partial) OCR-GAN config; the default model is wide enough (about 20 MB
 * a checkpoint) that a write takes long enough for a kill to land inside it.
 */
import { fileHandler } from '../src/io/file_handler.node.js';
import { initBackend } from '../src/backend/index.js';
import { prngKey } from '../src/random/key.js';
import { saveTraining } from '../src/train/checkpoint.js';
import { decodeOrThrow } from '../src/config/decode.js';
import { OcrGanConfigInput } from '../src/train/config.js';
import { initOcrGan } from '../src/train/model.js';
import { initTrainState } from '../src/train/step.js';

const [dir, configJson] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: node --import tsx scripts/save-under-kill.ts DIR [CONFIG_JSON]');
  process.exit(2);
}
const killTestConfig = decodeOrThrow(
  OcrGanConfigInput,
  configJson === undefined ? { imageSize: 16, channels: 1, ngf: 24, ndf: 24, nz: 16, batchSize: 2 } : JSON.parse(configJson),
  'save-under-kill config',
);
await initBackend({ backend: 'cpu' });
const state = initTrainState(initOcrGan(prngKey(1), killTestConfig), prngKey(2));
const target = fileHandler(dir);
for (let epoch = 1; ; epoch++) {
  await saveTraining(target, state, epoch);
  process.stdout.write(`saved ${epoch}\n`);
}
