import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64 } from '../../../src/core/base64';
import { scanPem } from '../../../src/core/pem-scanner';

const der = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]);
const body = encodeBase64(der, 64);
const pem = (label: string, b = body, end = label) => `-----BEGIN ${label}-----\n${b}\n-----END ${end}-----`;

describe('scanPem', () => {
  const cases: Array<{ name: string; text: string; labels: string[]; codes: string[] }> = [
    { name: 'one block', text: pem('CERTIFICATE'), labels: ['CERTIFICATE'], codes: [] },
    { name: 'two blocks with junk between', text: `junk\n${pem('CERTIFICATE')}\nsubject=foo\n${pem('X509 CRL')}\n`, labels: ['CERTIFICATE', 'X509 CRL'], codes: [] },
    { name: 'CRLF', text: pem('CERTIFICATE').replace(/\n/g, '\r\n'), labels: ['CERTIFICATE'], codes: [] },
    { name: 'BOM', text: `\ufeff${pem('PRIVATE KEY')}`, labels: ['PRIVATE KEY'], codes: [] },
    { name: 'indented YAML block scalar', text: `tls.crt: |\n    ${pem('CERTIFICATE').split('\n').join('\n    ')}\n`, labels: ['CERTIFICATE'], codes: [] },
    { name: 'JSON string with \\n escapes', text: JSON.stringify({ pem: pem('CERTIFICATE') }), labels: ['CERTIFICATE'], codes: [] },
    { name: 'RFC 1421 headers', text: pem('RSA PRIVATE KEY', `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233\n\n${body}`), labels: ['RSA PRIVATE KEY'], codes: [] },
    { name: 'mismatched END', text: pem('CERTIFICATE', body, 'X509 CRL'), labels: [], codes: ['pem-malformed'] },
    { name: 'bad base64', text: pem('CERTIFICATE', 'MIIB*AAA'), labels: [], codes: ['pem-malformed'] },
    { name: 'truncated base64', text: pem('CERTIFICATE', 'MIIBA'), labels: [], codes: ['pem-malformed'] },
    { name: 'missing END then a good block', text: `-----BEGIN CERTIFICATE-----\nMIIB\n${pem('CERTIFICATE')}`, labels: ['CERTIFICATE'], codes: ['pem-malformed'] },
    { name: 'missing END at end of file', text: `-----BEGIN CERTIFICATE-----\nMIIB`, labels: [], codes: ['pem-malformed'] },
    { name: 'empty body', text: pem('CERTIFICATE', ''), labels: [], codes: ['pem-malformed'] },
    { name: 'no PEM at all', text: 'hello world', labels: [], codes: [] },
    { name: 'BEGIN with no label', text: '-----BEGIN -----\nabc', labels: [], codes: ['pem-malformed'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = scanPem(c.text);
      assert.deepEqual(r.blocks.map((b) => b.label), c.labels);
      assert.deepEqual(r.problems.map((p) => p.code), c.codes);
      for (const b of r.blocks) assert.deepEqual(b.der, der);
    });
  }

  it('spans run from BEGIN to the end of the END marker', () => {
    const text = `x\n${pem('CERTIFICATE')}\ny`;
    const [b] = scanPem(text).blocks;
    assert.ok(b);
    assert.equal(text.slice(b.span.start, b.span.start + 11), '-----BEGIN ');
    assert.ok(text.slice(0, b.span.end).endsWith('-----END CERTIFICATE-----'));
  });

  it('keeps RFC 1421 headers', () => {
    const [b] = scanPem(pem('RSA PRIVATE KEY', `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n${body}`)).blocks;
    assert.equal(b?.headers['Proc-Type'], '4,ENCRYPTED');
  });

  it('reports a truncated block on its BEGIN line, not on the next block', () => {
    const text = `-----BEGIN CERTIFICATE-----\nMIIB\n\n${pem('CERTIFICATE')}`;
    const [p] = scanPem(text).problems;
    assert.ok(p);
    assert.equal(p.span.start, 0);
    assert.ok(p.span.end < text.indexOf('-----BEGIN', 5));
  });
});
