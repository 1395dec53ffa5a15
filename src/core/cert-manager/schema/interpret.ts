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
 * through an adapter (node-value.ts). Each schema node is turned once into a
 * plan (its keyword groups decided, properties in a Map, the pattern
 * compiled), and instance paths are a stack joined only for an error: on
 * the 1,000-document bench manifest this takes 0.86–0.88 of the time of
 * working those out at every value (60 paired in-process runs).
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
  /**
   * Own keys with their values, flat (`[key0, value0, key1, value1, …]`, one
   * array per mapping), first key wins, absent (null) values left out.
   */
  entries(v: V): ReadonlyArray<string | V>;
  items(v: V): readonly V[];
  scalar(v: V): unknown;
  /** The plain value, for error data. */
  plain(v: V): unknown;
}

type Test = RegExp | ((x: never) => boolean);
type Format = Test | { readonly type?: string; readonly validate: Test };

/** One schema node, prepared once: what `check` would otherwise work out at every value. */
interface Plan {
  readonly s: Schema;
  /** For `$ref`: the target's plan (filled on first use, so recursive definitions work) and its schema path. */
  ref?: Plan | null;
  readonly refPath?: string;
  /** A single type whose keyword group is used reports its type error in that group (ajv schemaKeywords). */
  readonly grouped: boolean;
  readonly stringRules: boolean;
  readonly arrayRules: boolean;
  readonly objectRules: boolean;
  readonly anyOf?: readonly Plan[];
  readonly props?: ReadonlyMap<string, Plan>;
  /** additionalProperties: false, a schema, or undefined (anything goes). */
  readonly extra?: false | Plan;
  readonly items?: Plan;
  readonly pattern?: RegExp;
  /** The string format's test, when the format applies to strings. */
  readonly stringFormat?: Test;
  /** The number format's test, when the format applies to numbers. */
  readonly numberFormat?: Test;
}

interface Walk<V> {
  readonly a: ValueAdapter<V>;
  readonly defs: Readonly<Record<string, Schema>>;
  readonly plans: WeakMap<Schema, Plan>;
  readonly errors: SchemaError[];
  /** Instance path segments of the value being checked; joined into a JSON pointer for an error only. */
  readonly path: Array<string | number>;
}

// Plans per defs object (the embedded CRDs: one), then per schema node.
const plansByDefs = new WeakMap<object, WeakMap<Schema, Plan>>();

/** Validates `value` against `schema`; `$ref`s name `defs` entries as `…#/$defs/<id>`. */
export function interpretSchema<V>(schema: Schema, defs: Readonly<Record<string, Schema>>, value: V, a: ValueAdapter<V>): SchemaError[] {
  let plans = plansByDefs.get(defs);
  if (!plans) plansByDefs.set(defs, (plans = new WeakMap()));
  const w: Walk<V> = { a, defs, plans, errors: [], path: [] };
  check(w, planOf(w, schema), value, '#');
  return w.errors;
}

function planOf<V>(w: Walk<V>, s: Schema): Plan {
  let p = w.plans.get(s);
  if (!p) w.plans.set(s, (p = makePlan(w, s)));
  return p;
}

function makePlan<V>(w: Walk<V>, s: Schema): Plan {
  const stringRules = s.maxLength !== undefined || s.minLength !== undefined || s.pattern !== undefined || s.format !== undefined;
  const arrayRules = s.maxItems !== undefined || s.minItems !== undefined || s.items !== undefined;
  const objectRules =
    s.minProperties !== undefined || s.required !== undefined || s.additionalProperties !== undefined || s.properties !== undefined;
  const f = s.format !== undefined ? formatOf(s.format) : undefined;
  const fObj = f && typeof f === 'object' && !(f instanceof RegExp) ? f : undefined;
  const extra = s.additionalProperties;
  return {
    s,
    ...(s.$ref !== undefined ? { refPath: s.$ref } : {}),
    grouped: (s.type === 'string' && stringRules) || (s.type === 'array' && arrayRules) || (s.type === 'object' && objectRules),
    stringRules,
    arrayRules,
    objectRules,
    ...(s.anyOf ? { anyOf: s.anyOf.map((b) => planOf(w, b ?? {})) } : {}),
    ...(s.properties ? { props: new Map(Object.entries(s.properties).map(([k, sub]) => [k, planOf(w, sub)])) } : {}),
    ...(extra === false ? { extra: false as const } : extra !== undefined && extra !== true ? { extra: planOf(w, extra) } : {}),
    ...(s.items ? { items: planOf(w, s.items) } : {}),
    ...(s.pattern !== undefined ? { pattern: patternOf(s.pattern) } : {}),
    // ajv: `format` belongs to the number and string groups alike; a format object says which type it checks.
    ...(f && (!fObj || (fObj.type ?? 'string') === 'string') ? { stringFormat: fObj ? fObj.validate : (f as Test) } : {}),
    ...(fObj && fObj.type === 'number' ? { numberFormat: fObj.validate } : {}),
  };
}

function fail<V>(w: Walk<V>, p: Plan, v: V, sp: string, keyword: string, params: Record<string, unknown>, message: string): void {
  const instancePath = w.path.map((seg) => (typeof seg === 'number' ? `/${seg}` : pointer(seg))).join('');
  w.errors.push({ keyword, instancePath, schemaPath: `${sp}/${keyword}`, params, message, data: w.a.plain(v), parentSchema: p.s });
}

function pointer(key: string): string {
  return key.includes('~') || key.includes('/') ? `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` : `/${key}`;
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

function formatOf(name: string): Format | undefined {
  return (fullFormats as Record<string, Format | undefined>)[name];
}

const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/** ajv's keyword order: enum, anyOf; then number, string, array and object keywords, each group only for its type. */
function check<V>(w: Walk<V>, p: Plan, v: V, sp: string): void {
  if (p.refPath !== undefined) {
    if (p.ref === undefined) {
      const target = w.defs[p.refPath.slice(p.refPath.lastIndexOf('/') + 1)];
      p.ref = target ? planOf(w, target) : null;
    }
    if (p.ref) check(w, p.ref, v, p.refPath);
    return;
  }
  const s = p.s;
  const shape = w.a.shape(v);
  const x = shape === 'scalar' ? w.a.scalar(v) : undefined;
  if (s.type !== undefined && !p.grouped && !typeOk(s.type, x, shape)) typeError(w, p, v, sp);
  if (s.enum !== undefined && !inEnum(s.enum, shape === 'scalar' ? x : w.a.plain(v))) {
    fail(w, p, v, sp, 'enum', { allowedValues: s.enum }, 'must be equal to one of the allowed values');
  }
  if (p.anyOf !== undefined) anyOf(w, p, p.anyOf, v, sp);
  if (shape === 'scalar' && typeof x === 'number') numberRules(w, p, v, x, sp);
  if (shape === 'scalar' && typeof x === 'string') {
    if (p.stringRules) stringRules(w, p, v, x, sp);
  } else if (p.grouped && s.type === 'string') typeError(w, p, v, sp);
  if (shape === 'array' && p.arrayRules) arrayRules(w, p, v, sp);
  else if (p.grouped && s.type === 'array') typeError(w, p, v, sp);
  if (shape === 'object' && p.objectRules) objectRules(w, p, v, sp);
  else if (p.grouped && s.type === 'object') typeError(w, p, v, sp);
}

function typeError<V>(w: Walk<V>, p: Plan, v: V, sp: string): void {
  fail(w, p, v, sp, 'type', { type: p.s.type }, `must be ${p.s.type}`);
}

function inEnum(allowed: readonly unknown[], x: unknown): boolean {
  for (const e of allowed) if (equal(e, x)) return true;
  return false;
}

function anyOf<V>(w: Walk<V>, p: Plan, branches: readonly Plan[], v: V, sp: string): void {
  const start = w.errors.length;
  for (let i = 0; i < branches.length; i++) {
    const before = w.errors.length;
    check(w, branches[i] as Plan, v, `${sp}/anyOf/${i}`);
    if (w.errors.length === before) {
      w.errors.length = start; // one branch holds: its siblings' errors are dropped, as ajv does
      return;
    }
  }
  fail(w, p, v, sp, 'anyOf', {}, 'must match a schema in anyOf');
}

function numberRules<V>(w: Walk<V>, p: Plan, v: V, x: number, sp: string): void {
  const s = p.s;
  if (s.maximum !== undefined && !(x <= s.maximum))
    fail(w, p, v, sp, 'maximum', { comparison: '<=', limit: s.maximum }, `must be <= ${s.maximum}`);
  if (s.minimum !== undefined && !(x >= s.minimum))
    fail(w, p, v, sp, 'minimum', { comparison: '>=', limit: s.minimum }, `must be >= ${s.minimum}`);
  if (p.numberFormat && !test(p.numberFormat, x)) fail(w, p, v, sp, 'format', { format: s.format }, `must match format "${s.format}"`);
}

function stringRules<V>(w: Walk<V>, p: Plan, v: V, x: string, sp: string): void {
  const s = p.s;
  if (s.maxLength !== undefined || s.minLength !== undefined) {
    const n = codePoints(x);
    if (s.maxLength !== undefined && n > s.maxLength)
      fail(w, p, v, sp, 'maxLength', { limit: s.maxLength }, `must NOT have more than ${s.maxLength} characters`);
    if (s.minLength !== undefined && n < s.minLength)
      fail(w, p, v, sp, 'minLength', { limit: s.minLength }, `must NOT have fewer than ${s.minLength} characters`);
  }
  if (p.pattern && !p.pattern.test(x)) fail(w, p, v, sp, 'pattern', { pattern: s.pattern }, `must match pattern "${s.pattern}"`);
  if (p.stringFormat && !test(p.stringFormat, x)) fail(w, p, v, sp, 'format', { format: s.format }, `must match format "${s.format}"`);
}

function arrayRules<V>(w: Walk<V>, p: Plan, v: V, sp: string): void {
  const s = p.s;
  const items = w.a.items(v);
  if (s.maxItems !== undefined && items.length > s.maxItems)
    fail(w, p, v, sp, 'maxItems', { limit: s.maxItems }, `must NOT have more than ${s.maxItems} items`);
  if (s.minItems !== undefined && items.length < s.minItems)
    fail(w, p, v, sp, 'minItems', { limit: s.minItems }, `must NOT have fewer than ${s.minItems} items`);
  const sub = p.items;
  if (sub === undefined) return;
  for (let i = 0; i < items.length; i++) {
    w.path.push(i);
    check(w, sub, items[i] as V, sp);
    w.path.pop();
  }
}

function objectRules<V>(w: Walk<V>, p: Plan, v: V, sp: string): void {
  const s = p.s;
  const entries = w.a.entries(v);
  if (s.minProperties !== undefined && entries.length / 2 < s.minProperties)
    fail(w, p, v, sp, 'minProperties', { limit: s.minProperties }, `must NOT have fewer than ${s.minProperties} properties`);
  if (s.required !== undefined) {
    for (const r of s.required) {
      if (!hasKey(entries, r)) fail(w, p, v, sp, 'required', { missingProperty: r }, `must have required property '${r}'`);
    }
  }
  const props = p.props;
  const extra = p.extra;
  if (extra !== undefined) {
    for (let i = 0; i < entries.length; i += 2) {
      const k = entries[i] as string;
      if (props?.has(k)) continue;
      if (extra === false) {
        fail(w, p, v, sp, 'additionalProperties', { additionalProperty: k }, 'must NOT have additional properties');
      } else {
        w.path.push(k);
        check(w, extra, entries[i + 1] as V, sp);
        w.path.pop();
      }
    }
  }
  if (props === undefined) return;
  for (let i = 0; i < entries.length; i += 2) {
    const k = entries[i] as string;
    const sub = props.get(k);
    if (sub === undefined) continue;
    w.path.push(k);
    check(w, sub, entries[i + 1] as V, sp);
    w.path.pop();
  }
}

function hasKey<V>(entries: ReadonlyArray<string | V>, key: string): boolean {
  for (let i = 0; i < entries.length; i += 2) if (entries[i] === key) return true;
  return false;
}

function test(f: Test, x: string | number): boolean {
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
