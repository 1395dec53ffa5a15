import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64, toPem } from '../../../../src/core/base64';
import { findEmbeddedMaterial } from '../../../../src/core/k8s/embedded';

const DER = new Uint8Array([0x30, 0x82, 0x01, 0x0a, ...Array.from({ length: 60 }, (_, i) => i)]);
const PEM = toPem('CERTIFICATE', DER);
const KEY = toPem('PRIVATE KEY', new Uint8Array([0x30, 0x2e, 1, 2, 3]));
const b64 = (s: string): string => encodeBase64(new TextEncoder().encode(s));

function secret(crt: string, key: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${crt}\n  tls.key: ${key}\n  ca.crt: ${b64(PEM)}\n`;
}

describe('findEmbeddedMaterial', () => {
  it('Secret data: base64 PEM with exact spans and a shared pairKey', () => {
    const text = secret(b64(PEM), b64(KEY));
    const { items, problems } = findEmbeddedMaterial(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      items.map((i) => [i.path, i.encoding, i.role]),
      [
        ['data.tls.crt', 'base64-pem', 'certificate'],
        ['data.tls.key', 'base64-pem', 'key'],
        ['data.ca.crt', 'base64-pem', 'ca'],
      ],
    );
    assert.equal(items[0]!.pemText, PEM);
    assert.equal(text.slice(items[0]!.span.start, items[0]!.span.end), b64(PEM));
    assert.equal(items[0]!.pairKey, items[1]!.pairKey);
    assert.equal(items[2]!.pairKey, undefined);
  });
  it('base64 of DER', () => {
    const { items } = findEmbeddedMaterial(secret(encodeBase64(DER), b64(KEY)));
    assert.equal(items[0]!.encoding, 'base64-der');
    assert.deepEqual(items[0]!.der, DER);
  });
  it('stringData PEM in a block scalar: content span starts at the BEGIN line', () => {
    const body = PEM.trimEnd()
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
    const text = `kind: Secret\napiVersion: v1\nstringData:\n  tls.crt: |\n${body}\n`;
    const [item] = findEmbeddedMaterial(text).items;
    assert.equal(item!.encoding, 'pem');
    assert.equal(item!.pemText, PEM);
    assert.ok(text.slice(item!.contentSpan.start).startsWith('-----BEGIN CERTIFICATE-----'));
    assert.ok(text.slice(0, item!.contentSpan.end).endsWith('-----END CERTIFICATE-----'));
  });
  it('kubeconfig: folded, CRLF, quoted values; client cert and key paired', () => {
    const wrapped = encodeBase64(new TextEncoder().encode(PEM), 40).replace(/\n/g, '\r\n      ');
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- cluster:',
      `    certificate-authority-data: "${b64(PEM)}"`,
      '    server: https://k8s.example:6443',
      '  name: c',
      'users:',
      '- name: u',
      '  user:',
      '    client-certificate-data: >-',
      `      ${wrapped}`,
      `    client-key-data: '${b64(KEY)}'`,
      '',
    ].join('\r\n');
    const { items } = findEmbeddedMaterial(text);
    assert.deepEqual(
      items.map((i) => [i.path, i.role]),
      [
        ['clusters[0].cluster.certificate-authority-data', 'ca'],
        ['users[0].user.client-certificate-data', 'certificate'],
        ['users[0].user.client-key-data', 'key'],
      ],
    );
    assert.equal(items[1]!.pemText, PEM);
    assert.equal(items[1]!.pairKey, items[2]!.pairKey);
    assert.equal(text.slice(items[0]!.contentSpan.start, items[0]!.contentSpan.end), b64(PEM));
    assert.equal(text[items[0]!.span.start], '"');
  });
  it('webhook caBundle in JSON', () => {
    const text = JSON.stringify({ kind: 'ValidatingWebhookConfiguration', webhooks: [{ clientConfig: { caBundle: b64(PEM) } }] }, null, 2);
    const [item] = findEmbeddedMaterial(text).items;
    assert.equal(item!.path, 'webhooks[0].clientConfig.caBundle');
    assert.equal(text.slice(item!.contentSpan.start, item!.contentSpan.end), b64(PEM));
  });
  it('PEM with \\n escapes in a JSON string and in Helm values', () => {
    const json = JSON.stringify({ tls: { cert: PEM } });
    assert.equal(findEmbeddedMaterial(json).items[0]!.pemText, PEM);
    const values = `ingress:\n  tls:\n    certificate: |\n${PEM.split('\n')
      .map((l) => (l ? `      ${l}` : l))
      .join('\n')}`;
    assert.equal(findEmbeddedMaterial(values).items[0]!.path, 'ingress.tls.certificate');
  });
  const bad: Array<[string, string]> = [
    ['truncated base64', b64(PEM).slice(0, -3)],
    ['junk character', `${b64(PEM).slice(0, 20)}!${b64(PEM).slice(21)}`],
  ];
  for (const [name, value] of bad) {
    it(`${name}: a warning on the value, no item`, () => {
      const { items, problems } = findEmbeddedMaterial(secret(value, b64(KEY)));
      assert.equal(items.filter((i) => i.path === 'data.tls.crt').length, 0);
      assert.equal(problems[0]?.code, 'embedded-base64-invalid');
    });
  }
  it('ignores base64 that is neither PEM nor DER in ordinary Secret keys', () => {
    const text = 'kind: Secret\ndata:\n  password: cGFzc3dvcmQ=\n';
    assert.deepEqual(findEmbeddedMaterial(text), { items: [], problems: [] });
  });
  it('never throws on broken YAML', () => {
    assert.doesNotThrow(() => findEmbeddedMaterial('a: [\n  b: {\n'));
  });
});
