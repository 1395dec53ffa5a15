/**
 * CRD schema validation of the 1,000 documents of cert-manager.bench.ts:
 * the interpreter on the YAML nodes (what the linter runs) beside ajv on a
 * plain copy (what it ran before: toPlain + compiled validators), alternating
 * in one process; ajv's set-up and compile time is printed apart.
 * Run: npx tsx bench/cert-manager-schema.bench.ts
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments, type Document, type Node } from 'yaml';
import crds from '../src/core/cert-manager/schema/crd-schemas.json';
import { validateNode } from '../src/core/cert-manager/schema/validate';
import { toPlain } from '../src/core/cert-manager/schema/node-value';
import { generateManifest } from './lib/cert-manager-manifest';
const docs = parseAllDocuments(generateManifest(), { uniqueKeys: false, strict: false }) as Document.Parsed[];
const t0 = performance.now();
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, inlineRefs: false, code: { optimize: false } });
addFormats(ajv, ['date-time', 'byte', 'int32', 'int64']);
ajv.addSchema({ $id: 'cm-crd-defs', $defs: crds.defs as Record<string, object> });
const fns = new Map(crds.kinds.filter((k) => k.group === 'cert-manager.io').map((k) => [k.kind, ajv.compile(k.schema as object)]));
console.log('ajv setup+compile (4 cert-manager kinds)', (performance.now() - t0).toFixed(0), 'ms');
const kindOf = (d: Document.Parsed): string => String((d.contents as { get(k: string): unknown }).get('kind'));
const A = (): number => {
  let n = 0;
  for (const d of docs) {
    const f = fns.get(kindOf(d));
    if (f && !f(toPlain(d.contents as Node, d))) n += f.errors?.length ?? 0;
  }
  return n;
};
const B = () => {
  let n = 0;
  for (const d of docs) n += validateNode('cert-manager.io', 'v1', kindOf(d), d.contents as Node, d).length;
  return n;
};
const ta: number[] = [],
  tb: number[] = [];
for (let i = 0; i < 21; i++) {
  let t = performance.now();
  const a = A();
  ta.push(performance.now() - t);
  t = performance.now();
  const b = B();
  tb.push(performance.now() - t);
  if (i === 0) console.log('errors', a, b);
}
const med = (x: number[]): string => (x.sort((p, q) => p - q)[10] ?? NaN).toFixed(1);
console.log('1,000 documents: toPlain + ajv', med(ta), 'ms; interpreter on nodes', med(tb), 'ms (medians of 21, alternating)');
