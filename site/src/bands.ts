import * as tf from '@tensorflow/tfjs-core';
import { assertShape, frequencyDecouple, type FrequencyVariant, initBackend, syntheticDefects } from 'ocr-gan';
import { drawSigned, figure } from './draw.js';

const SIZE = 128;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const source = $<HTMLCanvasElement>('source');
const out = $<HTMLDivElement>('bands');
const status = $<HTMLParagraphElement>('bands-status');
const bandsSelect = $<HTMLSelectElement>('band-count');
const variantSelect = $<HTMLSelectElement>('variant');

// Frequency decoupling is a handful of small convolutions: the cpu backend shows it without
// loading anything else. Training uses wasm or webgl (see the training page).
const ready = initBackend({ backend: 'cpu', checkTraining: false });

/** The source canvas as [1, H, W, 3] in [−1, 1], the model's image range. */
function sourceTensor() {
  const ctx = source.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas context');
  const { data } = ctx.getImageData(0, 0, SIZE, SIZE);
  const rgb = new Float32Array(SIZE * SIZE * 3);
  for (let p = 0; p < SIZE * SIZE; p++) for (let c = 0; c < 3; c++) rgb[3 * p + c] = (data[4 * p + c] as number) / 127.5 - 1;
  return assertShape('bands page', 'x', tf.tensor4d(rgb, [1, SIZE, SIZE, 3]), [1, SIZE, SIZE, 3] as const);
}

async function render(): Promise<void> {
  await ready;
  const bands = Number(bandsSelect.value);
  const variant = variantSelect.value as FrequencyVariant;
  const x = sourceTensor();
  const parts = frequencyDecouple(x, { bands, variant });
  const total = tf.addN([...parts]);
  const err = tf.max(tf.abs(tf.sub(total, x)));
  const values = await Promise.all(parts.map((b) => b.data() as Promise<Float32Array>));
  const maxErr = ((await err.data()) as Float32Array)[0] as number;
  tf.dispose([x, ...parts, total, err]);
  out.replaceChildren();
  values.forEach((v, k) => {
    const name = k === 0 ? 'band 1 (lowest)' : k === bands - 1 ? `band ${k + 1} (highest)` : `band ${k + 1}`;
    const f = figure(name, 'band');
    const peak = drawSigned(f.canvas, v, SIZE, SIZE, 3, k > 0);
    if (k > 0) f.root.querySelector('figcaption')?.append(` · ±${peak.toFixed(3)}, stretched`);
    out.append(f.root);
  });
  status.textContent = `${bands} bands, '${variant}' variant; max |Σ bands − x| = ${maxErr.toExponential(1)}`;
  out.dataset['bands'] = String(bands);
}

function drawSynthetic(seed: number): void {
  const { train } = syntheticDefects({ seed, size: SIZE, channels: 3, texture: (['wood', 'weave', 'stripes'] as const)[seed % 3], trainCount: 1, testNormalCount: 0, testDefectCount: 0 });
  const rgba = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let p = 0; p < SIZE * SIZE; p++) {
    for (let c = 0; c < 3; c++) rgba[4 * p + c] = train.images[3 * p + c] as number;
    rgba[4 * p + 3] = 255;
  }
  source.getContext('2d')?.putImageData(new ImageData(rgba, SIZE, SIZE), 0, 0);
}

async function fromFile(file: File): Promise<void> {
  const bitmap = await createImageBitmap(file);
  const ctx = source.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas context');
  // Centre square crop, resized: frequencyDecouple needs even sizes (multiples of 4 for 3
  // octave bands), and 128 keeps the cpu backend instant.
  const side = Math.min(bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, SIZE, SIZE);
  bitmap.close();
}

function run(task: () => void | Promise<void>): void {
  Promise.resolve()
    .then(task)
    .then(render)
    .catch((e: unknown) => {
      status.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
    });
}

source.width = SIZE;
source.height = SIZE;
let seed = 1;
$<HTMLButtonElement>('sample').addEventListener('click', () => run(() => drawSynthetic(++seed)));
$<HTMLInputElement>('upload').addEventListener('change', (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (file) run(() => fromFile(file));
});
bandsSelect.addEventListener('change', () => run(() => undefined));
variantSelect.addEventListener('change', () => run(() => undefined));
run(() => drawSynthetic(seed));
