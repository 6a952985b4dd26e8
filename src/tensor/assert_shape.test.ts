import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { assertShape, ShapeError } from './assert_shape.js';
import { concatChannels } from './ops/concat_channels.js';
import { conv2d } from './ops/conv2d.js';

describe('assertShape', () => {
  it('accepts a matching shape and binds named dimensions', () => {
    const bindings = new Map<string, number>();
    const x = tf.zeros([2, 8, 8, 3]);
    expect(assertShape('f', 'x', x, ['B', 8, 8, 3], bindings)).toBe(x);
    expect(bindings.get('B')).toBe(2);
    x.dispose();
  });

  it('names the function, the argument and both shapes', () => {
    const x = tf.zeros([2, 8, 8, 4]);
    expect(() => assertShape('myBlock', 'input', x, ['B', 8, 8, 3])).toThrowError(
      "myBlock: argument 'input' must have shape [B=2, 8, 8, 3], got [2, 8, 8, 4] (dimension 3 is 4, expected 3)",
    );
    x.dispose();
  });

  it('rejects a named dimension bound to two sizes', () => {
    const a = tf.zeros([2, 4]);
    const bindings = new Map<string, number>();
    assertShape('f', 'a', a, ['B', 4], bindings);
    const b = tf.zeros([3, 4]);
    expect(() => assertShape('f', 'b', b, ['B', 4], bindings)).toThrowError(/'B' is 2/);
    tf.dispose([a, b]);
  });

  it('rejects a wrong rank', () => {
    const a = tf.zeros([2, 4]);
    expect(() => assertShape('f', 'a', a, [null, null, null])).toThrowError(ShapeError);
    a.dispose();
  });
});

describe('typed ops check shapes at run time', () => {
  it('conv2d names the filter when its in-channels differ from x', () => {
    const x = tf.zeros([1, 8, 8, 3]);
    const w = tf.zeros([4, 4, 5, 8]);
    expect(() => conv2d(x as never, w as never, { stride: 2, pad: 'same' })).toThrowError(
      /conv2d: argument 'filter' must have shape \[k, k, Cin, Cout\], got \[4, 4, 5, 8\]/,
    );
    tf.dispose([x, w]);
  });

  it('concatChannels names b when its spatial size differs', () => {
    const a = tf.zeros([1, 8, 8, 3]);
    const b = tf.zeros([1, 4, 4, 3]);
    expect(() => concatChannels(a as never, b as never)).toThrowError(/concatChannels: argument 'b'/);
    tf.dispose([a, b]);
  });
});
