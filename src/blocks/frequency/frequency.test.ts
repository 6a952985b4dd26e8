import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, inNode, maxAbs, maxAbsDiff } from '../../../test/backend.js';
import { readFixture } from '../../../test/fixtures.js';
import { tensorsFromSafetensors } from '../../io/safetensors_tensors.js';
import { ShapeError, type Images } from '../../tensor/index.js';
import { decodeFrequencyDecoupleOptions, frequencyDecouple, pyrDown, pyrUp } from './index.js';

const TOL = 1e-5;
const img = (t: tf.Tensor) => t as Images<number, number, number, number>;

let fixture: Map<string, tf.Tensor> | undefined;
beforeAll(async () => {
  const bytes = await readFixture('fd.safetensors');
  if (bytes) fixture = tensorsFromSafetensors(bytes, 'fd.safetensors').tensors;
});
afterAll(() => fixture?.forEach((t) => t.dispose()));

function golden(name: string): tf.Tensor {
  const t = fixture?.get(name);
  if (!t) throw new Error(`fd.safetensors has no tensor '${name}'`);
  return t;
}

/** Compares computed tensors with goldens, disposing the computed ones. */
async function expectClose(pairs: [string, tf.Tensor][]): Promise<void> {
  for (const [name, got] of pairs) {
    expect(got.shape, name).toEqual(golden(name).shape);
    const d = await maxAbsDiff(got, golden(name));
    got.dispose();
    expect(d, `${name} on ${backend}: max |Δ| = ${d}`).toBeLessThanOrEqual(TOL);
  }
}

// An independent float64 reference: the literal 2-D definitions, index by index.
const K = [1, 4, 6, 4, 1].map((v) => v / 16);
const reflect101 = (i: number, n: number): number => {
  while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
};
type Img = { b: number; h: number; w: number; c: number; d: Float64Array };
const at = (x: Img, b: number, i: number, j: number, c: number) =>
  x.d[((b * x.h + i) * x.w + j) * x.c + c] as number;
function blur2d(x: Img, gain: number, step: number): Img {
  const h = Math.ceil(x.h / step);
  const w = Math.ceil(x.w / step);
  const d = new Float64Array(x.b * h * w * x.c);
  for (let b = 0; b < x.b; b++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let c = 0; c < x.c; c++) {
          let s = 0;
          for (let u = 0; u < 5; u++)
            for (let v = 0; v < 5; v++) {
              const r = reflect101(i * step + u - 2, x.h);
              const q = reflect101(j * step + v - 2, x.w);
              s += (K[u] as number) * (K[v] as number) * at(x, b, r, q, c);
            }
          d[((b * h + i) * w + j) * x.c + c] = gain * s;
        }
  return { b: x.b, h, w, c: x.c, d };
}
const refDown = (x: Img) => blur2d(x, 1, 2);
function refUp(x: Img): Img {
  const g: Img = { b: x.b, h: 2 * x.h, w: 2 * x.w, c: x.c, d: new Float64Array(x.b * 4 * x.h * x.w * x.c) };
  for (let b = 0; b < x.b; b++)
    for (let i = 0; i < x.h; i++)
      for (let j = 0; j < x.w; j++)
        for (let c = 0; c < x.c; c++) g.d[((b * g.h + 2 * i) * g.w + 2 * j) * g.c + c] = at(x, b, i, j, c);
  return blur2d(g, 4, 1);
}

/** Random images in [-1, 1] as both a tensor and a float64 reference image. */
function randomImage(shape: [number, number, number, number], seed: number): { t: tf.Tensor4D; r: Img } {
  const t = tf.randomUniform(shape, -1, 1, 'float32', seed) as tf.Tensor4D;
  const [b, h, w, c] = shape;
  return { t, r: { b, h, w, c, d: Float64Array.from(t.dataSync()) } };
}

describe('pyrDown / pyrUp', () => {
  it('match the OpenCV goldens (fd.safetensors)', async (ctx) => {
    if (!fixture) return ctx.skip('../shared/fixtures is absent');
    const before = tf.memory().numTensors;
    await expectClose([
      ['img32.pyrdown', pyrDown(img(golden('img32')))],
      ['img64.pyrdown', pyrDown(img(golden('img64')))],
      ['img32.pyrup', pyrUp(img(golden('img32')))],
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('match a direct 2-D reflect-101 reference, odd sizes included', async () => {
    const cases: [number, number, number, number][] = [
      [1, 5, 7, 2],
      [2, 3, 4, 1],
      [1, 9, 3, 3],
    ];
    for (const [k, shape] of cases.entries()) {
      const { t, r } = randomImage(shape, 11 + k);
      const down = pyrDown(img(t));
      const rd = refDown(r);
      expect(down.shape).toEqual([shape[0], Math.ceil(shape[1] / 2), Math.ceil(shape[2] / 2), shape[3]]);
      expect(await maxAbsDiff(down, rd.d)).toBeLessThanOrEqual(TOL);
      const up = pyrUp(img(t));
      expect(up.shape).toEqual([shape[0], 2 * shape[1], 2 * shape[2], shape[3]]);
      expect(await maxAbsDiff(up, refUp(r).d)).toBeLessThanOrEqual(TOL);
      tf.dispose([t, down, up]);
    }
    // The smallest sizes each accepts.
    const { t: t2, r: r2 } = randomImage([1, 2, 2, 1], 5);
    const up2 = pyrUp(img(t2));
    expect(await maxAbsDiff(up2, refUp(r2).d)).toBeLessThanOrEqual(TOL);
    tf.dispose([t2, up2]);
  });

  it('keep a constant image constant (both kernels have unit gain)', async () => {
    const x = tf.fill([1, 6, 10, 2], 0.7);
    const down = pyrDown(img(x));
    const up = pyrUp(img(x));
    expect(await maxAbsDiff(down, new Float32Array(3 * 5 * 2).fill(0.7))).toBeLessThan(1e-6);
    expect(await maxAbsDiff(up, new Float32Array(12 * 20 * 2).fill(0.7))).toBeLessThan(1e-6);
    tf.dispose([x, down, up]);
  });

  it('refuse sizes without a reflect-101 border, naming the dimension', () => {
    const tiny = tf.zeros([1, 2, 8, 1]);
    const thin = tf.zeros([1, 4, 1, 1]);
    expect(() => pyrDown(img(tiny))).toThrowError(/pyrDown: argument 'x' .*height 2 is below 3/);
    expect(() => pyrUp(img(thin))).toThrowError(/pyrUp: argument 'x' .*width 1 is below 2/);
    expect(() => pyrDown(tf.zeros([8, 8, 3]) as never)).toThrowError(ShapeError);
    tf.dispose([tiny, thin]);
  });
});

describe('frequencyDecouple', () => {
  it('matches the paper and octave goldens for N = 2 and 3 (fd.safetensors)', async (ctx) => {
    if (!fixture) return ctx.skip('../shared/fixtures is absent');
    const before = tf.memory().numTensors;
    for (const im of ['img32', 'img64']) {
      const x = img(golden(im));
      for (const variant of ['paper', 'octave'] as const) {
        for (const n of [2, 3]) {
          const bands = frequencyDecouple(x, { bands: n, variant });
          expect(bands.length).toBe(n);
          await expectClose(bands.map((b, k) => [`${im}.${variant}.N${n}.band${k + 1}`, b]));
        }
      }
    }
    // The intermediates, built from the exported resampling steps.
    const x = img(golden('img32'));
    const [g2, g1, low2] = tf.tidy(() => {
      const g2 = pyrUp(pyrDown(x));
      return [g2, pyrUp(pyrDown(g2)), pyrUp(pyrUp(pyrDown(pyrDown(x))))];
    }) as [tf.Tensor, tf.Tensor, tf.Tensor];
    await expectClose([
      ['img32.paper.N3.G2', g2],
      ['img32.paper.N3.G1', g1],
      ['img32.octave.N3.low2', low2],
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives identical paper and octave bands for N = 2', async () => {
    const x = tf.randomUniform([1, 12, 8, 3], -1, 1, 'float32', 3);
    const p = frequencyDecouple(img(x));
    const o = frequencyDecouple(img(x), { bands: 2, variant: 'octave' });
    expect(await maxAbsDiff(p[0], o[0])).toBe(0);
    expect(await maxAbsDiff(p[1], o[1])).toBe(0);
    tf.dispose([x, ...p, ...o]);
  });

  it('bands sum back to the input (property)', async () => {
    const runs = backend === 'webgl' ? 6 : inNode ? 25 : 12;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('paper' as const, 'octave' as const),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer(),
        async (variant, n, b, hm, wm, c, seed) => {
          const f = variant === 'paper' ? 2 : 2 ** (n - 1);
          const x = tf.randomUniform([b, hm * f, wm * f, c], -1, 1, 'float32', seed);
          const before = tf.memory().numTensors;
          const bands = frequencyDecouple(img(x), { bands: n, variant });
          const sum = tf.addN([...bands]);
          const d = await maxAbsDiff(sum, x);
          tf.dispose([...bands, sum]);
          expect(tf.memory().numTensors).toBe(before);
          x.dispose();
          expect(d).toBeLessThanOrEqual(1e-6);
        },
      ),
      { numRuns: runs, seed: 20240611 },
    );
  });

  it('puts a constant image in band 1 and a Nyquist checkerboard in band N', async () => {
    const c = tf.fill([1, 8, 8, 1], -0.3);
    const sign = Array.from({ length: 64 }, (_, i) => ((Math.floor(i / 8) + (i % 8)) % 2 === 0 ? 0.5 : -0.5));
    const checker = tf.tensor4d(sign, [1, 8, 8, 1]);
    for (const variant of ['paper', 'octave'] as const) {
      const flat = frequencyDecouple(img(c), { bands: 3, variant });
      expect(await maxAbsDiff(flat[0], c)).toBeLessThan(1e-6);
      expect(Math.max(await maxAbs(flat[1]), await maxAbs(flat[2]))).toBeLessThan(1e-6);
      const nyq = frequencyDecouple(img(checker), { bands: 3, variant });
      // [1,4,6,4,1] has a zero at Nyquist, and reflect-101 keeps the checkerboard's parity.
      expect(await maxAbs(nyq[0])).toBeLessThan(1e-6);
      expect(await maxAbsDiff(nyq[2], checker)).toBeLessThan(1e-6);
      tf.dispose([...flat, ...nyq]);
    }
    tf.dispose([c, checker]);
  });

  it('refuses sizes a variant cannot resample, naming the dimension', () => {
    const odd = tf.zeros([1, 7, 8, 3]);
    const six = tf.zeros([1, 8, 6, 3]);
    const small = tf.zeros([1, 2, 2, 1]);
    expect(() => frequencyDecouple(img(odd))).toThrowError(/frequencyDecouple: argument 'x' .*height 7 must be even and ≥ 4/);
    expect(() => frequencyDecouple(img(small))).toThrowError(/height 2 must be even and ≥ 4/);
    expect(() => frequencyDecouple(img(six), { bands: 3, variant: 'octave' })).toThrowError(
      /width 6 must be a multiple of 2\^\(bands−1\) = 4 and ≥ 8 for the 'octave' variant with 3 bands/,
    );
    // The paper variant only ever halves once, so 6 is fine there.
    tf.dispose([...frequencyDecouple(img(six), { bands: 3 })]);
    tf.dispose([odd, six, small]);
  });

  it('refuses invalid options by name', () => {
    const x = tf.zeros([1, 8, 8, 1]);
    expect(() => frequencyDecouple(img(x), { bands: 1 })).toThrowError(/frequencyDecouple: argument 'options' is invalid: bands: expected IntAtLeast\(2\), got 1/);
    expect(() => frequencyDecouple(img(x), { bands: 2.5 })).toThrowError(/bands: expected IntAtLeast\(2\), got 2.5/);
    expect(() => frequencyDecouple(img(x), { variant: 'dct' as never })).toThrowError(/variant: expected .*got "dct"/);
    x.dispose();
  });

  it('decodes options with defaults', () => {
    const d = decodeFrequencyDecoupleOptions({ bands: 3 });
    expect(isRight(d) && d.right).toEqual({ bands: 3, variant: 'paper' });
    const e = decodeFrequencyDecoupleOptions(undefined);
    expect(isRight(e) && e.right).toEqual({ bands: 2, variant: 'paper' });
    expect(isLeft(decodeFrequencyDecoupleOptions({ bands: 0 }))).toBe(true);
    expect(isLeft(decodeFrequencyDecoupleOptions({ variant: 'fft' }))).toBe(true);
    expect(isLeft(decodeFrequencyDecoupleOptions({ band: 3 }))).toBe(true);
  });
});
