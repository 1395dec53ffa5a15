// Builds src/core/cert-manager/schema/crd-schemas.json from the cert-manager
// and trust-manager CustomResourceDefinitions (Apache-2.0, see
// THIRD-PARTY-NOTICES.md), so the linter validates against the real
// openAPIV3Schema of every served version without reading files at runtime.
//
// Usage: node scripts/gen-cert-manager-schemas.mjs [CRD_DIR [OUT]]
// (default ../shared/reference/cert-manager-crds, relative to the repository;
// npm run schemas:cert-manager)
//
// Kubernetes structural-schema extensions become plain JSON Schema for ajv:
// - an object with `properties` and without x-kubernetes-preserve-unknown-fields
//   gets additionalProperties: false (the API server rejects unknown fields
//   under kubectl's default --validate=strict);
// - x-kubernetes-int-or-string keeps its anyOf [integer, string];
// - descriptions, list/map-type markers and CEL x-kubernetes-validations are
//   dropped (CEL rules are not evaluated; the linter's own rules cover the
//   ones that matter, e.g. Venafi tpp/cloud/ngts);
// - nulls are pruned by the linter before validation, as the API server
//   prunes nulls of non-nullable fields, so `nullable` is dropped;
// - metadata stays open (the API server validates ObjectMeta itself);
// - subtrees repeated across kinds (ACME solvers in Issuer, ClusterIssuer and
//   Challenge) are stored once under $defs.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(process.argv[2] ?? join(root, '../shared/reference/cert-manager-crds'));
const out = resolve(process.argv[3] ?? join(root, 'src/core/cert-manager/schema/crd-schemas.json'));

const DROP = new Set([
  'description',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'nullable',
  'default',
]);

function convert(s) {
  if (Array.isArray(s)) return s.map(convert);
  if (s === null || typeof s !== 'object') return s;
  const o = {};
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k)) continue;
    if (k === 'properties') o[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, convert(ps)]));
    else o[k] = convert(v);
  }
  if (s['x-kubernetes-int-or-string'] && !o.anyOf) o.anyOf = [{ type: 'integer' }, { type: 'string' }];
  if (s.properties && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) o.additionalProperties = false;
  return o;
}

function rootSchema(s) {
  const c = convert(s);
  c.properties.metadata = { type: 'object' };
  return c;
}

// Store schema subtrees that occur more than once (and are big enough to
// matter) once. Only schema positions are shared: a `properties` map itself
// is not a schema.
function children(node) {
  const out = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties') for (const [p, ps] of Object.entries(v)) out.push([k, p, ps]);
    else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') out.push([k, undefined, v]);
    else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') v.forEach((x, i) => out.push([k, i, x]));
  }
  return out;
}

function dedupe(kinds) {
  const seen = new Map();
  const count = (node) => {
    const json = JSON.stringify(node);
    if (json.length > 1500) seen.set(json, (seen.get(json) ?? 0) + 1);
    for (const [, , c] of children(node)) count(c);
  };
  for (const k of kinds) count(k.schema);
  const defs = {};
  const ids = new Map();
  const replace = (node, top) => {
    const json = JSON.stringify(node);
    if (!top && (seen.get(json) ?? 0) > 1) {
      let id = ids.get(json);
      if (!id) {
        id = `d${createHash('sha256').update(json).digest('hex').slice(0, 10)}`;
        ids.set(json, id);
        defs[id] = replace(node, true);
      }
      return { $ref: `cm-crd-defs#/$defs/${id}` };
    }
    const copy = { ...node };
    for (const [k, key, c] of children(node)) {
      const r = replace(c, false);
      if (k === 'properties') copy.properties = { ...copy.properties, [key]: r };
      else if (key === undefined) copy[k] = r;
      else copy[k] = copy[k].map((x, i) => (i === key ? r : x));
    }
    return copy;
  };
  return { defs, kinds: kinds.map((k) => ({ ...k, schema: replace(k.schema, true) })) };
}

const kinds = [];
const sources = [];
for (const f of readdirSync(dir)
  .filter((n) => n.endsWith('.yaml'))
  .sort()) {
  const text = readFileSync(join(dir, f), 'utf8');
  const src = /^# Source: (\S+)/m.exec(text)?.[1];
  const tag = /^# Tag (\S+), commit ([0-9a-f]+)/m.exec(text);
  sources.push({ file: f, source: src, tag: tag?.[1], commit: tag?.[2] });
  for (const d of parseAllDocuments(text)) {
    const crd = d.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions) {
      if (!v.served) continue;
      kinds.push({ group: crd.spec.group, version: v.name, kind: crd.spec.names.kind, schema: rootSchema(v.schema.openAPIV3Schema) });
    }
  }
}
const { defs, kinds: outKinds } = dedupe(kinds);
mkdirSync(dirname(out), { recursive: true });
const doc = {
  generatedBy: 'scripts/gen-cert-manager-schemas.mjs',
  license: 'Apache-2.0 (cert-manager and trust-manager authors); see THIRD-PARTY-NOTICES.md',
  sources,
  defs,
  kinds: outKinds,
};
writeFileSync(out, `${JSON.stringify(doc)}\n`);
console.log(
  `wrote ${out}: ${outKinds.map((k) => `${k.group}/${k.version} ${k.kind}`).join(', ')}; ${Object.keys(defs).length} shared defs; ${(JSON.stringify(doc).length / 1024).toFixed(0)} KiB`,
);
