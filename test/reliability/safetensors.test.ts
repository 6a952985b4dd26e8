import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, readSafetensors, SafetensorsError, writeSafetensors } from '../../src/io/safetensors.js';

const valid = writeSafetensors(
  {
    'a.w': { dtype: 'F32', shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i / 3) },
    'b.count': { dtype: 'I32', shape: [5], data: Int32Array.from([1, -2, 3, -4, 5]) },
    'c.mask': { dtype: 'U8', shape: [2, 3], data: Uint8Array.from([0, 1, 2, 3, 4, 255]) },
  },
  { note: 'reliability' },
);
const headerLength = Number(new DataView(valid.buffer).getBigUint64(0, true));

/** A file with `header` as its JSON header and `dataBytes` bytes of data. */
function file(header: unknown, dataBytes = 0, declaredLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, declaredLength ?? BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

function refusal(bytes: Uint8Array): string {
  try {
    readSafetensors(bytes, 'tampered.safetensors');
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    expect((e as Error).message).toMatch(/^readSafetensors\(tampered\.safetensors\): /);
    return (e as Error).message;
  }
  throw new Error('readSafetensors accepted a tampered file');
}

const f32 = (shape: unknown, data_offsets: unknown, dtype: unknown = 'F32') => ({ dtype, shape, data_offsets });

describe('readSafetensors refuses truncated files', () => {
  it('at every cut position, naming the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), (cut) => {
        const message = refusal(valid.slice(0, cut));
        if (cut < 8) expect(message).toMatch(/shorter than the 8-byte header length/);
        else if (cut < 8 + headerLength) expect(message).toMatch(/runs past the end .*truncated/);
        else expect(message).toMatch(/past the .*-byte data section \(truncated\?\)/);
      }),
      { numRuns: 300, seed: 11 },
    );
    // And exhaustively, since the file is small: no cut is ever accepted.
    for (let cut = 0; cut < valid.length; cut++) refusal(valid.slice(0, cut));
  });
});

describe('readSafetensors refuses tampered headers before allocating', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['header length past the end', file({}, 0, 1000n), /header length 1000 runs past the end of the 10-byte file/],
    ['header length 2^63', file({}, 0, 2n ** 63n), /exceeds the 104857600-byte limit/],
    ['header length just over the limit', file({}, 0, BigInt(MAX_HEADER_BYTES + 1)), /exceeds the/],
    ['header not JSON', file('{"a": '), /header is not valid UTF-8 JSON/],
    ['header not UTF-8', file(new TextDecoder('latin1').decode(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]))), /not valid UTF-8 JSON|not a JSON object/],
    ['header an array', file([1, 2]), /header is not a JSON object/],
    ['header null', file('null'), /header is not a JSON object/],
    ['entry null', file({ w: null }), /tensor 'w': entry is not an object/],
    ['dtype F64', file({ w: f32([1], [0, 8], 'F64') }, 8), /tensor 'w': dtype "F64" is not one of F32, F16, I32, U8/],
    ['dtype BF16', file({ w: f32([1], [0, 2], 'BF16') }, 2), /dtype "BF16"/],
    ['dtype a number', file({ w: f32([1], [0, 4], 4) }, 4), /dtype 4/],
    ['dtype naming an Object.prototype member', file({ w: f32([1], [0, 4], 'toString') }, 4), /dtype "toString"/],
    ['negative shape', file({ w: f32([-1, 4], [0, 16]) }, 16), /shape \[-1,4\] is not a list of non-negative integers/],
    ['fractional shape', file({ w: f32([1.5], [0, 6]) }, 8), /shape \[1.5\]/],
    ['shape not a list', file({ w: f32('12', [0, 48]) }, 48), /shape "12"/],
    ['2^40 elements against a small file', file({ w: f32([2 ** 40], [0, 2 ** 42]) }, 16), /data ends at byte 4398046511104, past the 16-byte data section/],
    ['2^40 elements with offsets that disagree', file({ w: f32([2 ** 20, 2 ** 20], [0, 16]) }, 16), /needs 4398046511104 bytes, offsets give 16/],
    ['shape product past 2^53', file({ w: f32([2 ** 30, 2 ** 30, 2 ** 30], [0, 16]) }, 16), /needs .* bytes, offsets give 16/],
    ['offsets reversed', file({ w: f32([1], [8, 4]) }, 8), /needs 4 bytes, offsets give -4/],
    ['offsets not a pair', file({ w: f32([1], [0]) }, 4), /data_offsets \[0\] must be \[begin, end\]/],
    ['negative offset', file({ w: f32([1], [-4, 0]) }, 4), /data_offsets \[-4,0\]/],
    ['offsets past the data', file({ w: f32([2], [4, 12]) }, 8), /data ends at byte 12, past the 8-byte data section/],
    ['overlapping offsets', file({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, 12), /tensors 'a' and 'b' overlap/],
    ['the same bytes twice', file({ a: f32([2], [0, 8]), b: f32([2], [0, 8]) }, 8), /overlap/],
    ['metadata not strings', file({ __metadata__: { n: 1 } }), /'__metadata__.n' must be a string, got number/],
    ['metadata an array', file({ __metadata__: ['x'] }), /'__metadata__' must be an object of strings/],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      expect(refusal(bytes)).toMatch(message);
    });
  }

  it('keeps __proto__ keys as data and never touches Object.prototype', () => {
    const text = '{"__metadata__": {"__proto__": "x", "polluted": "no"}, "__proto__": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}';
    const back = readSafetensors(file(text, 4), 'proto.safetensors');
    expect(Object.prototype.hasOwnProperty.call(back.metadata, '__proto__')).toBe(true);
    expect(back.metadata['__proto__' as string]).toBe('x');
    expect(Object.getPrototypeOf(back.metadata)).toBe(Object.prototype);
    expect(back.tensors.get('__proto__')?.shape).toEqual([1]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'dtype')).toBe(false);
  });

  it('only ever throws SafetensorsError for a file with random bytes changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        (edits) => {
          const bytes = valid.slice();
          for (const [i, v] of edits) bytes[i] = v;
          try {
            const back = readSafetensors(bytes, 'fuzzed');
            for (const t of back.tensors.values()) expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
          } catch (e) {
            expect(e).toBeInstanceOf(SafetensorsError);
          }
        },
      ),
      { numRuns: 500, seed: 5 },
    );
  });
});
