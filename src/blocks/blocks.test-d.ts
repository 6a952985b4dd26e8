import { describe, expectTypeOf, it } from 'vitest';
import { conv, linear } from '../nn/layers.js';
import { prngKey } from '../random/index.js';
import {
  concatChannels,
  conv2d,
  dense,
  type ConvFilter,
  type FeatureMap,
  type Images,
  type Tensor1,
  type Tensor2,
} from '../tensor/index.js';
import { channelSelect } from './channel_select/index.js';
import { discriminator } from './discriminator/index.js';
import { skipGenerator } from './generator/index.js';

declare const f8: FeatureMap<2, 4, 4, 8>;
declare const f16: FeatureMap<2, 4, 4, 16>;
declare const f8small: FeatureMap<2, 2, 2, 8>;
declare const img3: Images<2, 32, 32, 3>;
declare const img1: Images<2, 32, 32, 1>;
declare const imgAny: Images<number, number, number, number>;
declare const x: Tensor2<2, 8>;
declare const w16: Tensor2<16, 32>;
declare const filter16: ConvFilter<4, 16, 32>;
const key = prngKey(0);

describe('channelSelect types', () => {
  const params = channelSelect.init(key, { channels: 8, branches: 2 });

  it('infers the branch shape of outputs and attention', () => {
    const r = channelSelect.apply(params, [f8, f8]);
    expectTypeOf(r.outputs[0]).toEqualTypeOf<FeatureMap<2, 4, 4, 8>>();
    expectTypeOf(r.attention[1]).toEqualTypeOf<Tensor2<2, 8> | undefined>();
    expectTypeOf(r.attention[0]).toEqualTypeOf<Tensor2<2, 8>>();
  });

  it('rejects branches whose channel counts differ, with literal or run-time params', () => {
    // @ts-expect-error the second branch has 16 channels, the first 8
    channelSelect.apply(params, [f8, f16]);
    const dynamic = channelSelect.init(key, { channels: 8 as number, branches: 2 });
    // @ts-expect-error branches must agree with each other even when params are run-time sized
    channelSelect.apply(dynamic, [f8, f16]);
    // @ts-expect-error params were built for 8 channels
    channelSelect.apply(params, [f16, f16]);
    // @ts-expect-error branches must share H and W too
    channelSelect.apply(params, [f8, f8small]);
    // Run-time-sized inputs compile and are checked at run time.
    channelSelect.apply(params, [imgAny, imgAny]);
  });
});

describe('skipGenerator types', () => {
  const { params, state } = skipGenerator.init(key, { isize: 32, ngf: 4, channels: 3 });

  it('infers the output image type from the bands', () => {
    const r = skipGenerator.apply(params, state, [img3, img3], { training: true });
    expectTypeOf(r.output).toEqualTypeOf<Images<2, 32, 32, 3>>();
    expectTypeOf(r.branches[0]).toEqualTypeOf<Images<2, 32, 32, 3>>();
  });

  it('defaults to 3 image channels', () => {
    const d = skipGenerator.init(key, { isize: 32, ngf: 4 });
    // @ts-expect-error the default config has 3 channels
    skipGenerator.apply(d.params, d.state, [img1, img1], { training: false });
  });

  it('rejects bands with a channel count other than the config', () => {
    // @ts-expect-error the generator was configured for 3-channel images
    skipGenerator.apply(params, state, [img1, img1], { training: false });
    // @ts-expect-error bands must share one channel count
    skipGenerator.apply(params, state, [img3, img1], { training: false });
  });
});

describe('discriminator types', () => {
  const { params, state } = discriminator.init(key, { isize: 32, ndf: 8, nz: 100 });

  it('infers probabilities and latent features', () => {
    const r = discriminator.apply(params, state, img3, { training: true });
    expectTypeOf(r.prob).toEqualTypeOf<Tensor1<2>>();
    expectTypeOf(r.logit).toEqualTypeOf<Tensor1<2>>();
    expectTypeOf(r.features).toEqualTypeOf<FeatureMap<2, 1, 1, 100>>();
  });

  it('rejects images with the wrong channel count', () => {
    // @ts-expect-error the discriminator was configured for 3-channel images
    discriminator.apply(params, state, img1, { training: false });
  });
});

describe('layer and op types', () => {
  it('rejects a dense weight whose in-dimension is not the input width', () => {
    // @ts-expect-error weight is [16, 32] but x has 8 features
    dense(x, w16);
    const p = linear.init(key, { inFeatures: 16, outFeatures: 32 });
    // @ts-expect-error the layer takes 16 features
    linear.apply(p, x);
    expectTypeOf(linear.apply(linear.init(key, { inFeatures: 8, outFeatures: 32 }), x)).toEqualTypeOf<Tensor2<2, 32>>();
  });

  it('rejects a conv filter whose in-channels are not the input channels', () => {
    // @ts-expect-error filter expects 16 input channels, f8 has 8
    conv2d(f8, filter16, { stride: 2, pad: 'same' });
    const p = conv.init(key, { kernel: 4, inChannels: 3, outChannels: 8 });
    // @ts-expect-error the layer takes 3 channels
    conv.apply(p, f8, { stride: 2, pad: 'same' });
    expectTypeOf(conv.apply(p, img3, { stride: 2, pad: 'same' })).toEqualTypeOf<FeatureMap<2, 16, 16, 8>>();
  });

  it('tracks the channel sum of concatChannels', () => {
    const c = concatChannels(f8, f16);
    expectTypeOf(c).toEqualTypeOf<FeatureMap<2, 4, 4, 24>>();
    const needs16 = (_: FeatureMap<2, 4, 4, 16>): void => {};
    // @ts-expect-error 8 + 16 = 24 channels, not 16
    needs16(c);
  });
});
