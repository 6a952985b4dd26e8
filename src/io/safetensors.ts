/**
 * The safetensors format: a u64 little-endian header length, a JSON header (name → dtype,
 * shape, byte offsets; plus optional `__metadata__` strings), then the raw little-endian
 * data. Weights trained in PyTorch can be brought over through it. Nothing in a file is
 * ever evaluated; the header is validated against the file size before anything is
 * allocated.
 */

/** Element types ocr-gan reads and writes. */
export type SafetensorsDtype = 'F32' | 'F16' | 'I32' | 'U8';

/** One tensor as stored: dtype, shape, and its values. */
export interface SafetensorsEntry {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array | Uint8Array;
}

/** What {@link readSafetensors} returns. */
export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, SafetensorsEntry>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Thrown for a malformed, truncated or tampered file. */
export class SafetensorsError extends Error {
  override readonly name = 'SafetensorsError';
}

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, I32: 4, U8: 1 };
/** Headers larger than this are refused before parsing, whatever the file claims. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

function fail(source: string, message: string): never {
  throw new SafetensorsError(`readSafetensors(${source}): ${message}`);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/**
 * Parses a safetensors file. F16 is widened to float32. Every entry's dtype, shape and
 * offsets are checked against the data section's size before any tensor is allocated.
 *
 * @param source names the file in error messages.
 * @example
 * ```ts
 * import { readSafetensors, writeSafetensors } from 'ocr-gan';
 * const bytes = writeSafetensors({ w: { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) } });
 * const file = readSafetensors(bytes, 'weights.safetensors');
 * file.tensors.get('w')?.data; // Float32Array [1, 2]
 * ```
 */
export function readSafetensors(bytes: Uint8Array, source = 'input'): SafetensorsFile {
  if (bytes.byteLength < 8) fail(source, `file is ${bytes.byteLength} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES) fail(source, `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (8 + headerLength > bytes.byteLength) {
    fail(source, `header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte file (truncated?)`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    fail(source, `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail(source, 'header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = {};
  const planned: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(source, `'__metadata__' must be an object of strings`);
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(source, `'__metadata__.${k}' must be a string, got ${typeof v}`);
        // A plain assignment would drop a '__proto__' key (or set the prototype); keep it as data.
        Object.defineProperty(metadata, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof entry !== 'object' || entry === null) fail(source, `tensor '${name}': entry is not an object`);
    const dtype = entry.dtype;
    if (typeof dtype !== 'string' || !Object.hasOwn(BYTES, dtype)) {
      fail(source, `tensor '${name}': dtype ${JSON.stringify(dtype)} is not one of ${Object.keys(BYTES).join(', ')}`);
    }
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(source, `tensor '${name}': shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
    }
    const offsets = entry.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    ) {
      fail(source, `tensor '${name}': data_offsets ${JSON.stringify(offsets)} must be [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const expected = count * BYTES[dtype as SafetensorsDtype];
    if (end < begin || end - begin !== expected) {
      fail(source, `tensor '${name}': shape [${shape.join(', ')}] of ${dtype} needs ${expected} bytes, offsets give ${end - begin}`);
    }
    if (end > dataLength) fail(source, `tensor '${name}': data ends at byte ${end}, past the ${dataLength}-byte data section (truncated?)`);
    planned.push({ name, dtype: dtype as SafetensorsDtype, shape: shape as number[], begin, end });
  }
  planned.sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < planned.length; i++) {
    const prev = planned[i - 1]!;
    const cur = planned[i]!;
    if (cur.begin < prev.end) fail(source, `tensors '${prev.name}' and '${cur.name}' overlap`);
  }
  const tensors = new Map<string, SafetensorsEntry>();
  for (const p of planned) {
    const slice = bytes.slice(dataStart + p.begin, dataStart + p.end);
    const dv = new DataView(slice.buffer);
    const n = (p.end - p.begin) / BYTES[p.dtype];
    let data: Float32Array | Int32Array | Uint8Array;
    if (p.dtype === 'U8') data = slice;
    else if (p.dtype === 'I32') {
      data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = dv.getInt32(4 * i, true);
    } else if (p.dtype === 'F32') {
      data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = dv.getFloat32(4 * i, true);
    } else {
      data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = halfToFloat(dv.getUint16(2 * i, true));
    }
    tensors.set(p.name, { dtype: p.dtype === 'F16' ? 'F32' : p.dtype, shape: p.shape, data });
  }
  return { tensors, metadata };
}

/**
 * Writes tensors (and optional string metadata) as a safetensors file, tensors in name
 * order, header padded with spaces to a multiple of 8 bytes.
 *
 * @example
 * ```ts
 * import { writeSafetensors } from 'ocr-gan';
 * const bytes = writeSafetensors(
 *   { 'conv.w': { dtype: 'F32', shape: [1, 1, 1, 2], data: new Float32Array([0.5, -1]) } },
 *   { note: 'example' },
 * );
 * ```
 */
export function writeSafetensors(
  tensors: Readonly<Record<string, SafetensorsEntry>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    if (t.dtype === 'F16') throw new TypeError(`writeSafetensors: tensor '${name}': writing F16 is not supported`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new RangeError(`writeSafetensors: tensor '${name}': shape [${t.shape.join(', ')}] has ${count} elements, data has ${t.data.length}`);
    }
    const size = count * BYTES[t.dtype];
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(json);
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  json += ' '.repeat(padded - headerBytes.length);
  headerBytes = encoder.encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors[name]!;
    if (t.dtype === 'U8') out.set(t.data as Uint8Array, at);
    else if (t.dtype === 'I32') t.data.forEach((v, i) => view.setInt32(at + 4 * i, v, true));
    else t.data.forEach((v, i) => view.setFloat32(at + 4 * i, v, true));
    at += t.data.length * BYTES[t.dtype];
  }
  return out;
}
