import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encodeBase64, toPem } from '../../../../src/core/pem/base64';
import { decodeBinary, decodeText, looksLikeText, type CertificateItem } from '../../../../src/core/analysis/decode';
import { scanPem } from '../../../../src/core/pem/scanner';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'certs');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');
const bin = (f: string) => new Uint8Array(readFileSync(join(DIR, f)));
const derOf = (f: string) => scanPem(read(f)).blocks[0]!.der!;
const healthy = derOf('healthy.pem');

type Row = { name: string; text: string; kinds: string[]; problems: Array<[string, string]>; message?: RegExp };
describe('decodeText', () => {
  const cases: Row[] = [
    { name: 'empty text', text: '', kinds: [], problems: [] },
    { name: 'text without PEM', text: 'server {\n  listen 443;\n}\n', kinds: [], problems: [] },
    { name: 'one certificate', text: read('healthy.pem'), kinds: ['certificate'], problems: [] },
    { name: 'chain of three', text: read('chain.pem'), kinds: ['certificate', 'certificate', 'certificate'], problems: [] },
    {
      name: 'CRLF, BOM and junk between blocks',
      text: `\ufeffsubject=x\r\n${read('healthy.pem').replace(/\n/g, '\r\n')}junk\r\n${read('root.pem').replace(/\n/g, '\r\n')}`,
      kinds: ['certificate', 'certificate'],
      problems: [],
    },
    {
      name: 'indented inside YAML',
      text: `tls.crt: |\n${read('healthy.pem')
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}`,
      kinds: ['certificate'],
      problems: [],
    },
    { name: 'X509 CERTIFICATE label', text: toPem('X509 CERTIFICATE', healthy), kinds: ['certificate'], problems: [] },
    { name: 'CSR', text: read('healthy.csr'), kinds: ['csr'], problems: [] },
    { name: 'NEW CERTIFICATE REQUEST label', text: toPem('NEW CERTIFICATE REQUEST', derOf('healthy.csr')), kinds: ['csr'], problems: [] },
    { name: 'CRL', text: read('fresh.crl'), kinds: ['crl'], problems: [] },
    { name: 'unknown label', text: toPem('FOO', Uint8Array.of(1, 2, 3)), kinds: ['unknown'], problems: [] },
    // Malformed.
    {
      name: 'truncated DER inside valid PEM',
      text: toPem('CERTIFICATE', healthy.subarray(0, 200)),
      kinds: [],
      problems: [['der-malformed', 'error']],
      message: /^malformed DER: CERTIFICATE: truncated/,
    },
    {
      name: 'trailing DER bytes after a certificate',
      text: toPem('CERTIFICATE', Uint8Array.of(...healthy, 0, 0, 0)),
      kinds: ['certificate'],
      problems: [['der-malformed', 'warning']],
      message: /^3 unexpected byte\(s\) after the DER structure$/,
    },
    {
      name: 'trailing DER bytes after a CSR',
      text: toPem('CERTIFICATE REQUEST', Uint8Array.of(...derOf('healthy.csr'), 5, 0)),
      kinds: ['csr'],
      problems: [['der-malformed', 'warning']],
    },
    {
      name: 'trailing DER bytes after a CRL',
      text: toPem('X509 CRL', Uint8Array.of(...derOf('fresh.crl'), 5, 0)),
      kinds: ['crl'],
      problems: [['der-malformed', 'warning']],
    },
    {
      name: 'TRUSTED CERTIFICATE with an X509_AUX trailer is fine',
      text: toPem('TRUSTED CERTIFICATE', Uint8Array.of(...healthy, 0x30, 0x00)),
      kinds: ['certificate'],
      problems: [],
    },
    {
      name: 'a CRL under a CERTIFICATE label',
      text: toPem('CERTIFICATE', derOf('fresh.crl')),
      kinds: [],
      problems: [['der-malformed', 'error']],
      message: /^malformed DER: CERTIFICATE: /,
    },
    {
      name: 'a certificate under an X509 CRL label',
      text: toPem('X509 CRL', healthy),
      kinds: [],
      problems: [['der-malformed', 'error']],
      message: /^malformed DER: X509 CRL: /,
    },
    {
      name: 'a certificate under a CSR label',
      text: toPem('CERTIFICATE REQUEST', healthy),
      kinds: [],
      problems: [['der-malformed', 'error']],
    },
    {
      name: 'random bytes under a CERTIFICATE label',
      text: toPem('CERTIFICATE', Uint8Array.of(0xde, 0xad, 0xbe, 0xef)),
      kinds: [],
      problems: [['der-malformed', 'error']],
    },
    {
      name: 'bad base64',
      text: '-----BEGIN CERTIFICATE-----\nMIIB*AAA\n-----END CERTIFICATE-----\n',
      kinds: [],
      problems: [['pem-malformed', 'error']],
    },
    {
      name: 'mismatched END',
      text: toPem('CERTIFICATE', healthy).replace('END CERTIFICATE', 'END X509 CRL'),
      kinds: [],
      problems: [['pem-malformed', 'error']],
    },
    {
      name: 'truncated PEM (no END)',
      text: toPem('CERTIFICATE', healthy).split('-----END')[0]!,
      kinds: [],
      problems: [['pem-malformed', 'error']],
    },
    {
      name: 'one bad block does not hide the next',
      text: toPem('CERTIFICATE', healthy.subarray(0, 50)) + read('root.pem'),
      kinds: ['certificate'],
      problems: [['der-malformed', 'error']],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { items, problems } = await decodeText(c.text);
      assert.deepEqual(
        items.map((i) => i.kind),
        c.kinds,
      );
      assert.deepEqual(
        problems.map((p) => [p.code, p.severity]),
        c.problems,
      );
      if (c.message) assert.match(problems[0]!.message, c.message);
      // Problems and items sit exactly on their blocks.
      const blocks = scanPem(c.text).blocks;
      for (const i of items) assert.ok(blocks.some((b) => b.span.start === i.span.start && b.span.end === i.span.end));
      for (const p of problems) {
        assert.ok(c.text.slice(p.span.start).startsWith('-----BEGIN '), `problem at ${p.span.start}`);
        if (p.code === 'der-malformed') assert.ok(blocks.some((b) => b.span.start === p.span.start && b.span.end === p.span.end));
      }
    });
  }

  it('certificate items keep only the first TLV of a TRUSTED CERTIFICATE', async () => {
    const { items } = await decodeText(toPem('TRUSTED CERTIFICATE', Uint8Array.of(...healthy, 0x30, 0x00)));
    assert.deepEqual(Array.from(items[0]!.der), Array.from(healthy));
  });

  it('CSR items carry the signature check', async () => {
    const good = (await decodeText(read('healthy.csr'))).items[0]!;
    const bad = (await decodeText(read('bad-signature.csr'))).items[0]!;
    assert.equal(good.kind === 'csr' && good.signatureValid, true);
    assert.equal(bad.kind === 'csr' && bad.signatureValid, false);
  });

  it('never throws on 500 seeded random PEM-ish texts', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    const pieces = [
      '-----BEGIN CERTIFICATE-----\n',
      '-----END CERTIFICATE-----\n',
      '-----BEGIN X509 CRL-----\n',
      '-----END X509 CRL-----\n',
      'MIIB',
      '\n',
      '\r\n',
      '====',
      'AAAA',
      encodeBase64(healthy.subarray(0, 64)),
      '   ',
      '-----',
      'BEGIN',
      '\ufeff',
    ];
    for (let n = 0; n < 500; n++) {
      let text = '';
      for (let k = Math.floor(rand() * 12); k > 0; k--) text += pieces[Math.floor(rand() * pieces.length)];
      const r = await decodeText(text);
      assert.ok(Array.isArray(r.items) && Array.isArray(r.problems));
    }
  });
});

describe('decodeBinary', () => {
  const cases: Array<{ name: string; bytes: Uint8Array; kinds: string[]; problems: Array<[string, string]> }> = [
    { name: 'healthy.der', bytes: bin('healthy.der'), kinds: ['certificate'], problems: [] },
    { name: 'a DER CRL', bytes: derOf('fresh.crl'), kinds: ['crl'], problems: [] },
    { name: 'a DER CSR', bytes: derOf('healthy.csr'), kinds: ['csr'], problems: [] },
    {
      name: 'DER with trailing bytes',
      bytes: Uint8Array.of(...bin('healthy.der'), 0, 0),
      kinds: ['certificate'],
      problems: [['der-malformed', 'warning']],
    },
    { name: 'empty', bytes: new Uint8Array(0), kinds: [], problems: [['der-malformed', 'error']] },
    { name: 'truncated DER', bytes: bin('healthy.der').subarray(0, 100), kinds: [], problems: [['der-malformed', 'error']] },
    {
      name: 'a SEQUENCE that is nothing known',
      bytes: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05),
      kinds: [],
      problems: [['der-malformed', 'error']],
    },
    { name: 'random bytes', bytes: Uint8Array.of(0x00, 0xff, 0x13, 0x37), kinds: [], problems: [['der-malformed', 'error']] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { items, problems } = await decodeBinary(c.bytes);
      assert.deepEqual(
        items.map((i) => i.kind),
        c.kinds,
      );
      assert.deepEqual(
        problems.map((p) => [p.code, p.severity]),
        c.problems,
      );
      for (const x of [...items, ...problems]) assert.deepEqual(x.span, { start: 0, end: 0 });
      for (const i of items) assert.equal(i.label, 'DER');
    });
  }

  it('healthy.der decodes to the same certificate as healthy.pem', async () => {
    const a = (await decodeBinary(bin('healthy.der'))).items[0] as CertificateItem;
    const b = (await decodeText(read('healthy.pem'))).items[0] as CertificateItem;
    assert.deepEqual(a.certificate, b.certificate);
    assert.equal(a.certificate.sha256, '80523399f4d00de1a11a08bdfae4596367b6977f55c3dcaa1125365c3daf847b');
  });

  it('never throws on 600 seeded mutations of healthy.der', async () => {
    let seed = 99;
    const rand = (n: number) => Math.floor(((seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff) * n);
    const src = bin('healthy.der');
    for (let n = 0; n < 600; n++) {
      let b = Uint8Array.from(src);
      if (n % 3 === 0) b = b.subarray(0, rand(b.length));
      else for (let k = 1 + rand(3); k > 0; k--) b[rand(b.length)] = rand(256);
      const r = await decodeBinary(b);
      for (const p of r.problems) assert.equal(p.code, 'der-malformed');
      assert.ok(r.items.length <= 1);
    }
  });

  it('a DER private key is recognised, not der-malformed', async () => {
    const key = scanPem(read('healthy.key')).blocks[0]!.der!;
    const { items, problems } = await decodeBinary(key);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      items.map((i) => i.kind),
      ['private-key'],
    );
  });
});

describe('looksLikeText', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const cases: Array<[string, Uint8Array, boolean]> = [
    ['PEM', enc(read('healthy.pem')), true],
    ['empty', new Uint8Array(0), true],
    ['UTF-8 text with tabs and CRLF', enc('a\tb\r\nc é 東'), true],
    ['UTF-8 BOM', Uint8Array.of(0xef, 0xbb, 0xbf, 0x41), true],
    ['text starting with "0" and an ASCII char', enc('0 days'), true],
    ['DER certificate', bin('healthy.der'), false],
    ['NUL byte', Uint8Array.of(0x41, 0x00, 0x41), false],
    ['control byte 0x01', Uint8Array.of(0x41, 0x01), false],
    ['control byte 0x08', Uint8Array.of(0x08), false],
    ['UTF-16LE text (has NULs)', Uint8Array.of(0xff, 0xfe, 0x41, 0x00), false],
    ['short DER SEQUENCE 30 82', Uint8Array.of(0x30, 0x82), false],
  ];
  for (const [name, bytes, want] of cases) it(name, () => assert.equal(looksLikeText(bytes), want));
});
