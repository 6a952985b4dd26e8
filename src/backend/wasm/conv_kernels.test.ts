import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backend, maxAbs, maxAbsDiff } from '../../../test/backend.js';

// Every backend runs these: on wasm they check ocr-gan's kernels, elsewhere the stock ones,
// always against plain loops that share no code with either.

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

interface Case {
  readonly name: string;
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly stride: number;
  readonly pad: Pad;
}

function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Output size and leading pads, from the TensorFlow padding rules written out directly. */
function geometry(c: Case): { outHeight: number; outWidth: number; top: number; left: number } {
  if (c.pad === 'valid') {
    return {
      outHeight: Math.ceil((c.height - c.kernel + 1) / c.stride),
      outWidth: Math.ceil((c.width - c.kernel + 1) / c.stride),
      top: 0,
      left: 0,
    };
  }
  if (c.pad === 'same') {
    const outHeight = Math.ceil(c.height / c.stride);
    const outWidth = Math.ceil(c.width / c.stride);
    const totalRows = Math.max((outHeight - 1) * c.stride + c.kernel - c.height, 0);
    const totalCols = Math.max((outWidth - 1) * c.stride + c.kernel - c.width, 0);
    return { outHeight, outWidth, top: Math.floor(totalRows / 2), left: Math.floor(totalCols / 2) };
  }
  const [, [top, bottom], [left, right]] = c.pad;
  return {
    outHeight: Math.floor((c.height + top + bottom - c.kernel) / c.stride) + 1,
    outWidth: Math.floor((c.width + left + right - c.kernel) / c.stride) + 1,
    top,
    left,
  };
}

/** Calls f(n, i, j, a, b, h, w) for every output position and filter tap that lands inside x. */
function forEachTap(c: Case, f: (n: number, i: number, j: number, a: number, b: number, h: number, w: number) => void) {
  const g = geometry(c);
  for (let n = 0; n < c.batch; n++)
    for (let i = 0; i < g.outHeight; i++)
      for (let j = 0; j < g.outWidth; j++)
        for (let a = 0; a < c.kernel; a++)
          for (let b = 0; b < c.kernel; b++) {
            const h = i * c.stride + a - g.top;
            const w = j * c.stride + b - g.left;
            if (h >= 0 && h < c.height && w >= 0 && w < c.width) f(n, i, j, a, b, h, w);
          }
}

function naiveInputGradient(c: Case, dy: Float32Array, filter: Float32Array): Float32Array {
  const g = geometry(c);
  const dx = new Float32Array(c.batch * c.height * c.width * c.inChannels);
  forEachTap(c, (n, i, j, a, b, h, w) => {
    for (let ci = 0; ci < c.inChannels; ci++) {
      let sum = 0;
      for (let co = 0; co < c.outChannels; co++) {
        const dyAt = ((n * g.outHeight + i) * g.outWidth + j) * c.outChannels + co;
        const wAt = ((a * c.kernel + b) * c.inChannels + ci) * c.outChannels + co;
        sum += (dy[dyAt] as number) * (filter[wAt] as number);
      }
      dx[((n * c.height + h) * c.width + w) * c.inChannels + ci]! += sum;
    }
  });
  return dx;
}

function naiveFilterGradient(c: Case, x: Float32Array, dy: Float32Array): Float32Array {
  const g = geometry(c);
  const dw = new Float32Array(c.kernel * c.kernel * c.inChannels * c.outChannels);
  forEachTap(c, (n, i, j, a, b, h, w) => {
    for (let ci = 0; ci < c.inChannels; ci++) {
      const xv = x[((n * c.height + h) * c.width + w) * c.inChannels + ci] as number;
      for (let co = 0; co < c.outChannels; co++) {
        const dyAt = ((n * g.outHeight + i) * g.outWidth + j) * c.outChannels + co;
        dw[((a * c.kernel + b) * c.inChannels + ci) * c.outChannels + co]! += xv * (dy[dyAt] as number);
      }
    }
  });
  return dw;
}

const small = backend === 'webgl';
const cases: Case[] = [
  { name: 'k4 s2 same, Ci=3', batch: 2, height: 8, width: 8, inChannels: 3, outChannels: 5, kernel: 4, stride: 2, pad: 'same' },
  { name: 'k4 s2 same, Ci=16 (one conv per phase)', batch: 2, height: 8, width: 6, inChannels: 16, outChannels: 4, kernel: 4, stride: 2, pad: 'same' },
  { name: 'k4 s2 same, odd 7×9', batch: 2, height: 7, width: 9, inChannels: 3, outChannels: 4, kernel: 4, stride: 2, pad: 'same' },
  { name: 'k4 s2 same, odd 7×9, Ci=16', batch: 1, height: 7, width: 9, inChannels: 16, outChannels: 3, kernel: 4, stride: 2, pad: 'same' },
  { name: 'k3 s1 same, 7×9', batch: 3, height: 7, width: 9, inChannels: 3, outChannels: 4, kernel: 3, stride: 1, pad: 'same' },
  { name: 'k4 s1 same, 6×5', batch: 2, height: 6, width: 5, inChannels: 4, outChannels: 3, kernel: 4, stride: 1, pad: 'same' },
  { name: 'k3 s2 valid, 8×8 (last row unused)', batch: 2, height: 8, width: 8, inChannels: 3, outChannels: 4, kernel: 3, stride: 2, pad: 'valid' },
  { name: 'k3 s2 valid, 7×9', batch: 2, height: 7, width: 9, inChannels: 3, outChannels: 2, kernel: 3, stride: 2, pad: 'valid' },
  { name: 'k4 s1 valid, 7×9', batch: 2, height: 7, width: 9, inChannels: 3, outChannels: 2, kernel: 4, stride: 1, pad: 'valid' },
  {
    name: 'k4 s2 explicit pads',
    batch: 2,
    height: 8,
    width: 7,
    inChannels: 3,
    outChannels: 4,
    kernel: 4,
    stride: 2,
    pad: [[0, 0], [2, 1], [0, 3], [0, 0]],
  },
];

function inputs(c: Case) {
  const g = geometry(c);
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const dyShape: [number, number, number, number] = [c.batch, g.outHeight, g.outWidth, c.outChannels];
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  return {
    xShape,
    dyShape,
    filterShape,
    xValues: seededValues(size(xShape), 1),
    dyValues: seededValues(size(dyShape), 2),
    filterValues: seededValues(size(filterShape), 3),
  };
}

function backpropInput(c: Case, dy: tf.Tensor4D, filter: tf.Tensor4D, xShape: number[]): tf.Tensor4D {
  return tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter }, {
    strides: [c.stride, c.stride],
    pad: c.pad,
    dataFormat: 'NHWC',
    inputShape: xShape,
  } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

function backpropFilter(c: Case, x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[]): tf.Tensor4D {
  return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
    strides: [c.stride, c.stride],
    pad: c.pad,
    dataFormat: 'NHWC',
    filterShape,
  } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

describe(`conv gradient kernels on ${backend}`, () => {
  for (const c of small ? cases.slice(0, 3) : cases) {
    it(`Conv2DBackpropInput matches plain loops: ${c.name}`, async () => {
      const v = inputs(c);
      const dy = tf.tensor4d(v.dyValues, v.dyShape);
      const filter = tf.tensor4d(v.filterValues, v.filterShape);
      const dx = backpropInput(c, dy, filter, v.xShape);
      expect(dx.shape).toEqual(v.xShape);
      const expected = naiveInputGradient(c, v.dyValues, v.filterValues);
      const scale = await maxAbs(expected);
      expect(scale).toBeGreaterThan(0.1);
      expect((await maxAbsDiff(dx, expected)) / scale).toBeLessThan(1e-5);
      tf.dispose([dy, filter, dx]);
    });

    it(`Conv2DBackpropFilter matches plain loops: ${c.name}`, async () => {
      const v = inputs(c);
      const x = tf.tensor4d(v.xValues, v.xShape);
      const dy = tf.tensor4d(v.dyValues, v.dyShape);
      const dw = backpropFilter(c, x, dy, v.filterShape);
      expect(dw.shape).toEqual(v.filterShape);
      const expected = naiveFilterGradient(c, v.xValues, v.dyValues);
      const scale = await maxAbs(expected);
      expect(scale).toBeGreaterThan(0.1);
      expect((await maxAbsDiff(dw, expected)) / scale).toBeLessThan(1e-5);
      tf.dispose([x, dy, dw]);
    });
  }

  it('tf.conv2dTranspose (k4 s2 same, 64 → 3 channels) matches plain loops', async () => {
    // conv2dTranspose(y, w) is the input gradient of a conv with filter w whose output is y.
    const c: Case = { name: '', batch: 2, height: 8, width: 8, inChannels: 3, outChannels: 6, kernel: 4, stride: 2, pad: 'same' };
    const v = inputs(c);
    const y = tf.tensor4d(v.dyValues, v.dyShape);
    const w = tf.tensor4d(v.filterValues, v.filterShape);
    const out = tf.conv2dTranspose(y, w, v.xShape, 2, 'same');
    const expected = naiveInputGradient(c, v.dyValues, v.filterValues);
    expect((await maxAbsDiff(out, expected)) / (await maxAbs(expected))).toBeLessThan(1e-5);
    tf.dispose([y, w, out]);
  });

  it('repeated calls leave no tensors behind', () => {
    const c = cases[small ? 0 : 1] as Case;
    const v = inputs(c);
    const x = tf.tensor4d(v.xValues, v.xShape);
    const dy = tf.tensor4d(v.dyValues, v.dyShape);
    const filter = tf.tensor4d(v.filterValues, v.filterShape);
    const run = () => tf.dispose([backpropInput(c, dy, filter, v.xShape), backpropFilter(c, x, dy, v.filterShape)]);
    run();
    const tensorsBefore = tf.memory().numTensors;
    const bytesBefore = tf.memory().numBytes;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.memory().numBytes).toBe(bytesBefore);
    if (backend === 'wasm') {
      const wasmBackend = tf.backend() as unknown as { numDataIds(): number };
      const idsBefore = wasmBackend.numDataIds();
      run();
      expect(wasmBackend.numDataIds()).toBe(idsBefore);
    }
    tf.dispose([x, dy, filter]);
  });
});

describe('registration on wasm', () => {
  it('registerWasmTrainingKernels is idempotent and installs both kernels', async (ctx) => {
    if (backend !== 'wasm') ctx.skip('only the wasm backend gets these kernels');
    const { registerWasmTrainingKernels } = await import('./register.js');
    const { conv2DBackpropFilterWasmConfig } = await import('./conv_backprop_filter.js');
    const input = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(input?.kernelFunc);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')?.kernelFunc).toBe(conv2DBackpropFilterWasmConfig.kernelFunc);
  });
});
