import type * as t from 'io-ts';
import type { ConfigIssue } from './config_error.js';
import { showValue } from './show_value.js';
import { closestMatch } from './suggest.js';

type Tagged = t.Decoder<unknown, unknown> & { readonly _tag?: string; readonly types?: readonly unknown[] };

// Entries under these carry member indices, not keys the user wrote.
const BRANCHING = new Set(['UnionType', 'IntersectionType']);
const INDEXED = new Set(['ArrayType', 'ReadonlyArrayType', 'TupleType', 'ReadonlyTupleType']);
const OBJECTS = new Set(['InterfaceType', 'PartialType', 'ExactType', 'StrictType']);

/**
 * Turns io-ts `Errors` into one issue per wrong place: the dotted path, a readable expected
 * type, the value got (short JSON) and a hint where one can be given. A failure inside a
 * union is reported once, at the union, since naming one branch's complaint would mislead.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts';
 * import { formatErrors, PowerOfTwo } from 'ocr-gan';
 * const r = t.type({ model: t.type({ size: PowerOfTwo(16, 512) }) }).decode({ model: { size: 100 } });
 * if (r._tag === 'Left') formatErrors(r.left);
 * // [{ path: 'model.size', expected: 'PowerOfTwo(16..512)', got: '100', hint: 'a power of two from 16 to 512; the nearest is 128' }]
 * ```
 */
export function formatErrors(errors: t.Errors): ConfigIssue[] {
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const e of errors) {
    const issue = toIssue(e);
    const id = `${issue.path}\u0000${issue.expected}\u0000${issue.got}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}

function toIssue(error: t.ValidationError): ConfigIssue {
  const ctx = error.context;
  const unionAt = ctx.findIndex((entry) => (entry.type as Tagged)._tag === 'UnionType');
  const end = unionAt >= 0 ? unionAt : ctx.length - 1;
  const path = pathOf(ctx, end);
  const leaf = ctx[end];
  const type = leaf?.type as Tagged | undefined;
  const value = unionAt >= 0 ? leaf?.actual : error.value;
  const hint = unionAt >= 0 ? unionHint(type, value) : (error.message ?? genericHint(type, value));
  return {
    path,
    expected: type ? readableName(type) : 'unknown',
    got: showValue(value),
    ...(hint ? { hint } : {}),
  };
}

function pathOf(ctx: t.Context, end: number): string {
  let path = '';
  for (let i = 1; i <= end; i++) {
    const parent = ctx[i - 1]?.type as Tagged | undefined;
    const key = ctx[i]?.key ?? '';
    // A union or intersection adds its member index to the context, which is not a path step;
    // a key checked against the whole intersection (an unknown one) is.
    if (parent?._tag && BRANCHING.has(parent._tag) && /^\d+$/.test(key)) continue;
    if (parent?._tag && INDEXED.has(parent._tag)) path += `[${key}]`;
    else path += path === '' ? key : `.${key}`;
  }
  return path;
}

/** io-ts names objects by their full type, which is unreadable for a config section. */
function readableName(type: Tagged): string {
  if (type._tag && OBJECTS.has(type._tag)) {
    const props = (type as unknown as { props?: Record<string, unknown> }).props;
    return props ? `an object with keys ${Object.keys(props).join(', ')}` : 'an object';
  }
  return type.name.length > 80 ? `${type.name.slice(0, 79)}…` : type.name;
}

function literalsOf(type: Tagged | undefined): unknown[] | undefined {
  if (!type?.types) return undefined;
  const values: unknown[] = [];
  for (const member of type.types as Tagged[]) {
    if (member._tag !== 'LiteralType') return undefined;
    values.push((member as unknown as { value: unknown }).value);
  }
  return values;
}

function unionHint(type: Tagged | undefined, value: unknown): string | undefined {
  const literals = literalsOf(type);
  if (!literals) return undefined;
  const strings = literals.filter((l): l is string => typeof l === 'string');
  const near = typeof value === 'string' ? closestMatch(value, strings) : undefined;
  const list = literals.map((l) => JSON.stringify(l)).join(', ');
  return near !== undefined ? `did you mean ${JSON.stringify(near)}? One of ${list}` : `one of ${list}`;
}

function genericHint(type: Tagged | undefined, value: unknown): string | undefined {
  if (value === undefined) return 'this key is required';
  if (type?.name === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return 'write it as a number, without quotes';
  }
  return undefined;
}
