/** Canvas helpers shared by the pages: images, signed bands and heatmaps as pixels. */

/** Draws H·W·C bytes (C = 1 or 3) onto a canvas of that size. */
export function drawBytes(canvas: HTMLCanvasElement, bytes: Uint8Array, size: number, channels: number): void {
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < 3; c++) rgba[4 * p + c] = bytes[channels === 1 ? p : channels * p + c] as number;
    rgba[4 * p + 3] = 255;
  }
  put(canvas, rgba, size, size);
}

/**
 * Draws a float image in [−1, 1] (the low band) or a signed band. Signed bands are small, so
 * they are stretched by their largest magnitude around mid-grey: the picture shows where the
 * band is positive (light) or negative (dark), not its absolute size.
 */
export function drawSigned(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  height: number,
  width: number,
  channels: number,
  stretch: boolean,
): number {
  let peak = 0;
  for (const v of values) peak = Math.max(peak, Math.abs(v));
  const scale = stretch ? 127.5 / Math.max(peak, 1e-6) : 127.5;
  const rgba = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    for (let c = 0; c < 3; c++) {
      const v = values[channels === 1 ? p : channels * p + c] as number;
      rgba[4 * p + c] = 127.5 + v * scale;
    }
    rgba[4 * p + 3] = 255;
  }
  put(canvas, rgba, width, height);
  return peak;
}

/** A perceptually ordered dark-blue → yellow ramp for t in [0, 1]. */
function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [13, 8, 135],
    [126, 3, 168],
    [204, 71, 120],
    [248, 149, 64],
    [240, 249, 33],
  ];
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const a = stops[i] as [number, number, number];
  const b = stops[i + 1] as [number, number, number];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** The image with its anomaly map blended over it; `top` is the map value shown as full heat. */
export function drawHeat(
  canvas: HTMLCanvasElement,
  bytes: Uint8Array,
  map: Float32Array,
  size: number,
  channels: number,
  top: number,
): void {
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    const t = (map[p] as number) / Math.max(top, 1e-12);
    const heat = ramp(t);
    const alpha = 0.25 + 0.6 * Math.min(Math.max(t, 0), 1);
    for (let c = 0; c < 3; c++) {
      const base = bytes[channels === 1 ? p : channels * p + c] as number;
      rgba[4 * p + c] = base * (1 - alpha) + (heat[c] as number) * alpha;
    }
    rgba[4 * p + 3] = 255;
  }
  put(canvas, rgba, size, size);
}

/** A 0/1 mask as white on black. */
export function drawMask(canvas: HTMLCanvasElement, mask: Uint8Array, size: number): void {
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    const v = mask[p] ? 255 : 0;
    rgba[4 * p] = v;
    rgba[4 * p + 1] = v;
    rgba[4 * p + 2] = v;
    rgba[4 * p + 3] = 255;
  }
  put(canvas, rgba, size, size);
}

function put(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas context');
  ctx.putImageData(new ImageData(rgba, width, height), 0, 0);
}

/** A canvas element with a caption, for grids of small images. */
export function figure(caption: string, className = 'cell'): { root: HTMLElement; canvas: HTMLCanvasElement } {
  const root = document.createElement('figure');
  root.className = className;
  const canvas = document.createElement('canvas');
  const cap = document.createElement('figcaption');
  cap.textContent = caption;
  root.append(canvas, cap);
  return { root, canvas };
}
