import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { prepareImage, resizeFloat, toChannels } from '../io/images.js';
import { encodePng, readRawImage } from '../io/images.node.js';
import { heatMap, overlay } from '../report/colormap.js';
import { type ImageScore, scoreImages } from '../train/score.js';
import { disposeTrainState } from '../train/step.js';
import { type CliIo, HELP, parseFlags, required } from './args.js';
import { InputError, UsageError } from './errors.js';
import { loadModelDir, startBackend } from './model.js';

/** `ocr-gan score`. */
export async function scoreCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    'score',
    args,
    {
      model: { type: 'string' },
      maps: { type: 'string' },
      json: { type: 'boolean' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP.score as string);
    return 0;
  }
  const modelDir = required('score', 'model', values.model);
  if (positionals.length === 0) throw new UsageError("no images given (usage: ocr-gan score --model DIR IMAGE...)", 'score');
  await startBackend('score', values);
  const loaded = await loadModelDir(modelDir);
  try {
    if (!loaded.calibration) throw new InputError(`${modelDir}: the checkpoint has no calibration (its training did not finish); finish it with 'ocr-gan train --resume'`);
    const { config } = loaded.state.model;
    const { imageSize: size, channels } = config;
    const per = size * size * channels;
    const results: ImageScore[] = [];
    for (let start = 0; start < positionals.length; start += config.batchSize) {
      const part = positionals.slice(start, start + config.batchSize);
      const images = new Uint8Array(part.length * per);
      for (let i = 0; i < part.length; i++) images.set(prepareImage(await readRawImage(part[i] as string), size, channels).data, i * per);
      results.push(...(await scoreImages(loaded.state.model, loaded.calibration, { images, shape: [part.length, size, size, channels] }, { maps: values.maps !== undefined })));
    }
    positionals.forEach((path, i) => {
      const r = results[i] as ImageScore;
      io.stdout(
        values.json
          ? `${JSON.stringify({ file: path, raw: r.raw, normalised: r.normalised, label: r.label })}\n`
          : `${r.label ? 'ANOMALOUS' : 'normal   '}  raw ${r.raw.toPrecision(5)}  normalised ${r.normalised.toFixed(3)}  ${path}\n`,
      );
    });
    if (values.maps !== undefined) {
      // One colour scale for every map of this call, so heat compares across the images.
      let scale = 0;
      for (const r of results) for (const v of r.map) if (v > scale) scale = v;
      mkdirSync(values.maps, { recursive: true });
      const used = new Set<string>();
      for (let i = 0; i < positionals.length; i++) {
        const path = positionals[i] as string;
        const raw = toChannels(await readRawImage(path), 3);
        const map = resizeFloat((results[i] as ImageScore).map, size, size, 1, raw.width, raw.height);
        let name = `${basename(path, extname(path))}_map.png`;
        for (let k = 2; used.has(name); k++) name = `${basename(path, extname(path))}_${k}_map.png`;
        used.add(name);
        const file = join(values.maps, name);
        try {
          writeFileSync(file, encodePng(overlay(raw, heatMap(map, raw.width, raw.height, scale), 0.5)));
        } catch (e) {
          throw new InputError(`${file}: cannot write the map (${(e as Error).message})`);
        }
        if (!values.json) io.stderr(`map: ${file}\n`);
      }
    }
    return 0;
  } finally {
    disposeTrainState(loaded.state);
  }
}
