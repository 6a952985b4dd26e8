/**
 * The little type-level arithmetic the DSL needs: halving and doubling power-of-two sizes,
 * and adding channel counts. Each is a lookup or one bounded tuple build, so type-checking
 * stays fast; anything outside the table widens to `number` (checked at run time only).
 */
import type { Dim } from './shape.js';

type Powers = {
  1024: 512; 512: 256; 256: 128; 128: 64; 64: 32; 32: 16; 16: 8; 8: 4; 4: 2; 2: 1;
};
type InversePowers = { [K in keyof Powers as Powers[K] & number]: K };

/** `N / 2` for a power of two up to 1024; `number` otherwise. */
export type Half<N extends Dim> = N extends keyof Powers ? Powers[N] : number;
/** `2 · N` for a power of two up to 512; `number` otherwise. */
export type Double<N extends Dim> = N extends keyof InversePowers ? InversePowers[N] : number;

type Tuple<N extends number, T extends unknown[] = []> = T['length'] extends N
  ? T
  : T['length'] extends 999
    ? never
    : Tuple<N, [...T, unknown]>;

type IsLiteral<N> = N extends number ? (number extends N ? false : true) : false;

/** `A + B` for number literals whose sum is below 1000; `number` otherwise. */
export type Add<A extends Dim, B extends Dim> =
  IsLiteral<A> extends true
    ? IsLiteral<B> extends true
      ? [...Tuple<A & number>, ...Tuple<B & number>] extends infer T extends unknown[]
        ? [T] extends [never]
          ? number
          : T['length']
        : number
      : number
    : number;

/** The output size of a strided 'same' convolution: `H` for stride 1, `H / 2` for stride 2. */
export type Strided<H extends Dim, S extends number> = S extends 1 ? H : S extends 2 ? Half<H> : number;
/** The output size of a strided 'same' transposed convolution. */
export type Upsampled<H extends Dim, S extends number> = S extends 1 ? H : S extends 2 ? Double<H> : number;
