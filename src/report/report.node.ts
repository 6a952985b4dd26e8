import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { RawImage } from '../io/images.js';
import { encodePng } from '../io/images.node.js';
import { batchOf, subset } from '../train/images.js';
import { type OcrGanModel, reconstruct } from '../train/model.js';
import { type Calibration, type Evaluation, type LabelledImages, scoreImages } from '../train/score.js';
import { heatMap } from './colormap.js';
import { renderReport, type ReportTile } from './html.js';

/**
 * An 8-bit image as a `data:image/png;base64,…` URL.
 *
 * @example
 * ```ts
 * import { pngDataUrl } from 'ocr-gan/node';
 * pngDataUrl({ width: 1, height: 1, channels: 1, data: new Uint8Array([0]) }); // 'data:image/png;base64,…'
 * ```
 */
export function pngDataUrl(image: RawImage): string {
  return `data:image/png;base64,${Buffer.from(encodePng(image)).toString('base64')}`;
}

/**
 * Which test images the grid shows: the highest-scored anomalies, the lowest-scored
 * anomalies (the misses) and the highest-scored normal images (the false alarms), so the
 * grid shows both what works and what fails.
 *
 * @example
 * ```ts
 * import { pickTiles } from 'ocr-gan/node';
 * pickTiles([0.9, 0.1, 0.5, 0.7], [1, 1, 0, 0], 3); // [0, 1, 3]
 * ```
 */
export function pickTiles(scores: ArrayLike<number>, labels: ArrayLike<number>, count: number): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  const byScore = (a: number, b: number) => (scores[b] as number) - (scores[a] as number);
  const pos = idx.filter((i) => labels[i] === 1).sort(byScore);
  const neg = idx.filter((i) => labels[i] !== 1).sort(byScore);
  const third = Math.max(1, Math.floor(count / 3));
  const chosen = new Set<number>([...pos.slice(0, third), ...pos.slice(-third).reverse(), ...neg.slice(0, third)]);
  for (const i of [...pos, ...neg]) {
    if (chosen.size >= count) break;
    chosen.add(i);
  }
  return [...chosen].slice(0, count);
}

function toBytes(values: Float32Array, offset: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(255, Math.max(0, Math.round(((values[offset + i] as number) + 1) * 127.5)));
  return out;
}

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  readonly title?: string;
  readonly facts?: Readonly<Record<string, string>>;
  /** Images in the grid (default 12). */
  readonly tiles?: number;
  /** A caption per test image (e.g. its file name). */
  readonly captions?: readonly string[];
}

/**
 * Builds an evaluation's HTML report (see {@link renderReport}): runs the model once more on
 * the grid's images to get their reconstructions and anomaly maps.
 *
 * @example
 * ```ts
 * import { buildReport } from 'ocr-gan/node';
 * // const html = await buildReport(model, test, evaluation, calibration, { title: 'kolektorsdd' });
 * ```
 */
export async function buildReport(
  model: OcrGanModel,
  test: LabelledImages,
  evaluation: Evaluation,
  calibration?: Calibration,
  options: BuildReportOptions = {},
): Promise<string> {
  const picks = pickTiles(evaluation.scores, evaluation.labels, options.tiles ?? 12);
  const tiles: ReportTile[] = [];
  if (picks.length > 0) {
    const [, h, w, c] = test.shape;
    const sub = subset(test, picks);
    const results = await scoreImages(model, calibration ?? { min: 0, max: 1, threshold: Infinity }, sub);
    const xHat = tf.tidy(() => {
      const x = batchOf(sub, picks.map((_, i) => i));
      return reconstruct(model, x).xHat;
    });
    const rec = (await xHat.data()) as Float32Array;
    xHat.dispose();
    let scale = 0;
    for (const r of results) for (const v of r.map) if (v > scale) scale = v;
    const per = h * w * c;
    picks.forEach((p, i) => {
      const mask = test.masks?.subarray(p * h * w, (p + 1) * h * w);
      tiles.push({
        caption: options.captions?.[p] ?? `#${p}`,
        label: evaluation.labels[p] === 1 ? 1 : 0,
        score: evaluation.scores[p] as number,
        input: pngDataUrl({ width: w, height: h, channels: c, data: sub.images.subarray(i * per, (i + 1) * per) }),
        reconstruction: pngDataUrl({ width: w, height: h, channels: c, data: toBytes(rec, i * per, per) }),
        map: pngDataUrl(heatMap((results[i] as { map: Float32Array }).map, w, h, scale)),
        ...(mask && evaluation.labels[p] === 1 ? { mask: pngDataUrl({ width: w, height: h, channels: 1, data: mask.map((m) => m * 255) }) } : {}),
      });
    });
  }
  return renderReport({
    title: options.title ?? 'OCR-GAN evaluation',
    ...(options.facts ? { facts: options.facts } : {}),
    metrics: evaluation,
    scores: evaluation.scores,
    labels: evaluation.labels,
    ...(calibration ? { threshold: calibration.threshold } : {}),
    tiles,
  });
}

/**
 * Writes an HTML report to `path` (creating its folder).
 *
 * @example
 * ```ts
 * import { writeReport } from 'ocr-gan/node';
 * // writeReport('runs/a/report.html', html);
 * ```
 */
export function writeReport(path: string, html: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html);
}
