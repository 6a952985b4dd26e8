/**
 * Forward FLOPs per image of the generator and the discriminator, counted from the parameter
 * shapes the blocks declare (2 FLOPs per multiply-add; conv, transposed conv and dense layers
 * only, as `official-code.md` §9 counts them; batch norm, activations and element-wise work
 * excluded).
 *
 * Every generator conv and transposed conv is k4 s2: a level-L layer's MACs are its weight
 * count times (isize / 2^L)² (the conv's output grid, the transposed conv's input grid). The
 * channel-selection linears run once per image. The discriminator's level-j conv outputs
 * (isize / 2^j)²; the feature conv (4×4 'valid') and the classifier run on a 1×1 grid.
 */
import { discriminatorShapes, flattenTree, skipGeneratorShapes, type OcrGanConfig } from '../src/index.js';
import type { ParamTree } from '../src/nn/tree.js';

type ShapeNode = readonly number[] | { readonly [k: string]: ShapeNode };

function flattenShapes(tree: ShapeNode, prefix = '', out = new Map<string, readonly number[]>()): Map<string, readonly number[]> {
  if (Array.isArray(tree)) {
    out.set(prefix, tree as readonly number[]);
    return out;
  }
  for (const key of Object.keys(tree).sort()) {
    flattenShapes((tree as Record<string, ShapeNode>)[key] as ShapeNode, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

const numel = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

export interface LayerCost {
  readonly name: string;
  readonly weight: readonly number[];
  /** Output grid side (conv) or input grid side (transposed conv). */
  readonly grid: number;
  readonly macs: number;
  readonly kind: 'conv' | 'convT' | 'dense';
}

export function generatorLayers(config: OcrGanConfig): LayerCost[] {
  const shapes = flattenShapes(
    skipGeneratorShapes({
      isize: config.imageSize,
      ngf: config.ngf,
      bands: config.bands,
      channels: config.channels,
      channelSelect: config.channelSelect,
    }).params as unknown as ShapeNode,
  );
  const layers: LayerCost[] = [];
  for (const [name, shape] of shapes) {
    const conv = /^b\d+\.l(\d+)\.(down\.conv|up\.convT)\.w$/.exec(name);
    if (conv) {
      const grid = config.imageSize / 2 ** Number(conv[1]);
      layers.push({ name, weight: shape, grid, macs: numel(shape) * grid * grid, kind: conv[2] === 'down.conv' ? 'conv' : 'convT' });
    } else if (/^cs\.l\d+\.fc_[a-z0-9]+\.w$/.test(name)) {
      layers.push({ name, weight: shape, grid: 1, macs: numel(shape), kind: 'dense' });
    }
  }
  return layers;
}

export function discriminatorLayers(config: OcrGanConfig): LayerCost[] {
  const shapes = flattenShapes(
    discriminatorShapes({ isize: config.imageSize, ndf: config.ndf, nz: config.nz, channels: config.channels })
      .params as unknown as ShapeNode,
  );
  const layers: LayerCost[] = [];
  for (const [name, shape] of shapes) {
    const level = /^l(\d+)\.conv\.w$/.exec(name);
    if (level) {
      const grid = config.imageSize / 2 ** Number(level[1]);
      layers.push({ name, weight: shape, grid, macs: numel(shape) * grid * grid, kind: 'conv' });
    } else if (name === 'feat.conv.w' || name === 'clas.conv.w') {
      layers.push({ name, weight: shape, grid: 1, macs: numel(shape), kind: 'conv' });
    }
  }
  return layers;
}

export interface ForwardFlops {
  /** Generator forward GFLOP per image. */
  readonly g: number;
  /** Discriminator forward GFLOP per image. */
  readonly d: number;
}

export function forwardFlops(config: OcrGanConfig): ForwardFlops {
  const sum = (ls: LayerCost[]) => (2 * ls.reduce((a, l) => a + l.macs, 0)) / 1e9;
  return { g: sum(generatorLayers(config)), d: sum(discriminatorLayers(config)) };
}

/** GFLOP per image of our training step (3 G + 11 D), the official code's (5 G + 17 D) and scoring (G + 2 D). */
export function workPerImage(config: OcrGanConfig): { train: number; official: number; score: number; g: number; d: number } {
  const { g, d } = forwardFlops(config);
  return { g, d, train: 3 * g + 11 * d, official: 5 * g + 17 * d, score: g + 2 * d };
}

/** The forward conv with the most multiply-adds (the peak-rate reference layer). */
export function biggestForwardConv(config: OcrGanConfig): LayerCost {
  const convs = [...generatorLayers(config), ...discriminatorLayers(config)].filter((l) => l.kind === 'conv' && l.grid > 1);
  return convs.reduce((a, b) => (b.macs > a.macs ? b : a));
}

export type { ParamTree };
export { flattenTree };
