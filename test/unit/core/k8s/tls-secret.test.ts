import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { analyzeTlsSecrets, TLS_SECRET_CODES } from '../../../../src/core/k8s/tls-secret';

const FIX = join(__dirname, '../../../fixtures');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');
const b64 = (...paths: string[]) => Buffer.from(paths.map(read).join('')).toString('base64');
const LEAF = 'certs/healthy.pem';
const INT = 'certs/int.pem';
const ROOT = 'certs/root.pem';
const KEY = 'certs/healthy.key';
const SELF = 'chain-findings/chain-self-signed/self.pem';

function secret(data: Record<string, string>, extra = 'type: kubernetes.io/tls\n'): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n${extra}data:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('')}`;
}

const SECRET_CODES = /^secret-/;

describe('analyzeTlsSecrets', () => {
  const cases: Array<{ name: string; text: string; summaries: string[]; codes: string[]; on?: string }> = [
    {
      name: 'fixture: leaf + intermediate, root in ca.crt',
      text: read('k8s/secret-ok.yaml'),
      summaries: [
        'tls.crt: leaf CN=healthy.example.test + 1 intermediate (CN=CertLens Test Intermediate) · ca.crt: root CN=CertLens Test Root',
      ],
      codes: [],
    },
    {
      name: 'fixture: intermediate first, tls.key belongs to #2',
      text: read('k8s/secret-leaf-not-first.yaml'),
      summaries: [
        'tls.crt: intermediate CN=CertLens Test Intermediate + 1 leaf (CN=healthy.example.test) · ca.crt: root CN=CertLens Test Root',
      ],
      codes: ['secret-leaf-not-first'],
      on: 'tls.crt',
    },
    {
      name: 'fixture: stringData PEM, root before the leaf, no key; the leaf in ca.crt',
      text: read('k8s/secret-stringdata.yaml'),
      summaries: ['tls.crt: root CN=CertLens Test Root + 1 leaf (CN=healthy.example.test) · ca.crt: leaf CN=healthy.example.test'],
      codes: ['secret-leaf-not-first', 'secret-ca-crt-not-ca'],
    },
    {
      name: 'fixture: the root in tls.crt is chain-root-included, not repeated here',
      text: read('k8s/secret-root-in-tls-crt.yaml'),
      summaries: [
        'tls.crt: leaf CN=healthy.example.test + 1 intermediate (CN=CertLens Test Intermediate) + root (CN=CertLens Test Root) · ca.crt: intermediate CN=CertLens Test Intermediate',
      ],
      codes: [],
    },
    {
      name: 'no ca.crt, leaf alone',
      text: secret({ 'tls.crt': b64(LEAF), 'tls.key': b64(KEY) }),
      summaries: ['tls.crt: leaf CN=healthy.example.test · no ca.crt'],
      codes: [],
    },
    {
      name: 'a CA key pair (cert-manager CA issuer Secret): one CA certificate, no finding',
      text: secret({ 'tls.crt': b64(ROOT), 'ca.crt': b64(ROOT) }),
      summaries: ['tls.crt: root CN=CertLens Test Root · ca.crt: root CN=CertLens Test Root'],
      codes: [],
    },
    {
      name: 'a self-signed leaf pinned in ca.crt (cert-manager selfSigned issuer): no finding',
      text: secret({ 'tls.crt': b64(SELF), 'ca.crt': b64(SELF) }),
      summaries: ['tls.crt: self-signed CN=self.example.com · ca.crt: self-signed CN=self.example.com'],
      codes: [],
    },
    {
      name: 'the key matches the first certificate: no finding even if a CA follows',
      text: secret({ 'tls.crt': b64(LEAF, ROOT, INT), 'tls.key': b64(KEY) }),
      summaries: [
        'tls.crt: leaf CN=healthy.example.test + root (CN=CertLens Test Root) + 1 intermediate (CN=CertLens Test Intermediate) · no ca.crt',
      ],
      codes: [],
    },
    {
      name: 'tls.crt not base64: summary says so (the value gets embedded-base64-invalid)',
      text: secret({ 'tls.crt': '"not!base64"', 'ca.crt': b64(ROOT) }),
      summaries: ['tls.crt: no certificate · ca.crt: root CN=CertLens Test Root'],
      codes: [],
    },
    {
      name: 'an Opaque Secret is not summarised',
      text: secret({ 'tls.crt': b64(INT, LEAF), 'tls.key': b64(KEY) }, 'type: Opaque\n'),
      summaries: [],
      codes: [],
    },
    {
      name: 'inside a List, CRLF line ends',
      text: `apiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: v1\r\n  kind: Secret\r\n  type: kubernetes.io/tls\r\n  data:\r\n    tls.crt: ${b64(INT, LEAF)}\r\n    tls.key: ${b64(KEY)}\r\n`,
      summaries: ['tls.crt: intermediate CN=CertLens Test Intermediate + 1 leaf (CN=healthy.example.test) · no ca.crt'],
      codes: ['secret-leaf-not-first'],
    },
    { name: 'broken YAML never throws', text: 'kind: Secret\ntype: kubernetes.io/tls\ndata: {tls.crt: [\n', summaries: [], codes: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const decoded = await decodeText(c.text, { structured: true });
      assert.deepEqual(
        (decoded.secrets ?? []).map((s) => s.text),
        c.summaries,
      );
      const found = decoded.problems.filter((p) => SECRET_CODES.test(p.code));
      assert.deepEqual(
        found.map((p) => p.code),
        c.codes,
      );
      for (const p of found) {
        assert.ok(p.code in TLS_SECRET_CODES, `${p.code} is documented`);
        assert.match(
          readFileSync(join(__dirname, '../../../../README.md'), 'utf8'),
          new RegExp(`\\|\\s*\`${p.code}\`\\s*\\|\\s*${p.severity}\\s*\\|`),
        );
      }
      for (const s of decoded.secrets ?? [])
        assert.equal(c.text.slice(s.span.start, s.span.end), 'tls.crt', 'the summary sits on the tls.crt key');
      if (c.on)
        for (const p of found) assert.ok(decoded.items.some((i) => i.span.start === p.span.start && i.embedded?.path.endsWith(c.on!)));
    });
  }

  it('stringData wins over data for the same key', async () => {
    const pem = read(LEAF)
      .trimEnd()
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
    const text = `${secret({ 'tls.crt': b64(INT) })}stringData:\n  tls.crt: |\n${pem}\n`;
    const decoded = await decodeText(text, { structured: true });
    assert.deepEqual(
      decoded.secrets?.map((s) => [s.path, s.text]),
      [['stringData.tls.crt', 'tls.crt: leaf CN=healthy.example.test · no ca.crt']],
    );
  });

  it('is pure: the same input gives the same output, and unrelated text gives nothing', () => {
    assert.deepEqual(analyzeTlsSecrets('a: 1\n', []), { items: [], problems: [] });
    assert.deepEqual(analyzeTlsSecrets('', []), { items: [], problems: [] });
  });
});
