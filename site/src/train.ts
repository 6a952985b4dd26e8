import { LossChart } from './chart.js';
import { drawHeat, drawMask, figure } from './draw.js';
import type { BackendChoice, FromWorker, ScoredImage, ToWorker } from './protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const backendSelect = $<HTMLSelectElement>('backend');
const sizeSelect = $<HTMLSelectElement>('size');
const ngfInput = $<HTMLInputElement>('ngf');
const epochsInput = $<HTMLInputElement>('epochs');
const countInput = $<HTMLInputElement>('train-count');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const saveButton = $<HTMLButtonElement>('save');
const loadButton = $<HTMLButtonElement>('load');
const progress = $<HTMLProgressElement>('progress');
const progressText = $<HTMLSpanElement>('progress-text');
const status = $<HTMLParagraphElement>('status');
const backendInfo = $<HTMLSpanElement>('backend-info');
const aurocOut = $<HTMLElement>('auroc');
const timeOut = $<HTMLElement>('train-seconds');
const heatmaps = $<HTMLDivElement>('heatmaps');
const errors = $<HTMLParagraphElement>('errors');
const ticker = $<HTMLSpanElement>('ticker');

const chart = new LossChart($('chart'), [
  { name: 'G total', colour: '#1f77b4' },
  { name: 'G content (L1, unweighted)', colour: '#2ca02c' },
  { name: 'G adversarial', colour: '#ff7f0e' },
  { name: 'G latent', colour: '#9467bd' },
  { name: 'D total', colour: '#d62728' },
]);

// Where the page is cross-origin isolated, Stop also flips a shared flag the worker reads
// after every step (see the worker for why a message alone can lag on wasm).
const stopFlag = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;

let worker: Worker | undefined;
let workerBackend: BackendChoice | undefined;
let busy = false;
let summary = '';

function setBusy(value: boolean): void {
  busy = value;
  trainButton.disabled = value;
  loadButton.disabled = value;
  saveButton.disabled = value || document.body.dataset['trained'] !== 'yes';
  stopButton.disabled = !value;
  backendSelect.disabled = value;
}

/** One worker per backend choice: tfjs keeps its backend for the life of a thread. */
function ensureWorker(): Worker {
  const choice = backendSelect.value as BackendChoice;
  if (worker && workerBackend === choice) return worker;
  worker?.terminate();
  document.body.dataset['trained'] = 'no';
  worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'ocr-gan-train' });
  workerBackend = choice;
  worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  worker.onerror = (e) => fail(`worker error: ${e.message}`);
  send({ type: 'init', backend: choice, ...(stopFlag ? { stopFlag } : {}) });
  return worker;
}

function send(msg: ToWorker): void {
  worker?.postMessage(msg);
}

function fail(message: string): void {
  errors.textContent = message;
  document.body.dataset['state'] = 'error';
  setBusy(false);
}

function onMessage(msg: FromWorker): void {
  switch (msg.type) {
    case 'ready': {
      const probe = msg.probe ? `; probe ms/step ${Object.entries(msg.probe).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}` : '';
      backendInfo.textContent = `${msg.backend}, ${msg.threads} thread${msg.threads > 1 ? 's' : ''}${msg.isolated ? '' : ' (page not cross-origin isolated)'}${probe}`;
      document.body.dataset['backend'] = msg.backend;
      break;
    }
    case 'status':
      status.textContent = msg.text;
      break;
    case 'progress': {
      const done = (msg.epoch - 1) * msg.stepsPerEpoch + msg.step;
      const total = msg.epochs * msg.stepsPerEpoch;
      progress.max = total;
      progress.value = done;
      progressText.textContent = `epoch ${msg.epoch}/${msg.epochs}, step ${msg.step}/${msg.stepsPerEpoch} · ${msg.imagesPerSecond.toFixed(1)} img/s · about ${Math.ceil(msg.etaSeconds)} s left`;
      const l = msg.losses;
      chart.push([l.gTotal, l.gCon, l.gAdv, l.gLat, l.dTotal]);
      break;
    }
    case 'trained':
      timeOut.textContent = `${msg.seconds.toFixed(1)} s`;
      timeOut.dataset['value'] = String(msg.seconds);
      summary = msg.aborted ? `stopped after ${msg.epochs} complete epoch(s)` : `trained ${msg.epochs} epochs`;
      status.textContent = summary;
      document.body.dataset['trained'] = 'yes';
      document.body.dataset['aborted'] = String(msg.aborted);
      break;
    case 'evaluated':
      aurocOut.textContent = `${msg.imageAuroc.toFixed(3)}${msg.pixelAuroc === undefined ? '' : ` (pixel AUROC ${msg.pixelAuroc.toFixed(3)})`}`;
      aurocOut.dataset['value'] = String(msg.imageAuroc);
      showHeatmaps(msg.scored, msg.size, msg.channels);
      status.textContent = `${summary} · evaluated on 50 normal and 50 defect test images`;
      document.body.dataset['state'] = 'done';
      setBusy(false);
      break;
    case 'saved':
      status.textContent = `saved epoch ${msg.epoch} to ${msg.url}`;
      document.body.dataset['state'] = 'saved';
      setBusy(false);
      break;
    case 'loaded':
      summary = `loaded ${msg.url}: ${msg.size}×${msg.size}, ngf ${msg.ngf}, epoch ${msg.epoch}`;
      status.textContent = summary;
      document.body.dataset['trained'] = 'yes';
      break;
    case 'error':
      fail(msg.message);
      break;
  }
}

function showHeatmaps(items: readonly ScoredImage[], size: number, channels: number): void {
  // One colour scale for every image, so brighter means a larger error across the grid.
  let top = 0;
  for (const s of items) for (const v of s.map) top = Math.max(top, v);
  heatmaps.replaceChildren();
  for (const s of items) {
    const truth = s.truth ? `defect: ${s.defect}` : 'normal';
    const verdict = s.label ? 'flagged' : 'passed';
    const cell = document.createElement('div');
    cell.className = `scored ${s.truth ? 'is-defect' : 'is-normal'}`;
    const heat = figure(`${truth} · score ${s.normalised.toFixed(2)} · ${verdict}`, 'heat');
    drawHeat(heat.canvas, s.image, s.map, size, channels, top);
    const mask = figure('true mask', 'mask');
    drawMask(mask.canvas, s.mask, size);
    cell.append(heat.root, mask.root);
    heatmaps.append(cell);
  }
}

trainButton.addEventListener('click', () => {
  errors.textContent = '';
  aurocOut.textContent = '…';
  delete aurocOut.dataset['value'];
  delete timeOut.dataset['value'];
  timeOut.textContent = '…';
  chart.clear();
  progress.value = 0;
  document.body.dataset['state'] = 'training';
  setBusy(true);
  ensureWorker();
  send({
    type: 'train',
    size: Number(sizeSelect.value) as 16 | 32,
    ngf: Number(ngfInput.value),
    epochs: Number(epochsInput.value),
    trainCount: Number(countInput.value),
    seed: 1,
  });
});

stopButton.addEventListener('click', () => {
  if (stopFlag) Atomics.store(new Int32Array(stopFlag), 0, 1);
  send({ type: 'stop' });
  status.textContent = 'stopping after the current step…';
});

saveButton.addEventListener('click', () => {
  setBusy(true);
  send({ type: 'save' });
});

loadButton.addEventListener('click', () => {
  errors.textContent = '';
  setBusy(true);
  ensureWorker();
  send({ type: 'load' });
});

backendSelect.addEventListener('change', () => {
  if (!busy) ensureWorker();
});

// A clock driven by the page's own thread: it keeps ticking while the worker trains.
const t0 = performance.now();
setInterval(() => {
  ticker.textContent = `page alive ${((performance.now() - t0) / 1000).toFixed(0)} s`;
}, 250);

const params = new URLSearchParams(location.search);
const forced = params.get('backend');
if (forced === 'webgl' || forced === 'wasm' || forced === 'auto') backendSelect.value = forced;
setBusy(false);
ensureWorker();
