import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures.js';
import { readSafetensors, SafetensorsError, writeSafetensors } from './safetensors.js';

describe('safetensors', () => {
  it('round-trips tensors, scalars and metadata', () => {
    const bytes = writeSafetensors(
      {
        b: { dtype: 'F32', shape: [], data: new Float32Array([3.5]) },
        a: { dtype: 'I32', shape: [2, 2], data: new Int32Array([1, -2, 3, 4]) },
        c: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 128, 255]) },
      },
      { note: 'hello' },
    );
    expect(new DataView(bytes.buffer).getBigUint64(0, true) % 8n).toBe(0n);
    const f = readSafetensors(bytes);
    expect(f.metadata).toEqual({ note: 'hello' });
    expect(Array.from(f.tensors.get('b')!.data)).toEqual([3.5]);
    expect(f.tensors.get('b')!.shape).toEqual([]);
    expect(Array.from(f.tensors.get('a')!.data)).toEqual([1, -2, 3, 4]);
    expect(Array.from(f.tensors.get('c')!.data)).toEqual([0, 128, 255]);
  });

  it('reads the golden fixtures', async (ctx) => {
    const bytes = await readFixture('losses_score.safetensors');
    if (!bytes) return ctx.skip('../shared/fixtures is absent');
    const f = readSafetensors(bytes, 'losses_score.safetensors');
    expect(f.tensors.get('x')!.shape).toEqual([4, 32, 32, 3]);
    expect(f.tensors.get('loss.con')!.shape).toEqual([]);
    expect(f.tensors.get('loss.con')!.data.length).toBe(1);
  });

  it('refuses truncated and tampered files by naming the fault', () => {
    const good = writeSafetensors({ w: { dtype: 'F32', shape: [4], data: new Float32Array(4) } });
    expect(() => readSafetensors(good.subarray(0, good.length - 4), 'w.st')).toThrowError(
      /readSafetensors\(w.st\): tensor 'w': data ends at byte 16, past the 12-byte data section/,
    );
    expect(() => readSafetensors(good.subarray(0, 5))).toThrowError(/shorter than the 8-byte header length/);
    const huge = new Uint8Array(good);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(() => readSafetensors(huge)).toThrowError(/exceeds the .*-byte limit/);
    const lying = new Uint8Array(good);
    const text = new TextDecoder().decode(lying);
    const patched = new TextEncoder().encode(text.replace('"shape":[4]', '"shape":[5]'));
    expect(() => readSafetensors(patched)).toThrowError(SafetensorsError);
    const badDtype = new TextEncoder().encode(text.replace('"F32"', '"X99"'));
    expect(() => readSafetensors(badDtype)).toThrowError(/dtype "X99" is not one of/);
  });
});
