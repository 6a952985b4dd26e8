import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { backend } from '../../../test/backend.js';
import { differentiatedKernels, missingForTraining } from '../check_training.js';
import { gradientConfigs, registerMissingGradients } from './register.js';

describe('registerMissingGradients', () => {
  it('leaves no kernel the model differentiates without a gradient', () => {
    expect(missingForTraining(backend).gradients).toEqual([]);
  });

  it('supplies a gradient for every differentiated kernel, once each', () => {
    const names = gradientConfigs.map((g) => g.kernelName);
    expect(new Set(names).size).toBe(names.length);
    for (const k of differentiatedKernels) expect(names).toContain(k);
  });

  it('names only kernels tfjs knows', () => {
    // a misspelt name (tfjs calls it 'Multiply', not 'Mul') would register a gradient that never runs
    const known = new Set((Object.values(tf) as unknown[]).filter((v): v is string => typeof v === 'string'));
    for (const g of gradientConfigs) expect(known).toContain(g.kernelName);
  });

  it('registers these configs: tfjs-core registers no gradient on import, in Node or a bundle', () => {
    for (const g of gradientConfigs) expect(tf.getGradient(g.kernelName)).toBe(g);
  });

  it('leaves a gradient registered before it alone', () => {
    const ours = tf.getGradient('Tanh');
    const theirs: tf.GradConfig = { kernelName: 'Tanh', gradFunc: (dy) => ({ x: () => dy as tf.Tensor }) };
    const warn = console.warn;
    console.warn = () => {}; // tfjs warns about overriding, which is what this test does on purpose
    try {
      tf.registerGradient(theirs);
      registerMissingGradients();
      expect(tf.getGradient('Tanh')).toBe(theirs);
    } finally {
      tf.registerGradient(ours);
      console.warn = warn;
    }
    expect(tf.getGradient('Tanh')).toBe(ours);
  });

  it('changes nothing when called again', () => {
    const before = differentiatedKernels.map((k) => tf.getGradient(k));
    registerMissingGradients();
    expect(differentiatedKernels.map((k) => tf.getGradient(k))).toEqual(before);
  });
});

describe('the training kernel lists', () => {
  it('name only kernels tfjs knows', async () => {
    const { forwardKernels, backwardKernels } = await import('../check_training.js');
    const known = new Set((Object.values(tf) as unknown[]).filter((v): v is string => typeof v === 'string'));
    for (const k of [...forwardKernels, ...backwardKernels, ...differentiatedKernels]) expect(known).toContain(k);
  });
});
