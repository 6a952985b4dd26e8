/**
 * Training and scoring throughput of ocr-gan per config and backend, side by side with a
 * PyTorch peer (bench/pytorch/peer.py) when `/usr/bin/python3` can import torch.
 *
 *   npx tsx bench/train.ts                                  # everything (a few minutes)
 *   npx tsx bench/train.ts --json out.json
 *   npx tsx bench/train.ts --configs 32x64x64x64 --backends wasm1 --iters 2 --no-peer
 *
 * --configs  comma list of isize x ngf x ndf x batch (default 64x64x64x32,256x4x4x32,32x64x64x64)
 * --backends comma list of wasm1, wasm2 (wasm with that many threads), cpu (default wasm1,wasm2,cpu)
 * --iters    timed iterations after warm-up (default 3; the two largest configs use 2 on wasm)
 * --cpu-batch batch size on the cpu backend (default 2: stock tfjs cpu is far too slow for 32)
 * --no-peer  skip the PyTorch peer
 *
 * Every backend x config runs in a child process of its own (tfjs fixes the wasm thread
 * count at start-up, and a fresh process keeps one run's heap and RSS out of the next).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { initBackend } from '../src/backend/index.js';
import { type BenchConfig, measure, type MeasureResult } from './measure.js';
import { workPerImage } from './flops.js';
import { ocrGanConfig } from './measure.js';

const PYTHON = '/usr/bin/python3';
const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-openmp';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function parseConfig(s: string): BenchConfig {
  const [isize, ngf, ndf, batch] = s.split('x').map(Number) as [number, number, number, number];
  if (![isize, ngf, ndf, batch].every((n) => Number.isInteger(n) && n > 0)) throw new RangeError(`bad config '${s}' (want isize x ngf x ndf x batch)`);
  return { isize, ngf, ndf, batch };
}
const key = (c: BenchConfig) => `${c.isize}x${c.ngf}x${c.ndf}x${c.batch}`;

interface Job {
  readonly backend: 'wasm' | 'cpu';
  readonly threads: number;
  readonly config: BenchConfig;
  /** The config as asked for, before the cpu batch reduction. */
  readonly asked: BenchConfig;
  readonly iters: number;
}

interface OursRow extends MeasureResult {
  readonly backend: string;
  readonly threads: number;
  readonly asked: string;
  readonly note?: string;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

interface PeerRow {
  readonly threads: number;
  readonly config: BenchConfig;
  readonly torch: string;
  readonly blas: string;
  readonly score: { msMedian: number; imagesPerSec: number; peakRssBytes: number };
  readonly ours: { msMedian: number; imagesPerSec: number; peakRssBytes: number };
  readonly official?: { msMedian: number; imagesPerSec: number; peakRssBytes: number };
  readonly loadBefore: readonly number[];
}

function rssBytes(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

async function child(spec: string): Promise<void> {
  const job = JSON.parse(spec) as Job;
  const info = await initBackend({ backend: job.backend, threads: job.threads, checkTraining: false });
  const cpu = job.backend === 'cpu';
  const result = await measure({
    config: job.config,
    trainIters: cpu ? 0 : job.iters,
    trainWarmup: cpu ? 0 : 1,
    timeProfiled: cpu,
    scoreIters: cpu ? 1 : Math.max(3, job.iters),
    scoreWarmup: 1,
    peak: !cpu,
    breakdown: true,
    onPhase: () => rssBytes(),
  });
  process.stdout.write(`\nRESULT ${JSON.stringify({ ...result, threads: info.threads })}\n`);
}

function runOurs(job: Job): OursRow | undefined {
  const loadBefore = loadavg();
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(job)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) {
    console.error(`bench: ${job.backend}:${job.threads} ${key(job.config)} failed (exit ${r.status})\n${r.stderr.slice(-3000)}`);
    return undefined;
  }
  const res = JSON.parse(line.slice(7)) as MeasureResult & { threads: number };
  const note = job.backend === 'cpu' ? `batch ${job.config.batch}, 1 step (profiled), no warm-up` : undefined;
  return {
    ...res,
    backend: job.backend,
    asked: key(job.asked),
    ...(note ? { note } : {}),
    loadBefore,
    loadAfter: loadavg(),
  };
}

function torchAvailable(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', env: peerEnv() });
  return r.status === 0;
}

function peerEnv(): NodeJS.ProcessEnv {
  let ld = process.env['LD_LIBRARY_PATH'] ?? '';
  try {
    readFileSync(`${OPENBLAS}/libblas.so.3`, { flag: 'r' });
    ld = ld ? `${OPENBLAS}:${ld}` : OPENBLAS;
  } catch {
    // no OpenBLAS: the peer runs with whatever BLAS torch finds (and says which)
  }
  return { ...process.env, LD_LIBRARY_PATH: ld, OMP_NUM_THREADS: undefined };
}

function runPeer(config: BenchConfig, threads: number, iters: number): PeerRow | undefined {
  const loadBefore = loadavg();
  const peer = fileURLToPath(new URL('./pytorch/peer.py', import.meta.url));
  const args = [peer, '--isize', String(config.isize), '--ngf', String(config.ngf), '--ndf', String(config.ndf)];
  args.push('--batch', String(config.batch), '--threads', String(threads), '--iters', String(iters));
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', env: { ...peerEnv(), OMP_NUM_THREADS: String(threads) }, maxBuffer: 16 << 20 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('PEER '));
  if (r.status !== 0 || !line) {
    console.error(`bench: peer ${threads} threads ${key(config)} failed (exit ${r.status})\n${r.stderr.slice(-3000)}`);
    return undefined;
  }
  const p = JSON.parse(line.slice(5)) as Omit<PeerRow, 'loadBefore'>;
  return { ...p, config, threads, loadBefore };
}

const f1 = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));
const mb = (b: number | undefined) => (b === undefined ? '–' : (b / 2 ** 20).toFixed(0));
const la = (l: readonly number[]) => l.map((v) => v.toFixed(2)).join(' ');

function table(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

function report(ours: OursRow[], peers: PeerRow[], peerNote: string | undefined): string {
  const out: string[] = [];
  out.push('GFLOP per image (2·MAC, conv/convT/dense, counted from the layer shapes):');
  const configs = [...new Set(ours.map((r) => r.asked).concat(peers.map((p) => key(p.config))))];
  out.push(
    table(
      ['config isize×ngf×ndf×batch', 'G fwd', 'D fwd', 'train 3G+11D', 'official 5G+17D', 'score G+2D'],
      configs.map((k) => {
        const w = workPerImage(ocrGanConfig(parseConfig(k)));
        return [k, f1(w.g, 4), f1(w.d, 4), f1(w.train, 3), f1(w.official, 3), f1(w.score, 3)];
      }),
    ),
  );
  out.push('');
  out.push('ocr-gan (tfjs):');
  out.push(
    table(
      ['config', 'backend', 'thr', 'train img/s', 'train GFLOP/s', 'aug ms/batch', 'train+aug img/s', 'score img/s', 'score GFLOP/s', 'conv peak GFLOP/s (ref / biggest)', 'train % peak', 'score % peak', 'peak tensors MB (train/score)', 'peak RSS MB (score/train)', 'loadavg before → after', 'note'],
      ours.map((r) => [
        r.asked,
        r.backend,
        String(r.threads),
        f1(r.train.imagesPerSec, 2),
        f1(r.train.gflops),
        f1(r.augment.msMedian),
        f1(r.trainWithAugmentImagesPerSec, 2),
        f1(r.score.imagesPerSec, 1),
        f1(r.score.gflops),
        r.peak ? `${f1(r.peak.reference)} / ${f1(r.peak.biggest)}` : '–',
        r.peak ? `${f1((100 * r.train.gflops) / r.peak.reference, 0)} %` : '–',
        r.peak ? `${f1((100 * r.score.gflops) / r.peak.reference, 0)} %` : '–',
        `${mb(r.train.peakTensorBytes)} / ${mb(r.score.peakTensorBytes)}`,
        `${mb(r.score.peakRssBytes)} / ${mb(r.train.peakRssBytes)}`,
        `${la(r.loadBefore)} → ${la(r.loadAfter)}`,
        r.note ?? '',
      ]),
    ),
  );
  if (peers.length > 0) {
    out.push('');
    out.push(`PyTorch peer (${peers[0]?.torch}, BLAS: ${peers[0]?.blas}):`);
    out.push(
      table(
        ['config', 'thr', 'ours-step img/s', 'GFLOP/s', 'official-step img/s', 'GFLOP/s', 'score img/s', 'GFLOP/s', 'peak RSS MB', 'loadavg before'],
        peers.map((p) => {
          const w = workPerImage(ocrGanConfig(p.config));
          return [
            key(p.config),
            String(p.threads),
            f1(p.ours.imagesPerSec, 2),
            f1(p.ours.imagesPerSec * w.train),
            f1(p.official?.imagesPerSec, 2),
            f1(p.official ? p.official.imagesPerSec * w.official : undefined),
            f1(p.score.imagesPerSec, 1),
            f1(p.score.imagesPerSec * w.score),
            mb(Math.max(p.ours.peakRssBytes, p.official?.peakRssBytes ?? 0)),
            la(p.loadBefore),
          ];
        }),
      ),
    );
  } else if (peerNote) {
    out.push('');
    out.push(peerNote);
  }
  out.push('');
  out.push('Ratios (images per second; wasm rows; stock = tfjs cpu backend, per image at its reduced batch):');
  const lines: string[][] = [];
  for (const r of ours.filter((o) => o.backend === 'wasm')) {
    const p = peers.find((q) => key(q.config) === r.asked && q.threads === r.threads);
    const stock = ours.find((o) => o.backend === 'cpu' && o.asked === r.asked);
    const one = ours.find((o) => o.backend === 'wasm' && o.threads === 1 && o.asked === r.asked);
    const peak1 = one?.peak?.reference;
    lines.push([
      r.asked,
      String(r.threads),
      f1(p ? r.train.imagesPerSec / p.ours.imagesPerSec : undefined, 2),
      f1(p?.official ? r.train.imagesPerSec / p.official.imagesPerSec : undefined, 2),
      f1(p ? r.score.imagesPerSec / p.score.imagesPerSec : undefined, 2),
      f1(stock ? r.train.imagesPerSec / stock.train.imagesPerSec : undefined, 0),
      f1(stock ? r.score.imagesPerSec / stock.score.imagesPerSec : undefined, 0),
      f1(peak1 ? r.train.gflops / peak1 : undefined, 2),
      f1(peak1 ? r.score.gflops / peak1 : undefined, 2),
      r.threads > 1 && one ? f1(r.train.imagesPerSec / one.train.imagesPerSec, 2) : '–',
    ]);
  }
  out.push(
    table(
      ['config', 'thr', 'train ÷ peer same work', 'train ÷ peer official step', 'score ÷ peer', 'train ÷ stock cpu', 'score ÷ stock cpu', 'train ÷ 1-thread conv peak', 'score ÷ 1-thread conv peak', 'train ÷ own 1 thread'],
      lines,
    ),
  );
  out.push('');
  out.push('Targets: train ≥ 0.75 × the 1-thread conv peak on 1 thread and ≥ 1.7 × 0.75 = 1.28 × it on 2; score ≥ 0.85 ×; ≥ 0.3 × the peer on train and score; ≥ 0.5 × the official step.');
  return out.join('\n');
}

function breakdownText(ours: OursRow[]): string {
  const out: string[] = ['', 'Where a training step goes (one profiled step, kernel wall time, top 8; composite kernels include the kernels they run):'];
  for (const r of ours) {
    if (!r.breakdown) continue;
    const total = r.breakdown.reduce((a, k) => a + k.ms, 0);
    const top = r.breakdown.slice(0, 8).map((k) => `${k.kernel} ${f1(k.ms, 0)} ms ×${k.calls}`);
    out.push(`  ${r.asked} ${r.backend}:${r.threads} (Σ ${f1(total, 0)} ms, step median ${f1(r.train.msMedian, 0)} ms): ${top.join(', ')}`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const spec = argValue('--child');
  if (spec) return child(spec);
  const configs = (argValue('--configs') ?? '64x64x64x32,256x4x4x32,32x64x64x64').split(',').map(parseConfig);
  const backends = (argValue('--backends') ?? 'wasm1,wasm2,cpu').split(',');
  const itersArg = argValue('--iters');
  const cpuBatch = Number(argValue('--cpu-batch') ?? 2);
  const jobs: Job[] = [];
  for (const b of backends) {
    const m = /^(wasm)(\d+)$|^(cpu)$/.exec(b);
    if (!m) throw new RangeError(`bad backend '${b}' (want wasm1, wasm2, … or cpu)`);
    for (const c of configs) {
      const work = workPerImage(ocrGanConfig(c)).train * c.batch;
      const iters = itersArg ? Number(itersArg) : work > 100 ? 2 : 3;
      if (m[3]) jobs.push({ backend: 'cpu', threads: 1, config: { ...c, batch: Math.min(c.batch, cpuBatch) }, asked: c, iters: 1 });
      else jobs.push({ backend: 'wasm', threads: Number(m[2]), config: c, asked: c, iters });
    }
  }
  const ours: OursRow[] = [];
  for (const job of jobs) {
    console.error(`bench: ${job.backend}:${job.threads} ${key(job.config)} …`);
    const r = runOurs(job);
    if (r) {
      ours.push(r);
      console.error(
        `bench:   train ${r.train.imagesPerSec.toFixed(2)} img/s (${r.train.gflops.toFixed(1)} GFLOP/s), score ${r.score.imagesPerSec.toFixed(1)} img/s (${r.score.gflops.toFixed(1)} GFLOP/s), loadavg ${la(r.loadAfter)}`,
      );
    }
  }
  const peers: PeerRow[] = [];
  let peerNote: string | undefined;
  const threadCounts = [...new Set(jobs.filter((j) => j.backend === 'wasm').map((j) => j.threads))];
  if (process.argv.includes('--no-peer')) {
    peerNote = 'PyTorch peer: skipped (--no-peer).';
  } else if (!torchAvailable()) {
    peerNote = `PyTorch peer: skipped, '${PYTHON} -c "import torch"' fails. Install with: apt-get install -y python3-torch libopenblas0-openmp`;
  } else {
    for (const t of threadCounts.length ? threadCounts : [1]) {
      for (const c of configs) {
        console.error(`bench: peer ${t} threads ${key(c)} …`);
        const iters = itersArg ? Number(itersArg) : 3;
        const p = runPeer(c, t, iters);
        if (p) {
          peers.push(p);
          console.error(
            `bench:   peer ours-step ${p.ours.imagesPerSec.toFixed(2)} img/s, official ${p.official?.imagesPerSec.toFixed(2) ?? '–'} img/s, score ${p.score.imagesPerSec.toFixed(1)} img/s`,
          );
        }
      }
    }
  }
  const text = report(ours, peers, peerNote) + breakdownText(ours);
  console.log(text);
  const jsonPath = argValue('--json');
  if (jsonPath) {
    writeFileSync(
      jsonPath,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, loadavgEnd: loadavg(), ours, peers, peerNote }, null, 2)}\n`,
    );
    console.error(`wrote ${jsonPath}`);
  }
}

await main();
