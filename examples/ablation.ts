/**
 * The rows of the paper's ablation (Table V), each a different assembly of the same blocks,
 * trained with the same seed and budget and scored by image AUROC on the same test split:
 *
 *   npx tsx examples/ablation.ts [--data DIR] [--size 32] [--epochs 8] [--seeds 1] [--train 256]
 *
 * Without `--data` it runs on the built-in synthetic defect set; with an MVTec-style folder
 * it reads `train/good` and `test/*` (see docs/datasets.md).
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  decodeOrThrow,
  disposeTrainState,
  evaluate,
  fit,
  initBackend,
  type ImageArray,
  type LabelledImages,
  type OcrGanConfig,
  OcrGanConfigInput,
  syntheticDefects,
} from '../src/index.js';

/** One row: its name and how it differs from the full model. */
export const ablationRows: readonly { readonly name: string; readonly config: Partial<OcrGanConfig> }[] = [
  { name: 'Skip-GANomaly baseline (1 band, no CS)', config: { bands: 1, channelSelect: false, augmentation: off(false, false) } },
  { name: '+ FD (2 bands)', config: { bands: 2, channelSelect: false, augmentation: off(false, false) } },
  { name: '+ FD + CS', config: { bands: 2, channelSelect: true, augmentation: off(false, false) } },
  { name: '3 bands + CS', config: { bands: 3, channelSelect: true, augmentation: off(false, false) } },
  { name: '+ Cutout', config: { bands: 2, channelSelect: true, augmentation: off(false, true) } },
  { name: '+ CutPaste', config: { bands: 2, channelSelect: true, augmentation: off(true, false) } },
  { name: '+ CutPaste + Cutout (OCR-GAN)', config: { bands: 2, channelSelect: true, augmentation: off(true, true) } },
];

function off(cutPaste: boolean, cutout: boolean): OcrGanConfig['augmentation'] {
  return {
    cutPaste: { enabled: cutPaste, areaRatio: [0.02, 0.15], aspectRatio: 0.3, colorJitter: 0.1 },
    cutout: { enabled: cutout },
  };
}

async function loadData(dir: string | undefined, size: number, channels: 1 | 3, trainCount: number): Promise<{ train: ImageArray; test: LabelledImages }> {
  if (dir === undefined) {
    const d = syntheticDefects({ seed: 11, size, channels, trainCount, testNormalCount: 60, testDefectCount: 60 });
    return { train: d.train, test: d.test };
  }
  const { loadImageFolderSplit } = await import('../src/node.js');
  return loadImageFolderSplit(dir, { size, channels });
}

export async function main(argv: string[]): Promise<{ name: string; auroc: number[] }[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      size: { type: 'string', default: '32' },
      epochs: { type: 'string', default: '8' },
      width: { type: 'string', default: '16' },
      channels: { type: 'string', default: '3' },
      seeds: { type: 'string', default: '1' },
      train: { type: 'string', default: '256' },
      backend: { type: 'string', default: 'wasm' },
    },
  });
  await initBackend({ backend: values.backend as 'wasm' | 'cpu' });
  const size = Number(values.size);
  const channels = Number(values.channels) as 1 | 3;
  const { train, test } = await loadData(values.data, size, channels, Number(values.train));
  const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
  const results: { name: string; auroc: number[] }[] = [];
  for (const row of ablationRows) {
    const auroc: number[] = [];
    for (const seed of seeds) {
      const config = decodeOrThrow(
        OcrGanConfigInput,
        { imageSize: size, channels, ngf: Number(values.width), ndf: Number(values.width), batchSize: 16, epochs: Number(values.epochs), seed, ...row.config },
        row.name,
      );
      const run = await fit(config, train);
      auroc.push((await evaluate(run.state.model, test, run.calibration)).imageAuroc);
      disposeTrainState(run.state);
    }
    results.push({ name: row.name, auroc });
    const mean = auroc.reduce((a, b) => a + b, 0) / auroc.length;
    console.log(`${row.name.padEnd(34)} image AUROC ${mean.toFixed(3)}${auroc.length > 1 ? ` (${auroc.map((a) => a.toFixed(3)).join(', ')})` : ''}`);
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
