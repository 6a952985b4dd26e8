import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { memoryHandler } from '../../test/memory_handler.js';
import { prngKey } from '../random/key.js';
import { type Checkpoint, checkpointFromArtifacts, checkpointToArtifacts, CheckpointError, loadCheckpoint, saveCheckpoint } from './checkpoint.js';

function sample(): Checkpoint {
  return {
    tensors: new Map<string, tf.Tensor>([
      ['g.b1.l1.down.conv.w', tf.tensor4d([1, -2, 3.5, 4], [1, 1, 2, 2])],
      ['adam.g.step', tf.scalar(7, 'int32')],
    ]),
    config: { isize: 32, ngf: 4 },
    epoch: 3,
    step: 120,
    rngKey: prngKey(9),
    state: { threshold: 0.5 },
  };
}

describe('checkpoints', () => {
  it('round-trip tensors and state exactly through an IO handler', async () => {
    const ckpt = sample();
    const h = memoryHandler();
    await saveCheckpoint(ckpt, h);
    const back = await loadCheckpoint(h);
    expect(back.epoch).toBe(3);
    expect(back.step).toBe(120);
    expect(back.rngKey).toEqual(prngKey(9));
    expect(back.config).toEqual({ isize: 32, ngf: 4 });
    expect(back.state).toEqual({ threshold: 0.5 });
    expect(Array.from(await back.tensors.get('g.b1.l1.down.conv.w')!.data())).toEqual([1, -2, 3.5, 4]);
    expect(back.tensors.get('adam.g.step')!.dtype).toBe('int32');
    tf.dispose([...ckpt.tensors.values(), ...back.tensors.values()]);
  });

  it('refuse another format version, truncated data and bad dtypes before allocating', async () => {
    const ckpt = sample();
    const a = await checkpointToArtifacts(ckpt);
    const before = tf.memory().numTensors;
    const topo = a.modelTopology as Record<string, unknown>;
    expect(() => checkpointFromArtifacts({ ...a, modelTopology: { ...topo, version: 99 } }, 'x')).toThrowError(
      /loadCheckpoint\(x\): format version 99 is not supported/,
    );
    const cut = (a.weightData as ArrayBuffer).slice(0, 8);
    expect(() => checkpointFromArtifacts({ ...a, weightData: cut })).toThrowError(/declares 20 bytes of tensors but the weight data has 8/);
    const specs = a.weightSpecs!.map((s) => ({ ...s, dtype: 'string' as const }));
    expect(() => checkpointFromArtifacts({ ...a, weightSpecs: specs })).toThrowError(CheckpointError);
    expect(() => checkpointFromArtifacts({ ...a, modelTopology: { ...topo, rngKey: [1] } })).toThrowError(/rngKey/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...ckpt.tensors.values()]);
  });

  it('point file:// users to the Node handler', async () => {
    await expect(loadCheckpoint('file://runs/x')).rejects.toThrowError(/fileHandler/);
  });
});
