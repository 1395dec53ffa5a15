/**
 * CM030–CM034: what the API server says about a resource before any webhook
 * runs, from the CRD's openAPIV3Schema (schema/validate.ts), each finding on
 * the exact node: the key of an unknown field, the value of a wrong type,
 * enum or pattern, the parent's key for a missing required field.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Span } from '../types';
import type { Fix, RuleContext } from './context';
import { suggest } from './did-you-mean';
import type { Resource } from './resources';
import { hasSchema, validateNode, type SchemaError } from './schema/validate';
import { mayBeSupplied } from './templates';
import { MapView, isTemplated, spanOf } from './yaml-doc';

export const SCHEMA_CODES = ['CM030', 'CM031', 'CM032', 'CM033', 'CM034'] as const;

interface Located {
  /** The mapping or value at the path. */
  readonly node: Node | null;
  /** The key whose value it is (undefined for the resource itself and sequence items). */
  readonly pair?: Pair;
  readonly keySpan?: Span;
  readonly span: Span;
}

function decodePointer(p: string): string[] {
  return p === ''
    ? []
    : p
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Walks a JSON pointer through the YAML nodes, as toPlain read them. */
function locate(res: Resource, pointer: string): Located | undefined {
  const doc = res.view.pd.doc;
  let cur: Located = { node: res.view.map, span: res.view.span };
  for (const seg of decodePointer(pointer)) {
    const n = isAlias(cur.node) ? ((cur.node.resolve(doc) as Node | undefined) ?? null) : cur.node;
    if (isMap(n)) {
      const pair = (n as YAMLMap).items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return undefined;
      const keySpan = spanOf(pair.key as Node, cur.span);
      const value = pair.value as Node | null;
      cur = { node: value, pair, keySpan, span: value?.range ? spanOf(value, keySpan) : keySpan };
    } else if (isSeq(n)) {
      const it = n.items[Number(seg)] as Node | null | undefined;
      if (it === undefined) return undefined;
      cur = { node: it, span: spanOf(it, cur.span) };
    } else return undefined;
  }
  return cur;
}

/** `spec.acme.solvers[0].dns01` for messages; kustomize matching uses plain dots. */
const shown = (pointer: string, extra?: string): string =>
  [...decodePointer(pointer), ...(extra ? [extra] : [])].reduce((a, s) => (/^\d+$/.test(s) ? `${a}[${s}]` : a ? `${a}.${s}` : s), '');
const dotted = (pointer: string, extra?: string): string => [...decodePointer(pointer), ...(extra ? [extra] : [])].join('.');

const FORMATS: Record<string, string> = {
  byte: 'must be base64 (format byte): encode the PEM bundle with base64',
  'date-time': 'must be an RFC 3339 date-time such as 2026-11-22T00:00:00Z',
  int32: 'must fit in a 32-bit integer',
  int64: 'must fit in a 64-bit integer',
};

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return `a ${typeof v}`;
}

const A: Record<string, string> = { object: 'a mapping', array: 'a list', integer: 'an integer' };

/** Validates one resource against its CRD schema and reports CM030–CM034. */
export function checkSchema(ctx: RuleContext, res: Resource): void {
  if (!hasSchema(res.group, res.version, res.kind)) return;
  const errors = validateNode(res.group, res.version, res.kind, res.view.map, res.view.pd.doc);
  const seen = new Set<string>();
  for (const e of errors) {
    // int-or-string: one finding from the anyOf, not one per branch.
    if (e.schemaPath.includes('/anyOf/')) continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(ctx, res, e);
  }
}

function report(ctx: RuleContext, res: Resource, e: SchemaError): void {
  const at = locate(res, e.instancePath);
  if (!at) return;
  const text = res.file.text;
  const path = shown(e.instancePath) || res.kind;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String((e.params as { additionalProperty: string }).additionalProperty);
      const child = locate(res, `${e.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (!child?.keySpan || isTemplated(text, child.keySpan)) return;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = suggest(name, known);
      const fixes: Fix[] = hint ? [{ span: child.keySpan, newText: hint, title: `Rename to ${hint}` }] : [];
      ctx.report(
        res,
        'CM030',
        child.keySpan,
        `Unknown field "${shown(e.instancePath, name)}": the API server rejects it (kubectl --validate=strict, the default) or drops it.${hint ? ` Did you mean "${hint}"?` : ` Known fields here: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}.`}`,
        fixes,
      );
      return;
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      if (ctx.supplied(res, dotted(e.instancePath, missing), at.keySpan, at.span)) return;
      ctx.report(
        res,
        'CM031',
        at.keySpan ?? res.anchor,
        `Missing required field "${shown(e.instancePath, missing)}": the API server rejects the resource without it.`,
      );
      return;
    }
    default:
  }
  if (isTemplated(text, at.span)) return;
  const actual = e.data;
  switch (e.keyword) {
    case 'type':
    case 'anyOf': {
      const want =
        e.keyword === 'anyOf'
          ? 'an integer or a string'
          : String((e.params as { type: string }).type)
              .split(',')
              .map((t) => A[t] ?? `a ${t}`)
              .join(' or ');
      const hint = want === 'a string' && typeof actual !== 'object' ? ` Quote it: "${String(actual)}".` : '';
      ctx.report(res, 'CM032', at.span, `${path} must be ${want}, not ${typeName(actual)}.${hint}`);
      return;
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const hint = typeof actual === 'string' ? suggest(actual, allowed) : undefined;
      const fixes: Fix[] =
        hint && isScalar(at.node) && at.node.type === 'PLAIN' ? [{ span: at.span, newText: hint, title: `Change to ${hint}` }] : [];
      ctx.report(
        res,
        'CM033',
        at.span,
        `${path} ${JSON.stringify(actual)} is not an allowed value; use one of ${allowed.join(', ')}.${hint ? ` Did you mean "${hint}"?` : ''}`,
        fixes,
      );
      return;
    }
    case 'format': {
      const f = String((e.params as { format: string }).format);
      ctx.report(res, 'CM034', at.span, `${path} ${FORMATS[f] ?? `must match format "${f}"`} (CRD schema).`);
      return;
    }
    default:
      ctx.report(res, 'CM034', at.span, `${path} ${e.message ?? 'is invalid'} (CRD schema).`);
  }
}

/** The nearest existing mapping along `dottedPath`, for template and elision checks. */
export function nearestMap(res: Resource, dottedPath: string): { keySpan?: Span; span: Span } {
  let view: MapView = res.view;
  let keySpan: Span | undefined;
  for (const seg of dottedPath.split('.').slice(0, -1)) {
    const f = view.field(seg);
    if (!f || !isMap(f.node)) break;
    keySpan = f.keySpan;
    view = new MapView(view.pd, f.node);
  }
  return { ...(keySpan ? { keySpan } : {}), span: view.span };
}

/** True when a template line or an elision in the mapping may supply its missing fields. */
export function suppliedByText(res: Resource, keySpan: Span | undefined, span: Span): boolean {
  return mayBeSupplied(res.view.pd.tpl, res.file.text, keySpan, span);
}
