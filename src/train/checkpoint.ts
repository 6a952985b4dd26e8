import * as tf from '@tensorflow/tfjs-core';
import { isLeft } from 'fp-ts/lib/Either.js';
import { discriminatorShapes } from '../blocks/discriminator/index.js';
import { skipGeneratorShapes } from '../blocks/generator/index.js';
import { formatIssue } from '../config/config_error.js';
import { showValue } from '../config/show_value.js';
import { type Checkpoint, CheckpointError, type CheckpointTarget, loadCheckpoint, saveCheckpoint } from '../io/checkpoint.js';
import type { ShapeTree } from '../nn/spec.js';
import { flattenTree, type ParamTree } from '../nn/tree.js';
import type { AdamState } from './adam.js';
import { decodeOcrGanConfig, type OcrGanConfig } from './config.js';
import { discriminatorConfig, generatorConfig } from './model.js';
import type { Calibration } from './score.js';
import type { TrainState } from './step.js';

function flattenShapes(tree: ShapeTree, prefix: string, out: Map<string, readonly number[]>): void {
  if (Array.isArray(tree)) {
    out.set(prefix, tree as readonly number[]);
    return;
  }
  for (const [k, v] of Object.entries(tree as Record<string, ShapeTree | undefined>)) {
    if (v !== undefined) flattenShapes(v, prefix ? `${prefix}.${k}` : k, out);
  }
}

/** Every tensor a train-state checkpoint of this config holds, by name, with its shape. */
export function checkpointShapes(config: OcrGanConfig): Map<string, readonly number[]> {
  const g = skipGeneratorShapes(generatorConfig(config));
  const d = discriminatorShapes(discriminatorConfig(config));
  const out = new Map<string, readonly number[]>();
  const params = new Map<string, readonly number[]>();
  flattenShapes(g.params, 'g.params', params);
  flattenShapes(d.params, 'd.params', params);
  for (const [k, s] of params) {
    out.set(k, s);
    const [net, , ...rest] = k.split('.');
    out.set(`${net}.adam.m.${rest.join('.')}`, s);
    out.set(`${net}.adam.v.${rest.join('.')}`, s);
  }
  flattenShapes(g.state, 'g.state', out);
  flattenShapes(d.state, 'd.state', out);
  return out;
}

/** Checks a manifest against the shapes its config implies, before anything is allocated. */
export function validateTrainCheckpoint(config: unknown, shapes: ReadonlyMap<string, readonly number[]>): string | undefined {
  const decoded = decodeOcrGanConfig(config);
  if (isLeft(decoded)) return `its config is invalid: ${decoded.left.issues.map(formatIssue).join('; ')}`;
  const want = checkpointShapes(decoded.right);
  for (const [name, shape] of want) {
    const got = shapes.get(name);
    if (got === undefined) return `tensor '${name}' is missing`;
    if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
      return `tensor '${name}' has shape [${got.join(', ')}], the config needs [${shape.join(', ')}]`;
    }
  }
  for (const name of shapes.keys()) if (!want.has(name)) return `tensor '${name}' does not belong to this model`;
  return undefined;
}

function adamTensors(prefix: string, a: AdamState, out: Map<string, tf.Tensor>): void {
  for (const [k, t] of a.m) out.set(`${prefix}.adam.m.${k}`, t);
  for (const [k, t] of a.v) out.set(`${prefix}.adam.v.${k}`, t);
}

/** A train state (plus, optionally, its calibration) as a checkpoint. Shares the tensors. */
export function trainCheckpoint(state: TrainState, epoch: number, calibration?: Calibration): Checkpoint {
  const tensors = new Map<string, tf.Tensor>();
  const put = (prefix: string, tree: unknown) => {
    for (const [k, t] of flattenTree(tree as ParamTree)) tensors.set(`${prefix}.${k}`, t);
  };
  put('g.params', state.model.generator.params);
  put('g.state', state.model.generator.state);
  put('d.params', state.model.discriminator.params);
  put('d.state', state.model.discriminator.state);
  adamTensors('g', state.adamG, tensors);
  adamTensors('d', state.adamD, tensors);
  return {
    tensors,
    config: state.model.config,
    epoch,
    step: state.step,
    rngKey: state.key,
    state: { adamStepG: state.adamG.step, adamStepD: state.adamD.step, ...(calibration ? { calibration } : {}) },
  };
}

function treeOf(ckpt: Checkpoint, prefix: string): ParamTree {
  const out: Record<string, unknown> = {};
  for (const [name, t] of ckpt.tensors) {
    if (!name.startsWith(`${prefix}.`)) continue;
    const parts = name.slice(prefix.length + 1).split('.');
    let node = out;
    parts.slice(0, -1).forEach((p) => {
      node[p] ??= {};
      node = node[p] as Record<string, unknown>;
    });
    node[parts[parts.length - 1] as string] = t;
  }
  return out as ParamTree;
}

function adamOf(ckpt: Checkpoint, prefix: string, step: number, params: ParamTree): AdamState {
  const names = [...flattenTree(params).keys()];
  const get = (kind: string, k: string) => ckpt.tensors.get(`${prefix}.adam.${kind}.${k}`) as tf.Tensor;
  return { step, m: new Map(names.map((k) => [k, get('m', k)])), v: new Map(names.map((k) => [k, get('v', k)])) };
}

/** A loaded training checkpoint. */
export interface LoadedTraining {
  readonly state: TrainState;
  readonly epoch: number;
  readonly calibration?: Calibration;
}

/**
 * Saves a train state and (optionally) its calibration. With ocr-gan's `fileHandler` the
 * write is atomic: a kill mid-save leaves the previous checkpoint loadable.
 */
export async function saveTraining(
  target: CheckpointTarget,
  state: TrainState,
  epoch: number,
  calibration?: Calibration,
): Promise<void> {
  await saveCheckpoint(trainCheckpoint(state, epoch, calibration), target);
}

/** What is wrong with a checkpoint's plain-JSON trainer state, or `undefined`. */
function trainStateProblem(state: Readonly<Record<string, unknown>>): string | undefined {
  for (const k of ['adamStepG', 'adamStepD']) {
    const v = state[k];
    if (v !== undefined && !(Number.isSafeInteger(v) && (v as number) >= 0)) return `state.${k} ${showValue(v)} is not a non-negative integer`;
  }
  const c = state.calibration as Record<string, unknown> | undefined;
  if (c === undefined) return undefined;
  if (typeof c !== 'object' || c === null) return `state.calibration ${showValue(c)} is not { min, max, threshold }`;
  for (const k of ['min', 'max', 'threshold']) {
    if (typeof c[k] !== 'number' || !Number.isFinite(c[k])) return `state.calibration.${k} ${showValue(c[k])} is not a finite number`;
  }
  if ((c.min as number) > (c.max as number)) return `state.calibration has min ${c.min} above max ${c.max}`;
  return undefined;
}

/**
 * Loads a training checkpoint, validating config and every shape before allocating, and
 * rebuilds the train state from it.
 */
export async function loadTraining(target: CheckpointTarget): Promise<LoadedTraining> {
  const ckpt = await loadCheckpoint(target, validateTrainCheckpoint);
  const problem = trainStateProblem(ckpt.state);
  if (problem !== undefined) {
    tf.dispose([...ckpt.tensors.values()]);
    throw new CheckpointError(`loadTraining(${typeof target === 'string' ? target : 'handler'}): ${problem}`);
  }
  const decoded = decodeOcrGanConfig(ckpt.config);
  if (isLeft(decoded)) throw new Error('loadTraining: unreachable: the config was validated');
  const config = decoded.right;
  const gParams = treeOf(ckpt, 'g.params');
  const dParams = treeOf(ckpt, 'd.params');
  const stepG = Number(ckpt.state.adamStepG ?? ckpt.step);
  const stepD = Number(ckpt.state.adamStepD ?? ckpt.step);
  const calibration = ckpt.state.calibration as Calibration | undefined;
  return {
    state: {
      model: {
        config,
        generator: { params: gParams as never, state: treeOf(ckpt, 'g.state') as never },
        discriminator: { params: dParams as never, state: treeOf(ckpt, 'd.state') as never },
      },
      adamG: adamOf(ckpt, 'g', stepG, gParams),
      adamD: adamOf(ckpt, 'd', stepD, dParams),
      step: ckpt.step,
      key: ckpt.rngKey,
    },
    epoch: ckpt.epoch,
    ...(calibration ? { calibration } : {}),
  };
}

