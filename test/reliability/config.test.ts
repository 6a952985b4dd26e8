import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config_error.js';
import { showValue } from '../../src/config/show_value.js';
import { decodeOcrGanConfig, defaultOcrGanConfig } from '../../src/train/config.js';

/** A malformed config: the input, and where the decoder must say it is wrong. */
interface Bad {
  readonly input: unknown;
  /** The issue path the error must give. */
  readonly path: string;
  /** The value that path holds, when the issue reports that value itself. */
  readonly value?: unknown;
  readonly kind: string;
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
const nonFinite = fc.constantFrom(NaN, Infinity, -Infinity);
const notANumber = fc.oneof(
  fc.string().filter((s) => s.trim() === '' || !Number.isFinite(Number(s))),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
);
const numericString = fc.integer({ min: 1, max: 100 }).map(String);
const wrongType = fc.oneof(notANumber, numericString);
const nonPositive = fc.oneof(fc.constant(0), fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }));
const fractional = fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n));
const badPositiveInt = fc.oneof(nonPositive, fractional, nonFinite, wrongType);
const outOfUnit = fc.oneof(
  fc.double({ min: 1, max: 1e9, noNaN: true }),
  fc.double({ max: -Number.MIN_VALUE, min: -1e9, noNaN: true }),
  nonFinite,
  wrongType,
);

/** Sets `value` at a dotted path of a fresh partial config (arrays are written whole). */
function at(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  const root: Record<string, unknown> = {};
  let node = root;
  parts.slice(0, -1).forEach((p) => {
    const next: Record<string, unknown> = {};
    node[p] = next;
    node = next;
  });
  node[parts[parts.length - 1] as string] = value;
  return root;
}

/** One generator per way a field can be wrong; `path` is where the issue must point. */
function field(path: string, bad: fc.Arbitrary<unknown>, kind: string): fc.Arbitrary<Bad> {
  return bad.map((value) => ({ input: at(path, value), path, value, kind }));
}

const knownTop = Object.keys(defaultOcrGanConfig);
const misspelt = fc.constantFrom('ngff', 'imagesize', 'image_size', 'learning_rate', 'lr', 'epoch', 'batch', 'band', 'Seed', 'channel');
const randomKey = fc
  .string({ minLength: 1, maxLength: 12 })
  // Keys that name Object.prototype members are a separate, known gap of the strict-key check.
  .filter((k) => !knownTop.includes(k) && !(k in Object.prototype) && k !== '__proto__');

const malformed: fc.Arbitrary<Bad> = fc.oneof(
  field('imageSize', fc.integer({ min: 16, max: 512 }).filter((n) => !isPowerOfTwo(n)), 'non-power-of-two size'),
  field('imageSize', fc.constantFrom(1, 2, 4, 8, 1024, 2048, 2 ** 20), 'power of two out of range'),
  field('imageSize', fc.oneof(nonFinite, wrongType, fractional), 'size of the wrong type'),
  field('channels', fc.integer({ min: -5, max: 10 }).filter((n) => n !== 1 && n !== 3), 'channel count not 1 or 3'),
  field('channels', fc.oneof(fc.constant('3'), nonFinite, fc.constant(null)), 'channel count of the wrong type'),
  field('bands', fc.oneof(fc.integer({ min: -10, max: 0 }), fractional, nonFinite, wrongType), 'band count'),
  field('frequencyVariant', fc.oneof(fc.constantFrom('papr', 'Paper', 'octav', ''), fc.integer(), fc.constant(null)), 'variant'),
  field('channelSelect', fc.oneof(fc.constantFrom('true', 'false', 1, 0, null), fc.constant([])), 'boolean'),
  field('ngf', badPositiveInt, 'ngf'),
  field('ndf', badPositiveInt, 'ndf'),
  field('nz', badPositiveInt, 'nz'),
  field('batchSize', badPositiveInt, 'batch size'),
  field('epochs', badPositiveInt, 'epochs'),
  field('learningRate', fc.oneof(nonPositive, nonFinite, wrongType), 'learning rate'),
  field('epsilon', fc.oneof(nonPositive, nonFinite, wrongType), 'epsilon'),
  field('beta1', outOfUnit, 'beta1'),
  field('beta2', outOfUnit, 'beta2'),
  field('validationFraction', outOfUnit, 'validation fraction'),
  field('seed', fc.oneof(fractional, nonFinite, wrongType), 'seed'),
  field('discriminatorResetBelow', fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }), nonFinite, wrongType), 'reset level'),
  field('lossWeights', fc.oneof(fc.array(fc.integer(), { maxLength: 3 }), fc.constant(null), fc.integer(), fc.string()), 'loss weights not an object'),
  field('lossWeights.content', fc.oneof(nonFinite, wrongType), 'content weight'),
  field('lossWeights.adversarial', fc.oneof(nonFinite, wrongType), 'adversarial weight'),
  field('lossWeights.latent', fc.oneof(nonFinite, wrongType), 'latent weight'),
  field('augmentation', fc.oneof(fc.array(fc.constant({}), { maxLength: 2 }), fc.constant(null), fc.constant('cutpaste')), 'augmentation not an object'),
  field('augmentation.cutPaste', fc.oneof(fc.constant([]), fc.constant(null), fc.boolean()), 'cutPaste not an object'),
  field('augmentation.cutPaste.enabled', fc.constantFrom('yes', 1, null), 'cutPaste.enabled'),
  field('augmentation.cutPaste.aspectRatio', fc.oneof(fc.constantFrom(0, 1, 1.5, -0.2), nonFinite), 'aspect ratio'),
  field('augmentation.cutPaste.colorJitter', fc.oneof(fc.constantFrom(1, 2, -0.1), nonFinite), 'colour jitter'),
  field('augmentation.cutPaste.areaRatio', fc.oneof(fc.constant({ min: 0.1, max: 0.2 }), fc.constant('0.1,0.2'), fc.constant(null)), 'area ratio not a pair'),
  fc.constantFrom(0, 1, 2, -1, NaN).map((r) => ({
    input: at('augmentation.cutPaste.areaRatio', [r, 0.1]),
    path: 'augmentation.cutPaste.areaRatio[0]',
    value: r,
    kind: 'area ratio out of (0, 1)',
  })),
  field('augmentation.cutout', fc.oneof(fc.constant([]), fc.constant(null), fc.constant(true)), 'cutout not an object'),
  field('augmentation.cutout.enabled', fc.constantFrom('no', 0, null), 'cutout.enabled'),
  field('augmentation.cutout.length', badPositiveInt, 'cutout length'),
  field('score', fc.oneof(fc.constant([0.9, 'l2']), fc.constant(null), fc.double({ noNaN: true })), 'score not an object'),
  field('score.lambda', outOfUnit, 'score lambda'),
  field('score.distance', fc.oneof(fc.constantFrom('L2', 'l3', 'mse', ''), fc.integer()), 'score distance'),
  field('threshold', fc.oneof(fc.constant([]), fc.constant(null), fc.constant('max'), fc.constant(0.99)), 'threshold not an object'),
  field('threshold', fc.constantFrom({ policy: 'median' }, { policy: 'Max' }, { policy: 1 }, { policy: null }), 'threshold policy'),
  field('threshold', fc.oneof(fc.constantFrom(0, 1.5, -1, NaN, Infinity), wrongType).map((q) => ({ policy: 'quantile', quantile: q })), 'threshold quantile'),
  misspelt.map((k) => ({ input: { [k]: 8 }, path: k, value: 8, kind: 'misspelt key' })),
  randomKey.map((k) => ({ input: { [k]: 1 }, path: k, value: 1, kind: 'unknown key' })),
  misspelt.map((k) => ({ input: { score: { lambda: 0.5, [k]: 'l1' } }, path: `score.${k}`, value: 'l1', kind: 'unknown nested key' })),
  fc.constantFrom('contnet', 'adv', 'Latent').map((k) => ({ input: { lossWeights: { [k]: 1 } }, path: `lossWeights.${k}`, value: 1, kind: 'misspelt loss weight' })),
  fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.string(), fc.integer(), fc.constant(null), fc.boolean()).map((v) => ({
    input: v,
    path: '',
    value: v,
    kind: 'config that is not an object',
  })),
);

function decodeError(input: unknown): ConfigError {
  const r = decodeOcrGanConfig(input);
  if (!isLeft(r)) throw new Error(`decodeOcrGanConfig accepted ${showValue(input, 200)}`);
  return r.left;
}

describe('decodeOcrGanConfig refuses malformed configs', () => {
  it('gives the path, what was expected and what was got, for every malformed field', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(malformed, (bad) => {
        kinds.add(bad.kind);
        const error = decodeError(bad.input);
        expect(error).toBeInstanceOf(ConfigError);
        const issue = error.issues.find((i) => i.path === bad.path);
        expect(issue, `no issue at '${bad.path}' for ${showValue(bad.input, 200)}: ${error.message}`).toBeDefined();
        expect(issue!.expected.length).toBeGreaterThan(0);
        expect(issue!.got.length).toBeGreaterThan(0);
        // Unions report the whole object they failed on, so `got` is checked for plain fields.
        if (bad.value !== undefined && bad.path !== 'threshold') expect(issue!.got).toBe(showValue(bad.value));
        const where = bad.path === '' ? '(root)' : bad.path;
        expect(error.message).toContain(`${where}: expected ${issue!.expected}, got ${issue!.got}`);
      }),
      { numRuns: 600, seed: 20240611 },
    );
    // Every generator above was drawn: at least 30 distinct kinds of malformed config.
    expect(kinds.size).toBeGreaterThanOrEqual(30);
  });

  it('suggests the intended key for a misspelt one', () => {
    const e = decodeError({ ngff: 8, learning_rate: 1e-3 });
    expect(e.issues.find((i) => i.path === 'ngff')?.hint).toMatch(/did you mean "ngf"/);
    expect(e.issues.find((i) => i.path === 'learning_rate')?.hint).toMatch(/did you mean "learningRate"/);
  });

  it('reports every wrong field at once, not just the first', () => {
    fc.assert(
      fc.property(fc.uniqueArray(malformed.filter((b) => b.path !== '' && !b.path.includes('.') && b.path !== 'threshold'), { minLength: 2, maxLength: 5, selector: (b) => b.path }), (bads) => {
        const input = Object.assign({}, ...bads.map((b) => b.input as object));
        const paths = decodeError(input).issues.map((i) => i.path);
        for (const b of bads) expect(paths).toContain(b.path);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('accepts every valid power-of-two size and refuses its neighbours', () => {
    for (let s = 16; s <= 512; s *= 2) {
      expect(isLeft(decodeOcrGanConfig({ imageSize: s }))).toBe(false);
      expect(decodeError({ imageSize: s + 1 }).issues[0]?.hint).toMatch(/power of two/);
    }
  });

  it('evaluates nothing and cannot pollute Object.prototype through __proto__ keys', () => {
    const inputs = [
      '{"__proto__": {"polluted": true}, "imageSize": 32}',
      '{"lossWeights": {"__proto__": {"polluted": true}}}',
      '{"augmentation": {"cutPaste": {"__proto__": {"polluted": true}}}}',
      '{"constructor": {"prototype": {"polluted": true}}}',
    ];
    for (const text of inputs) {
      decodeOcrGanConfig(JSON.parse(text));
      expect(({} as Record<string, unknown>).polluted, text).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    }
    let called = false;
    const getter = Object.defineProperty({}, 'imageSize', {
      enumerable: true,
      get: () => {
        called = true;
        return () => 32;
      },
    });
    const e = decodeError(getter);
    expect(called).toBe(true);
    expect(e.issues[0]).toMatchObject({ path: 'imageSize', got: 'a function' });
    expect(decodeError({ epochs: 10n }).issues[0]).toMatchObject({ path: 'epochs', got: '10n' });
  });
});
