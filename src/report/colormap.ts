import type { RawImage } from '../io/images.js';

// Stops of a perceptually ordered dark-blue → teal → yellow → red map: low errors recede,
// high ones stand out on grey industrial surfaces.
const STOPS: readonly (readonly [number, number, number])[] = [
  [0, 0, 64],
  [0, 96, 192],
  [0, 192, 160],
  [240, 224, 0],
  [224, 32, 0],
];

/**
 * The colour of `v ∈ [0, 1]` (clamped) on ocr-gan's heat map, as `[r, g, b]`.
 *
 * @example
 * ```ts
 * import { heatColour } from 'ocr-gan';
 * heatColour(1); // [224, 32, 0]
 * ```
 */
export function heatColour(v: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i] as readonly number[];
  const b = STOPS[i + 1] as readonly number[];
  return [0, 1, 2].map((k) => Math.round((a[k] as number) * (1 - f) + (b[k] as number) * f)) as [number, number, number];
}

/**
 * An anomaly map (`width·height` floats) as an RGB heat map, scaled so that `scale` maps to
 * the hottest colour. Pass one `scale` for a whole set of maps so colours compare across
 * images.
 *
 * @example
 * ```ts
 * import { heatMap } from 'ocr-gan';
 * const rgb = heatMap(new Float32Array([0, 0.5, 1, 2]), 2, 2, 2);
 * ```
 */
export function heatMap(map: ArrayLike<number>, width: number, height: number, scale: number): RawImage {
  if (map.length !== width * height) throw new RangeError(`heatMap: ${map.length} values do not make a ${width} × ${height} map`);
  const data = new Uint8Array(width * height * 3);
  const s = scale > 0 ? scale : 1;
  for (let i = 0; i < width * height; i++) data.set(heatColour((map[i] as number) / s), i * 3);
  return { width, height, channels: 3, data };
}

/**
 * Blends an image (1 or 3 channels) with a heat map of the same size: `(1 − α)·image + α·heat`.
 *
 * @example
 * ```ts
 * import { heatMap, overlay } from 'ocr-gan';
 * const img = { width: 1, height: 1, channels: 1, data: new Uint8Array([100]) };
 * overlay(img, heatMap([1], 1, 1, 1), 0.5).data; // Uint8Array [162, 66, 50]
 * ```
 */
export function overlay(image: RawImage, heat: RawImage, alpha = 0.5): RawImage {
  if (image.width !== heat.width || image.height !== heat.height) {
    throw new RangeError(`overlay: the image is ${image.width} × ${image.height}, the heat map ${heat.width} × ${heat.height}`);
  }
  if (image.channels !== 1 && image.channels !== 3) throw new RangeError(`overlay: the image has ${image.channels} channels (1 or 3)`);
  const n = image.width * image.height;
  const data = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const v = image.data[image.channels === 1 ? i : i * 3 + k] as number;
      data[i * 3 + k] = Math.round((1 - alpha) * v + alpha * (heat.data[i * 3 + k] as number));
    }
  }
  return { width: image.width, height: image.height, channels: 3, data };
}
