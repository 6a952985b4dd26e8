/**
 * The measurements bench/train.ts makes, backend-agnostic so the webgl page runs the very
 * same code: scoring throughput (reconstruct + anomalyScore), training throughput (trainStep)
 * with the forged-anomaly augmentation timed on its own, peak `tf.memory().numBytes` from one
 * profiled iteration, a per-kernel time breakdown of that iteration, and the forward-conv peak
 * rate of the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  anomalyScore,
  defaultOcrGanConfig,
  disposeTrainState,
  foldIn,
  forgeAnomalies,
  initOcrGan,
  initTrainState,
  type OcrGanConfig,
  prngKey,
  reconstruct,
  trainStep,
} from '../src/index.js';
import { biggestForwardConv, workPerImage } from './flops.js';

export interface BenchConfig {
  readonly isize: number;
  readonly ngf: number;
  readonly ndf: number;
  readonly batch: number;
}

export interface Plan {
  readonly config: BenchConfig;
  /** Timed iterations after warm-up, for training and for scoring. */
  readonly trainIters: number;
  readonly trainWarmup: number;
  readonly scoreIters: number;
  readonly scoreWarmup: number;
  /**
   * Measure the forward-conv peak: the reference layer and the config's biggest conv (true),
   * the biggest conv only ('biggest', for slow backends), or nothing.
   */
  readonly peak: boolean | 'biggest';
  /** Record a per-kernel time breakdown of one extra training iteration. */
  readonly breakdown: boolean;
  /**
   * Take the timed training iteration from the profiled one (for very slow backends, where an
   * extra iteration only for the memory and kernel figures would double the run time).
   */
  readonly timeProfiled?: boolean;
  /** Called between phases (e.g. to sample the process's peak RSS). */
  readonly onPhase?: (phase: 'score' | 'train') => number | undefined;
}

export interface PhaseResult {
  readonly iters: number;
  readonly msMedian: number;
  readonly msAll: readonly number[];
  readonly imagesPerSec: number;
  readonly gflops: number;
  readonly peakTensorBytes: number;
  readonly peakRssBytes?: number;
}

export interface KernelShare {
  readonly kernel: string;
  readonly ms: number;
  readonly calls: number;
}

export interface MeasureResult {
  readonly config: BenchConfig;
  readonly work: ReturnType<typeof workPerImage>;
  readonly peak?: { readonly reference: number; readonly referenceLayer: string; readonly biggest: number; readonly biggestLayer: string };
  readonly score: PhaseResult;
  readonly train: PhaseResult;
  /** Forged-anomaly augmentation per batch (not part of the train figures). */
  readonly augment: { readonly msMedian: number; readonly msAll: readonly number[] };
  /** Training iteration including augmentation, images/s. */
  readonly trainWithAugmentImagesPerSec: number;
  readonly breakdown?: readonly KernelShare[];
}

export function ocrGanConfig(c: BenchConfig): OcrGanConfig {
  return { ...defaultOcrGanConfig, imageSize: c.isize, ngf: c.ngf, ndf: c.ndf, batchSize: c.batch };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Waits until `t` is computed, reading back one element only (matters for webgl). */
async function settle(t: tf.Tensor): Promise<void> {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, 1));
  await one.data();
  one.dispose();
}

async function convRate(x: [number, number, number, number], filter: [number, number, number, number], stride: number, runs: number): Promise<number> {
  const xt = tf.randomNormal(x);
  const wt = tf.randomNormal(filter);
  const once = async () => {
    const start = performance.now();
    const y = tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, stride, 'same');
    await settle(y);
    const ms = performance.now() - start;
    y.dispose();
    return ms;
  };
  await once();
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  tf.dispose([xt, wt]);
  const [b, h, w, ci] = x;
  const macs = b * Math.ceil(h / stride) * Math.ceil(w / stride) * filter[3] * filter[0] * filter[1] * ci;
  return (2 * macs) / median(times) / 1e6;
}

async function profileBreakdown(run: () => Promise<void>): Promise<{ peakBytes: number; kernels: KernelShare[] }> {
  const info = await tf.profile(run);
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += ms;
    e.calls += 1;
    byName.set(k.name, e);
  }
  const kernels = [...byName.entries()].map(([kernel, e]) => ({ kernel, ...e })).sort((a, b) => b.ms - a.ms);
  return { peakBytes: info.peakBytes, kernels };
}

export async function measure(plan: Plan): Promise<MeasureResult> {
  const { config: c } = plan;
  const config = ocrGanConfig(c);
  const work = workPerImage(config);
  let peak: MeasureResult['peak'];
  if (plan.peak) {
    // The reference layer of bench/kernels.ts and PLATFORM.md: x[16,64,64,64] → 128, k4 s2.
    const reference = plan.peak === true ? await convRate([16, 64, 64, 64], [4, 4, 64, 128], 2, 5) : NaN;
    const big = biggestForwardConv(config);
    const [k, , ci, co] = big.weight as [number, number, number, number];
    const biggest = await convRate([c.batch, big.grid * 2, big.grid * 2, ci], [k, k, ci, co], 2, 3);
    peak = {
      reference,
      referenceLayer: 'x[16,64,64,64]→128 k4s2',
      biggest,
      biggestLayer: `${big.name} x[${c.batch},${big.grid * 2},${big.grid * 2},${ci}]→${co} k4s2`,
    };
  }

  const model = initOcrGan(prngKey(1), config);
  const x = tf.tidy(() => tf.clipByValue(tf.randomNormal([c.batch, c.isize, c.isize, 3], 0, 0.5, 'float32', 7), -1, 1)) as tf.Tensor4D;

  // Scoring: reconstruct + anomalyScore, one batch, read back the scores.
  const scoreOnce = async () => {
    const s = tf.tidy(() => {
      const r = reconstruct(model, x as never);
      return anomalyScore(x as never, r.xHat as never, r.featReal as never, r.featFake as never, {
        lambda: config.score.lambda,
        distance: config.score.distance,
      });
    });
    await s.data();
    s.dispose();
  };
  const scoreTimes: number[] = [];
  for (let i = 0; i < plan.scoreWarmup + plan.scoreIters; i++) {
    const start = performance.now();
    await scoreOnce();
    if (i >= plan.scoreWarmup) scoreTimes.push(performance.now() - start);
  }
  const scoreProfile = await tf.profile(scoreOnce);
  const scoreRss = plan.onPhase?.('score');

  // Training: forged anomalies (timed alone), then trainStep, losses read back as fit() does.
  let state = initTrainState(model, prngKey(2));
  const augKey = prngKey(3);
  let step = 0;
  const iteration = async (): Promise<{ augMs: number; stepMs: number }> => {
    const t0 = performance.now();
    const forged = forgeAnomalies(foldIn(augKey, step++), x as never, config.augmentation);
    await settle(forged);
    const t1 = performance.now();
    const out = trainStep(state, x as never, forged as never);
    await Promise.all(Object.values(out.losses).map((l) => l.data()));
    const t2 = performance.now();
    disposeTrainState(state);
    tf.dispose([forged as tf.Tensor, ...Object.values(out.losses)]);
    state = out.state;
    return { augMs: t1 - t0, stepMs: t2 - t1 };
  };
  const trainTimes: number[] = [];
  const augTimes: number[] = [];
  for (let i = 0; i < plan.trainWarmup + plan.trainIters; i++) {
    const r = await iteration();
    if (i >= plan.trainWarmup) {
      trainTimes.push(r.stepMs);
      augTimes.push(r.augMs);
    }
  }
  let trainPeakBytes: number;
  let breakdown: KernelShare[] | undefined;
  if (plan.breakdown) {
    const saved = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
    let timed: { augMs: number; stepMs: number } | undefined;
    const p = await profileBreakdown(async () => {
      timed = await iteration();
    });
    if (plan.timeProfiled && timed) {
      trainTimes.push(timed.stepMs);
      augTimes.push(timed.augMs);
    }
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', saved);
    trainPeakBytes = p.peakBytes;
    breakdown = p.kernels;
  } else {
    // Peak live bytes without timing: profile one more iteration.
    trainPeakBytes = (await tf.profile(async () => {
      await iteration();
    })).peakBytes;
  }
  const trainRss = plan.onPhase?.('train');
  disposeTrainState(state);
  x.dispose();

  const phase = (times: number[], perImage: number, peakBytes: number, rss?: number): PhaseResult => {
    const ms = median(times);
    const ips = (c.batch * 1000) / ms;
    return {
      iters: times.length,
      msMedian: ms,
      msAll: times,
      imagesPerSec: ips,
      gflops: ips * perImage,
      peakTensorBytes: peakBytes,
      ...(rss === undefined ? {} : { peakRssBytes: rss }),
    };
  };
  const train = phase(trainTimes, work.train, trainPeakBytes, trainRss);
  const augMs = median(augTimes);
  return {
    config: c,
    work,
    ...(peak ? { peak } : {}),
    score: phase(scoreTimes, work.score, scoreProfile.peakBytes, scoreRss),
    train,
    augment: { msMedian: augMs, msAll: augTimes },
    trainWithAugmentImagesPerSec: (c.batch * 1000) / (train.msMedian + augMs),
    ...(breakdown ? { breakdown } : {}),
  };
}
