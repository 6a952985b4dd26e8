import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callWasmKernel, release, reshapeInfo, tensorFromValues } from './compose.js';

type Shape4 = [number, number, number, number];

/** One output phase along one axis: which filter taps feed it and from which dy offsets. */
interface AxisPhase {
  /** First filter tap of this phase (taps are firstTap, firstTap + s, …). */
  readonly firstTap: number;
  readonly taps: number;
  /** Output row s·m + phase reads dy rows m + shift − t for tap number t. */
  readonly shift: number;
}

/** How one spatial axis of dx splits into stride phases. */
interface AxisPlan {
  readonly stride: number;
  /** Rows per phase after rounding up; the interleaved result is cropped to the real size. */
  readonly rowsPerPhase: number;
  readonly phases: readonly AxisPhase[];
}

function planAxis(size: number, kernel: number, stride: number, padBefore: number): AxisPlan | undefined {
  const phases: AxisPhase[] = [];
  for (let phase = 0; phase < stride; phase++) {
    const firstTap = (phase + padBefore) % stride;
    const taps = Math.max(0, Math.ceil((kernel - firstTap) / stride));
    // A phase no tap reaches would be all zeros; rare enough (k < s) to leave to the stock kernel.
    if (taps === 0) return undefined;
    phases.push({ firstTap, taps, shift: Math.floor((phase + padBefore) / stride) });
  }
  return { stride, rowsPerPhase: Math.ceil(size / stride), phases };
}

/** A stride-1 conv computing some phases at once, their dx channels side by side. */
interface ConvGroup {
  /** Phase indices (row phase, column phase) in output-channel order. */
  readonly phases: ReadonlyArray<readonly [number, number]>;
  /** Lowest dy offset read, per axis; the conv's leading pad is its negation. */
  readonly lowRow: number;
  readonly lowCol: number;
  readonly rowTaps: number;
  readonly colTaps: number;
}

function makeGroup(rows: AxisPlan, cols: AxisPlan, phases: ReadonlyArray<readonly [number, number]>): ConvGroup {
  let lowRow = Infinity;
  let highRow = -Infinity;
  let lowCol = Infinity;
  let highCol = -Infinity;
  for (const [ph, pw] of phases) {
    const r = rows.phases[ph] as AxisPhase;
    const c = cols.phases[pw] as AxisPhase;
    lowRow = Math.min(lowRow, r.shift - r.taps + 1);
    highRow = Math.max(highRow, r.shift);
    lowCol = Math.min(lowCol, c.shift - c.taps + 1);
    highCol = Math.max(highCol, c.shift);
  }
  return { phases, lowRow, lowCol, rowTaps: highRow - lowRow + 1, colTaps: highCol - lowCol + 1 };
}

/**
 * The group's filter [rowTaps, colTaps, Co, phases·Ci]: tap u of a phase reads dy offset
 * low + u, which is filter tap firstTap + s·(shift − low − u); offsets a phase does not use
 * stay zero (only when several phases share one conv).
 */
function groupFilter(
  weights: Float32Array,
  [, kw, ci, co]: Shape4,
  rows: AxisPlan,
  cols: AxisPlan,
  group: ConvGroup,
): Float32Array {
  const outCh = group.phases.length * ci;
  const out = new Float32Array(group.rowTaps * group.colTaps * co * outCh);
  group.phases.forEach(([ph, pw], slot) => {
    const r = rows.phases[ph] as AxisPhase;
    const c = cols.phases[pw] as AxisPhase;
    for (let u = 0; u < group.rowTaps; u++) {
      const t = r.shift - (group.lowRow + u);
      if (t < 0 || t >= r.taps) continue;
      const a = r.firstTap + rows.stride * t;
      for (let v = 0; v < group.colTaps; v++) {
        const q = c.shift - (group.lowCol + v);
        if (q < 0 || q >= c.taps) continue;
        const b = c.firstTap + cols.stride * q;
        for (let i = 0; i < ci; i++) {
          const src = ((a * kw + b) * ci + i) * co;
          let dst = (u * group.colTaps + v) * co * outCh + slot * ci + i;
          for (let o = 0; o < co; o++, dst += outCh) out[dst] = weights[src + o] as number;
        }
      }
    }
  });
  return out;
}

/**
 * Below this many dx channels a conv per phase leaves XNNPACK too few output channels to
 * fill its vectors; then all phases share one conv (some zero taps) instead.
 */
const minChannelsPerPhaseConv = 16;

/**
 * `Conv2DBackpropInput` for the `wasm` backend (conv2dTranspose forward and every conv input
 * gradient), NHWC. The stock kernel is a scalar loop (about 1.9 GFLOP/s); this one splits dx
 * into its stride phases: output row s·m + p only meets filter taps ≡ (p + padTop) mod s, so
 * each phase is a stride-1 conv of dy with those taps, reversed and with Ci/Co swapped. The
 * phases run as XNNPACK convs (one each, or one shared with s²·Ci output channels when Ci
 * is small) and are interleaved by a reshape and a transpose. Explicit pads larger than the
 * filter and filters smaller than the stride go to the stock kernel.
 *
 * @example
 * ```ts
 * registerConv2DBackpropInputWasm();
 * const y = tf.conv2dTranspose(x, w, [16, 64, 64, 64], 2, 'same');
 * ```
 */
export function makeConv2DBackpropInputWasmConfig(stock: tf.KernelConfig | undefined): tf.KernelConfig {
  const config: tf.KernelConfig = {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: ((args: {
      inputs: tf.Conv2DBackpropInputInputs;
      backend: BackendWasm;
      attrs: tf.Conv2DBackpropInputAttrs;
    }) => {
      const fast = conv2DBackpropInputWasm(args);
      if (fast) return fast;
      if (!stock) {
        throw new Error(
          `Conv2DBackpropInput (wasm): no fast formulation for filter [${args.inputs.filter?.shape}], ` +
            `strides ${JSON.stringify(args.attrs.strides)}, pad ${JSON.stringify(args.attrs.pad)}, and no stock kernel`,
        );
      }
      return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    }) as unknown as tf.KernelFunc,
  };
  // The stock kernel binds its wasm function in its setup; keep that running on backend init.
  if (stock?.setupFunc) config.setupFunc = stock.setupFunc;
  return config;
}

function conv2DBackpropInputWasm(args: {
  inputs: tf.Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: tf.Conv2DBackpropInputAttrs;
}): tf.TensorInfo | undefined {
  const { backend, inputs, attrs } = args;
  const dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  if (dataFormat !== 'NHWC' || filter.dtype !== 'float32' || dy.dtype !== 'float32') return undefined;
  const convInfo = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = convInfo;
  const [batch, inHeight, inWidth, inChannels] = inputShape;
  const [, outHeight, outWidth] = dy.shape as Shape4;
  if (outHeight !== convInfo.outHeight || outWidth !== convInfo.outWidth) {
    throw new Error(
      `Conv2DBackpropInput (wasm): dy has shape [${dy.shape}] but inputShape [${inputShape}] with filter ` +
        `[${filter.shape}] gives [${convInfo.outShape}]`,
    );
  }
  const rows = planAxis(inHeight, kh, sh, convInfo.padInfo.top);
  const cols = planAxis(inWidth, kw, sw, convInfo.padInfo.left);
  if (!rows || !cols) return undefined;

  const allPhases: Array<readonly [number, number]> = [];
  for (let ph = 0; ph < sh; ph++) for (let pw = 0; pw < sw; pw++) allPhases.push([ph, pw]);
  const perPhase = allPhases.length > 1 && inChannels >= minChannelsPerPhaseConv;
  const groups = perPhase ? allPhases.map((p) => makeGroup(rows, cols, [p])) : [makeGroup(rows, cols, allPhases)];
  const pads = groups.map((g) => ({
    top: -g.lowRow,
    bottom: rows.rowsPerPhase - 1 + g.lowRow + g.rowTaps - 1 - (outHeight - 1),
    left: -g.lowCol,
    right: cols.rowsPerPhase - 1 + g.lowCol + g.colTaps - 1 - (outWidth - 1),
  }));
  if (pads.some((p) => p.top < 0 || p.bottom < 0 || p.left < 0 || p.right < 0)) return undefined;

  const weights = backend.readSync(filter.dataId) as Float32Array;
  const parts = groups.map((group, i) => {
    const values = groupFilter(weights, filter.shape as Shape4, rows, cols, group);
    const w = tensorFromValues(
      backend,
      [group.rowTaps, group.colTaps, filter.shape[3] as number, group.phases.length * inChannels],
      values,
    );
    const p = pads[i] as (typeof pads)[number];
    const y = callWasmKernel(
      'Conv2D',
      backend,
      { x: dy, filter: w },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [p.top, p.bottom],
          [p.left, p.right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
        dimRoundingMode: null,
      } as unknown as tf.NamedAttrMap,
    );
    release(backend, w);
    return y;
  });

  const M = rows.rowsPerPhase;
  const L = cols.rowsPerPhase;
  let full: tf.TensorInfo;
  if (allPhases.length === 1) {
    full = parts[0] as tf.TensorInfo;
  } else if (perPhase) {
    full = interleaveByConcat(backend, parts, [batch, M, L, inChannels], sh, sw);
  } else {
    // [B, M, L, s_h·s_w·Ci] → [B·M, s_h, L, s_w·Ci]: a rank-4 transpose (DepthToSpace is 10×
    // slower, and tfjs-backend-wasm's rank-5 transpose 100×).
    const view = reshapeInfo(backend, parts[0] as tf.TensorInfo, [batch * M, L, sh, sw * inChannels]);
    release(backend, parts[0] as tf.TensorInfo);
    const interleaved = callWasmKernel('Transpose', backend, { x: view }, { perm: [0, 2, 1, 3] });
    release(backend, view);
    full = reshapeInfo(backend, interleaved, [batch, M * sh, L * sw, inChannels]);
    release(backend, interleaved);
  }
  if (M * sh === inHeight && L * sw === inWidth) return full;
  const cropped = callWasmKernel(
    'Slice',
    backend,
    { x: full },
    { begin: [0, 0, 0, 0], size: [batch, inHeight, inWidth, inChannels] },
  );
  release(backend, full);
  return cropped;
}

/**
 * Interleaves per-phase results [B, M, L, Ci] (row-phase major) into [B, M·s_h, L·s_w, Ci]
 * with two concats, which are plain block copies: the column phases side by side within a
 * row, then the row phases one after the other.
 */
function interleaveByConcat(
  backend: BackendWasm,
  parts: tf.TensorInfo[],
  [batch, M, L, ci]: Shape4,
  sh: number,
  sw: number,
): tf.TensorInfo {
  const rowsOfPhases: tf.TensorInfo[] = [];
  for (let ph = 0; ph < sh; ph++) {
    const views = parts.slice(ph * sw, (ph + 1) * sw).map((p) => reshapeInfo(backend, p, [batch * M, L, 1, ci]));
    const row = callWasmKernel('Concat', backend, views as unknown as tf.NamedTensorInfoMap, { axis: 2 });
    release(backend, ...views);
    rowsOfPhases.push(reshapeInfo(backend, row, [batch * M, 1, L * sw * ci]));
    release(backend, row);
  }
  release(backend, ...parts);
  const rows = callWasmKernel('Concat', backend, rowsOfPhases as unknown as tf.NamedTensorInfoMap, { axis: 1 });
  release(backend, ...rowsOfPhases);
  const full = reshapeInfo(backend, rows, [batch, M * sh, L * sw, ci]);
  release(backend, rows);
  return full;
}
