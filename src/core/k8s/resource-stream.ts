/**
 * `certlens scan -` on `kubectl get secrets -A -o yaml` or
 * `kubectl get certificates,secrets -A -o json`: the stream is split into
 * its resources (a `List`'s items, or the documents of a multi-document
 * YAML stream), each re-serialised as its own text and named
 * `namespace/name` so findings say which Secret or Certificate they are on.
 */
import { parseAllDocuments, stringify } from 'yaml';

export interface StreamResource {
  /** `namespace/name`; ` [Kind]` is added when two resources share it. */
  readonly name: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly resourceName: string;
  readonly apiVersion: string;
  /** The resource alone, as YAML (or JSON when the stream was JSON). */
  readonly text: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The resources of a YAML/JSON stream, or undefined when it is not one
 * (PEM text, a YAML syntax error, no object with apiVersion and kind).
 */
export function splitResourceStream(text: string): StreamResource[] | undefined {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!/^(\{|\[|apiVersion:|kind:|---|items:|metadata:|#)/m.test(trimmed.slice(0, 2000)) && !/^\s*apiVersion:/m.test(trimmed))
    return undefined;
  let docs;
  try {
    docs = parseAllDocuments(trimmed, { uniqueKeys: false });
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) return undefined;
  const json = trimmed.startsWith('{') || trimmed.startsWith('[');
  const found: Obj[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v) && Array.isArray(v.items) && (typeof v.kind !== 'string' || v.kind.endsWith('List'))) v.items.forEach(visit);
    else if (isObj(v) && typeof v.kind === 'string' && typeof v.apiVersion === 'string') found.push(v);
  };
  for (const d of docs) visit(d.toJS({ maxAliasCount: 100 }));
  if (found.length === 0) return undefined;
  const named = found.map((r, i) => {
    const meta = isObj(r.metadata) ? r.metadata : {};
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    const resourceName = typeof meta.name === 'string' ? meta.name : `${String(r.kind)}#${i + 1}`;
    return { r, namespace, resourceName, base: namespace === undefined ? resourceName : `${namespace}/${resourceName}` };
  });
  const count = new Map<string, number>();
  for (const n of named) count.set(n.base, (count.get(n.base) ?? 0) + 1);
  return named.map(({ r, namespace, resourceName, base }) => ({
    name: (count.get(base) ?? 0) > 1 ? `${base} [${String(r.kind)}]` : base,
    kind: String(r.kind),
    ...(namespace !== undefined && { namespace }),
    resourceName,
    apiVersion: String(r.apiVersion),
    text: json ? `${JSON.stringify(r, null, 2)}\n` : stringify(r, { lineWidth: 0 }),
  }));
}
