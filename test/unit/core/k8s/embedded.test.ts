import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64, toPem } from '../../../../src/core/pem/base64';
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
  describe('CSR resources: request and issued certificates on the exact value', () => {
    const CSR = toPem('CERTIFICATE REQUEST', new Uint8Array([0x30, 0x03, 2, 1, 0]));
    const cases: Array<{ name: string; text: string; want: Array<[string, string]>; codes?: string[] }> = [
      {
        name: 'certificates.k8s.io/v1 CertificateSigningRequest',
        text: `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nspec:\n  request: ${b64(CSR)}\nstatus:\n  certificate: ${b64(PEM + PEM)}\n`,
        want: [
          ['spec.request', 'csr'],
          ['status.certificate', 'certificate'],
        ],
      },
      {
        name: 'v1beta1 in JSON, pending (empty status)',
        text: JSON.stringify({
          apiVersion: 'certificates.k8s.io/v1beta1',
          kind: 'CertificateSigningRequest',
          spec: { request: b64(CSR) },
          status: { certificate: '' },
        }),
        want: [['spec.request', 'csr']],
      },
      {
        name: 'cert-manager CertificateRequest: request, certificate, ca; CRLF',
        text: `apiVersion: cert-manager.io/v1\r\nkind: CertificateRequest\r\nspec:\r\n  request: ${b64(CSR)}\r\nstatus:\r\n  ca: "${b64(PEM)}"\r\n  certificate: ${b64(PEM)}\r\n`,
        want: [
          ['spec.request', 'csr'],
          ['status.ca', 'ca'],
          ['status.certificate', 'certificate'],
        ],
      },
      {
        name: 'inside a List',
        text: `apiVersion: v1\nkind: List\nitems:\n- apiVersion: certificates.k8s.io/v1\n  kind: CertificateSigningRequest\n  spec:\n    request: ${b64(CSR)}\n`,
        want: [['items[0].spec.request', 'csr']],
      },
      {
        name: 'bad base64 in spec.request: a warning on the value',
        text: `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nspec:\n  request: ${b64(CSR).slice(0, 30)}!!\n`,
        want: [],
        codes: ['embedded-base64-invalid'],
      },
      {
        name: 'same kind in another API group: not a known field',
        text: `apiVersion: example.test/v1\nkind: CertificateSigningRequest\nspec:\n  request: not base64 at all\n`,
        want: [],
      },
      {
        name: 'a request field outside spec is left alone',
        text: `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  request: x!\n`,
        want: [],
      },
      {
        name: 'truncated document',
        text: 'apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nspec:\n  request: [',
        want: [],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const { items, problems } = findEmbeddedMaterial(c.text);
        assert.deepEqual(
          items.map((i) => [i.path, i.role]),
          c.want,
        );
        assert.deepEqual(
          problems.map((p) => p.code),
          c.codes ?? [],
        );
        for (const i of items) assert.match(c.text.slice(i.contentSpan.start, i.contentSpan.end), /^LS0tLS1CRUdJT[A-Za-z0-9+/=]+$/);
      });
    }
  });
  it('white space in a base64 value: removed before decoding; only white space is an empty value', () => {
    const spaced = b64(PEM).replace(/(.{16})/g, '$1 ');
    const cases: Array<[string, string[], string[]]> = [
      [`"${spaced}"`, ['data.tls.crt'], []],
      ['"   "', [], []],
      ['"QU*J DA"', [], ['data.tls.crt: invalid base64: character "*"; the value is not valid base64.']],
      ['"QU*JDA"', [], ['data.tls.crt: invalid base64: character "*"; the value is not valid base64.']],
    ];
    for (const [value, paths, messages] of cases) {
      const r = findEmbeddedMaterial(`kind: Secret\ndata:\n  tls.crt: ${value}\n`);
      assert.deepEqual(
        r.items.map((i) => i.path),
        paths,
        value,
      );
      assert.deepEqual(
        r.problems.map((p) => p.message),
        messages,
        value,
      );
    }
  });
  it('never throws on broken YAML', () => {
    assert.doesNotThrow(() => findEmbeddedMaterial('a: [\n  b: {\n'));
  });
});
