import { rocCurve } from '../metrics/roc_curve.js';

/** One row of the report's image grid; images are `data:` URLs (e.g. PNG). */
export interface ReportTile {
  readonly caption: string;
  readonly label: 0 | 1;
  readonly score: number;
  readonly input: string;
  readonly reconstruction: string;
  readonly map: string;
  /** A mask image, when the set has masks. */
  readonly mask?: string;
}

/** Everything a report shows. */
export interface ReportInput {
  readonly title: string;
  /** Key facts shown under the title (model, data, date, …). */
  readonly facts?: Readonly<Record<string, string>>;
  readonly metrics: {
    readonly imageAuroc: number;
    readonly imageAupr: number;
    readonly f1Max: number;
    readonly f1Threshold: number;
    readonly pixelAuroc?: number;
    readonly f1AtThreshold?: number;
  };
  /** Raw image scores and 0/1 labels (1 = anomaly). */
  readonly scores: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
  /** The calibrated decision threshold, drawn on the histogram. */
  readonly threshold?: number;
  readonly tiles?: readonly ReportTile[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number | undefined, d = 3) => (v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(d) : String(v));
const NORMAL = '#2b7bb9';
const ANOMALY = '#d6452a';

/**
 * The ROC curve as an inline SVG (false positive rate across, true positive rate up, the
 * chance diagonal dashed).
 *
 * @example
 * ```ts
 * import { rocSvg } from 'ocr-gan';
 * const svg = rocSvg([0.1, 0.9, 0.4], [0, 1, 0]);
 * ```
 */
export function rocSvg(scores: ArrayLike<number>, labels: ArrayLike<number>, size = 300): string {
  const roc = rocCurve(scores, labels);
  const m = 40;
  const s = size - m - 10;
  const pts = roc.fpr.map((f, i) => `${(m + f * s).toFixed(1)},${(10 + (1 - (roc.tpr[i] as number)) * s).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const x = m + t * s;
      const y = 10 + (1 - t) * s;
      return `<text x="${x}" y="${size - 14}" text-anchor="middle">${t}</text><text x="${m - 6}" y="${y + 4}" text-anchor="end">${t}</text>` +
        `<line x1="${x}" y1="10" x2="${x}" y2="${10 + s}" stroke="#eee"/><line x1="${m}" y1="${y}" x2="${m + s}" y2="${y}" stroke="#eee"/>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" font-size="11" font-family="sans-serif" role="img" aria-label="ROC curve">` +
    ticks +
    `<rect x="${m}" y="10" width="${s}" height="${s}" fill="none" stroke="#444"/>` +
    `<line x1="${m}" y1="${10 + s}" x2="${m + s}" y2="10" stroke="#999" stroke-dasharray="4 3"/>` +
    `<polyline points="${pts}" fill="none" stroke="${ANOMALY}" stroke-width="2"/>` +
    `<text x="${m + s / 2}" y="${size - 1}" text-anchor="middle">false positive rate</text>` +
    `<text transform="translate(11 ${10 + s / 2}) rotate(-90)" text-anchor="middle">true positive rate</text></svg>`
  );
}

/**
 * Histograms of the normal and anomalous images' scores on shared bins, overlaid, as an
 * inline SVG; the threshold, when given, as a vertical line.
 *
 * @example
 * ```ts
 * import { histogramSvg } from 'ocr-gan';
 * const svg = histogramSvg([0.1, 0.2, 0.8], [0, 0, 1], { threshold: 0.5 });
 * ```
 */
export function histogramSvg(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: { readonly bins?: number; readonly threshold?: number; readonly width?: number; readonly height?: number } = {},
): string {
  const bins = options.bins ?? 30;
  const width = options.width ?? 520;
  const height = options.height ?? 260;
  const vals = Array.from(scores).filter(Number.isFinite).sort((a, b) => a - b);
  let lo = vals[0] ?? 0;
  let hi = vals[vals.length - 1] ?? 1;
  // One wild score would squash every other bar into the first bin: past 3× the 98th
  // percentile's span, the axis ends there and the outliers go into the last bin.
  const q98 = vals[Math.min(vals.length - 1, Math.floor(0.98 * (vals.length - 1)))] ?? hi;
  const clipped = q98 > lo && hi > lo + 3 * (q98 - lo);
  if (clipped) hi = lo + 1.05 * (q98 - lo);
  const overflow = clipped ? vals.filter((v) => v > hi).length : 0;
  if (options.threshold !== undefined && Number.isFinite(options.threshold)) {
    lo = Math.min(lo, options.threshold);
    hi = Math.max(hi, options.threshold);
  }
  if (!(hi > lo)) hi = lo + 1;
  const counts = [new Array<number>(bins).fill(0), new Array<number>(bins).fill(0)];
  const totals = [0, 0];
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] as number;
    if (!Number.isFinite(v)) continue;
    const c = labels[i] === 1 ? 1 : 0;
    const b = Math.max(0, Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins)));
    (counts[c] as number[])[b]!++;
    totals[c]!++;
  }
  // Densities (fractions per class), so a 2:1 class imbalance does not dwarf the smaller class.
  const dens = counts.map((cs, c) => cs.map((n) => (totals[c] ? n / (totals[c] as number) : 0)));
  const top = Math.max(1e-9, ...dens.flat());
  const m = { l: 40, r: 10, t: 10, b: 34 };
  const pw = width - m.l - m.r;
  const ph = height - m.t - m.b;
  const bw = pw / bins;
  let bars = '';
  dens.forEach((ds, c) =>
    ds.forEach((d, b) => {
      if (d === 0) return;
      const h = (d / top) * ph;
      bars += `<rect class="bar" x="${(m.l + b * bw).toFixed(1)}" y="${(m.t + ph - h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${c ? ANOMALY : NORMAL}" fill-opacity="0.55"/>`;
    }),
  );
  const axis = [0, 0.5, 1]
    .map((t) => `<text x="${m.l + t * pw}" y="${height - 20}" text-anchor="middle">${fmt(lo + t * (hi - lo), 3)}</text>`)
    .join('');
  const thr =
    options.threshold !== undefined && Number.isFinite(options.threshold)
      ? `<line x1="${m.l + ((options.threshold - lo) / (hi - lo)) * pw}" x2="${m.l + ((options.threshold - lo) / (hi - lo)) * pw}" y1="${m.t}" y2="${m.t + ph}" stroke="#222" stroke-dasharray="5 3"/>`
      : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-size="11" font-family="sans-serif" role="img" aria-label="score histograms">` +
    `<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>${bars}${thr}${axis}` +
    `<text x="${m.l + pw / 2}" y="${height - 4}" text-anchor="middle">anomaly score (raw)</text>` +
    `<rect x="${m.l + 8}" y="${m.t + 8}" width="10" height="10" fill="${NORMAL}" fill-opacity="0.55"/><text x="${m.l + 22}" y="${m.t + 17}">normal (${totals[0]})</text>` +
    `<rect x="${m.l + 8}" y="${m.t + 24}" width="10" height="10" fill="${ANOMALY}" fill-opacity="0.55"/><text x="${m.l + 22}" y="${m.t + 33}">anomalous (${totals[1]})</text>` +
    `${thr ? `<text x="${m.l + pw - 4}" y="${m.t + 14}" text-anchor="end">dashed: threshold</text>` : ''}` +
    `${overflow ? `<text x="${m.l + pw - 4}" y="${m.t + 30}" text-anchor="end">last bin includes ${overflow} score${overflow > 1 ? 's' : ''} up to ${fmt(vals[vals.length - 1], 3)}</text>` : ''}</svg>`
  );
}

/**
 * Renders a report as one self-contained HTML page: metrics, ROC curve, score histograms and
 * a grid of inputs, reconstructions and anomaly maps. No external assets: SVG and `data:`
 * images are inline, so the file can be mailed or archived as it is.
 *
 * @example
 * ```ts
 * import { renderReport } from 'ocr-gan';
 * const html = renderReport({
 *   title: 'demo',
 *   metrics: { imageAuroc: 1, imageAupr: 1, f1Max: 1, f1Threshold: 0.5 },
 *   scores: [0.1, 0.9], labels: [0, 1],
 * });
 * ```
 */
export function renderReport(input: ReportInput): string {
  const mt = input.metrics;
  const rows: [string, string][] = [
    ['image AUROC', fmt(mt.imageAuroc)],
    ['image AUPR', fmt(mt.imageAupr)],
    ['F1-max', `${fmt(mt.f1Max)} (at raw score ${fmt(mt.f1Threshold, 4)})`],
    ...(mt.f1AtThreshold !== undefined ? ([['F1 at the calibrated threshold', `${fmt(mt.f1AtThreshold)}${input.threshold !== undefined ? ` (${fmt(input.threshold, 4)})` : ''}`]] as [string, string][]) : []),
    ['pixel AUROC', mt.pixelAuroc === undefined ? '— (no masks)' : fmt(mt.pixelAuroc)],
  ];
  const facts = Object.entries(input.facts ?? {})
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('');
  const tiles = (input.tiles ?? [])
    .map(
      (t) =>
        `<tr><td class="cap">${esc(t.caption)}<br><span class="${t.label ? 'bad' : 'ok'}">${t.label ? 'anomalous' : 'normal'}</span><br>score ${fmt(t.score, 4)}</td>` +
        `<td><img src="${t.input}" alt="input"></td><td><img src="${t.reconstruction}" alt="reconstruction"></td><td><img src="${t.map}" alt="anomaly map"></td>` +
        `<td>${t.mask ? `<img src="${t.mask}" alt="mask">` : ''}</td></tr>`,
    )
    .join('');
  const hasNeg = Array.from(input.labels).some((l) => l !== 1);
  const hasPos = Array.from(input.labels).some((l) => l === 1);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:collapse}th,td{padding:3px 10px;text-align:left;vertical-align:top}
.metrics td{font-variant-numeric:tabular-nums}.figs{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.grid img{width:128px;height:128px;image-rendering:pixelated;border:1px solid #ccc}
.cap{font-size:12px;max-width:140px;word-break:break-all}.bad{color:${ANOMALY};font-weight:600}.ok{color:${NORMAL};font-weight:600}
</style></head><body>
<h1>${esc(input.title)}</h1>
${facts ? `<table class="facts">${facts}</table>` : ''}
<h2>Metrics (anomaly = positive class)</h2>
<table class="metrics">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<div class="figs">
${hasNeg && hasPos ? `<figure><figcaption>ROC curve</figcaption>${rocSvg(input.scores, input.labels)}</figure>` : ''}
<figure><figcaption>Score distributions, normal vs anomalous (as densities per class)</figcaption>${histogramSvg(input.scores, input.labels, input.threshold === undefined ? {} : { threshold: input.threshold })}</figure>
</div>
${tiles ? `<h2>Inputs, reconstructions and anomaly maps</h2><p>Maps share one colour scale across the grid (dark blue low, red high).</p><table class="grid"><tr><th></th><th>input</th><th>reconstruction</th><th>anomaly map</th><th>ground truth</th></tr>${tiles}</table>` : ''}
</body></html>
`;
}
