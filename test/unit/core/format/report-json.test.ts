import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toPem } from '../../../../src/core/pem/base64';
import { decodeBinary, decodeText } from '../../../../src/core/analysis/decode';
import { lintItems } from '../../../../src/core/lint/items';
import { scanPem } from '../../../../src/core/pem/scanner';
import { toJsonFile } from '../../../../src/core/format/report-json';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'certs');
const NOW = new Date('2025-06-01T00:00:00Z');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');
const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

async function jsonOf(path: string, text: string) {
  const d = await decodeText(text);
  return toJsonFile(path, text, d.items, [...d.problems, ...lintItems(d.items, { now: NOW })]);
}

describe('toJsonFile shape', () => {
  const cases: Array<{ file: string; keys: string[] }> = [
    {
      file: 'healthy.pem',
      keys: [
        'curve',
        'isCA',
        'issuer',
        'keyAlgorithm',
        'keySize',
        'kind',
        'notAfter',
        'notBefore',
        'range',
        'role',
        'selfSigned',
        'serialNumber',
        'sha256',
        'signatureAlgorithm',
        'spkiSha256',
        'subject',
        'subjectAltNames',
      ],
    },
    {
      file: 'rsa1024.pem',
      keys: [
        'isCA',
        'issuer',
        'keyAlgorithm',
        'keySize',
        'kind',
        'notAfter',
        'notBefore',
        'range',
        'role',
        'selfSigned',
        'serialNumber',
        'sha256',
        'signatureAlgorithm',
        'spkiSha256',
        'subject',
        'subjectAltNames',
      ],
    },
    {
      file: 'healthy.csr',
      // An EC request names its curve, as certificates and keys do.
      keys: [
        'curve',
        'keyAlgorithm',
        'keySize',
        'kind',
        'range',
        'sha256',
        'signatureAlgorithm',
        'spkiSha256',
        'subject',
        'subjectAltNames',
      ],
    },
    { file: 'fresh.crl', keys: ['issuer', 'kind', 'nextUpdate', 'range', 'revokedCount', 'sha256', 'signatureAlgorithm', 'thisUpdate'] },
    { file: 'healthy.key', keys: ['curve', 'encrypted', 'keyAlgorithm', 'keySize', 'kind', 'range', 'spkiSha256'] },
  ];
  for (const c of cases) {
    it(`${c.file}: only the fields of its kind`, async () => {
      const j = await jsonOf(c.file, read(c.file));
      assert.equal(j.path, c.file);
      assert.equal(j.items.length, 1);
      assert.deepEqual(Object.keys(j.items[0]!).sort(), c.keys);
    });
  }

  it('certificate values', async () => {
    const text = read('healthy.pem');
    const j = await jsonOf('certs/healthy.pem', text);
    const lines = text.split('\n');
    const { range, ...rest } = j.items[0]!;
    assert.deepEqual(range, {
      start: { line: 0, character: 0 },
      end: { line: lines.length - 2, character: '-----END CERTIFICATE-----'.length },
    });
    assert.deepEqual(rest, {
      kind: 'certificate',
      subject: 'O=CertLens Test,CN=healthy.example.test',
      issuer: 'O=CertLens Test,CN=CertLens Test Intermediate',
      serialNumber: '1002',
      notBefore: '2025-01-01T00:00:00.000Z',
      notAfter: '2026-01-01T00:00:00.000Z',
      sha256: '80523399f4d00de1a11a08bdfae4596367b6977f55c3dcaa1125365c3daf847b',
      subjectAltNames: ['DNS:healthy.example.test'],
      keyAlgorithm: 'EC',
      keySize: 256,
      curve: 'P-256',
      signatureAlgorithm: 'ecdsa-with-SHA256',
      isCA: false,
      selfSigned: false,
      role: 'leaf',
      spkiSha256: 'a687bf596cb090d58cd136daea4b1077e30e6f4f1f06c7ea8d9d6f7d8c3e3f6e',
    });
    assert.deepEqual(j.problems, []);
  });

  it('CRL values', async () => {
    const { range: _r, ...rest } = (await jsonOf('stale.crl', read('stale.crl'))).items[0]!;
    assert.deepEqual(rest, {
      kind: 'crl',
      issuer: 'O=CertLens Test,CN=CertLens Test Intermediate',
      thisUpdate: '2025-04-01T00:00:00.000Z',
      nextUpdate: '2025-05-01T00:00:00.000Z',
      revokedCount: 1,
      signatureAlgorithm: 'ecdsa-with-SHA256',
      sha256: '39571fb7d6dfdfd0d3e5fa13df328b19d005acf4e49c019612166852a971fbfe',
    });
  });

  it('0-based lines and characters for the second block of a CRLF file with indentation', async () => {
    const pem = read('expired.pem').trimEnd().split('\n');
    const text = `# header\r\n${read('healthy.pem').replace(/\n/g, '\r\n')}\r\n  ${pem.join('\r\n  ')}\r\n`;
    const j = await jsonOf('mixed.pem', text);
    const first = read('healthy.pem').split('\n').length - 1;
    const start = 1 + first + 1;
    const want = {
      start: { line: start, character: 2 },
      end: { line: start + pem.length - 1, character: 2 + '-----END CERTIFICATE-----'.length },
    };
    assert.deepEqual(j.items[1]!.range, want);
    assert.deepEqual(
      j.problems.map((p) => [p.code, p.range]),
      [['cert-expired', want]],
    );
  });

  it('problems have exactly code, severity, message, range and the item they are about (no span, no data)', async () => {
    const j = await jsonOf('expired.pem', read('expired.pem'));
    assert.equal(j.problems.length, 1);
    assert.deepEqual(Object.keys(j.problems[0]!).sort(), ['code', 'item', 'message', 'range', 'severity']);
    assert.equal(j.problems[0]!.item, 0);
    assert.equal(j.problems[0]!.severity, 'error');
  });

  it('malformed blocks: the problem range covers the block, no item', async () => {
    const text = `x\n${toPem('CERTIFICATE', Uint8Array.of(0x30, 0x05, 0x01))}`;
    const j = await jsonOf('bad.pem', text);
    assert.deepEqual(j.items, []);
    assert.deepEqual(
      j.problems.map((p) => [p.code, p.range.start]),
      [['der-malformed', { line: 1, character: 0 }]],
    );
  });

  it('binary files have zero ranges everywhere', async () => {
    const d = await decodeBinary(Uint8Array.of(...readFileSync(join(DIR, 'healthy.der')), 0));
    const j = toJsonFile('healthy.der', undefined, d.items, d.problems);
    assert.equal(j.items.length, 1);
    assert.deepEqual(j.items[0]!.range, ZERO);
    assert.deepEqual(
      j.problems.map((p) => [p.code, p.severity, p.range]),
      [['der-malformed', 'warning', ZERO]],
    );
  });

  it('an empty file', () => assert.deepEqual(toJsonFile('empty.pem', '', [], []), { path: 'empty.pem', items: [], problems: [] }));
});

describe('no DER or key material leaks into JSON', () => {
  const files = readdirSync(DIR).filter((f) => !f.endsWith('.der') && !f.endsWith('.p12'));
  for (const f of files) {
    it(f, async () => {
      const text = read(f);
      const out = JSON.stringify(await jsonOf(f, text));
      assert.doesNotMatch(out, /MII[A-Za-z0-9+/]{8,}/, 'a base64 DER run');
      assert.doesNotMatch(out, /"der"/);
      assert.doesNotMatch(out, /-----BEGIN/);
      // No 16-character window of any block body appears in the output.
      for (const b of scanPem(text).blocks) {
        const body = Buffer.from(b.der!).toString('base64');
        for (let i = 0; i + 16 <= body.length; i += 8) assert.ok(!out.includes(body.slice(i, i + 16)), `${f}: body at ${i}`);
      }
      if (!f.endsWith('.key')) assert.doesNotMatch(out, /PRIVATE/);
    });
  }
  it('key files give type and size, never key bytes', async () => {
    const out = JSON.stringify(await jsonOf('healthy.key', read('healthy.key')));
    assert.equal(out.match(/PRIVATE/g), null, 'no label text, no key material');
    assert.match(out, /"kind":"private-key"/);
    const key = scanPem(read('healthy.key')).blocks[0]!.der!;
    assert.ok(!out.includes(Buffer.from(key).toString('hex').slice(0, 32)));
  });
});
