import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { lintCannotConcern, lintManifests, mayNamePatches, type YamlFile } from '../../../../src/core/cert-manager';
import { parseYamlLimited } from '../../../../src/core/util/yaml-limits';
import { parseCacheHas } from '../../../../src/core/k8s/parse-yaml';

const FIX = join(__dirname, '../../../fixtures');
const NOW = new Date('2025-06-01T00:00:00Z');

function yamlFiles(dir: string): YamlFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [{ path: relative(FIX, p), text: readFileSync(p, 'utf8') }] : [];
  });
}

/** What the pre-screen assumes of a file: its YAML parses without a syntax error and within the limits. */
function parsesCleanly(text: string): boolean {
  const { docs, problems } = parseYamlLimited(text);
  return problems.length === 0 && docs.every((d) => d.errors.length === 0);
}

const secret =
  'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: s\ndata:\n  tls.crt: TFMwdExTMUNSVWRKVGlCRFJWSlU=\n';

/** Each resource the linter reads, written so that it gives a finding; each must be screened in. */
const CONCERNING: Record<string, string> = {
  'cert-manager Certificate': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\nspec:\n  secretName: s\n',
  'legacy group': 'apiVersion: certmanager.k8s.io/v1alpha1\nkind: Certificate\nmetadata:\n  name: c\nspec:\n  secretName: s\n',
  'trust Bundle (schema)': 'apiVersion: trust.cert-manager.io/v1alpha1\nkind: Bundle\nmetadata:\n  name: b\nspec: 5\n',
  'trust-manager ClusterBundle (schema)': 'apiVersion: trust-manager.io/v1alpha2\nkind: ClusterBundle\nmetadata:\n  name: b\nspec: 5\n',
  'ACME Order (schema)': 'apiVersion: acme.cert-manager.io/v1\nkind: Order\nmetadata:\n  name: o\nspec: 5\n',
  'Ingress, tls-acme': `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\n  annotations:\n    kubernetes.io/tls-acme: "true"\nspec:\n  tls:\n  - hosts: [a.example.com]\n`,
  'legacy extensions Ingress': `apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: i\n  annotations:\n    kubernetes.io/tls-acme: "true"\nspec:\n  tls:\n  - hosts: [a.example.com]\n`,
  'group behind an escape': 'apiVersion: "cert\\u002dmanager.io/v1"\nkind: Certificate\nmetadata:\n  name: c\nspec:\n  secretName: s\n',
  'group behind an escaped line break':
    'apiVersion: "cert-\\\n  manager.io/v1"\nkind: Certificate\nmetadata:\n  name: c\nspec:\n  secretName: s\n',
  'in a List': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: cert-manager.io/v1\n  kind: Certificate\n  metadata: {name: c}\n  spec: {secretName: s}\n`,
};

describe('cert-manager lint pre-screen', () => {
  it('screens in every resource the linter reads (each gives a finding here)', () => {
    for (const [name, text] of Object.entries(CONCERNING)) {
      const file = { path: 'x.yaml', text: `${secret}---\n${text}` };
      const [r] = lintManifests([file], { now: NOW });
      assert.ok(r && r.problems.length > 0, `${name}: the fixture gives no finding`);
      assert.equal(lintCannotConcern(file), false, name);
    }
  });

  it('screens in templates, doc snippets and kustomizations, which the linter reads differently', () => {
    const cases: Array<[string, YamlFile]> = [
      ['Helm action', { path: 'a.yaml', text: `${secret}  x: {{ .Values.x }}\n` }],
      ['Helm chart folder', { path: 'chart/templates/a.yaml', text: secret }],
      ['Terraform template', { path: 'a.tpl', text: secret }],
      ['Terraform directive', { path: 'a.yaml', text: `%{ if x }\n${secret}%{ endif }\n` }],
      ['elision', { path: 'a.yaml', text: `${secret}  ...\n` }],
      ['elision (ellipsis)', { path: 'a.yaml', text: `${secret}  …\n` }],
      ['kustomization by path', { path: 'base/kustomization.yaml', text: secret }],
      [
        'kustomization by kind',
        { path: 'a.yaml', text: `${secret}---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n` },
      ],
      ['component', { path: 'a.yaml', text: 'kind: Component\n' }],
    ];
    for (const [name, file] of cases) assert.equal(lintCannotConcern(file), false, name);
    assert.equal(lintCannotConcern({ path: 'secrets.yaml', text: secret }), true);
    assert.equal(lintCannotConcern({ path: 'secrets.yaml', text: secret }, true), false, 'a part held a word');
  });

  it('a file it screens out gets no item and no finding, and leaving it out changes no other file (every YAML fixture)', () => {
    const extra = Object.entries(CONCERNING).map(([name, text], i) => ({ path: `concerning-${i}.yaml`, text: `# ${name}\n${text}` }));
    const files = [...yamlFiles(FIX), ...extra, { path: 'secrets.yaml', text: `${secret}---\n${secret}` }];
    const inert = files.filter((f) => parsesCleanly(f.text) && lintCannotConcern(f));
    assert.ok(inert.length >= 3 && inert.length < files.length, `${inert.length} of ${files.length}`);
    for (const f of inert) assert.deepStrictEqual(lintManifests([f], { now: NOW }), [{ path: f.path, items: [], problems: [] }], f.path);
    // Across files, as the CLI lints them: without the kustomizations, which may name any file as a patch.
    const set = files.filter((f) => !mayNamePatches(f));
    const skipped = new Set(inert.map((f) => f.path));
    const all = lintManifests(set, { now: NOW }).filter((r) => !skipped.has(r.path));
    const rest = lintManifests(
      set.filter((f) => !skipped.has(f.path)),
      { now: NOW },
    );
    assert.ok(rest.some((r) => r.problems.length > 0));
    assert.deepStrictEqual(rest, all);
  });

  it('the linter parses no clean file it screens out, and still parses one with a syntax error or beside a kustomization', () => {
    const parses = (files: YamlFile[]): number => {
      const results = lintManifests(files, { now: NOW });
      assert.ok(results.every((r) => r.problems.every((p) => p.code === 'yaml-syntax')));
      return files.filter((f) => parseCacheHas(f.text)).length;
    };
    const unique = (n: string): string => secret.replace('name: s\n', `name: s-${n}-${Math.random()}\n`);
    assert.equal(parses([{ path: 'secrets.yaml', text: unique('a') }]), 0);
    const broken = { path: 'secrets.yaml', text: `${unique('b')}  ca.crt: [\n` };
    assert.equal(parses([broken]), 1);
    assert.equal(lintManifests([broken], { now: NOW })[0]?.problems[0]?.code, 'yaml-syntax');
    const kustomization = { path: 'kustomization.yaml', text: 'resources: []\n' };
    assert.equal(parses([kustomization, { path: 'secrets.yaml', text: unique('c') }]), 2);
  });
});
