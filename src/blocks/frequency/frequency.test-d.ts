import { describe, expectTypeOf, it } from 'vitest';
import type { Bands, Images } from '../../tensor/index.js';
import { frequencyDecouple, pyrDown, pyrUp } from './index.js';

declare const x: Images<'B', 32, 32, 3>;
declare const n: number;

describe('frequencyDecouple types', () => {
  it('keeps a literal band count as a tuple of input-shaped bands', () => {
    expectTypeOf(frequencyDecouple(x)).toEqualTypeOf<Bands<2, 'B', 32, 32, 3>>();
    const three = frequencyDecouple(x, { bands: 3, variant: 'octave' });
    expectTypeOf(three.length).toEqualTypeOf<3>();
    expectTypeOf(three[2]).toEqualTypeOf<Images<'B', 32, 32, 3>>();
    expectTypeOf(frequencyDecouple(x, { variant: 'octave' }).length).toEqualTypeOf<2>();
  });

  it('widens to an array when the count is only known at run time', () => {
    expectTypeOf(frequencyDecouple(x, { bands: n })).toEqualTypeOf<readonly Images<'B', 32, 32, 3>[]>();
  });

  it('halves and doubles power-of-two sizes', () => {
    expectTypeOf(pyrDown(x)).toEqualTypeOf<Images<'B', 16, 16, 3>>();
    expectTypeOf(pyrUp(x)).toEqualTypeOf<Images<'B', 64, 64, 3>>();
  });
});

describe('FD mistakes do not compile', () => {
  it('indexing beyond the literal band count', () => {
    const pair = frequencyDecouple(x, { bands: 2 });
    // @ts-expect-error a 2-band result has no third band
    pair[2];
  });

  it('an unknown variant', () => {
    // @ts-expect-error 'dct' is not a variant
    frequencyDecouple(x, { variant: 'dct' });
  });

  it('a band used where a different size is expected', () => {
    const [low] = frequencyDecouple(x);
    // @ts-expect-error the band is 32×32, not 16×16
    const wrong: Images<'B', 16, 16, 3> = low;
    void wrong;
  });
});
