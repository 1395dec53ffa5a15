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
  const cases: Array<{ name: string; text: string; summaries: string[]; codes: string[]; on?: string; value?: RegExp }> = [
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
      name: 'tls.crt not base64: summary says so, and the value gets a finding',
      text: secret({ 'tls.crt': '"not!base64"', 'ca.crt': b64(ROOT) }),
      summaries: ['tls.crt: no certificate · ca.crt: root CN=CertLens Test Root'],
      codes: ['secret-tls-crt-invalid'],
      value: /neither PEM nor base64 of a certificate/,
    },
    {
      name: 'tls.crt holds the private key',
      text: secret({ 'tls.crt': b64(KEY), 'tls.key': b64(KEY) }),
      summaries: ['tls.crt: no certificate · no ca.crt'],
      codes: ['secret-tls-crt-invalid'],
      value: /holds a private key but no certificate/,
    },
    {
      name: 'tls.crt is base64 of plain text',
      text: secret({ 'tls.crt': Buffer.from('hello, not a certificate\n').toString('base64') }),
      summaries: ['tls.crt: no certificate · no ca.crt'],
      codes: ['secret-tls-crt-invalid'],
      value: /neither PEM nor base64/,
    },
    {
      name: 'tls.crt is base64 of one byte',
      text: secret({ 'tls.crt': 'MA==' }),
      summaries: ['tls.crt: no certificate · no ca.crt'],
      codes: ['secret-tls-crt-invalid'],
    },
    {
      name: 'stringData tls.crt is text',
      text: `${secret({})}stringData:\n  tls.crt: just some text\n`,
      summaries: ['tls.crt: no certificate · no ca.crt'],
      codes: ['secret-tls-crt-invalid'],
      value: /^stringData\.tls\.crt holds no certificate/,
    },
    {
      name: 'tls.crt empty: a warning on the key',
      text: secret({ 'tls.crt': '""' }),
      summaries: ['tls.crt: no certificate · no ca.crt'],
      codes: ['secret-tls-crt-invalid'],
      value: /data\.tls\.crt is empty/,
    },
    {
      name: 'tls.crt with no value (null)',
      text: secret({ 'tls.crt': '' }),
      summaries: ['tls.crt: no certificate · no ca.crt'],
      codes: ['secret-tls-crt-invalid'],
      value: /is empty/,
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
        // The README table is prettier-aligned: cells carry padding; a severity cell may add "(warning when empty)".
        assert.match(
          readFileSync(join(__dirname, '../../../../README.md'), 'utf8'),
          new RegExp(`\\| \`${p.code}\` +\\|[^|\\n]*\\b${p.severity}\\b`),
        );
      }
      for (const s of decoded.secrets ?? [])
        assert.equal(c.text.slice(s.span.start, s.span.end), 'tls.crt', 'the summary sits on the tls.crt key');
      if (c.value) assert.match(found[0]?.message ?? '', c.value);
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

describe('analyzeTlsSecrets on many Secrets', () => {
  it('finds each field’s items by search, not by reading every item for every field', () => {
    // 2,000 Secrets, one certificate item inside each tls.crt value. Item reads are
    // counted through a Proxy: reading every item for every field made a 20 MB file take minutes.
    const n = 2000;
    let text = '';
    const items: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const head = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: s${i}\ndata:\n  tls.crt: `;
      const start = text.length + head.length;
      text += `${head}QUJD\n  tls.key: QUJD\n---\n`;
      const certificate = { role: 'leaf', commonName: `s${i}`, subjectLabel: `CN=s${i}`, isCA: false, selfSigned: false };
      items.push({ kind: 'certificate', span: { start, end: start + 4 }, label: 'CERTIFICATE', der: new Uint8Array(0), certificate });
    }
    let reads = 0;
    const counted = new Proxy(items, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, receiver);
      },
    });
    const r = analyzeTlsSecrets(text, counted as never);
    assert.equal(r.items.length, n);
    assert.equal(r.items.at(-1)?.text, `tls.crt: leaf CN=s${n - 1} · no ca.crt`);
    assert.ok(reads < 10 * n, `${reads} item reads for ${n} Secrets`);
  });
});
