/**
 * Scores image files with a trained model (from `ocr-gan train`, `examples/train-folder.ts
 * --out`, or any `saveTraining` checkpoint) and writes heatmap overlays.
 *
 *   npx tsx examples/score-images.ts --model DIR [--maps DIR] image.png [more.jpg …]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { disposeTrainState, heatMap, initBackend, loadTraining, overlay, scoreImages } from '../src/index.js';
import { encodePng, fileHandler, readImage } from '../src/node.js';

export async function main(argv: string[]): Promise<{ file: string; raw: number; label: 0 | 1 }[]> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { model: { type: 'string' }, maps: { type: 'string' } } });
  if (!values.model || positionals.length === 0) throw new Error('usage: score-images.ts --model DIR [--maps DIR] IMAGE...');
  await initBackend({ backend: 'wasm' });
  const { state, calibration } = await loadTraining(fileHandler(values.model));
  if (!calibration) throw new Error(`${values.model}: the checkpoint has no calibration; train to the end first`);
  const { imageSize: size, channels } = state.model.config;

  // Decode and resize every file to the model's input, then score them as one set.
  const images = await Promise.all(positionals.map((p) => readImage(p, { size, channels })));
  const bytes = new Uint8Array(images.length * size * size * channels);
  images.forEach((img, i) => bytes.set(img.data, i * size * size * channels));
  const results = await scoreImages(state.model, calibration, { images: bytes, shape: [images.length, size, size, channels] });

  const out = results.map((r, i) => {
    const file = positionals[i] as string;
    console.log(`${file}: score ${r.raw.toFixed(5)} (normalised ${r.normalised.toFixed(3)}) → ${r.label ? 'ANOMALY' : 'normal'}`);
    if (values.maps) {
      mkdirSync(values.maps, { recursive: true });
      // Each map on its own scale, its maximum at the top of the colour ramp.
      const heat = heatMap(r.map, size, size, Math.max(...r.map, 1e-6));
      writeFileSync(join(values.maps, `${basename(file).replace(/\.[^.]+$/, '')}.heatmap.png`), encodePng(overlay(images[i]!, heat)));
    }
    return { file, raw: r.raw, label: r.label };
  });
  disposeTrainState(state);
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
