import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SCHEMA_KINDS, SCHEMA_SOURCES, hasSchema, validateResource } from '../../../../../src/core/cert-manager/schema/validate';

describe('embedded CRD schemas', () => {
  it('cover every served version of the cert-manager and trust-manager CRDs', () => {
    assert.deepEqual(SCHEMA_KINDS.map((k) => `${k.group}/${k.version} ${k.kind}`).sort(), [
      'acme.cert-manager.io/v1 Challenge',
      'acme.cert-manager.io/v1 Order',
      'cert-manager.io/v1 Certificate',
      'cert-manager.io/v1 CertificateRequest',
      'cert-manager.io/v1 ClusterIssuer',
      'cert-manager.io/v1 Issuer',
      'trust-manager.io/v1alpha2 ClusterBundle',
      'trust.cert-manager.io/v1alpha1 Bundle',
    ]);
    assert.ok(SCHEMA_SOURCES.every((s) => /^v\d/.test(s.tag ?? '') && /^[0-9a-f]{40}$/.test(s.commit ?? '')));
  });
  it('the generated module is committed output of the generator (sources listed)', () => {
    const json = JSON.parse(readFileSync(join(__dirname, '../../../../../src/core/cert-manager/schema/crd-schemas.json'), 'utf8')) as {
      generatedBy: string;
    };
    assert.equal(json.generatedBy, 'scripts/gen-cert-manager-schemas.mjs');
    assert.ok(readdirSync(join(__dirname, '../../../../../scripts')).includes('gen-cert-manager-schemas.mjs'));
  });
  it('the committed JSON is what the generator makes from the CRDs (when they are at hand)', (t) => {
    const crds = join(__dirname, '../../../../../../shared/reference/cert-manager-crds');
    if (!existsSync(crds)) return t.skip('CRD reference copies not present');
    const out = join(mkdtempSync(join(tmpdir(), 'cm-schemas-')), 'out.json');
    execFileSync(process.execPath, [join(__dirname, '../../../../../scripts/gen-cert-manager-schemas.mjs'), crds, out]);
    const committed = readFileSync(join(__dirname, '../../../../../src/core/cert-manager/schema/crd-schemas.json'), 'utf8');
    assert.equal(readFileSync(out, 'utf8'), committed);
  });
  it('legacy versions have no schema (CM001 covers them)', () => {
    assert.equal(hasSchema('cert-manager.io', 'v1alpha2', 'Certificate'), false);
  });
  const cert = (spec: Record<string, unknown>) => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'x' },
    spec,
  });
  const cases: Array<[string, unknown, string[]]> = [
    ['valid', cert({ secretName: 'x', issuerRef: { name: 'ca' }, dnsNames: ['a'] }), []],
    ['unknown field', cert({ secretName: 'x', issuerRef: { name: 'ca' }, secretname: 'y' }), ['additionalProperties /spec']],
    ['missing required', cert({ issuerRef: { name: 'ca' } }), ['required /spec']],
    ['wrong type', cert({ secretName: 'x', issuerRef: { name: 'ca' }, isCA: 'yes' }), ['type /spec/isCA']],
    ['enum', cert({ secretName: 'x', issuerRef: { name: 'ca' }, privateKey: { algorithm: 'rsa' } }), ['enum /spec/privateKey/algorithm']],
    [
      'int32 bound',
      cert({ secretName: 'x', issuerRef: { name: 'ca' }, revisionHistoryLimit: 2 ** 40 }),
      ['format /spec/revisionHistoryLimit'],
    ],
    ['metadata is open', { ...cert({ secretName: 'x', issuerRef: { name: 'ca' } }), metadata: { name: 'x', whatever: 1 } }, []],
  ];
  for (const [name, value, want] of cases)
    it(name, () => {
      const got = validateResource('cert-manager.io', 'v1', 'Certificate', value).map((e) => `${e.keyword} ${e.instancePath}`);
      assert.deepEqual([...new Set(got)], want);
    });
  it('an unknown kind validates to nothing', () => {
    assert.deepEqual(validateResource('example.com', 'v1', 'Widget', { a: 1 }), []);
  });
  it('int-or-string accepts both (ACME solver resources)', () => {
    const issuer = (limits: unknown) => ({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: 'x' },
      spec: {
        acme: {
          server: 'https://acme.example/dir',
          privateKeySecretRef: { name: 'k' },
          solvers: [{ http01: { ingress: { podTemplate: { spec: { resources: { limits } } } } } }],
        },
      },
    });
    // podTemplate.spec.resources may not exist in every version; accept either outcome shape but require no type error on valid values.
    const ok = validateResource('cert-manager.io', 'v1', 'Issuer', issuer({ cpu: 1, memory: '64Mi' }));
    assert.ok(!ok.some((e) => e.keyword === 'anyOf'), JSON.stringify(ok));
  });
});
