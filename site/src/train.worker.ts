/// <reference lib="webworker" />
// Training runs here, off the page's thread, so the page keeps drawing while tfjs works.
import {
  type Calibration,
  decodeOcrGanConfig,
  defaultOcrGanConfig,
  disposeTrainState,
  evaluate,
  fit,
  formatIssue,
  initBackend,
  loadTraining,
  saveTraining,
  scoreImages,
  subset,
  syntheticDefects,
  type TrainState,
} from 'ocr-gan';
import type { FromWorker, ScoredImage, ToWorker, TrainRequest } from './protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const CHECKPOINT_URL = 'indexeddb://ocr-gan-demo';
const SHOWN_PER_CLASS = 6;

let trained: { state: TrainState; calibration: Calibration; epoch: number } | undefined;
let controller: AbortController | undefined;
let busy = false;
// fit awaits tensor reads between steps; on wasm those resolve as microtasks, so a 'stop'
// message (a macrotask) would only arrive at the next epoch's yield. A shared flag is read
// synchronously after every step instead, where the page is cross-origin isolated.
let stopFlag: Int32Array | undefined;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function dataFor(size: number, seed: number, trainCount: number) {
  return syntheticDefects({ seed, size, channels: 3, texture: 'wood', trainCount, testNormalCount: 50, testDefectCount: 50 });
}

function keep(next: { state: TrainState; calibration: Calibration; epoch: number }): void {
  if (trained && trained.state !== next.state) disposeTrainState(trained.state);
  trained = next;
}

/** Image AUROC on the whole test split, and maps for a few normal and a few defect images. */
async function evaluateAndScore(size: number, seed: number): Promise<void> {
  if (!trained) throw new Error('nothing trained or loaded yet');
  post({ type: 'status', text: 'evaluating on the test split…' });
  const { test } = dataFor(size, seed, 0);
  const ev = await evaluate(trained.state.model, test, trained.calibration);
  const normal: number[] = [];
  const defect: number[] = [];
  test.labels.forEach((l, i) => {
    const bucket = l === 1 ? defect : normal;
    if (bucket.length < SHOWN_PER_CLASS) bucket.push(i);
  });
  const shown = [...normal, ...defect];
  const results = await scoreImages(trained.state.model, trained.calibration, subset(test, shown));
  const pixels = size * size;
  const scored: ScoredImage[] = results.map((r, k) => {
    const i = shown[k] as number;
    return {
      image: test.images.slice(i * pixels * 3, (i + 1) * pixels * 3),
      map: r.map,
      mask: test.masks.slice(i * pixels, (i + 1) * pixels),
      truth: test.labels[i] === 1 ? 1 : 0,
      defect: test.defects[i] ?? null,
      normalised: r.normalised,
      label: r.label,
    };
  });
  post(
    { type: 'evaluated', imageAuroc: ev.imageAuroc, pixelAuroc: ev.pixelAuroc, size, channels: 3, scored },
    scored.flatMap((s) => [s.image.buffer, s.map.buffer, s.mask.buffer]),
  );
}

async function train(req: TrainRequest): Promise<void> {
  const decoded = decodeOcrGanConfig({
    ...defaultOcrGanConfig,
    imageSize: req.size,
    ngf: req.ngf,
    ndf: req.ngf,
    batchSize: 16,
    epochs: req.epochs,
    seed: req.seed,
  });
  if (decoded._tag === 'Left') throw new Error(decoded.left.issues.map(formatIssue).join('; '));
  const config = decoded.right;
  const data = dataFor(req.size, req.seed, req.trainCount);
  controller = new AbortController();
  if (stopFlag) Atomics.store(stopFlag, 0, 0);
  const signal = controller.signal;
  const abort = () => controller?.abort();
  post({ type: 'status', text: 'training (the first steps include shader or kernel compilation)…' });
  const started = performance.now();
  const result = await fit(config, data.train, {
    signal,
    onEpochEnd: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
    onProgress: (p) => {
      if (stopFlag && Atomics.load(stopFlag, 0) === 1) abort();
      post({
        type: 'progress',
        epoch: p.epoch,
        epochs: p.epochs,
        step: p.step,
        stepsPerEpoch: p.stepsPerEpoch,
        losses: { gTotal: p.losses.gTotal, gCon: p.losses.gCon, gAdv: p.losses.gAdv, gLat: p.losses.gLat, dTotal: p.losses.dTotal },
        imagesPerSecond: p.imagesPerSecond,
        etaSeconds: p.etaSeconds,
      });
    },
  });
  const seconds = (performance.now() - started) / 1000;
  controller = undefined;
  keep({ state: result.state, calibration: result.calibration, epoch: result.epochs });
  post({ type: 'trained', seconds, epochs: result.epochs, aborted: result.aborted });
  await evaluateAndScore(req.size, req.seed);
}

async function save(): Promise<void> {
  if (!trained) throw new Error('train or load a model before saving');
  await saveTraining(CHECKPOINT_URL, trained.state, trained.epoch, trained.calibration);
  post({ type: 'saved', url: CHECKPOINT_URL, epoch: trained.epoch });
}

async function load(): Promise<void> {
  const loaded = await loadTraining(CHECKPOINT_URL);
  if (!loaded.calibration) {
    disposeTrainState(loaded.state);
    throw new Error(`${CHECKPOINT_URL} holds no calibration; save it from this page`);
  }
  keep({ state: loaded.state, calibration: loaded.calibration, epoch: loaded.epoch });
  const { config } = loaded.state.model;
  post({ type: 'loaded', url: CHECKPOINT_URL, epoch: loaded.epoch, size: config.imageSize, ngf: config.ngf });
  await evaluateAndScore(config.imageSize, config.seed);
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      if (msg.stopFlag) stopFlag = new Int32Array(msg.stopFlag);
      post({ type: 'status', text: `starting the ${msg.backend} backend…` });
      const info = await initBackend({ backend: msg.backend });
      post({
        type: 'ready',
        backend: info.backend,
        threads: info.threads,
        isolated: scope.crossOriginIsolated,
        ...(info.probe ? { probe: info.probe as Record<string, number> } : {}),
      });
      return;
    }
    case 'train':
      return train(msg);
    case 'save':
      return save();
    case 'load':
      return load();
    case 'stop':
      return;
  }
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  // Stop must get through while a training is awaiting; everything else waits its turn.
  if (msg.type === 'stop') {
    controller?.abort();
    return;
  }
  if (busy) {
    post({ type: 'error', message: `busy: '${msg.type}' ignored until the current task ends` });
    return;
  }
  busy = true;
  handle(msg)
    .catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }))
    .finally(() => {
      busy = false;
    });
};
