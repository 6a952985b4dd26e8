import type { Stream } from './stream.js';

/** The texture families the synthetic set can draw. */
export type TextureKind = 'wood' | 'weave' | 'stripes';

/** What all images of one data set share: the look a model should learn as "normal". */
export interface TextureStyle {
  readonly kind: TextureKind;
  /** Base orientation of the grain, in radians; each image jitters around it. */
  readonly angle: number;
  /** Base spatial frequency, in cycles per image side. */
  readonly frequency: number;
  /** Colour the grey texture is tinted with, per channel, for RGB sets. */
  readonly tint: readonly [number, number, number];
}

/**
 * Draws the style of one data set: a base orientation, frequency and tint. Images of the set
 * then vary around it (phase, jitter, lighting, noise) without leaving the family.
 *
 * @example
 * ```ts
 * import { prngKey, Stream, drawTextureStyle } from 'ocr-gan';
 * const style = drawTextureStyle(new Stream(prngKey(0)), 'wood');
 * ```
 */
export function drawTextureStyle(s: Stream, kind: TextureKind): TextureStyle {
  const frequency = kind === 'weave' ? s.between(6, 9) : s.between(4, 7);
  const tints: readonly (readonly [number, number, number])[] = [
    [1.0, 0.78, 0.52],
    [0.75, 0.85, 1.0],
    [0.85, 1.0, 0.8],
    [1.0, 0.9, 0.9],
  ];
  return { kind, angle: s.between(0, Math.PI), frequency, tint: s.pick(tints) };
}

/**
 * Renders one normal texture as grey values around 0.5 (before clamping) into `out`
 * (length size²). Per image: random phase, ±5° orientation and ±10 % frequency jitter,
 * a brightness and contrast change, a lighting gradient and pixel noise, so no two normal
 * images are alike and brightness alone says little.
 *
 * @example
 * ```ts
 * import { prngKey, Stream, drawTextureStyle, renderTexture } from 'ocr-gan';
 * const s = new Stream(prngKey(1));
 * const grey = renderTexture(s, drawTextureStyle(s, 'weave'), 64, new Float32Array(64 * 64));
 * ```
 */
export function renderTexture(s: Stream, style: TextureStyle, size: number, out: Float32Array): Float32Array {
  const angle = style.angle + s.between(-0.09, 0.09);
  const freq = style.frequency * s.between(0.9, 1.1);
  const phase = s.between(0, 2 * Math.PI);
  const brightness = 0.5 + s.between(-0.09, 0.09);
  const contrast = s.between(0.14, 0.22);
  const noiseStd = s.between(0.02, 0.04);
  const lightAngle = s.between(0, 2 * Math.PI);
  const light = s.between(0, 0.08) / size;
  const warpAmp = s.between(0.6, 1.4);
  const warpFreq = s.between(0.8, 1.8);
  const warpPhase = s.between(0, 2 * Math.PI);
  const fine = s.between(0, 0.05);
  // Pixel noise from a local generator seeded by the stream: one key-stream draw per pixel
  // would dominate the cost of a whole data set.
  let state = (s.uniform() * 4294967296) >>> 0;
  const noise = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    z = (z ^ (z >>> 14)) >>> 0;
    // Two 16-bit uniforms summed: triangular, zero mean, unit variance.
    return ((z >>> 16) / 65536 + (z & 0xffff) / 65536 - 1) * Math.sqrt(6);
  };

  const c = Math.cos(angle);
  const sn = Math.sin(angle);
  const lx = Math.cos(lightAngle) * light;
  const ly = Math.sin(lightAngle) * light;
  const k = (2 * Math.PI * freq) / size;
  const kw = (2 * Math.PI * warpFreq) / size;
  const half = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x - half;
      const dy = y - half;
      const u = dx * c + dy * sn;
      const v = -dx * sn + dy * c;
      let t: number;
      if (style.kind === 'wood') {
        const ring = Math.sin(k * u + warpAmp * Math.sin(kw * v + warpPhase) + phase);
        t = ring + fine * 8 * Math.sin(4.3 * k * u + phase);
      } else if (style.kind === 'stripes') {
        t = Math.tanh(3 * Math.sin(k * u + phase));
      } else {
        t = weave((k * u + phase) / (2 * Math.PI), (k * v + 2 * phase) / (2 * Math.PI));
      }
      out[y * size + x] = brightness + contrast * t + lx * dx + ly * dy + noiseStd * noise();
    }
  }
  return out;
}

/** Over-under threads: the visible thread alternates direction on a checkerboard of cells. */
function weave(u: number, v: number): number {
  const cu = Math.floor(u);
  const cv = Math.floor(v);
  const over = ((cu + cv) & 1) === 0;
  // A thread is brightest along its middle and darkens towards its edges.
  const across = over ? v - cv : u - cu;
  return 2 * Math.sin(Math.PI * across) - 1 - (over ? 0 : 0.25);
}
