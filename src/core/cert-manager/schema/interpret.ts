/**
 * A JSON Schema interpreter for the keywords the embedded CRD schemas use
 * (type, properties, required, additionalProperties, items, enum, anyOf,
 * $ref, format, pattern, min/max Length/Items/Properties, minimum, maximum),
 * giving the errors ajv gives with `allErrors` and `verbose`: the same
 * keyword, instancePath, params, message and data, in ajv's order for each
 * instance path (test/unit/core/cert-manager/schema/interpret.test.ts checks
 * this against ajv on every fixture and on generated values).
 *
 * Why not ajv itself: compiling the Certificate and Issuer validators took
 * 150–250 ms of every CLI run that met one, and the linter first had to copy
 * each YAML document into a plain object for it. This reads the YAML nodes
 * through an adapter (node-value.ts) with nothing to compile.
 */
import { fullFormats } from 'ajv-formats/dist/formats';

/** The parts of ajv's ErrorObject the linter reads. */
export interface SchemaError {
  readonly keyword: string;
  /** JSON pointer into the value, e.g. `/spec/dnsNames/0`. */
  readonly instancePath: string;
  /**
   * Where in the schema, coarsely: the `$ref` and anyOf branch last entered
   * and the keyword (`#/anyOf/1/type`). It contains `/anyOf/` inside an anyOf
   * branch, as ajv's does; the full path is not built, to save a string per node.
   */
  readonly schemaPath: string;
  readonly params: Record<string, unknown>;
  readonly message: string;
  /** The (plain) value that failed. */
  readonly data: unknown;
  readonly parentSchema: Schema;
}

export interface Schema {
  readonly type?: string;
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly Schema[];
  readonly format?: string;
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly minProperties?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** How the interpreter reads a value: a plain JSON value, or YAML nodes read as the API server would. */
export interface ValueAdapter<V> {
  /** 'object' and 'array' are read through `entries`/`items`; anything else through `scalar`. */
  shape(v: V): 'object' | 'array' | 'scalar';
  /** Own keys with their values, first key wins, absent (null) values left out. */
  entries(v: V): ReadonlyArray<readonly [string, V]>;
  items(v: V): readonly V[];
  scalar(v: V): unknown;
  /** The plain value, for error data. */
  plain(v: V): unknown;
}

type Format = RegExp | ((x: never) => boolean) | { readonly type?: string; readonly validate: RegExp | ((x: never) => boolean) };

interface Walk<V> {
  readonly a: ValueAdapter<V>;
  readonly defs: Readonly<Record<string, Schema>>;
  readonly errors: SchemaError[];
}

const patterns = new Map<string, RegExp>();
function pointer(key: string): string {
  return key.includes('~') || key.includes('/') ? `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` : `/${key}`;
}

/** Validates `value` against `schema`; `$ref`s name `defs` entries as `…#/$defs/<id>`. */
export function interpretSchema<V>(schema: Schema, defs: Readonly<Record<string, Schema>>, value: V, a: ValueAdapter<V>): SchemaError[] {
  const w: Walk<V> = { a, defs, errors: [] };
  check(w, schema, value, '', '#');
  return w.errors;
}

function fail<V>(
  w: Walk<V>,
  s: Schema,
  v: V,
  at: string,
  sp: string,
  keyword: string,
  params: Record<string, unknown>,
  message: string,
): void {
  w.errors.push({ keyword, instancePath: at, schemaPath: `${sp}/${keyword}`, params, message, data: w.a.plain(v), parentSchema: s });
}

function typeOk(type: string, x: unknown, shape: string): boolean {
  switch (type) {
    case 'object':
      return shape === 'object';
    case 'array':
      return shape === 'array';
    case 'null':
      return x === null && shape === 'scalar';
    case 'integer':
      // ajv: typeof x == "number" && !(x % 1) && !isNaN(x)
      return typeof x === 'number' && !(x % 1) && !Number.isNaN(x);
    default:
      return shape === 'scalar' && typeof x === type;
  }
}

// Plain functions, not arrows: the bundle keeps names (esbuild keepNames), which costs a call per closure made.
// ajv uses a group when any of its keywords is present; `format` belongs to the number and string groups alike.
function hasStringRules(s: Schema): boolean {
  return s.maxLength !== undefined || s.minLength !== undefined || s.pattern !== undefined || s.format !== undefined;
}
function hasArrayRules(s: Schema): boolean {
  return s.maxItems !== undefined || s.minItems !== undefined || s.items !== undefined;
}
function hasObjectRules(s: Schema): boolean {
  return s.minProperties !== undefined || s.required !== undefined || s.additionalProperties !== undefined || s.properties !== undefined;
}

function formatOf(name: string): Format | undefined {
  return (fullFormats as Record<string, Format | undefined>)[name];
}
function stringFormat(name: string | undefined): boolean {
  if (name === undefined) return false;
  const f = formatOf(name);
  return f !== undefined && (typeof f !== 'object' || f instanceof RegExp || (f.type ?? 'string') === 'string');
}

/** ajv's keyword order: enum, anyOf; then number, string, array and object keywords, each group only for its type. */
function check<V>(w: Walk<V>, s: Schema, v: V, at: string, sp: string): void {
  if (s.$ref !== undefined) {
    const id = s.$ref.slice(s.$ref.lastIndexOf('/') + 1);
    const target = w.defs[id];
    if (target) check(w, target, v, at, `${s.$ref}`);
    return;
  }
  const shape = w.a.shape(v);
  const x = shape === 'scalar' ? w.a.scalar(v) : undefined;
  const type = s.type;
  // A single type whose keyword group is used reports its type error in that group (ajv schemaKeywords).
  const grouped =
    (type === 'string' && hasStringRules(s)) || (type === 'array' && hasArrayRules(s)) || (type === 'object' && hasObjectRules(s));
  if (type !== undefined && !grouped && !typeOk(type, x, shape)) typeError(w, s, v, at, sp);
  if (s.enum !== undefined && !inEnum(s.enum, shape === 'scalar' ? x : w.a.plain(v))) {
    fail(w, s, v, at, sp, 'enum', { allowedValues: s.enum }, 'must be equal to one of the allowed values');
  }
  if (s.anyOf !== undefined) anyOf(w, s, s.anyOf, v, at, sp);
  if (shape === 'scalar' && typeof x === 'number') numberRules(w, s, v, x, at, sp);
  if (shape === 'scalar' && typeof x === 'string') stringRules(w, s, v, x, at, sp);
  else if (grouped && type === 'string') typeError(w, s, v, at, sp);
  if (shape === 'array' && hasArrayRules(s)) arrayRules(w, s, v, at, sp);
  else if (grouped && type === 'array') typeError(w, s, v, at, sp);
  if (shape === 'object' && hasObjectRules(s)) objectRules(w, s, v, at, sp);
  else if (grouped && type === 'object') typeError(w, s, v, at, sp);
}

function typeError<V>(w: Walk<V>, s: Schema, v: V, at: string, sp: string): void {
  fail(w, s, v, at, sp, 'type', { type: s.type }, `must be ${s.type}`);
}

function inEnum(allowed: readonly unknown[], x: unknown): boolean {
  for (const e of allowed) if (equal(e, x)) return true;
  return false;
}

function anyOf<V>(w: Walk<V>, s: Schema, branches: readonly Schema[], v: V, at: string, sp: string): void {
  const start = w.errors.length;
  for (let i = 0; i < branches.length; i++) {
    const before = w.errors.length;
    check(w, branches[i] ?? {}, v, at, `${sp}/anyOf/${i}`);
    if (w.errors.length === before) {
      w.errors.length = start; // one branch holds: its siblings' errors are dropped, as ajv does
      return;
    }
  }
  fail(w, s, v, at, sp, 'anyOf', {}, 'must match a schema in anyOf');
}

function numberRules<V>(w: Walk<V>, s: Schema, v: V, x: number, at: string, sp: string): void {
  if (s.maximum !== undefined && !(x <= s.maximum))
    fail(w, s, v, at, sp, 'maximum', { comparison: '<=', limit: s.maximum }, `must be <= ${s.maximum}`);
  if (s.minimum !== undefined && !(x >= s.minimum))
    fail(w, s, v, at, sp, 'minimum', { comparison: '>=', limit: s.minimum }, `must be >= ${s.minimum}`);
  const f = s.format !== undefined ? formatOf(s.format) : undefined;
  if (f && typeof f === 'object' && !(f instanceof RegExp) && f.type === 'number' && !test(f.validate, x))
    fail(w, s, v, at, sp, 'format', { format: s.format }, `must match format "${s.format}"`);
}

function stringRules<V>(w: Walk<V>, s: Schema, v: V, x: string, at: string, sp: string): void {
  if (s.maxLength !== undefined || s.minLength !== undefined) {
    const n = codePoints(x);
    if (s.maxLength !== undefined && n > s.maxLength)
      fail(w, s, v, at, sp, 'maxLength', { limit: s.maxLength }, `must NOT have more than ${s.maxLength} characters`);
    if (s.minLength !== undefined && n < s.minLength)
      fail(w, s, v, at, sp, 'minLength', { limit: s.minLength }, `must NOT have fewer than ${s.minLength} characters`);
  }
  if (s.pattern !== undefined) {
    let re = patterns.get(s.pattern);
    if (!re) patterns.set(s.pattern, (re = new RegExp(s.pattern, 'u')));
    if (!re.test(x)) fail(w, s, v, at, sp, 'pattern', { pattern: s.pattern }, `must match pattern "${s.pattern}"`);
  }
  if (s.format !== undefined && stringFormat(s.format)) {
    const f = formatOf(s.format);
    const fn = f && typeof f === 'object' && !(f instanceof RegExp) ? f.validate : f;
    if (fn && !test(fn, x)) fail(w, s, v, at, sp, 'format', { format: s.format }, `must match format "${s.format}"`);
  }
}

function arrayRules<V>(w: Walk<V>, s: Schema, v: V, at: string, sp: string): void {
  const items = w.a.items(v);
  if (s.maxItems !== undefined && items.length > s.maxItems)
    fail(w, s, v, at, sp, 'maxItems', { limit: s.maxItems }, `must NOT have more than ${s.maxItems} items`);
  if (s.minItems !== undefined && items.length < s.minItems)
    fail(w, s, v, at, sp, 'minItems', { limit: s.minItems }, `must NOT have fewer than ${s.minItems} items`);
  if (s.items !== undefined) for (let i = 0; i < items.length; i++) check(w, s.items, items[i] as V, `${at}/${i}`, sp);
}

function objectRules<V>(w: Walk<V>, s: Schema, v: V, at: string, sp: string): void {
  const entries = w.a.entries(v);
  if (s.minProperties !== undefined && entries.length < s.minProperties)
    fail(w, s, v, at, sp, 'minProperties', { limit: s.minProperties }, `must NOT have fewer than ${s.minProperties} properties`);
  if (s.required !== undefined) {
    for (const r of s.required) {
      if (!hasKey(entries, r)) fail(w, s, v, at, sp, 'required', { missingProperty: r }, `must have required property '${r}'`);
    }
  }
  const props = s.properties;
  const extra = s.additionalProperties;
  if (extra !== undefined && extra !== true) {
    for (const [k, child] of entries) {
      if (props !== undefined && Object.hasOwn(props, k)) continue;
      if (extra === false) {
        fail(w, s, v, at, sp, 'additionalProperties', { additionalProperty: k }, 'must NOT have additional properties');
      } else check(w, extra, child, `${at}${pointer(k)}`, sp);
    }
  }
  if (props === undefined) return;
  for (const [k, child] of entries) {
    const sub = Object.hasOwn(props, k) ? props[k] : undefined;
    if (sub) check(w, sub, child, `${at}${pointer(k)}`, sp);
  }
}

function hasKey<V>(entries: ReadonlyArray<readonly [string, V]>, key: string): boolean {
  for (const e of entries) if (e[0] === key) return true;
  return false;
}

function test(f: RegExp | ((x: never) => boolean), x: string | number): boolean {
  return f instanceof RegExp ? f.test(String(x)) : (f as (y: string | number) => boolean)(x);
}

/** Characters as ajv counts them (ucs2length): a surrogate pair is one. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
