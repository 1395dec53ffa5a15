import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintManifest, type Fix } from '../../../../src/core/cert-manager';

const NOW = new Date('2026-11-22T00:00:00Z');
const lint = (text: string, path = 'x.yaml') => lintManifest({ path, text }, { now: NOW }).problems;
const schema = (text: string, path?: string) => lint(text, path).filter((p) => /^CM03\d$/.test(p.code));
const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);
const applyFirstFix = (text: string, fix: Fix) => text.slice(0, fix.span.start) + fix.newText + text.slice(fix.span.end);

const CERT = (body: string) =>
  `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\nspec:\n  secretName: c\n  issuerRef: {name: ca, kind: ClusterIssuer}\n  privateKey: {rotationPolicy: Always}\n${body}`;

describe('schema findings sit on the exact node', () => {
  const cases: Array<[string, string, string, string]> = [
    ['unknown field → the key', CERT('  dnsName: [a.example.com]\n  commonName: a\n'), 'CM030', 'dnsName'],
    ['wrong type → the value', CERT('  dnsNames: a.example.com\n'), 'CM032', 'a.example.com'],
    ['enum → the value', CERT('  dnsNames: [a]\n  additionalOutputFormats: [{type: der}]\n'), 'CM033', 'der'],
    ['CRLF input', CERT('  dnsNames: [a]\n  usage: [server auth]\n').replace(/\n/g, '\r\n'), 'CM030', 'usage'],
  ];
  for (const [name, text, code, written] of cases)
    it(name, () => {
      const p = schema(text);
      assert.deepEqual(
        p.map((x) => [x.code, at(text, x.span)]),
        [[code, written]],
      );
    });
  it('missing required → the key of the mapping that lacks it', () => {
    const text = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: i}\nspec:\n  acme:\n    solvers: []\n';
    assert.deepEqual(
      schema(text).map((x) => [x.code, at(text, x.span), x.message.match(/"([^"]+)"/)?.[1]]),
      [
        ['CM031', 'acme', 'spec.acme.privateKeySecretRef'],
        ['CM031', 'acme', 'spec.acme.server'],
      ],
    );
  });
});

describe('did you mean, and fixes that close the finding', () => {
  const cases: Array<[string, string, string]> = [
    [
      'field rename',
      CERT('  dnsNames: [a]\n  nameConstraints:\n    permitted:\n      emailAddress: [x]\n  isCA: true\n'),
      'emailAddresses',
    ],
    ['enum case', CERT('  dnsNames: [a]\n  additionalOutputFormats: [{type: combinedPEM}]\n'), 'CombinedPEM'],
  ];
  for (const [name, text, want] of cases)
    it(name, () => {
      const [p] = schema(text);
      assert.ok(p);
      assert.match(p.message, new RegExp(`Did you mean "${want}"`));
      const fix = (p.data as { fix?: Fix }).fix;
      assert.equal(fix?.newText, want);
      if (fix) assert.deepEqual(schema(applyFirstFix(text, fix)), []);
    });
});

describe('templates and duplicates', () => {
  it('a templated value gets no type, enum or pattern finding', () => {
    const text = CERT('  dnsNames: {{ toYaml .Values.dnsNames }}\n  revisionHistoryLimit: {{ .Values.limit }}\n');
    assert.deepEqual(schema(text, 'templates/c.yaml'), []);
  });
  it('a Terraform placeholder gets none either', () => {
    const text = CERT('  dnsNames:\n%{ for h in hosts ~}\n    - ${h}\n%{ endfor ~}\n  revisionHistoryLimit: ${limit}\n');
    assert.deepEqual(
      lint(text, 'c.tftpl').filter((p) => p.severity === 'error'),
      [],
    );
  });
  it('YAML 1.1 booleans read as kubectl reads them', () => {
    assert.deepEqual(schema(CERT('  dnsNames: [a]\n  encodeUsagesInRequest: yes\n')), []);
    assert.deepEqual(
      schema(CERT('  dnsNames: [a]\n  encodeUsagesInRequest: "yes"\n')).map((p) => p.code),
      ['CM032'],
    );
  });
  it('a webhook rule on the same node wins over the schema finding', () => {
    const text = CERT('  dnsNames: [a]\n  duration: 2160\n');
    assert.deepEqual(
      lint(text)
        .filter((p) => p.severity === 'error')
        .map((p) => p.code),
      ['CM002'],
    );
  });
});

describe('the schema codes disabled', () => {
  it('give the other findings unchanged (the CRD check is then skipped)', () => {
    // A schema error (CM030) beside webhook findings, and a wrong type a webhook rule also reports.
    const text = CERT('  dnsName: [a.example.com]\n  duration: 1h\n  renewBefore: 2h\n  isCA: "yes"\n');
    const all = lint(text);
    assert.ok(all.some((p) => p.code === 'CM030'));
    assert.ok(all.some((p) => !/^CM03\d$/.test(p.code)));
    const off = lintManifest({ path: 'x.yaml', text }, { now: NOW, disabledRules: ['CM030', 'CM031', 'CM032', 'CM033', 'CM034'] });
    assert.deepEqual(
      off.problems,
      all.filter((p) => !/^CM03\d$/.test(p.code)),
    );
  });
});
