import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config_error.js';
import { auroc } from '../metrics/auroc.js';
import { prngKey } from '../random/key.js';
import { applyDefect, type DefectKind } from './defects.js';
import { Stream } from './stream.js';
import { syntheticDefects } from './synthetic.js';
import { drawTextureStyle, renderTexture } from './textures.js';

const small = { seed: 3, size: 32, trainCount: 6, testNormalCount: 5, testDefectCount: 7 } as const;

function imageMeans(images: Uint8Array, count: number): number[] {
  const px = images.length / count;
  return Array.from({ length: count }, (_, i) => {
    let s = 0;
    for (let k = 0; k < px; k++) s += images[i * px + k] as number;
    return s / px;
  });
}

describe('syntheticDefects', () => {
  it('returns NHWC images, labels, NHW masks and defect kinds that agree', () => {
    for (const channels of [1, 3] as const) {
      const d = syntheticDefects({ ...small, channels });
      expect(d.train.shape).toEqual([6, 32, 32, channels]);
      expect(d.train.images).toBeInstanceOf(Uint8Array);
      expect(d.train.images.length).toBe(6 * 32 * 32 * channels);
      expect(d.test.shape).toEqual([12, 32, 32, channels]);
      expect(d.test.images.length).toBe(12 * 32 * 32 * channels);
      expect(d.test.masks.length).toBe(12 * 32 * 32);
      expect(Array.from(d.test.labels).filter((l) => l === 1)).toHaveLength(7);
      for (let i = 0; i < 12; i++) {
        const mask = d.test.masks.subarray(i * 1024, (i + 1) * 1024);
        const area = mask.reduce((a, b) => a + b, 0);
        expect(d.test.labels[i] === 1).toBe(d.test.defects[i] !== null);
        if (d.test.labels[i] === 1) expect(area).toBeGreaterThan(0);
        else expect(area).toBe(0);
        expect(mask.every((m) => m === 0 || m === 1)).toBe(true);
      }
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = syntheticDefects(small);
    const b = syntheticDefects(small);
    expect(b.train.images).toEqual(a.train.images);
    expect(b.test.images).toEqual(a.test.images);
    expect(b.test.masks).toEqual(a.test.masks);
    expect(b.test.labels).toEqual(a.test.labels);
    const c = syntheticDefects({ ...small, seed: 4 });
    expect(c.train.images).not.toEqual(a.train.images);
    expect(c.test.masks).not.toEqual(a.test.masks);
  });

  it('keeps the first training images when more are asked for', () => {
    const few = syntheticDefects({ ...small, trainCount: 3 });
    const many = syntheticDefects({ ...small, trainCount: 9 });
    expect(many.train.images.subarray(0, few.train.images.length)).toEqual(few.train.images);
  });

  it('varies normal images within one texture family', () => {
    const d = syntheticDefects({ seed: 11, size: 32, trainCount: 20, testNormalCount: 0, testDefectCount: 0 });
    const px = 32 * 32;
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(d.train.images.subarray(i * px, (i + 1) * px).join(','));
    expect(seen.size).toBe(20);
    const means = imageMeans(d.train.images, 20);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(5);
  });

  it('makes defects visible: masked pixels stand apart from the rest of their image', () => {
    for (const texture of ['wood', 'weave', 'stripes'] as const) {
      const d = syntheticDefects({ seed: 5, size: 64, texture, trainCount: 0, testNormalCount: 0, testDefectCount: 30 });
      for (let i = 0; i < 30; i++) {
        let inside = 0;
        let outside = 0;
        let n = 0;
        for (let p = 0; p < 4096; p++) {
          const v = d.test.images[i * 4096 + p] as number;
          if (d.test.masks[i * 4096 + p]) (inside += v), n++;
          else outside += v;
        }
        expect(Math.abs(inside / n - outside / (4096 - n)), `${texture} image ${i} (${d.test.defects[i]})`).toBeGreaterThan(25);
      }
    }
  });

  it('does not give defects away through mean brightness (AUROC of the mean well below 0.9)', () => {
    for (const channels of [1, 3] as const) {
      for (const seed of [0, 1, 2]) {
        const d = syntheticDefects({ seed, size: 64, channels, trainCount: 0, testNormalCount: 100, testDefectCount: 100 });
        const a = auroc(imageMeans(d.test.images, 200), d.test.labels);
        // Either direction would count as detection, so both are bounded.
        expect(Math.max(a, 1 - a), `seed ${seed}, ${channels} channels`).toBeLessThan(0.75);
      }
    }
  });

  it('generates 500 images at 64×64 in well under a second', () => {
    syntheticDefects({ seed: 0, size: 64, trainCount: 20, testNormalCount: 0, testDefectCount: 10 });
    const t0 = performance.now();
    syntheticDefects({ seed: 0, size: 64, trainCount: 400, testNormalCount: 50, testDefectCount: 50 });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('names the option at fault', () => {
    expect(() => syntheticDefects({ size: 8 })).toThrowError(ConfigError);
    expect(() => syntheticDefects({ size: 8 })).toThrowError(/syntheticDefects options is invalid:\n {2}size: expected IntAtLeast\(16\), got 8/);
    expect(() => syntheticDefects({ trainCnt: 5 } as never)).toThrowError(/trainCnt: .*did you mean "trainCount"\?/);
    expect(() => syntheticDefects({ channels: 2 } as never)).toThrowError(/channels: expected \(1 \| 3\), got 2/);
    expect(() => syntheticDefects({ defects: [], testDefectCount: 1 })).toThrowError(/option 'defects'/);
  });
});

describe('applyDefect', () => {
  it('changes exactly the masked pixels, and changes them visibly', () => {
    for (const kind of ['scratch', 'spot', 'hole'] as DefectKind[]) {
      for (const channels of [1, 3]) {
        for (let seed = 0; seed < 20; seed++) {
          const s = new Stream(prngKey(seed));
          const grey = renderTexture(s, drawTextureStyle(s, 'wood'), 48, new Float32Array(48 * 48));
          const clean = new Float32Array(48 * 48 * channels);
          for (let p = 0; p < clean.length; p++) clean[p] = grey[Math.floor(p / channels)] as number;
          const painted = clean.slice();
          const mask = new Uint8Array(48 * 48);
          applyDefect(s, kind, 48, channels, painted, mask);
          let changed = 0;
          let area = 0;
          let leaked = 0;
          for (let p = 0; p < mask.length; p++) {
            let d = 0;
            for (let ch = 0; ch < channels; ch++) d += Math.abs((painted[p * channels + ch] as number) - (clean[p * channels + ch] as number));
            if (mask[p]) (area++, (changed += d / channels));
            else if (d !== 0) leaked++;
          }
          expect(leaked, `${kind} seed ${seed}: pixels changed outside the mask`).toBe(0);
          expect(area, `${kind} seed ${seed}`).toBeGreaterThan(0);
          expect(changed / area, `${kind} seed ${seed}`).toBeGreaterThan(0.15);
        }
      }
    }
  });
});
