import { describe, expectTypeOf, it } from 'vitest';
import type { Add, Double, Half } from './arithmetic.js';
import type { Bands } from './ops/bands.js';
import { add, concatChannels, conv2d, conv2dTranspose, dense, globalAvgPool, mul, stackBands } from './index.js';
import type { ConvFilter, ConvTransposeFilter, FeatureMap, Tensor, Tensor1, Tensor2, Tensor5 } from './shape.js';

declare const x: FeatureMap<'B', 32, 32, 3>;
declare const f8: FeatureMap<'B', 16, 16, 8>;
declare const f16: FeatureMap<'B', 16, 16, 16>;
declare const w3to8: ConvFilter<4, 3, 8>;
declare const w8to16: ConvFilter<4, 8, 16>;
declare const wt16to3: ConvTransposeFilter<4, 3, 16>;
declare const bias8: Tensor1<8>;
declare const bias4: Tensor1<4>;

describe('inferred shapes', () => {
  it('conv2d halves the spatial size at stride 2 and takes the filter out-channels', () => {
    expectTypeOf(conv2d(x, w3to8, { stride: 2, pad: 'same' })).toEqualTypeOf<FeatureMap<'B', 16, 16, 8>>();
    expectTypeOf(conv2d(x, w3to8, { stride: 1, pad: 'same' }, bias8)).toEqualTypeOf<FeatureMap<'B', 32, 32, 8>>();
  });

  it('conv2dTranspose doubles the spatial size', () => {
    expectTypeOf(conv2dTranspose(f16, wt16to3, { stride: 2, pad: 'same' })).toEqualTypeOf<
      FeatureMap<'B', 32, 32, 3>
    >();
  });

  it('concatChannels adds channel counts', () => {
    expectTypeOf(concatChannels(f8, f16)).toEqualTypeOf<FeatureMap<'B', 16, 16, 24>>();
  });

  it('globalAvgPool and dense', () => {
    const z = globalAvgPool(f16);
    expectTypeOf(z).toEqualTypeOf<Tensor2<'B', 16>>();
    expectTypeOf(dense(z, {} as Tensor2<16, 32>)).toEqualTypeOf<Tensor2<'B', 32>>();
  });

  it('broadcasting keeps the larger shape', () => {
    expectTypeOf(mul(f8, {} as Tensor<readonly ['B', 1, 1, 8]>)).toEqualTypeOf<Tensor<readonly ['B', 16, 16, 8]>>();
  });

  it('arithmetic stays in its tables', () => {
    expectTypeOf<Half<256>>().toEqualTypeOf<128>();
    expectTypeOf<Double<1>>().toEqualTypeOf<2>();
    expectTypeOf<Add<512, 256>>().toEqualTypeOf<768>();
    expectTypeOf<Add<number, 3>>().toEqualTypeOf<number>();
  });

  it('bands keep a literal count', () => {
    expectTypeOf<Bands<3, 1, 8, 8, 3>['length']>().toEqualTypeOf<3>();
    expectTypeOf(stackBands([x, x] as const)).toEqualTypeOf<Tensor5<2, 'B', 32, 32, 3>>();
  });
});

describe('shape mistakes do not compile', () => {
  it('conv2d with a filter whose in-channels differ from the input', () => {
    // @ts-expect-error x has 3 channels, the filter expects 8
    conv2d(x, w8to16, { stride: 2, pad: 'same' });
  });

  it('conv2d with a bias of the wrong length', () => {
    // @ts-expect-error bias has 4 entries, the filter produces 8 channels
    conv2d(x, w3to8, { stride: 2, pad: 'same' }, bias4);
  });

  it('conv2dTranspose with a filter whose in-channels differ', () => {
    // @ts-expect-error f8 has 8 channels, the transposed filter expects 16
    conv2dTranspose(f8, wt16to3, { stride: 2, pad: 'same' });
  });

  it('a concat result used where its channel count is wrong', () => {
    const cat = concatChannels(f8, f8);
    // @ts-expect-error the concat has 16 channels, w3to8 expects 3
    conv2d(cat, w3to8, { stride: 2, pad: 'same' });
  });

  it('concat of maps with different spatial sizes', () => {
    // @ts-expect-error 32×32 against 16×16
    concatChannels(x, f8);
  });

  it('dense with a weight whose in-dimension differs', () => {
    // @ts-expect-error features are 16 wide, the weight expects 8
    dense(globalAvgPool(f16), {} as Tensor2<8, 32>);
  });

  it('add of shapes that do not broadcast', () => {
    // @ts-expect-error 8 channels against 16
    add(f8, f16);
  });

  it('a 2-D tensor where a feature map is required', () => {
    // @ts-expect-error globalAvgPool needs a rank-4 map
    globalAvgPool({} as Tensor2<'B', 8>);
  });
});
