import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintManifest } from '../../../../src/core/cert-manager';
import { parseGoDuration } from '../../../../src/core/cert-manager/duration';

const NOW = new Date('2026-11-22T00:00:00Z');

function caWithLeaf(ca: { duration: string; renewBefore: string }, leaf: { duration: string }): string {
  return `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: {name: selfsigned}
spec: {selfSigned: {}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: root}
spec:
  isCA: true
  commonName: Root
  secretName: root
  duration: ${ca.duration}
  renewBefore: ${ca.renewBefore}
  privateKey: {rotationPolicy: Never}
  issuerRef: {name: selfsigned, kind: ClusterIssuer}
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: {name: root-ca}
spec: {ca: {secretName: root}}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: leaf}
spec:
  secretName: leaf
  duration: ${leaf.duration}
  dnsNames: [a.example.com]
  privateKey: {rotationPolicy: Always}
  issuerRef: {name: root-ca, kind: ClusterIssuer}
`;
}

const ns = (s: string): number => {
  const p = parseGoDuration(s);
  assert.ok(p.ok);
  return p.ns;
};

describe('CM111: the proposed renewBefore stays below the CA duration', () => {
  const cases: Array<[string, { duration: string; renewBefore: string }, string, string | undefined]> = [
    // leaf 2160h + its default third (720h) = 2880h fits in 8760h.
    ['comfortable overlap fits', { duration: '8760h0m0s', renewBefore: '720h0m0s' }, '2160h0m0s', '2880h0m0s'],
    // 2880h does not fit under 3000h - 150h; the leaf lifetime (2160h) does.
    ['only the leaf lifetime fits', { duration: '3000h0m0s', renewBefore: '720h0m0s' }, '2160h0m0s', '2160h0m0s'],
    // The leaf lives as long as the CA: no renewBefore can work.
    ['shorten the leaf', { duration: '2160h0m0s', renewBefore: '720h0m0s' }, '2160h0m0s', undefined],
  ];
  for (const [name, ca, leaf, want] of cases)
    it(name, () => {
      const text = caWithLeaf(ca, { duration: leaf });
      const p = lintManifest({ path: 'ca.yaml', text }, { now: NOW }).problems.find((x) => x.code === 'CM111');
      assert.ok(p, 'CM111 expected');
      const fix = (p.data as { fix?: { newText: string } } | undefined)?.fix;
      assert.equal(fix?.newText, want);
      if (want) {
        assert.ok(ns(want) < ns(ca.duration), 'renewBefore must stay below the CA duration');
        // Applying the fix closes the finding and opens no webhook error.
        const fixed = text.replace(`renewBefore: ${ca.renewBefore}`, `renewBefore: ${want}`);
        const after = lintManifest({ path: 'ca.yaml', text: fixed }, { now: NOW }).problems;
        assert.deepEqual(
          after.filter((x) => x.code === 'CM111' || x.code === 'CM005' || x.code === 'CM102').map((x) => x.code),
          [],
        );
      } else {
        assert.match(p.message, /shorten the leaf duration to at most 720h0m0s/);
      }
    });
});

describe('CM113: roots and trust anchors only', () => {
  const cert = (issuer: string, extra = ''): string =>
    `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\nspec:\n  isCA: true\n  commonName: C\n  secretName: c\n${extra}  issuerRef: {name: ${issuer}, kind: ClusterIssuer}\n`;
  const ss = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: root}\nspec: {selfSigned: {}}\n---\n';
  const ca = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: root}\nspec: {ca: {secretName: r}}\n---\n';
  const cases: Array<[string, string, boolean]> = [
    ['root via selfSigned issuer, policy unset', ss + cert('root'), true],
    ['root, policy Always', ss + cert('root', '  privateKey: {rotationPolicy: Always}\n'), true],
    ['root, policy Never', ss + cert('root', '  privateKey: {rotationPolicy: Never}\n'), false],
    ['intermediate under a CA issuer', ca + cert('root'), false],
    ['unresolved issuer named selfsigned', cert('my-selfsigned-issuer'), true],
    ['unresolved issuer of unknown type', cert('corp-issuer'), false],
    [
      'Helm root with a template line in privateKey',
      `${ss}${cert('root', '  privateKey:\n    {{- toYaml .Values.privateKey | nindent 4 }}\n')}`,
      false,
    ],
    ['Helm root with literal isCA and no rotationPolicy', `${ss}${cert('root', '  duration: {{ .Values.duration }}\n')}`, true],
  ];
  for (const [name, text, want] of cases)
    it(name, () => {
      const got = lintManifest({ path: 'templates/c.yaml', text }, { now: NOW }).problems.some((p) => p.code === 'CM113');
      assert.equal(got, want);
    });
});
