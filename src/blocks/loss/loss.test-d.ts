import { describe, expectTypeOf, it } from 'vitest';
import type { Images, Scalar, Tensor, Tensor1, Tensor2 } from '../../tensor/index.js';
import {
  anomalyMap,
  anomalyScore,
  bceLoss,
  bceWithLogitsLoss,
  contentLoss,
  generatorLoss,
  latentLoss,
  leastSquaresLoss,
  minMaxNormalize,
  type AdversarialLoss,
  type GeneratorLossParts,
} from './index.js';

declare const x: Images<'B', 32, 32, 3>;
declare const xHat: Images<'B', 32, 32, 3>;
declare const gray: Images<'B', 32, 32, 1>;
declare const fr: Tensor<readonly ['B', 1, 1, 100]>;
declare const ff: Tensor<readonly ['B', 1, 1, 100]>;
declare const ff50: Tensor<readonly ['B', 1, 1, 50]>;
declare const flat: Tensor2<'B', 100>;
declare const other: Tensor<readonly ['N', 1, 1, 100]>;
declare const prob: Tensor1<'B'>;

describe('loss and score types', () => {
  it('losses are scalars, scores are [B], maps are [B, H, W, 1]', () => {
    expectTypeOf(contentLoss(x, xHat)).toEqualTypeOf<Scalar>();
    expectTypeOf(latentLoss(fr, ff)).toEqualTypeOf<Scalar>();
    expectTypeOf(anomalyScore(x, xHat, fr, ff)).toEqualTypeOf<Tensor1<'B'>>();
    expectTypeOf(anomalyScore(x, xHat, flat, flat, { distance: 'l1' })).toEqualTypeOf<Tensor1<'B'>>();
    expectTypeOf(minMaxNormalize(anomalyScore(x, xHat, fr, ff))).toEqualTypeOf<Tensor1<'B'>>();
    expectTypeOf(anomalyMap(x, xHat, { sigma: 4 })).toEqualTypeOf<Images<'B', 32, 32, 1>>();
    expectTypeOf(generatorLoss({ x, xHat, fakeOutput: prob, featReal: fr, featFake: ff })).toEqualTypeOf<GeneratorLossParts>();
  });

  it('the provided adversarial losses are interchangeable', () => {
    expectTypeOf(bceLoss).toExtend<AdversarialLoss>();
    expectTypeOf(bceWithLogitsLoss).toExtend<AdversarialLoss>();
    expectTypeOf(leastSquaresLoss).toExtend<AdversarialLoss>();
  });
});

describe('loss mistakes do not compile', () => {
  it('contentLoss of images with different channel counts', () => {
    // @ts-expect-error x has 3 channels, gray has 1
    contentLoss(x, gray);
  });

  it('anomalyScore with feature tensors of different widths', () => {
    // @ts-expect-error 100 features against 50
    anomalyScore(x, xHat, fr, ff50);
  });

  it('anomalyScore with features of another batch', () => {
    // @ts-expect-error the features' batch 'N' is not the images' 'B'
    anomalyScore(x, xHat, other, other);
  });

  it('anomalyMap fed a rank-2 tensor', () => {
    // @ts-expect-error a [B, 100] tensor is not an image batch
    anomalyMap(flat, flat);
  });

  it('latentLoss of features with different shapes', () => {
    // @ts-expect-error [B, 1, 1, 100] against [B, 100]
    latentLoss(fr, flat);
  });

  it('an adversarial target that is not 0 or 1', () => {
    // @ts-expect-error targets are 0 (fake) or 1 (real)
    bceLoss(prob, 0.5);
  });

  it('generatorLoss with a reconstruction of another size', () => {
    // @ts-expect-error xHat must have x's shape
    generatorLoss({ x, xHat: gray, fakeOutput: prob, featReal: fr, featFake: ff });
  });
});
