import type * as tf from '@tensorflow/tfjs-core';
import type { Dim, Shape, Tensor } from './shape.js';

/**
 * A run-time shape pattern: numbers must match exactly, strings are named dimensions that
 * must agree wherever the same name appears (within one call, or across calls sharing
 * `bindings`), and `null` matches any size.
 */
export type ShapePattern = readonly (number | string | null)[];

/** The static shape a pattern describes: `null` becomes `number`. */
export type FromPattern<P extends ShapePattern> = {
  readonly [K in keyof P]: P[K] extends null ? number : P[K];
} extends infer S extends Shape
  ? S
  : never;

/** Thrown when a tensor's shape or dtype is not what a function needs. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  constructor(
    readonly fn: string,
    readonly arg: string,
    readonly expected: string,
    readonly actual: readonly number[],
    detail?: string,
  ) {
    super(
      `${fn}: argument '${arg}' must have shape ${expected}, got [${actual.join(', ')}]` +
        (detail ? ` (${detail})` : ''),
    );
  }
}

/** Formats a pattern as `[B=2, 32, 32, 3]`, showing what named dimensions were bound to. */
export function formatPattern(pattern: ShapePattern, bindings?: ReadonlyMap<string, number>): string {
  const parts = pattern.map((d) => {
    if (d === null) return '?';
    if (typeof d === 'string') {
      const bound = bindings?.get(d);
      return bound === undefined ? d : `${d}=${bound}`;
    }
    return String(d);
  });
  return `[${parts.join(', ')}]`;
}

/**
 * Checks a tensor's shape at a run-time boundary and returns it with its shape in the type.
 * The error names the function, the argument, the expected and the actual shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { assertShape } from 'ocr-gan';
 * const x = assertShape('myBlock', 'x', tf.zeros([2, 32, 32, 3]), ['B', 32, 32, 3] as const);
 * // x: Tensor<readonly ['B', 32, 32, 3]>
 * ```
 */
export function assertShape<const P extends ShapePattern>(
  fn: string,
  arg: string,
  t: tf.Tensor,
  pattern: P,
  bindings: Map<string, number> = new Map(),
): Tensor<FromPattern<P>> {
  const shape = t.shape;
  const fail = (detail?: string): never => {
    throw new ShapeError(fn, arg, formatPattern(pattern, bindings), shape, detail);
  };
  if (shape.length !== pattern.length) fail(`rank ${shape.length}, expected rank ${pattern.length}`);
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as Dim | null;
    const got = shape[i] as number;
    if (want === null) continue;
    if (typeof want === 'number') {
      if (want !== got) fail(`dimension ${i} is ${got}, expected ${want}`);
    } else {
      const bound = bindings.get(want);
      if (bound === undefined) bindings.set(want, got);
      else if (bound !== got) fail(`dimension ${i} ('${want}') is ${got}, but '${want}' is ${bound}`);
    }
  }
  return t as Tensor<FromPattern<P>>;
}

/** Checks that a tensor is float32, naming the function and argument otherwise. */
export function assertFloat(fn: string, arg: string, t: tf.Tensor): void {
  if (t.dtype !== 'float32') {
    throw new TypeError(`${fn}: argument '${arg}' must be float32, got ${t.dtype}`);
  }
}
