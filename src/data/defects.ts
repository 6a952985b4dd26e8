import type { Stream } from './stream.js';

/** The synthetic defect families. */
export type DefectKind = 'scratch' | 'spot' | 'hole';

/**
 * Paints one defect into an image of floats in [0, 1] (HWC, `channels` per pixel) and marks
 * exactly the pixels it painted in `mask` (HW, 1 = defect). Edges are hard, so the mask is
 * exact: every pixel outside it is left untouched.
 *
 * - scratch: a thin straight line, bright or dark, of random angle and length;
 * - spot: an irregular blob that shifts the texture's brightness (and hue, in RGB) up or down,
 *   keeping the texture visible through it;
 * - hole: an irregular dark region with a shaded rim.
 *
 * Bright and dark variants are equally likely where both exist, so a defect does not simply
 * move the image's mean brightness one way.
 *
 * @example
 * ```ts
 * import { prngKey, Stream, applyDefect } from 'ocr-gan';
 * const pixels = new Float32Array(64 * 64).fill(0.5);
 * const mask = new Uint8Array(64 * 64);
 * applyDefect(new Stream(prngKey(3)), 'hole', 64, 1, pixels, mask);
 * ```
 */
export function applyDefect(
  s: Stream,
  kind: DefectKind,
  size: number,
  channels: number,
  pixels: Float32Array,
  mask: Uint8Array,
): void {
  if (kind === 'scratch') scratch(s, size, channels, pixels, mask);
  else blob(s, kind, size, channels, pixels, mask);
}

function scratch(s: Stream, size: number, channels: number, pixels: Float32Array, mask: Uint8Array): void {
  const cx = s.between(0.2, 0.8) * size;
  const cy = s.between(0.2, 0.8) * size;
  const angle = s.between(0, Math.PI);
  const half = (s.between(0.25, 0.6) * size) / 2;
  // At least 0.75 px, so a line of any angle covers pixel centres all along its length.
  const width = Math.max(0.75, s.between(0.6, 1.2) * (size / 64));
  const bright = s.sign() > 0;
  const ax = cx - half * Math.cos(angle);
  const ay = cy - half * Math.sin(angle);
  const bx = cx + half * Math.cos(angle);
  const by = cy + half * Math.sin(angle);
  const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - width));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx) + width));
  const y0 = Math.max(0, Math.floor(Math.min(ay, by) - width));
  const y1 = Math.min(size - 1, Math.ceil(Math.max(ay, by) + width));
  const ex = bx - ax;
  const ey = by - ay;
  const len2 = ex * ex + ey * ey;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const t = Math.min(1, Math.max(0, ((x - ax) * ex + (y - ay) * ey) / len2));
      const d = Math.hypot(x - ax - t * ex, y - ay - t * ey);
      if (d > width) continue;
      const p = y * size + x;
      mask[p] = 1;
      const level = bright ? 0.9 + 0.04 * s.noise() : 0.1 + 0.04 * s.noise();
      for (let ch = 0; ch < channels; ch++) pixels[p * channels + ch] = level;
    }
  }
}

function blob(s: Stream, kind: 'spot' | 'hole', size: number, channels: number, pixels: Float32Array, mask: Uint8Array): void {
  const cx = s.between(0.15, 0.85) * size;
  const cy = s.between(0.15, 0.85) * size;
  const radius = Math.max(2, (kind === 'spot' ? s.between(0.04, 0.09) : s.between(0.04, 0.08)) * size);
  // An irregular outline: the radius wobbles with two random harmonics of the angle.
  const k1 = s.int(2, 5);
  const k2 = s.int(5, 9);
  const a1 = s.between(0.1, 0.3);
  const a2 = s.between(0.05, 0.15);
  const p1 = s.between(0, 2 * Math.PI);
  const p2 = s.between(0, 2 * Math.PI);
  const delta = s.sign() * s.between(0.22, 0.35);
  const shift = Array.from({ length: channels }, () => delta * (channels === 3 ? s.between(0.6, 1.4) : 1));
  const reach = radius * (1 + a1 + a2);
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(size - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(size - 1, Math.ceil(cy + reach));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const phi = Math.atan2(dy, dx);
      const edge = radius * (1 + a1 * Math.sin(k1 * phi + p1) + a2 * Math.sin(k2 * phi + p2));
      const r = Math.hypot(dx, dy);
      if (r > edge) continue;
      const p = y * size + x;
      mask[p] = 1;
      if (kind === 'hole') {
        const level = 0.04 + 0.1 * (r / edge) + 0.02 * s.noise();
        for (let ch = 0; ch < channels; ch++) pixels[p * channels + ch] = level;
      } else {
        for (let ch = 0; ch < channels; ch++) pixels[p * channels + ch] = (pixels[p * channels + ch] as number) + (shift[ch] as number);
      }
    }
  }
}
