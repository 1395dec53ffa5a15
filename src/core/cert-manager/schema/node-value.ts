/**
 * YAML nodes read as the API server decodes them (kubectl: sigs.k8s.io/yaml
 * over go-yaml v2): aliases followed, null values pruned, the first non-null
 * value of a repeated key kept, and a plain yes/no/on/off read as a boolean
 * (YAML 1.1). `toPlain` makes the plain value; `nodeAdapter` lets the schema
 * interpreter read the same value straight from the nodes, without the copy.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { ValueAdapter } from './interpret';

const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const MAX_DEPTH = 64;

function resolve(node: unknown, doc: Document.Parsed): Node | null {
  return isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : ((node as Node | null | undefined) ?? null);
}

function scalarValue(n: Node | null): unknown {
  if (!isScalar(n)) return null;
  if (n.type === 'PLAIN' && typeof n.value === 'string' && YAML11_BOOL.test(n.value)) return /^(y|yes|on)$/i.test(n.value);
  return n.value;
}

/** The resource as the API server decodes it: aliases followed, nulls pruned, first key wins. */
export function toPlain(node: Node | null, doc: Document.Parsed, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const n = resolve(node, doc);
  if (isMap(n)) {
    const o: Record<string, unknown> = {};
    for (const p of n.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k === undefined || Object.hasOwn(o, k)) continue;
      const v = toPlain(p.value as Node | null, doc, depth + 1);
      if (v !== null && v !== undefined) o[k] = v;
    }
    return o;
  }
  if (isSeq(n)) return n.items.map((it) => toPlain(it as Node | null, doc, depth + 1) ?? null);
  return scalarValue(n);
}

/**
 * The nodes of one document as the schema interpreter's values. Values are
 * resolved nodes. The interpreter descends only as deep as the CRD schemas
 * (under 30 levels), so toPlain's depth cut at 64 never applies to it.
 */
export function nodeAdapter(doc: Document.Parsed): ValueAdapter<Node | null> {
  return new NodeAdapter(doc);
}

// Methods rather than arrow properties: one adapter per document, no closures made per call.
class NodeAdapter implements ValueAdapter<Node | null> {
  constructor(private readonly doc: Document.Parsed) {}

  shape(v: Node | null): 'object' | 'array' | 'scalar' {
    return isMap(v) ? 'object' : isSeq(v) ? 'array' : 'scalar';
  }

  entries(v: Node | null): Array<string | Node | null> {
    const out: Array<string | Node | null> = [];
    if (!isMap(v)) return out;
    const seen = v.items.length > 8 ? new Set<string>() : undefined;
    for (const p of v.items) {
      if (!isScalar(p.key)) continue;
      const k = String(p.key.value);
      const child = resolve(p.value, this.doc);
      // Pruned like toPlain: no node, or a scalar that reads as null.
      if (child === null || (isScalar(child) && (child.value === null || child.value === undefined))) continue;
      if (seen ? seen.has(k) : listed(out, k)) continue;
      seen?.add(k);
      out.push(k, child);
    }
    return out;
  }

  items(v: Node | null): Array<Node | null> {
    const out: Array<Node | null> = [];
    if (isSeq(v)) for (const it of v.items) out.push(resolve(it, this.doc));
    return out;
  }

  scalar(v: Node | null): unknown {
    return scalarValue(v);
  }

  plain(v: Node | null): unknown {
    return toPlain(v, this.doc);
  }
}

function listed(out: ReadonlyArray<unknown>, key: string): boolean {
  for (let i = 0; i < out.length; i += 2) if (out[i] === key) return true;
  return false;
}

/** Plain JSON values (tests, and callers that already hold a plain object). */
export const plainAdapter: ValueAdapter<unknown> = {
  shape: (v) => (Array.isArray(v) ? 'array' : v !== null && typeof v === 'object' ? 'object' : 'scalar'),
  entries: (v) => Object.entries(v as object).flat(),
  items: (v) => v as unknown[],
  scalar: (v) => v,
  plain: (v) => v,
};
