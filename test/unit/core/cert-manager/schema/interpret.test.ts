/**
 * The schema interpreter against ajv, the validator it replaces: the same
 * errors (keyword, instance path, params, message, data, inside-anyOf) in
 * the same order for each instance path, on every resource of every YAML
 * fixture, on the nodes and on the plain value alike, and on generated
 * Certificates and Issuers with wrong values planted anywhere.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parseAllDocuments, type Document, type Node } from 'yaml';
import crds from '../../../../../src/core/cert-manager/schema/crd-schemas.json';
import { hasSchema, validateNode, validateResource } from '../../../../../src/core/cert-manager/schema/validate';
import { toPlain } from '../../../../../src/core/cert-manager/schema/node-value';

const FIXTURES = join(__dirname, '../../../../fixtures');

// The configuration the linter used with ajv.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, inlineRefs: false, code: { optimize: false } });
addFormats(ajv, ['date-time', 'byte', 'int32', 'int64']);
ajv.addSchema({ $id: 'cm-crd-defs', $defs: crds.defs as Record<string, object> });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

function ajvErrors(group: string, version: string, kind: string, value: unknown): ErrorObject[] {
  const k = `${group}/${version}/${kind}`;
  let fn = compiled.get(k);
  if (!fn) {
    const entry = crds.kinds.find((x) => `${x.group}/${x.version}/${x.kind}` === k);
    assert.ok(entry);
    fn = ajv.compile(entry.schema as object);
    compiled.set(k, fn);
  }
  return fn(value) ? [] : [...(fn.errors ?? [])];
}

type Comparable = { keyword: string; instancePath: string; params: unknown; message?: string; data?: unknown; anyOf: boolean };
/** Errors grouped by instance path, in order within each path (the linter sorts findings by position). */
function normal(errors: ReadonlyArray<Omit<Comparable, 'anyOf'> & { schemaPath: string }>): Comparable[] {
  const out = errors.map(({ keyword, instancePath, params, message, data, schemaPath }) => ({
    keyword,
    instancePath,
    params,
    message,
    data,
    anyOf: schemaPath.includes('/anyOf/'),
  }));
  return out.sort((a, b) => (a.instancePath < b.instancePath ? -1 : a.instancePath > b.instancePath ? 1 : 0));
}

function gvk(v: unknown): [string, string, string] | undefined {
  const o = v as { apiVersion?: unknown; kind?: unknown } | null;
  if (!o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return undefined;
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return group !== undefined && version !== undefined && hasSchema(group, version, o.kind) ? [group, version, o.kind] : undefined;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(f) ? [p] : [];
  });
}

describe('schema interpreter = ajv', () => {
  it('on every schema-bearing resource of the YAML fixtures (nodes and plain values)', () => {
    let resources = 0;
    let withErrors = 0;
    for (const file of yamlFiles(FIXTURES)) {
      const docs = parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: false, strict: false }) as Document.Parsed[];
      if (!Array.isArray(docs)) continue;
      for (const doc of docs) {
        if (doc.errors.length) continue;
        const plain = toPlain(doc.contents as Node | null, doc);
        const k = gvk(plain);
        if (!k) continue;
        resources++;
        const want = normal(ajvErrors(...k, plain));
        if (want.length) withErrors++;
        assert.deepEqual(normal(validateNode(...k, doc.contents as Node | null, doc)), want, `${file}: nodes`);
        assert.deepEqual(normal(validateResource(...k, plain)), want, `${file}: plain`);
      }
    }
    assert.ok(resources > 100 && withErrors > 10, `${resources} resources, ${withErrors} with errors`);
  });

  const base = {
    Certificate: {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'x' },
      spec: {
        secretName: 'x',
        issuerRef: { name: 'ca', kind: 'Issuer' },
        dnsNames: ['a.example.com'],
        duration: '2160h',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        revisionHistoryLimit: 1,
        usages: ['server auth'],
        keystores: { pkcs12: { create: true, passwordSecretRef: { name: 'p', key: 'k' } } },
        secretTemplate: { labels: { a: 'b' } },
      },
    },
    Issuer: {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: 'x' },
      spec: {
        acme: {
          server: 'https://acme.example/dir',
          privateKeySecretRef: { name: 'k' },
          solvers: [{ http01: { ingress: { podTemplate: { spec: { resources: { limits: { cpu: 1, memory: '64Mi' } } } } } } }],
        },
      },
    },
  } as const;
  const odd = fc.oneof(
    fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 40, '', 'x', 'rsa', 'ECDSA', '1h', '2026-01-01T00:00:00Z', 'not base64!', [], {}, ['a'], {
      a: 1,
    }),
    fc.string(),
    fc.integer(),
  );
  /** Every path into the value, as key lists. */
  function paths(v: unknown, at: string[] = []): string[][] {
    const out = [at];
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, String(i)])));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
    return out;
  }
  function plant(v: unknown, at: readonly string[], value: unknown, extraKey?: string): unknown {
    if (at.length === 0)
      return extraKey !== undefined && v && typeof v === 'object' && !Array.isArray(v) ? { ...v, [extraKey]: value } : value;
    const [head, ...rest] = at as [string, ...string[]];
    if (Array.isArray(v)) return v.map((x, i) => (String(i) === head ? plant(x, rest, value, extraKey) : x));
    const o = { ...(v as Record<string, unknown>) };
    o[head] = plant(o[head], rest, value, extraKey);
    return o;
  }
  for (const kind of ['Certificate', 'Issuer'] as const) {
    it(`on generated ${kind}s with wrong values planted anywhere`, () => {
      const all = paths(base[kind]).filter((p) => p.length > 0);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(all.length - 1), odd, fc.option(fc.constantFrom('extra', 'secretname', 'size', 'kind'))), {
            minLength: 1,
            maxLength: 4,
          }),
          (plants) => {
            let v: unknown = base[kind];
            for (const [i, value, extraKey] of plants) v = plant(v, all[i] ?? [], value, extraKey ?? undefined);
            // The API server never sees null values: the linter prunes them (toPlain).
            const doc = parseAllDocuments(JSON.stringify(v)) as Document.Parsed[];
            const d = doc[0];
            assert.ok(d);
            const plain = toPlain(d.contents as Node | null, d);
            const want = normal(ajvErrors('cert-manager.io', 'v1', kind, plain));
            assert.deepEqual(normal(validateResource('cert-manager.io', 'v1', kind, plain)), want);
            assert.deepEqual(normal(validateNode('cert-manager.io', 'v1', kind, d.contents as Node | null, d)), want);
          },
        ),
        { numRuns: 300, seed: 11 },
      );
    });
  }
});
