import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backend } from '../../test/backend.js';
import { initBackend } from './init.js';

describe('initBackend', () => {
  it('runs each project on the backend it names', () => {
    expect(tf.getBackend()).toBe(backend);
  });

  it('refuses an unknown backend by name', async () => {
    await expect(initBackend({ backend: 'tpu' as never })).rejects.toThrowError(
      /option 'backend' must be 'cpu', 'wasm', 'webgl' or 'auto', got "tpu"/,
    );
  });
});
