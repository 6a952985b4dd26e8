import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from './config_error.js';
import { decodeOrThrow, decodeWith } from './decode.js';
import { IntAtLeast, PositiveInt, PositiveNumber, PowerOfTwo, Probability, UnitInterval } from './numbers.js';
import { showValue } from './show_value.js';
import { withDefaults } from './with_defaults.js';

// A config shaped like the real ones: sections with defaults, refined numbers, a literal union.
const Model = withDefaults(
  t.type({ imageSize: PowerOfTwo(16, 512), bands: IntAtLeast(2), ngf: PositiveInt }),
  { imageSize: 64, bands: 2, ngf: 64 },
);
const Train = withDefaults(
  t.type({ lr: PositiveNumber, epochs: PositiveInt, lambda: UnitInterval, augmentProb: Probability, sizes: t.array(PositiveInt) }),
  { lr: 2e-4, epochs: 15, lambda: 0.9, augmentProb: 0.5, sizes: [8, 16] },
);
const Sample = withDefaults(
  t.type({ name: t.string, model: Model, train: Train, policy: t.union([t.literal('max'), t.literal('quantile')]) }),
  { model: {}, train: {}, policy: 'max' },
);

function issues(input: unknown): readonly ConfigIssue[] {
  const r = decodeWith(Sample, input, 'SampleConfig');
  if (E.isRight(r)) throw new Error(`expected a Left for ${JSON.stringify(input)}`);
  expect(r.left).toBeInstanceOf(ConfigError);
  return r.left.issues;
}

describe('decodeWith and withDefaults', () => {
  it('fills a partial config from nested defaults', () => {
    const r = decodeWith(Sample, { name: 'wood', model: { bands: 3 } }, 'SampleConfig');
    expect(r).toEqual(E.right({
      name: 'wood',
      model: { imageSize: 64, bands: 3, ngf: 64 },
      train: { lr: 2e-4, epochs: 15, lambda: 0.9, augmentProb: 0.5, sizes: [8, 16] },
      policy: 'max',
    }));
  });

  it('replaces arrays instead of merging them, and does not share the defaults', () => {
    const a = decodeOrThrow(Sample, { name: 'a', train: { sizes: [4] } }, 'SampleConfig');
    expect(a.train.sizes).toEqual([4]);
    const b = decodeOrThrow(Sample, { name: 'b' }, 'SampleConfig');
    b.train.sizes.push(99);
    expect(decodeOrThrow(Sample, { name: 'c' }, 'SampleConfig').train.sizes).toEqual([8, 16]);
  });

  it('names path, expected, got and a hint for a refinement', () => {
    expect(issues({ name: 'x', model: { imageSize: 100 } })).toEqual([
      { path: 'model.imageSize', expected: 'PowerOfTwo(16..512)', got: '100', hint: 'a power of two from 16 to 512; the nearest is 128' },
    ]);
    expect(issues({ name: 'x', model: { bands: 1 } })).toEqual([
      { path: 'model.bands', expected: 'IntAtLeast(2)', got: '1', hint: 'an integer ≥ 2; e.g. 2' },
    ]);
  });

  it('catches a typo in a key and suggests the right one', () => {
    const [issue, ...rest] = issues({ name: 'x', model: { ngff: 32 } });
    expect(rest).toEqual([]);
    expect(issue?.path).toBe('model.ngff');
    expect(issue?.got).toBe('32');
    expect(issue?.hint).toBe('unknown key; did you mean "ngf"? Known keys: imageSize, bands, ngf');
  });

  it('reports a wrong literal once, at the union, with the choices', () => {
    expect(issues({ name: 'x', policy: 'quantil' })).toEqual([
      { path: 'policy', expected: '("max" | "quantile")', got: '"quantil"', hint: 'did you mean "quantile"? One of "max", "quantile"' },
    ]);
  });

  it('reports every issue at once, with array indices in the path', () => {
    const found = issues({ model: { ngf: '32' }, train: { sizes: [4, -1] } });
    // In the codec's key order.
    expect(found.map((i) => i.path)).toEqual(['name', 'model.ngf', 'train.sizes[1]']);
    expect(found[1]?.hint).toMatch(/without quotes/);
    expect(found[0]).toEqual({ path: 'name', expected: 'string', got: 'nothing', hint: 'this key is required' });
    const r = decodeWith(Sample, { name: 'x', model: { ngf: '32' } }, 'SampleConfig');
    expect(E.isLeft(r) && r.left.message).toMatch(/^SampleConfig is invalid:\n {2}model\.ngf: expected PositiveInt, got "32"/);
  });

  it('refuses NaN and Infinity where io-ts numbers would let them through', () => {
    expect(issues({ name: 'x', train: { lr: NaN } })).toEqual([
      { path: 'train.lr', expected: 'PositiveNumber', got: 'NaN', hint: 'a number greater than 0' },
    ]);
    expect(issues({ name: 'x', train: { lambda: Infinity } })[0]?.got).toBe('Infinity');
  });

  it('decodeOrThrow throws the ConfigError', () => {
    expect(() => decodeOrThrow(Sample, { name: 'x', train: { epochs: 0 } }, 'SampleConfig')).toThrowError(
      /train\.epochs: expected PositiveInt, got 0 \(an integer ≥ 1; e\.g\. 1\)/,
    );
  });

  it('refuses malformed refinement arguments, naming them', () => {
    expect(() => PowerOfTwo(10, 512)).toThrowError("PowerOfTwo: argument 'min' must be a power of two, got 10");
    expect(() => PowerOfTwo(64, 32)).toThrowError(/argument 'max'/);
    expect(() => IntAtLeast(1.5)).toThrowError(/IntAtLeast: argument 'min'/);
  });
});

// Each leaf of the sample config, with values that must fail there.
const leaves: { path: string; set: (v: unknown) => unknown; bad: fc.Arbitrary<unknown> }[] = [
  { path: 'model.imageSize', set: (v) => ({ model: { imageSize: v } }), bad: fc.oneof(fc.integer({ min: 513, max: 1e6 }), fc.constantFrom(0, 8, 100, 63.5, -64, '64')) },
  { path: 'model.bands', set: (v) => ({ model: { bands: v } }), bad: fc.oneof(fc.integer({ max: 1 }), fc.double({ min: 2.01, max: 9.99, noInteger: true }), fc.string()) },
  { path: 'model.ngf', set: (v) => ({ model: { ngf: v } }), bad: fc.oneof(fc.integer({ max: 0 }), fc.constant(null), fc.boolean()) },
  { path: 'train.lr', set: (v) => ({ train: { lr: v } }), bad: fc.oneof(fc.double({ max: 0, noNaN: true }), fc.constant(NaN), fc.array(fc.nat(), { maxLength: 3 })) },
  { path: 'train.lambda', set: (v) => ({ train: { lambda: v } }), bad: fc.oneof(fc.double({ min: 1.0001, max: 1e9, noNaN: true }), fc.double({ max: -1e-9, noNaN: true })) },
  { path: 'train.augmentProb', set: (v) => ({ train: { augmentProb: v } }), bad: fc.oneof(fc.integer({ min: 2, max: 100 }), fc.constant('half')) },
  { path: 'policy', set: (v) => ({ policy: v }), bad: fc.oneof(fc.string().filter((s) => s !== 'max' && s !== 'quantile'), fc.integer()) },
  { path: 'name', set: (v) => ({ name: v }), bad: fc.oneof(fc.integer(), fc.dictionary(fc.string(), fc.nat(), { maxKeys: 3 })) },
];

const malformed = fc.oneof(
  fc.record({ leaf: fc.constantFrom(...leaves) }).chain(({ leaf }) =>
    leaf.bad.map((bad) => ({ path: leaf.path, got: showValue(bad), input: { name: 'x', ...(leaf.set(bad) as object) } })),
  ),
  // A misspelt key: one character doubled.
  fc.constantFrom('imageSize', 'bands', 'ngf').chain((key) =>
    fc.nat({ max: key.length - 1 }).map((i) => {
      const typo = key.slice(0, i + 1) + key.slice(i);
      return { path: `model.${typo}`, got: '7', input: { name: 'x', model: { [typo]: 7 } }, suggest: key };
    }),
  ),
);

describe('the error formatter on generated malformed configs', () => {
  it('gives each issue a path, an expected type and the value got', () => {
    let runs = 0;
    fc.assert(
      fc.property(malformed, (m) => {
        runs++;
        const found = issues(m.input);
        const at = found.find((i) => i.path === m.path);
        expect(at, `an issue at ${m.path} in ${JSON.stringify(found)}`).toBeDefined();
        expect(at?.expected.length).toBeGreaterThan(0);
        expect(at?.got).toBe(m.got);
        for (const i of found) {
          expect(i.path.length).toBeGreaterThan(0);
          expect(i.expected.length).toBeGreaterThan(0);
          expect(i.got.length).toBeGreaterThan(0);
        }
        if ('suggest' in m) expect(at?.hint).toContain(`did you mean "${m.suggest}"?`);
      }),
      { numRuns: 200 },
    );
    expect(runs).toBeGreaterThanOrEqual(30);
  });
});

describe('showValue', () => {
  it('truncates long values and survives cycles', () => {
    expect(showValue(Array.from({ length: 100 }, (_, i) => i))).toHaveLength(60);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(showValue(cyclic)).toMatch(/refers to itself/);
    expect(showValue({ a: NaN })).toBe('{"a":"NaN"}');
  });
});
