import * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../random/key.js';

/** The checkpoint layout this version writes; older or newer ones are refused by name. */
export const CHECKPOINT_FORMAT = 'ocr-gan-checkpoint';
export const CHECKPOINT_VERSION = 1;

/**
 * Everything needed to resume training exactly or to score: tensors by dotted name
 * (parameters, optimiser moments, batch-norm statistics), plus plain-JSON state.
 */
export interface Checkpoint {
  readonly tensors: ReadonlyMap<string, tf.Tensor>;
  /** The model's config, as JSON (validated by the model's codec when loaded). */
  readonly config: unknown;
  /** Epochs completed. */
  readonly epoch: number;
  /** Training steps completed. */
  readonly step: number;
  /** The random key the next epoch starts from. */
  readonly rngKey: Key;
  /** Anything else the trainer keeps: optimiser step counts, score normalisation, threshold. */
  readonly state: Readonly<Record<string, unknown>>;
}

/** Thrown for a checkpoint that is malformed, truncated, tampered with, or of another version. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

interface Topology {
  readonly format: string;
  readonly version: number;
  readonly config: unknown;
  readonly epoch: number;
  readonly step: number;
  readonly rngKey: Key;
  readonly state: Readonly<Record<string, unknown>>;
}

const BYTES_PER: Record<string, number> = { float32: 4, int32: 4 };
const UNSAFE_NAME_PARTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Turns a checkpoint into tfjs `ModelArtifacts`, so any tfjs IO handler can store it
 * (`indexeddb://`, `downloads://`, ocr-gan's `file://` for Node).
 */
export async function checkpointToArtifacts(ckpt: Checkpoint): Promise<tf.io.ModelArtifacts> {
  const named: { name: string; tensor: tf.Tensor }[] = [...ckpt.tensors]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, tensor]) => ({ name, tensor }));
  for (const { name, tensor } of named) {
    if (!(tensor.dtype in BYTES_PER)) {
      throw new CheckpointError(`checkpointToArtifacts: tensor '${name}' has dtype ${tensor.dtype}; only float32 and int32 are stored`);
    }
  }
  const { data, specs } = await tf.io.encodeWeights(named);
  const topology: Topology = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: ckpt.config,
    epoch: ckpt.epoch,
    step: ckpt.step,
    rngKey: ckpt.rngKey,
    state: ckpt.state,
  };
  return {
    modelTopology: topology,
    weightSpecs: specs,
    weightData: data,
    format: CHECKPOINT_FORMAT,
    generatedBy: `ocr-gan checkpoint v${CHECKPOINT_VERSION}`,
  };
}

function isKey(k: unknown): k is Key {
  return Array.isArray(k) && k.length === 2 && k.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32);
}

/**
 * Validates artifacts and turns them back into a checkpoint. The manifest (format, version,
 * dtypes, shapes and the total byte count against the weight data) is checked before any
 * tensor is allocated; nothing is ever evaluated as code.
 *
 * @param source names the checkpoint in errors.
 */
export function checkpointFromArtifacts(
  artifacts: tf.io.ModelArtifacts,
  source = 'checkpoint',
  validate?: CheckpointValidator,
): Checkpoint {
  const fail = (msg: string): never => {
    throw new CheckpointError(`loadCheckpoint(${source}): ${msg}`);
  };
  const topo = artifacts.modelTopology as Partial<Topology> | undefined;
  if (!topo || typeof topo !== 'object' || topo instanceof ArrayBuffer) fail('no checkpoint manifest (modelTopology)');
  const t = topo as Partial<Topology>;
  if (t.format !== CHECKPOINT_FORMAT) fail(`format is ${JSON.stringify(t.format)}, expected '${CHECKPOINT_FORMAT}'`);
  if (t.version !== CHECKPOINT_VERSION) fail(`format version ${JSON.stringify(t.version)} is not supported (this ocr-gan reads version ${CHECKPOINT_VERSION})`);
  if (!Number.isInteger(t.epoch) || (t.epoch as number) < 0) fail(`epoch ${JSON.stringify(t.epoch)} is not a non-negative integer`);
  if (!Number.isInteger(t.step) || (t.step as number) < 0) fail(`step ${JSON.stringify(t.step)} is not a non-negative integer`);
  if (!isKey(t.rngKey)) fail(`rngKey ${JSON.stringify(t.rngKey)} is not a [u32, u32] key`);
  if (typeof t.state !== 'object' || t.state === null) fail('state is not an object');
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs)) fail('weightSpecs are missing');
  const data = artifacts.weightData;
  const dataBytes =
    data === undefined ? 0 : Array.isArray(data) ? data.reduce((s, b) => s + b.byteLength, 0) : data.byteLength;
  let total = 0;
  const names = new Set<string>();
  for (const spec of specs as tf.io.WeightsManifestEntry[]) {
    if (typeof spec.name !== 'string') fail('a weight spec has no name');
    if (names.has(spec.name)) fail(`tensor '${spec.name}' appears twice`);
    // Names become object keys (tfjs decodes into a plain object; trees are rebuilt from the
    // dotted parts), where these would reach a prototype instead of an own property.
    if (spec.name.split('.').some((part) => UNSAFE_NAME_PARTS.has(part))) {
      fail(`tensor '${spec.name}': a name part may not be __proto__, constructor or prototype`);
    }
    names.add(spec.name);
    if (!Object.hasOwn(BYTES_PER, spec.dtype)) fail(`tensor '${spec.name}': dtype ${JSON.stringify(spec.dtype)} is not float32 or int32`);
    if (spec.quantization) fail(`tensor '${spec.name}': quantized weights are not checkpoints`);
    if (!Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor '${spec.name}': shape ${JSON.stringify(spec.shape)} is not a list of non-negative integers`);
    }
    total += spec.shape.reduce((a, b) => a * b, 1) * (BYTES_PER[spec.dtype] as number);
  }
  if (total !== dataBytes) fail(`the manifest declares ${total} bytes of tensors but the weight data has ${dataBytes} (truncated or tampered)`);
  if (validate) {
    const problem = validate(t.config, new Map((specs as tf.io.WeightsManifestEntry[]).map((s) => [s.name, s.shape])));
    if (problem !== undefined) fail(problem);
  }
  const decoded = total === 0 ? {} : tf.io.decodeWeights(data as tf.io.WeightData, specs as tf.io.WeightsManifestEntry[]);
  const tensors = new Map<string, tf.Tensor>(Object.entries(decoded));
  return {
    tensors,
    config: t.config,
    epoch: t.epoch as number,
    step: t.step as number,
    rngKey: t.rngKey as Key,
    state: t.state as Record<string, unknown>,
  };
}

/**
 * Checks a manifest before any tensor is allocated: given the stored config and the declared
 * shapes by name, returns a message describing what is wrong, or `undefined`.
 */
export type CheckpointValidator = (config: unknown, shapes: ReadonlyMap<string, readonly number[]>) => string | undefined;

/** A place to save to or load from: a tfjs IO handler, or a URL string. */
export type CheckpointTarget = string | tf.io.IOHandler;

function resolveHandler(target: CheckpointTarget, mode: 'save' | 'load', fn: string): tf.io.IOHandler {
  if (typeof target !== 'string') return target;
  if (target.startsWith('file://')) {
    throw new CheckpointError(
      `${fn}: 'file://' needs ocr-gan's Node handler: import { fileHandler } from 'ocr-gan/node' and pass fileHandler('${target.slice(7)}')`,
    );
  }
  const handlers = mode === 'save' ? tf.io.getSaveHandlers(target) : tf.io.getLoadHandlers(target);
  const h = handlers[0];
  if (!h) throw new CheckpointError(`${fn}: no tfjs IO handler for '${target}' here (indexeddb://, downloads:// and http(s):// work in browsers)`);
  return h;
}

/**
 * Saves a checkpoint through a tfjs IO handler or URL (`indexeddb://name`, `downloads://name`,
 * or `fileHandler(dir)` from `ocr-gan/node`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { saveCheckpoint, loadCheckpoint, prngKey } from 'ocr-gan';
 * let stored: tf.io.ModelArtifacts | undefined;
 * const memory: tf.io.IOHandler = {
 *   save: async (a) => { stored = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; },
 *   load: async () => stored!,
 * };
 * await saveCheckpoint({ tensors: new Map([['w', tf.ones([2])]]), config: {}, epoch: 1, step: 10, rngKey: prngKey(0), state: {} }, memory);
 * const back = await loadCheckpoint(memory);
 * ```
 */
export async function saveCheckpoint(ckpt: Checkpoint, target: CheckpointTarget): Promise<void> {
  const handler = resolveHandler(target, 'save', 'saveCheckpoint');
  if (!handler.save) throw new CheckpointError(`saveCheckpoint: the handler for ${String(target)} cannot save`);
  const artifacts = await checkpointToArtifacts(ckpt);
  const result = await handler.save(artifacts);
  if (result.errors && result.errors.length > 0) {
    throw new CheckpointError(`saveCheckpoint(${String(target)}): ${result.errors.join('; ')}`);
  }
}

/** Loads and validates a checkpoint through a tfjs IO handler or URL. */
export async function loadCheckpoint(target: CheckpointTarget, validate?: CheckpointValidator): Promise<Checkpoint> {
  const handler = resolveHandler(target, 'load', 'loadCheckpoint');
  if (!handler.load) throw new CheckpointError(`loadCheckpoint: the handler for ${String(target)} cannot load`);
  return checkpointFromArtifacts(await handler.load(), typeof target === 'string' ? target : 'handler', validate);
}
