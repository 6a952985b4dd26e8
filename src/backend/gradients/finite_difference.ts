import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link checkGradients} and {@link numericGradients}. */
export interface FiniteDifferenceOptions {
  /**
   * Step of the central difference, absolute. Default `1e-2`: for float32 values of order 1 the
   * truncation error (∝ eps²) and the rounding error (∝ 2⁻²⁴/eps) then both stay near 1e-4
   * of the gradient's scale.
   */
  readonly eps?: number;
  /** Check at most this many positions per input, spread at random (default: all). */
  readonly sample?: number;
  /** Seed of the projection weights and of the sampled positions (default 1). */
  readonly seed?: number;
}

/** A function of tensors whose gradients are checked; its output may have any shape. */
export type TensorFunction = (...xs: tf.Tensor[]) => tf.Tensor;

/** What {@link checkGradients} found for each input. */
export interface GradientCheck {
  /** The gradient tfjs computes, at the checked positions. */
  readonly analytic: Float64Array[];
  /** The central-difference gradient, at the checked positions. */
  readonly numeric: Float64Array[];
  /** Flat indices of the checked positions, per input. */
  readonly positions: number[][];
  /** Largest `|analytic − numeric|` over the checked positions, per input. */
  readonly maxAbsError: number[];
  /**
   * `maxAbsError` divided by the largest `|numeric|` over all inputs (by 1 when that is 0), per
   * input. One scale for all: an input whose gradient is a sum that nearly cancels (a broadcast
   * scalar, say) has rounding noise of the size of its terms, not of its small total.
   */
  readonly relativeError: number[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function choosePositions(size: number, sample: number | undefined, rand: () => number): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (sample === undefined || sample >= size) return all;
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, sample).sort((p, q) => p - q);
}

/** The fixed projection `w` that turns `f`'s output into the scalar `L = Σ w·f(x)`. */
function projection(size: number, rand: () => number): Float64Array {
  // Entries in ±[0.5, 1.5] so that no output element is weighted near zero; rounded to float32
  // so that the analytic side (which gets them as a float32 dy) differentiates the same L.
  return Float64Array.from({ length: size }, () => Math.fround((rand() < 0.5 ? -1 : 1) * (0.5 + rand())));
}

async function project(f: TensorFunction, xs: tf.Tensor[], w: Float64Array): Promise<number> {
  const y = tf.tidy(() => f(...xs));
  const v = await y.data();
  y.dispose();
  if (v.length !== w.length) {
    throw new Error(`numericGradients: argument 'f' returned ${v.length} values, first ${w.length}`);
  }
  let sum = 0;
  for (let k = 0; k < v.length; k++) sum += (w[k] as number) * (v[k] as number);
  return sum;
}

async function gradientsFor(
  f: TensorFunction,
  inputs: readonly tf.Tensor[],
  w: Float64Array,
  outShape: number[],
): Promise<Float32Array[]> {
  const wTensor = tf.tensor(Float32Array.from(w), outShape, 'float32');
  try {
    const grads = tf.grads(f)([...inputs], wTensor);
    const out = await Promise.all(grads.map(async (g) => Float32Array.from(await g.data())));
    tf.dispose(grads);
    return out;
  } finally {
    wTensor.dispose();
  }
}

function checkInputs(fn: string, inputs: readonly tf.Tensor[]): void {
  if (inputs.length === 0) throw new Error(`${fn}: argument 'inputs' is empty`);
  inputs.forEach((x, i) => {
    if (x.dtype !== 'float32') throw new Error(`${fn}: argument 'inputs[${i}]' must be float32, got ${x.dtype}`);
  });
}

/**
 * Central-difference gradients of `L(x) = Σ w·f(x)` for a fixed pseudo-random `w`, in float64
 * JS: `f` runs through tfjs on the current backend, and the differences, the projection and
 * the actual (float32-rounded) step are all taken in float64.
 *
 * @example
 * ```ts
 * const x = tf.tensor1d([0.5, 1, 2]);
 * const { numeric } = await numericGradients((t) => tf.exp(t), [x], w);
 * ```
 */
export async function numericGradients(
  f: TensorFunction,
  inputs: readonly tf.Tensor[],
  w: Float64Array,
  positions: readonly (readonly number[])[],
  eps = 1e-2,
): Promise<Float64Array[]> {
  checkInputs('numericGradients', inputs);
  if (!(eps > 0)) throw new RangeError(`numericGradients: argument 'eps' must be positive, got ${eps}`);
  const result: Float64Array[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i] as tf.Tensor;
    const base = Float32Array.from(await x.data());
    const at = positions[i] ?? [];
    const grad = new Float64Array(at.length);
    for (let p = 0; p < at.length; p++) {
      const j = at[p] as number;
      const x0 = base[j] as number;
      const evaluate = async (v: number): Promise<number> => {
        const data = base.slice();
        data[j] = v;
        const moved = tf.tensor(data, x.shape, 'float32');
        const xs = inputs.map((t, k) => (k === i ? moved : t));
        try {
          return await project(f, xs, w);
        } finally {
          moved.dispose();
        }
      };
      const hi = Math.fround(x0 + eps);
      const lo = Math.fround(x0 - eps);
      grad[p] = ((await evaluate(hi)) - (await evaluate(lo))) / (hi - lo);
    }
    result.push(grad);
  }
  return result;
}

/**
 * Compares the gradients tfjs computes for `f` (through the registered gradients of the
 * current backend) with central differences, for every input. The scalar differentiated is
 * `Σ w·f(x)` with fixed pseudo-random weights `w`, so every output element counts and errors
 * cannot cancel in a plain sum. Every tensor it creates is disposed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * const x = tf.tensor2d([[0.5, 1], [1.5, 2]]);
 * const check = await checkGradients((t) => tf.log(t), [x]);
 * console.log(check.relativeError[0]); // about 1e-4
 * x.dispose();
 * ```
 */
export async function checkGradients(
  f: TensorFunction,
  inputs: readonly tf.Tensor[],
  options: FiniteDifferenceOptions = {},
): Promise<GradientCheck> {
  checkInputs('checkGradients', inputs);
  const rand = mulberry32(options.seed ?? 1);
  const probe = tf.tidy(() => f(...inputs));
  const outShape = probe.shape;
  probe.dispose();
  const w = projection(outShape.reduce((p, d) => p * d, 1), rand);
  const positions = inputs.map((x) => choosePositions(x.size, options.sample, rand));

  const analyticFull = await gradientsFor(f, inputs, w, outShape);

  const numeric = await numericGradients(f, inputs, w, positions, options.eps);
  const analytic = positions.map((at, i) => Float64Array.from(at, (j) => (analyticFull[i] as Float32Array)[j] as number));
  const maxAbsError = analytic.map((a, i) => {
    const n = numeric[i] as Float64Array;
    let m = 0;
    for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs((a[k] as number) - (n[k] as number)));
    return m;
  });
  let scale = 0;
  for (const n of numeric) for (const v of n) scale = Math.max(scale, Math.abs(v));
  const relativeError = maxAbsError.map((e) => e / (scale > 0 ? scale : 1));
  return { analytic, numeric, positions, maxAbsError, relativeError };
}

/** Options of {@link testInput}. */
export interface TestInputOptions {
  /** Range of the values (default −1 to 1). */
  readonly lo?: number;
  readonly hi?: number;
  /** Points the values must keep clear of, e.g. the kink of `relu` at 0. */
  readonly awayFrom?: readonly number[];
  /** How far to keep clear of them (default 0.05, comfortably above the default step). */
  readonly margin?: number;
  readonly seed?: number;
}

/**
 * Deterministic float32 test values, uniform in a range and clear of given points, so that a
 * central difference never straddles a kink.
 *
 * @example
 * ```ts
 * const x = testInput([2, 3], { lo: -2, hi: 2, awayFrom: [0] });
 * ```
 */
export function testInput(shape: readonly number[], options: TestInputOptions = {}): tf.Tensor {
  const { lo = -1, hi = 1, awayFrom = [], margin = 0.05, seed = 7 } = options;
  if (!(hi > lo)) throw new RangeError(`testInput: option 'hi' must exceed 'lo', got ${lo}..${hi}`);
  const rand = mulberry32(seed);
  const size = shape.reduce((p, d) => p * d, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let v = lo + (hi - lo) * rand();
    for (let tries = 0; awayFrom.some((a) => Math.abs(v - a) < margin); tries++) {
      if (tries > 1000) throw new RangeError(`testInput: option 'awayFrom' leaves no room in ${lo}..${hi}`);
      v = lo + (hi - lo) * rand();
    }
    data[i] = v;
  }
  return tf.tensor(data, [...shape], 'float32');
}

/**
 * The gradients tfjs computes for `Σ w·f(x)`, with the same weights {@link checkGradients}
 * uses for a seed, in full: to compare backends with each other.
 *
 * @example
 * ```ts
 * const [gx] = await projectedGradients((t) => tf.tanh(t), [x]);
 * ```
 */
export async function projectedGradients(
  f: TensorFunction,
  inputs: readonly tf.Tensor[],
  seed = 1,
): Promise<Float32Array[]> {
  checkInputs('projectedGradients', inputs);
  const rand = mulberry32(seed);
  const probe = tf.tidy(() => f(...inputs));
  const outShape = probe.shape;
  probe.dispose();
  const w = projection(outShape.reduce((p, d) => p * d, 1), rand);
  return gradientsFor(f, inputs, w, outShape);
}
