import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64 } from '../../../../src/core/pem/base64';
import { scanPem } from '../../../../src/core/pem/scanner';

const der = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]);
const body = encodeBase64(der, 64);
const pem = (label: string, b = body, end = label) => `-----BEGIN ${label}-----\n${b}\n-----END ${end}-----`;

describe('scanPem', () => {
  const cases: Array<{ name: string; text: string; labels: string[]; codes: string[] }> = [
    { name: 'one block', text: pem('CERTIFICATE'), labels: ['CERTIFICATE'], codes: [] },
    {
      name: 'two blocks with junk between',
      text: `junk\n${pem('CERTIFICATE')}\nsubject=foo\n${pem('X509 CRL')}\n`,
      labels: ['CERTIFICATE', 'X509 CRL'],
      codes: [],
    },
    { name: 'CRLF', text: pem('CERTIFICATE').replace(/\n/g, '\r\n'), labels: ['CERTIFICATE'], codes: [] },
    { name: 'BOM', text: `\ufeff${pem('PRIVATE KEY')}`, labels: ['PRIVATE KEY'], codes: [] },
    {
      name: 'indented YAML block scalar',
      text: `tls.crt: |\n    ${pem('CERTIFICATE').split('\n').join('\n    ')}\n`,
      labels: ['CERTIFICATE'],
      codes: [],
    },
    { name: 'JSON string with \\n escapes', text: JSON.stringify({ pem: pem('CERTIFICATE') }), labels: ['CERTIFICATE'], codes: [] },
    {
      name: 'RFC 1421 headers',
      text: pem('RSA PRIVATE KEY', `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233\n\n${body}`),
      labels: ['RSA PRIVATE KEY'],
      codes: [],
    },
    { name: 'mismatched END', text: pem('CERTIFICATE', body, 'X509 CRL'), labels: [], codes: ['pem-malformed'] },
    { name: 'bad base64', text: pem('CERTIFICATE', 'MIIB*AAA'), labels: [], codes: ['pem-malformed'] },
    { name: 'truncated base64', text: pem('CERTIFICATE', 'MIIBA'), labels: [], codes: ['pem-malformed'] },
    {
      name: 'missing END then a good block',
      text: `-----BEGIN CERTIFICATE-----\nMIIB\n${pem('CERTIFICATE')}`,
      labels: ['CERTIFICATE'],
      codes: ['pem-malformed'],
    },
    { name: 'missing END at end of file', text: `-----BEGIN CERTIFICATE-----\nMIIB`, labels: [], codes: ['pem-malformed'] },
    { name: 'empty body', text: pem('CERTIFICATE', ''), labels: [], codes: ['pem-malformed'] },
    { name: 'no PEM at all', text: 'hello world', labels: [], codes: [] },
    { name: 'BEGIN with no label', text: '-----BEGIN -----\nabc', labels: [], codes: ['pem-malformed'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = scanPem(c.text);
      assert.deepEqual(
        r.blocks.map((b) => b.label),
        c.labels,
      );
      assert.deepEqual(
        r.problems.map((p) => p.code),
        c.codes,
      );
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

describe('scanPem: what the first table leaves out', () => {
  const cases: Array<{ name: string; text: string; labels: string[]; codes: string[]; message?: RegExp }> = [
    {
      name: 'every label of issue 2',
      text: [
        'CERTIFICATE',
        'TRUSTED CERTIFICATE',
        'X509 CRL',
        'CERTIFICATE REQUEST',
        'NEW CERTIFICATE REQUEST',
        'PRIVATE KEY',
        'ENCRYPTED PRIVATE KEY',
        'RSA PRIVATE KEY',
        'EC PRIVATE KEY',
        'DSA PRIVATE KEY',
        'PUBLIC KEY',
        'RSA PUBLIC KEY',
        'PKCS7',
      ]
        .map((l) => pem(l))
        .join('\n'),
      labels: [
        'CERTIFICATE',
        'TRUSTED CERTIFICATE',
        'X509 CRL',
        'CERTIFICATE REQUEST',
        'NEW CERTIFICATE REQUEST',
        'PRIVATE KEY',
        'ENCRYPTED PRIVATE KEY',
        'RSA PRIVATE KEY',
        'EC PRIVATE KEY',
        'DSA PRIVATE KEY',
        'PUBLIC KEY',
        'RSA PUBLIC KEY',
        'PKCS7',
      ],
      codes: [],
    },
    {
      name: 'blocks back to back without a newline',
      text: pem('CERTIFICATE') + pem('X509 CRL'),
      labels: ['CERTIFICATE', 'X509 CRL'],
      codes: [],
    },
    {
      name: 'body wrapped at 76 columns and 4 columns',
      text: pem('CERTIFICATE', body.match(/.{1,4}/g)!.join('\n')),
      labels: ['CERTIFICATE'],
      codes: [],
    },
    { name: 'whitespace-only body', text: pem('CERTIFICATE', '   \n\t\n'), labels: [], codes: ['pem-malformed'], message: /empty body/ },
    {
      name: 'padding in the middle (two bodies glued)',
      text: pem('CERTIFICATE', `${body}\n${body}`),
      labels: [],
      codes: ['pem-malformed'],
      message: /'=' before the end/,
    },
    { name: 'label of 65 characters', text: pem('A'.repeat(65)), labels: [], codes: ['pem-malformed'], message: /no valid label/ },
    { name: 'label of 64 characters', text: pem('A'.repeat(64)), labels: ['A'.repeat(64)], codes: [] },
    { name: 'label with a double space', text: pem('X509  CRL'), labels: [], codes: ['pem-malformed'] },
    { name: 'END without BEGIN is ignored', text: `-----END CERTIFICATE-----\n${pem('CERTIFICATE')}`, labels: ['CERTIFICATE'], codes: [] },
    {
      name: 'BEGIN inside another block: first truncated, second kept',
      text: `-----BEGIN CERTIFICATE-----\n${body}\n${pem('X509 CRL')}`,
      labels: ['X509 CRL'],
      codes: ['pem-malformed'],
      message: /truncated: BEGIN CERTIFICATE has no END line/,
    },
    {
      name: 'END line without dashes',
      text: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE\n`,
      labels: [],
      codes: ['pem-malformed'],
      message: /an END line with no valid label/,
    },
    { name: 'mixed line endings (CR only)', text: pem('CERTIFICATE').replace(/\n/g, '\r'), labels: ['CERTIFICATE'], codes: [] },
    { name: 'NUL and control bytes between blocks', text: `\u0000\u0001${pem('CERTIFICATE')}\u0007`, labels: ['CERTIFICATE'], codes: [] },
    { name: '"-----BEGIN " alone at end of text', text: 'x -----BEGIN ', labels: [], codes: ['pem-malformed'] },
    {
      name: 'a thousand blocks',
      text: Array.from({ length: 1000 }, () => pem('CERTIFICATE')).join('\n'),
      labels: Array<string>(1000).fill('CERTIFICATE'),
      codes: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = scanPem(c.text);
      assert.deepEqual(
        r.blocks.map((b) => b.label),
        c.labels,
      );
      assert.deepEqual(
        r.problems.map((p) => p.code),
        c.codes,
      );
      if (c.message) assert.match(r.problems[0]!.message, c.message);
      for (const b of r.blocks) assert.deepEqual(b.der, der);
      for (const p of r.problems) assert.equal(p.severity, 'error');
    });
  }

  it('exact spans of three blocks with CRLF, BOM and junk', () => {
    const a = pem('CERTIFICATE').replace(/\n/g, '\r\n');
    const text = `\ufeffjunk\r\n${a}\r\nmore junk\r\n  ${a}\r\n${a}`;
    const starts = [...text.matchAll(/-----BEGIN /g)].map((m) => m.index!);
    const spans = scanPem(text).blocks.map((b) => b.span);
    assert.deepEqual(
      spans,
      starts.map((s) => ({ start: s, end: s + a.length })),
    );
    for (const s of spans) assert.equal(text.slice(s.start, s.end), a, 'the span excludes the trailing CR');
  });

  it('a problem span never runs past the block into the next', () => {
    const text = `-----BEGIN CERTIFICATE-----\n${body}\n\n\n${pem('X509 CRL')}`;
    const r = scanPem(text);
    assert.equal(r.problems[0]!.span.end, text.indexOf(body) + body.length);
    assert.equal(r.blocks[0]!.span.start, text.lastIndexOf('-----BEGIN'));
  });
});
