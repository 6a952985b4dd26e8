import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, maxAbsDiff, values } from '../../../test/backend.js';
import { readFixture } from '../../../test/fixtures.js';
import { tensorsFromSafetensors } from '../../io/safetensors_tensors.js';
import type { Images, Tensor, Tensor1 } from '../../tensor/index.js';
import {
  adversarialLoss,
  anomalyMap,
  anomalyScore,
  anomalyScoreParts,
  bceLoss,
  bceWithLogitsLoss,
  contentLoss,
  discriminatorLoss,
  generatorLoss,
  latentLoss,
  leastSquaresLoss,
  minMaxNormalize,
  smoothingRadius,
} from './index.js';

const REL = 1e-5;
type Any4 = Images<number, number, number, number>;
type AnyF = Tensor<readonly [number, number, number, number]>;
type AnyP = Tensor1<number>;

let fixture: Map<string, tf.Tensor> | undefined;
beforeAll(async () => {
  const bytes = await readFixture('losses_score.safetensors');
  if (bytes) fixture = tensorsFromSafetensors(bytes, 'losses_score.safetensors').tensors;
});
afterAll(() => fixture?.forEach((t) => t.dispose()));

function g<T = tf.Tensor>(name: string): T {
  const t = fixture?.get(name);
  if (!t) throw new Error(`losses_score.safetensors has no tensor '${name}'`);
  return t as T;
}

/** Largest element-wise relative difference |a − b| / |b| (b = 0 must be matched exactly). */
async function maxRel(a: tf.Tensor, b: tf.Tensor | ArrayLike<number>): Promise<number> {
  const x = await values(a);
  const y = b instanceof tf.Tensor ? await values(b) : b;
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs((x[i] as number) - (y[i] as number));
    m = Math.max(m, y[i] === 0 ? (d === 0 ? 0 : Infinity) : d / Math.abs(y[i] as number));
  }
  return m;
}

/** Checks computed tensors against goldens by relative difference and disposes them. */
async function expectRel(pairs: [string, tf.Tensor][]): Promise<void> {
  for (const [name, got] of pairs) {
    expect(got.shape, name).toEqual(g(name).shape);
    const r = await maxRel(got, g(name));
    got.dispose();
    expect(r, `${name} on ${backend}: max rel = ${r}`).toBeLessThanOrEqual(REL);
  }
}

describe('losses against losses_score.safetensors', () => {
  it('content, adversarial and latent losses and both totals', async (ctx) => {
    if (!fixture) return ctx.skip('../shared/fixtures is absent');
    const before = tf.memory().numTensors;
    const x = g<Any4>('x');
    const xHat = g<Any4>('x_hat');
    const fr = g<AnyF>('feat_real');
    const ff = g<AnyF>('feat_fake');
    const G = generatorLoss({ x, xHat, fakeOutput: g<AnyP>('prob_fake'), featReal: fr, featFake: ff });
    const D = discriminatorLoss({
      realOutput: g<AnyP>('prob_real'),
      fakeOutput: g<AnyP>('prob_fake'),
      forgedOutput: g<AnyP>('prob_forged'),
    });
    await expectRel([
      ['loss.con', contentLoss(x, xHat)],
      ['loss.lat', latentLoss(fr, ff)],
      ['loss.adv_g', adversarialLoss(g<AnyP>('prob_fake'), 1)],
      ['loss.g_total', G.total],
      ['loss.con', G.con],
      ['loss.adv_g', G.adv],
      ['loss.lat', G.lat],
      ['loss.d_real', bceLoss(g<AnyP>('prob_real'), 1)],
      ['loss.d_fake', bceLoss(g<AnyP>('prob_fake'), 0)],
      ['loss.d_forged', bceLoss(g<AnyP>('prob_forged'), 0)],
      ['loss.d_total', D.total],
      ['loss.d_real', D.real],
      ['loss.d_fake', D.fake],
      ['loss.d_forged', D.forged as tf.Tensor],
      // The logit form is the same loss without the float32 sigmoid in between.
      ['loss.adv_g', bceWithLogitsLoss(g<AnyP>('logit_fake'), 1)],
      ['loss.d_forged', adversarialLoss(g<AnyP>('logit_forged'), 0, bceWithLogitsLoss)],
    ]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("BCE clamps each log at −100 as PyTorch's BCELoss (bce_extreme)", async (ctx) => {
    if (!fixture) return ctx.skip('../shared/fixtures is absent');
    const p = await values(g('bce_extreme.prob'));
    const y = await values(g('bce_extreme.target'));
    const want = await values(g('bce_extreme.loss_per_elem'));
    for (let i = 0; i < p.length; i++) {
      const pi = tf.tensor1d([p[i] as number]) as AnyP;
      const loss = bceLoss(pi, y[i] as 0 | 1);
      const got = (await values(loss))[0] as number;
      expect(Math.abs(got - (want[i] as number)) / (want[i] as number), `p = ${p[i]}, y = ${y[i]}: ${got}`).toBeLessThanOrEqual(REL);
      tf.dispose([pi, loss]);
    }
  });

  it('per-image scores, both distances, and their min-max normalisation', async (ctx) => {
    if (!fixture) return ctx.skip('../shared/fixtures is absent');
    const before = tf.memory().numTensors;
    const x = g<Any4>('x');
    const xHat = g<Any4>('x_hat');
    const fr = g<AnyF>('feat_real');
    const ff = g<AnyF>('feat_fake');
    const l2 = anomalyScoreParts(x, xHat, fr, ff);
    const l1 = anomalyScoreParts(x, xHat, fr, ff, { distance: 'l1', lambda: 0.9 });
    const mse = anomalyScore(x, xHat, fr, ff);
    const mapL2 = anomalyMap(x, xHat);
    const mapL1 = anomalyMap(x, xHat, { distance: 'l1' });
    expect(mapL2.shape).toEqual([4, 32, 32, 1]);
    await expectRel([
      ['score.rec_mse', l2.rec],
      ['score.lat', l2.lat],
      ['score.mse', l2.score],
      ['score.rec_l1', l1.rec],
      ['score.lat', l1.lat],
      ['score.l1', l1.score],
      ['score.mse_minmax', minMaxNormalize(mse)],
      ['score.l1_minmax', minMaxNormalize(l1.score)],
      ['score.mse', mse],
      // The map is the per-pixel error itself: its spatial mean is the reconstruction term.
      ['score.rec_mse', tf.tidy(() => tf.mean(mapL2, [1, 2, 3]))],
      ['score.rec_l1', tf.tidy(() => tf.mean(mapL1, [1, 2, 3]))],
    ]);
    tf.dispose([mapL2, mapL1]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loss gradients', () => {
  it("BCE's gradient is PyTorch's, finite at p ∈ {0, 1}", async () => {
    const p = tf.tensor1d([0, 1e-30, 0.25, 1]);
    const n = 4;
    for (const y of [0, 1] as const) {
      const [dp] = tf.grads((q: tf.Tensor) => bceLoss(q as AnyP, y))([p]);
      const got = await values(dp as tf.Tensor);
      const want = [0, 1e-30, 0.25, 1].map((v) => (v - y) / Math.max(v * (1 - v), 1e-12) / n);
      got.forEach((v, i) => {
        expect(Number.isFinite(v), `y=${y} i=${i}`).toBe(true);
        expect(Math.abs(v - (want[i] as number)), `y=${y} i=${i}: ${v}`).toBeLessThanOrEqual(1e-5 * Math.abs(want[i] as number) + 1e-7);
      });
      tf.dispose(dp);
    }
    p.dispose();
  });

  it('BCE on logits has gradient (σ(z) − y)/n, also where the sigmoid saturates', async () => {
    const zs = [-120, -3, 0, 0.5, 40];
    const z = tf.tensor1d(zs);
    for (const y of [0, 1] as const) {
      const [dz] = tf.grads((v: tf.Tensor) => bceWithLogitsLoss(v as AnyP, y))([z]);
      const want = zs.map((v) => (1 / (1 + Math.exp(-v)) - y) / zs.length);
      expect(await maxAbsDiff(dz as tf.Tensor, want)).toBeLessThan(1e-6);
      const loss = bceWithLogitsLoss(z as AnyP, y);
      const wantLoss = zs.reduce((s, v) => s + Math.max(y ? -v : v, 0) + Math.log1p(Math.exp(-Math.abs(v))), 0) / zs.length;
      expect(Math.abs((await values(loss))[0]! - wantLoss) / wantLoss).toBeLessThan(1e-5);
      tf.dispose([dz as tf.Tensor, loss]);
    }
    z.dispose();
  });

  it('content and latent losses differentiate to sign(x − x̂)/n and 2(f_r − f_f)/n', async () => {
    const a = tf.tensor4d([1, -2, 3, 0.5], [1, 2, 2, 1]);
    const b = tf.tensor4d([0, 1, 2, 1.5], [1, 2, 2, 1]);
    const [dx] = tf.grads((u: tf.Tensor) => contentLoss(u as Any4, b as Any4))([a]);
    expect(Array.from(await values(dx as tf.Tensor))).toEqual([0.25, -0.25, 0.25, -0.25]);
    const [df] = tf.grads((u: tf.Tensor) => latentLoss(u as AnyF, b as AnyF))([a]);
    expect(await maxAbsDiff(df as tf.Tensor, [0.5, -1.5, 0.5, -0.5])).toBeLessThan(1e-6);
    const [dl] = tf.grads((u: tf.Tensor) => leastSquaresLoss(u as AnyF, 1))([a]);
    expect(await maxAbsDiff(dl as tf.Tensor, [0, -1.5, 1, -0.25])).toBeLessThan(1e-6);
    tf.dispose([a, b, dx as tf.Tensor, df as tf.Tensor, dl as tf.Tensor]);
  });

  it('generator and discriminator totals weigh their parts', async () => {
    const x = tf.tensor4d([0, 0, 0, 0], [2, 1, 2, 1]) as Any4;
    const xHat = tf.tensor4d([1, -1, 0.5, 0.5], [2, 1, 2, 1]) as Any4;
    const f = tf.tensor4d([1, 2], [2, 1, 1, 1]) as AnyF;
    const f2 = tf.tensor4d([0, 0], [2, 1, 1, 1]) as AnyF;
    const p = tf.tensor1d([0.5, 0.5]) as AnyP;
    const before = tf.memory().numTensors;
    const G = generatorLoss({ x, xHat, fakeOutput: p, featReal: f, featFake: f2 }, { weights: { con: 2, lat: 0.5 } });
    const [total, con, adv, lat] = await Promise.all([G.total, G.con, G.adv, G.lat].map(async (t) => (await values(t))[0]!));
    expect(con).toBeCloseTo(0.75, 6);
    expect(adv).toBeCloseTo(Math.LN2, 6);
    expect(lat).toBeCloseTo(2.5, 6);
    expect(total).toBeCloseTo(2 * 0.75 + Math.LN2 + 0.5 * 2.5, 5);
    const D = discriminatorLoss({ realOutput: p, fakeOutput: p }, { adversarial: leastSquaresLoss, weights: { fake: 3 } });
    expect(D.forged).toBeUndefined();
    expect((await values(D.total))[0]).toBeCloseTo(0.25 + 3 * 0.25, 6);
    tf.dispose([G.total, G.con, G.adv, G.lat, D.total, D.real, D.fake]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, xHat, f, f2, p]);
  });
});

describe('scores and maps', () => {
  it('score = λ·rec + (1 − λ)·lat for any λ, and rec is the per-image error (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 9 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('l2' as const, 'l1' as const),
        fc.integer(),
        async (b, s, nz, lambda, distance, seed) => {
          const x = tf.randomUniform([b, s, s + 1, 2], -1, 1, 'float32', seed) as Any4;
          const xHat = tf.randomUniform([b, s, s + 1, 2], -1, 1, 'float32', seed + 1) as Any4;
          const fr = tf.randomNormal([b, nz], 0, 1, 'float32', seed + 2) as unknown as Tensor<readonly [number, number]>;
          const ff = tf.randomNormal([b, nz], 0, 1, 'float32', seed + 3) as unknown as Tensor<readonly [number, number]>;
          const before = tf.memory().numTensors;
          const score = anomalyScore(x, xHat, fr, ff, { lambda, distance });
          const [xs, hs, rs, fs, got] = (await Promise.all([x, xHat, fr, ff, score].map(values))) as Float32Array[] as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
          const per = (s * (s + 1) * 2) as number;
          for (let i = 0; i < b; i++) {
            let rec = 0;
            for (let j = 0; j < per; j++) {
              const d = xs[i * per + j]! - hs[i * per + j]!;
              rec += distance === 'l2' ? d * d : Math.abs(d);
            }
            let lat = 0;
            for (let j = 0; j < nz; j++) lat += (rs[i * nz + j]! - fs[i * nz + j]!) ** 2;
            const want = (lambda * rec) / per + ((1 - lambda) * lat) / nz;
            expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1e-5 * Math.max(want, 1e-3));
          }
          score.dispose();
          expect(tf.memory().numTensors).toBe(before);
          tf.dispose([x, xHat, fr, ff]);
        },
      ),
      { numRuns: backend === 'webgl' ? 5 : 20, seed: 7 },
    );
  });

  it('min-max maps to [0, 1] with both ends hit; constant scores give zeros; a fitted range is applied', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.float({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 12 }), async (xs) => {
        const s = tf.tensor1d(xs) as AnyP;
        const got = await values(minMaxNormalize(s));
        const lo = Math.min(...xs);
        const hi = Math.max(...xs);
        xs.forEach((v, i) => {
          const want = hi > lo ? (v - lo) / (hi - lo) : 0;
          expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1e-5);
        });
        if (hi > lo) expect([Math.min(...got), Math.max(...got)]).toEqual([0, 1]);
        tf.dispose(s);
      }),
      { numRuns: backend === 'webgl' ? 5 : 30, seed: 3 },
    );
    const s = tf.tensor1d([2, 4, 3]) as AnyP;
    const c = tf.fill([4], 0.37) as AnyP;
    const before = tf.memory().numTensors;
    const fitted = minMaxNormalize(s, { min: 0, max: 8 });
    const flat = minMaxNormalize(c);
    const flatRange = minMaxNormalize(s, { min: 1, max: 1 });
    expect(Array.from(await values(fitted))).toEqual([0.25, 0.5, 0.375]);
    expect(Array.from(await values(flat))).toEqual([0, 0, 0, 0]);
    expect(Array.from(await values(flatRange))).toEqual([0, 0, 0]);
    tf.dispose([fitted, flat, flatRange]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => minMaxNormalize(s, { min: 2, max: 1 })).toThrowError(/minMaxNormalize: argument 'range' must have finite min ≤ max/);
    tf.dispose([s, c]);
  });

  it('smooths the map with a truncated Gaussian and the half-sample symmetric border', async () => {
    const [b, h, w] = [2, 7, 9];
    const x = tf.randomUniform([b, h, w, 3], -1, 1, 'float32', 1) as Any4;
    const xHat = tf.randomUniform([b, h, w, 3], -1, 1, 'float32', 2) as Any4;
    const raw = anomalyMap(x, xHat, { distance: 'l1' });
    const m = Float64Array.from(await values(raw));
    for (const sigma of [0.6, 1.5]) {
      const r = smoothingRadius(sigma);
      const wts = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
      const tot = wts.reduce((a, v) => a + v, 0);
      const sym = (i: number, n: number) => (i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i);
      const want = new Float64Array(m.length);
      for (let n = 0; n < b; n++)
        for (let i = 0; i < h; i++)
          for (let j = 0; j < w; j++) {
            let acc = 0;
            for (let u = -r; u <= r; u++)
              for (let v = -r; v <= r; v++)
                acc += wts[u + r]! * wts[v + r]! * m[(n * h + sym(i + u, h)) * w + sym(j + v, w)]!;
            want[(n * h + i) * w + j] = acc / (tot * tot);
          }
      const smooth = anomalyMap(x, xHat, { distance: 'l1', sigma });
      expect(smooth.shape).toEqual([b, h, w, 1]);
      expect(await maxAbsDiff(smooth, want)).toBeLessThanOrEqual(1e-5);
      smooth.dispose();
    }
    expect(smoothingRadius(4)).toBe(16);
    tf.dispose([x, xHat, raw]);
  });
});

describe('argument errors', () => {
  it('name the function, the argument and the shapes or values', () => {
    const a = tf.zeros([2, 8, 8, 3]) as Any4;
    const b = tf.zeros([2, 8, 8, 1]) as Any4;
    const f = tf.zeros([2, 10]) as unknown as Tensor<readonly [number, number]>;
    const f3 = tf.zeros([3, 10]) as unknown as Tensor<readonly [number, number]>;
    const f11 = tf.zeros([2, 11]) as unknown as Tensor<readonly [number, number]>;
    const p = tf.zeros([2]) as AnyP;
    expect(() => contentLoss(a, b)).toThrowError(/contentLoss: argument 'xHat' must have shape \[2, 8, 8, 3\] \(the shape of 'x'\), got \[2, 8, 8, 1\]/);
    expect(() => latentLoss(f, f11)).toThrowError(/latentLoss: argument 'fFake' must have shape \[2, 10\]/);
    expect(() => anomalyScore(a, a, f3, f3)).toThrowError(/anomalyScore: argument 'fReal' .*batch 3 against 2/);
    expect(() => anomalyScore(a, a, f, f11)).toThrowError(/anomalyScore: argument 'fFake' must have shape \[2, 10\]/);
    expect(() => anomalyScore(a, a, f, f, { lambda: 1.5 })).toThrowError(/anomalyScore: argument 'options' is invalid: lambda: expected UnitInterval, got 1.5/);
    expect(() => anomalyMap(a, a, { sigma: -1 })).toThrowError(/anomalyMap: argument 'options' is invalid: sigma/);
    expect(() => anomalyMap(a, a, { sigma: 4 })).toThrowError(/anomalyMap: argument 'x' .*height 8 is below the smoothing radius 16 of sigma 4/);
    expect(() => anomalyMap(tf.zeros([8, 8]) as never, a)).toThrowError(/anomalyMap: argument 'x' must have shape \[B, H, W, C\], got \[8, 8\]/);
    expect(() => bceLoss(p, 2 as never)).toThrowError(/bceLoss: argument 'target' must be 0 or 1, got 2/);
    expect(() => generatorLoss({ x: a, xHat: a, fakeOutput: p, featReal: f, featFake: f }, { weights: { con: -1 } })).toThrowError(
      /generatorLoss: argument 'options.weights' is invalid: con/,
    );
    expect(() => bceLoss(tf.zeros([2], 'int32') as AnyP, 1)).toThrowError(/bceLoss: argument 'output' must be float32, got int32/);
    tf.dispose([a, b, f, f3, f11, p]);
  });
});

