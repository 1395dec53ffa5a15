import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintManifests } from '../../../../src/core/cert-manager';
import { indexPatches, joinPath } from '../../../../src/core/cert-manager/kustomize';
import { parseYamlFile } from '../../../../src/core/cert-manager/yaml-doc';

const NOW = new Date('2026-11-22T00:00:00Z');
const ISSUER =
  'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: le\nspec:\n  acme:\n    email: a@b.c\n    solvers: []\n';
const CERT =
  'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  dnsNames: [a.example.com]\n  privateKey: {rotationPolicy: Always}\n  issuerRef: {name: le, kind: ClusterIssuer}\n';

const codes = (files: Array<{ path: string; text: string }>, path: string): string[] =>
  (lintManifests(files, { now: NOW }).find((r) => r.path === path)?.problems ?? [{ code: 'no result', severity: 'error' }])
    .filter((p) => p.severity === 'error')
    .map((p) => p.code);

describe('joinPath', () => {
  const cases: Array<[string, string, string]> = [
    ['overlays/prod/', 'patch.yaml', 'overlays/prod/patch.yaml'],
    ['overlays/prod/', '../../base/x.yaml', 'base/x.yaml'],
    ['file:///repo/overlays/prod/', '../../base/x.yaml', 'file:///repo/base/x.yaml'],
    ['', './p.yaml', 'p.yaml'],
  ];
  for (const [dir, rel, want] of cases) it(`${dir} + ${rel}`, () => assert.equal(joinPath(dir, rel), want));
});

describe('kustomize patches supply missing fields', () => {
  it('without a kustomization the base is reported (CM031 twice, CM008)', () => {
    assert.deepEqual(codes([{ path: 'base/issuer.yaml', text: ISSUER }], 'base/issuer.yaml'), ['CM031', 'CM031']);
    assert.deepEqual(codes([{ path: 'base/cert.yaml', text: CERT }], 'base/cert.yaml'), ['CM008']);
  });
  it('a strategic-merge patch file and an inline JSON 6902 patch supply them', () => {
    const files = [
      { path: 'base/issuer.yaml', text: ISSUER },
      { path: 'base/cert.yaml', text: CERT },
      {
        path: 'prod/kustomization.yaml',
        text: 'resources: [../base]\npatches:\n  - path: issuer-patch.yaml\n  - target: {kind: Certificate, name: web}\n    patch: |-\n      - op: add\n        path: /spec/secretName\n        value: web-tls\n',
      },
      {
        path: 'prod/issuer-patch.yaml',
        text: 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: le\nspec:\n  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    privateKeySecretRef: {name: le}\n',
      },
    ];
    assert.deepEqual(codes(files, 'base/issuer.yaml'), []);
    assert.deepEqual(codes(files, 'base/cert.yaml'), []);
    assert.deepEqual(codes(files, 'prod/issuer-patch.yaml'), []);
  });
  it('a patch for another name, or for other fields, supplies nothing', () => {
    const files = [
      { path: 'base/cert.yaml', text: CERT },
      {
        path: 'prod/kustomization.yaml',
        text: 'patches:\n  - target: {kind: Certificate, name: other}\n    patch: |-\n      - op: add\n        path: /spec/secretName\n        value: x\n  - target: {kind: Certificate, name: web}\n    patch: |-\n      - op: add\n        path: /spec/duration\n        value: 720h0m0s\n',
      },
    ];
    assert.deepEqual(codes(files, 'base/cert.yaml'), ['CM008']);
  });
  it('patchesStrategicMerge paths mark patch files', () => {
    const idx = indexPatches([
      parseYamlFile({ path: 'o/kustomization.yml', text: 'patchesStrategicMerge:\n  - cert.yaml\n' }),
      parseYamlFile({ path: 'o/cert.yaml', text: CERT }),
    ]);
    assert.ok(idx.patchFiles.has('o/cert.yaml'));
    assert.ok(idx.supplied('Certificate', 'web', 'spec.issuerRef.name'));
    assert.ok(!idx.supplied('Certificate', 'web', 'spec.secretName'));
  });
});
