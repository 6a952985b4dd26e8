import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  checkGradients,
  projectedGradients,
  type TensorFunction,
  testInput,
} from '../../backend/gradients/finite_difference.js';
import { backend } from '../../../test/backend.js';
import { conv2d } from './conv2d.js';
import { conv2dTranspose } from './conv2d_transpose.js';

interface Case {
  readonly name: string;
  /** Shapes of x, filter and bias. */
  readonly shapes: readonly [number[], number[], number[]];
  readonly f: TensorFunction;
}

const cases: readonly Case[] = [
  {
    name: 'conv2d k4 s2 same, 7×9 input, batch 2',
    shapes: [[2, 7, 9, 2], [4, 4, 2, 3], [3]],
    f: (x, w, b) => conv2d(x as never, w as never, { stride: 2, pad: 'same' }, b as never),
  },
  {
    name: 'conv2d k3 s1 same, 7×9 input, batch 2',
    shapes: [[2, 7, 9, 2], [3, 3, 2, 3], [3]],
    f: (x, w, b) => conv2d(x as never, w as never, { stride: 1, pad: 'same' }, b as never),
  },
  {
    name: 'conv2d k4 s2 valid, 7×9 input, batch 2',
    shapes: [[2, 7, 9, 2], [4, 4, 2, 3], [3]],
    f: (x, w, b) => conv2d(x as never, w as never, { stride: 2, pad: 'valid' }, b as never),
  },
  {
    name: 'conv2dTranspose k4 s2 same, 3×5 input, batch 2',
    shapes: [[2, 3, 5, 3], [4, 4, 2, 3], [2]],
    f: (x, w, b) => conv2dTranspose(x as never, w as never, { stride: 2, pad: 'same' }, b as never),
  },
  {
    name: 'conv2dTranspose k3 s1 same, 5×7 input, batch 2',
    shapes: [[2, 5, 7, 3], [3, 3, 2, 3], [2]],
    f: (x, w, b) => conv2dTranspose(x as never, w as never, { stride: 1, pad: 'same' }, b as never),
  },
  {
    name: 'conv2dTranspose k4 s2 valid, 3×4 input, batch 2',
    shapes: [[2, 3, 4, 3], [4, 4, 2, 3], [2]],
    f: (x, w, b) => conv2dTranspose(x as never, w as never, { stride: 2, pad: 'valid' }, b as never),
  },
];

// WebGL under SwiftShader pays milliseconds per evaluation: check a sample of positions there.
const sample = backend === 'webgl' ? 20 : undefined;

function inputs(c: Case): tf.Tensor[] {
  return c.shapes.map((s, i) => testInput(s, { seed: 31 + i }));
}

/** Runs `fn` on the cpu backend, the reference, and comes back to the backend under test. */
async function onCpu<T>(fn: () => Promise<T>): Promise<T> {
  const here = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return await fn();
  } finally {
    await tf.setBackend(here);
  }
}

describe(`conv gradients on ${backend}`, () => {
  for (const c of cases) {
    it(`${c.name}: input, filter and bias gradients agree with central differences`, async () => {
      const xs = inputs(c);
      const before = tf.memory().numTensors;
      // linear in each argument: a large step leaves only rounding error
      const check = await checkGradients(c.f, xs, { eps: 0.25, sample });
      expect(tf.memory().numTensors).toBe(before);
      const [ex, ew, eb] = check.relativeError;
      expect(ex).toBeLessThan(1e-4);
      expect(ew).toBeLessThan(1e-4);
      expect(eb).toBeLessThan(1e-4);
      tf.dispose(xs);
    });

    it(`${c.name}: gradients agree with the cpu backend`, async () => {
      const xs = inputs(c);
      const here = await projectedGradients(c.f, xs);
      tf.dispose(xs);
      const ref = await onCpu(async () => {
        const ys = inputs(c);
        const g = await projectedGradients(c.f, ys);
        tf.dispose(ys);
        return g;
      });
      expect(tf.getBackend()).toBe(backend);
      here.forEach((g, i) => {
        const r = ref[i] as Float32Array;
        let scale = 0;
        let err = 0;
        for (let k = 0; k < r.length; k++) {
          scale = Math.max(scale, Math.abs(r[k] as number));
          err = Math.max(err, Math.abs((g[k] as number) - (r[k] as number)));
        }
        expect(g).toHaveLength(r.length);
        expect(scale).toBeGreaterThan(0.1);
        expect(err / scale).toBeLessThan(1e-5);
      });
    });
  }

  it('a conv → tanh → transposed conv chain agrees with central differences', async () => {
    const x = testInput([2, 7, 9, 2], { seed: 41 });
    const w1 = testInput([4, 4, 2, 4], { seed: 42 });
    const w2 = testInput([4, 4, 2, 4], { seed: 43 });
    const f: TensorFunction = (a, p, q) => {
      const h = tf.tanh(conv2d(a as never, p as never, { stride: 2, pad: 'same' }));
      // 7×9 → 4×5 → 8×10: crop back to the input's extent, as a U-Net's skip alignment would
      const up = conv2dTranspose(h as never, q as never, { stride: 2, pad: 'same' });
      return tf.slice(up, [0, 0, 0, 0], [2, 7, 9, 2]);
    };
    // smooth (tanh rather than a kinked activation), so no difference straddles a kink
    const check = await checkGradients(f, [x, w1, w2], { sample: sample ?? 60 });
    check.relativeError.forEach((e) => expect(e).toBeLessThan(1e-3));
    tf.dispose([x, w1, w2]);
  });
});
