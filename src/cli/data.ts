import type { OcrGanConfig } from '../train/config.js';
import type { ImageArray } from '../train/images.js';
import type { LabelledImages } from '../train/score.js';
import { folderLayout, isArraySet, loadFolderTestSet, loadImages, loadOneClassSet } from '../io/datasets.node.js';
import { UsageError } from './errors.js';

/** A test split as the CLI reads it, with a caption per image. */
export interface CliTestSet extends LabelledImages {
  readonly captions: readonly string[];
  readonly kind: 'folders' | 'arrays';
}

function readOpts(config: OcrGanConfig) {
  return { size: config.imageSize, channels: config.channels };
}

/** The normal training images of a data set folder at the config's size and channels. */
export async function loadTrainSet(command: string, dir: string, config: OcrGanConfig, cls: string | undefined): Promise<ImageArray> {
  if (isArraySet(dir)) {
    if (cls === undefined) throw new UsageError(`${dir} is an array set: name its normal class with --class`, command);
    return loadOneClassSet(dir, cls, readOpts(config), { test: false }).train;
  }
  return loadImages(folderLayout(dir, { test: false }).train, readOpts(config));
}

/** The labelled test split of a data set folder at the config's size and channels. */
export async function loadTestSet(dir: string, config: OcrGanConfig, cls: string): Promise<CliTestSet> {
  if (isArraySet(dir)) {
    const { test } = loadOneClassSet(dir, cls, readOpts(config), { train: false });
    return { ...test, captions: Array.from(test.labels, (_, i) => `test #${i}`), kind: 'arrays' };
  }
  const test = await loadFolderTestSet(dir, readOpts(config));
  const root = dir.replace(/\/+$/, '');
  return { ...test, captions: test.paths.map((p) => (p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p)), kind: 'folders' };
}
