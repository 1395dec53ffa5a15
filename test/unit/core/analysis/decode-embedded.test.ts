import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { lintItems } from '../../../../src/core/lint/items';
import { scanPem } from '../../../../src/core/pem/scanner';

const FIX = join(__dirname, '../../../fixtures/certs');
const b64 = (name: string) => Buffer.from(readFileSync(join(FIX, name))).toString('base64');
const derB64 = (name: string) => Buffer.from(scanPem(readFileSync(join(FIX, name), 'utf8')).blocks[0]!.der!).toString('base64');
const NOW = new Date('2025-06-01T00:00:00Z');

describe('certificates embedded in Kubernetes YAML and JSON', () => {
  const cases: Array<{ name: string; text: string; kinds: string[]; fields: string[]; codes: string[] }> = [
    {
      name: 'TLS Secret: tls.crt and tls.key in base64',
      text: `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64('expired.pem')}\n  tls.key: ${b64('other.key')}\n`,
      kinds: ['certificate', 'private-key'],
      fields: ['data.tls.crt', 'data.tls.key'],
      codes: ['cert-expired'],
    },
    {
      name: 'kubeconfig: certificate-authority-data',
      text: `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://k\n    certificate-authority-data: ${b64('root.pem')}\n`,
      kinds: ['certificate'],
      fields: ['clusters[0].cluster.certificate-authority-data'],
      codes: [],
    },
    {
      name: 'webhook caBundle as base64 DER',
      text: `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nwebhooks:\n- name: w\n  clientConfig:\n    caBundle: ${derB64('left5of90.pem')}\n`,
      kinds: ['certificate'],
      fields: ['webhooks[0].clientConfig.caBundle'],
      codes: ['cert-expiring'],
    },
    {
      name: 'JSON Secret',
      text: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { 'ca.crt': b64('int.pem') } }, null, 2),
      kinds: ['certificate'],
      fields: ['data.ca.crt'],
      codes: [],
    },
    {
      name: 'malformed base64 in a known field',
      text: 'apiVersion: v1\nkind: Secret\ndata:\n  tls.crt: "LS0tLS1CRUdJTi!!!"\n',
      kinds: [],
      fields: [],
      codes: ['embedded-base64-invalid'],
    },
    { name: 'unrelated YAML', text: 'a: 1\nb: [x, y]\n', kinds: [], fields: [], codes: [] },
    { name: 'invalid YAML never throws', text: 'tls.crt: [unclosed\n  - : :\n', kinds: [], fields: [], codes: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { items, problems } = await decodeText(c.text, { structured: true });
      assert.deepEqual(
        items.map((i) => i.kind),
        c.kinds,
      );
      assert.deepEqual(
        items.map((i) => i.embedded?.path),
        c.fields,
      );
      const codes = [...problems, ...lintItems(items, { now: NOW })].map((p) => p.code);
      assert.deepEqual(codes, c.codes);
      for (const i of items) {
        const value = c.text.slice(i.span.start, i.span.end);
        assert.match(value, /^[A-Za-z0-9+/=]+$/, 'the span covers exactly the base64 value');
      }
    });
  }

  it('is off for plain text', async () => {
    const text = `tls.crt: ${b64('expired.pem')}\n`;
    assert.deepEqual((await decodeText(text)).items, []);
  });
});
