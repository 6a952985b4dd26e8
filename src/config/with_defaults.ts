import * as t from 'io-ts';
import { closestMatch } from './suggest.js';

/** Every property optional, recursively; arrays are replaced whole, never merged. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

type Tagged = t.Mixed & {
  readonly _tag?: string;
  readonly props?: Record<string, t.Mixed>;
  readonly types?: readonly t.Mixed[];
  readonly type?: t.Mixed;
};

/**
 * A codec that accepts a partial config, fills it from `defaults` (deeply) and then
 * validates the whole, so defaults are checked too. Strict: a key the codec does not know
 * is refused at any depth, with a "did you mean …?" hint for a likely typo.
 */
export class WithDefaultsType<C extends t.Mixed> extends t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> {
  readonly _tag = 'WithDefaultsType' as const;
  constructor(
    readonly inner: C,
    readonly defaults: DeepPartial<t.TypeOf<C>>,
  ) {
    super(
      inner.name,
      (u): u is t.TypeOf<C> => inner.is(u),
      (u, c) => {
        const unknownKeys = strictErrors(inner, u, c);
        const result = inner.validate(u === undefined ? clone(defaults) : merge(defaults, u), c);
        if (unknownKeys.length === 0) return result;
        return t.failures(result._tag === 'Left' ? [...unknownKeys, ...result.left] : unknownKeys);
      },
      (a) => inner.encode(a),
    );
  }
}

/**
 * Lets a partial user config decode to a full one: `defaults` are merged in first (plain
 * objects deeply, arrays replaced), then `codec` validates the result. Unknown keys are
 * refused — `ngff` instead of `ngf` is an error that suggests `ngf`, not a silently ignored
 * setting. An omitted section nested with its own `withDefaults` takes all its defaults.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { withDefaults, PositiveInt, decodeWith } from 'ocr-gan';
 * const Model = withDefaults(t.type({ ngf: PositiveInt, bands: PositiveInt }), { ngf: 64, bands: 2 });
 * decodeWith(Model, { bands: 3 }, 'ModelConfig'); // Right({ ngf: 64, bands: 3 })
 * decodeWith(Model, { ngff: 32 }, 'ModelConfig'); // Left: ngff: … (did you mean "ngf"? …)
 * ```
 */
export function withDefaults<C extends t.Mixed>(codec: C, defaults: DeepPartial<t.TypeOf<C>>): WithDefaultsType<C> {
  return new WithDefaultsType(codec, defaults);
}

function isPlainObject(u: unknown): u is Record<string, unknown> {
  if (u === null || typeof u !== 'object' || Array.isArray(u)) return false;
  const proto = Object.getPrototypeOf(u) as unknown;
  return proto === Object.prototype || proto === null;
}

function clone<T>(x: T): T {
  if (Array.isArray(x)) return x.map(clone) as T;
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, clone(v)])) as T;
  return x;
}

function merge(defaults: unknown, user: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(user)) return user === undefined ? clone(defaults) : user;
  const out: Record<string, unknown> = clone(defaults);
  for (const [k, v] of Object.entries(user)) out[k] = merge(out[k], v);
  return out;
}

/** The keys an object codec knows, or undefined where its shape cannot be told. */
function knownProps(codec: t.Mixed): Record<string, t.Mixed> | undefined {
  const c = codec as Tagged;
  switch (c._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return c.props;
    case 'ExactType':
    case 'ReadonlyType':
    case 'RefinementType':
    case 'WithDefaultsType':
      return knownProps((c._tag === 'WithDefaultsType' ? (c as unknown as { inner: t.Mixed }).inner : c.type) as t.Mixed);
    case 'IntersectionType': {
      const all: Record<string, t.Mixed> = {};
      for (const member of c.types ?? []) {
        const props = knownProps(member);
        if (!props) return undefined;
        Object.assign(all, props);
      }
      return all;
    }
    default:
      return undefined;
  }
}

/**
 * Errors for unknown keys in `u` and in nested object sections of it. Sections that are
 * themselves `withDefaults` codecs check their own keys when validated, so they are skipped
 * here to report each key once.
 */
function strictErrors(codec: t.Mixed, u: unknown, c: t.Context): t.ValidationError[] {
  if ((codec as Tagged)._tag === 'UnionType') {
    // Unknown keys are judged against the member the value otherwise matches.
    const match = (codec as Tagged).types?.find((m) => m.validate(u, c)._tag === 'Right');
    return match ? strictErrors(match, u, c) : [];
  }
  const props = knownProps(codec);
  if (!props || !isPlainObject(u)) return [];
  const allowed = Object.keys(props);
  const errors: t.ValidationError[] = [];
  for (const [key, value] of Object.entries(u)) {
    // Own keys only: `constructor` or `toString` must not match Object.prototype's members.
    const child = Object.hasOwn(props, key) ? props[key] : undefined;
    if (child === undefined) {
      const near = closestMatch(key, allowed);
      const known = allowed.length > 0 ? `known keys: ${allowed.join(', ')}` : 'no keys are allowed here';
      errors.push({
        value,
        context: [...c, { key, type: unknownKey(allowed), actual: value }],
        message: near !== undefined ? `unknown key; did you mean ${JSON.stringify(near)}? ${capitalise(known)}` : `unknown key; ${known}`,
      });
    } else if ((child as Tagged)._tag !== 'WithDefaultsType') {
      errors.push(...strictErrors(child, value, [...c, { key, type: child, actual: value }]));
    }
  }
  return errors;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function unknownKey(allowed: readonly string[]): t.Type<never, never, unknown> {
  return new t.Type<never, never, unknown>(
    allowed.length > 0 ? `no such key (one of ${allowed.join(', ')})` : 'no key here',
    (_u): _u is never => false,
    (u, ctx) => t.failure(u, ctx),
    (a) => a,
  );
}
