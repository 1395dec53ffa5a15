import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanPem } from '../../../../src/core/pem/scanner';
import { decodePkcs7 } from '../../../../src/core/x509/pkcs7';

const dir = join(__dirname, '../../../fixtures/p12');
const p7b = new Uint8Array(readFileSync(join(dir, 'chain.p7b')));
const pemBlock = scanPem(readFileSync(join(dir, 'chain.p7b.pem'), 'utf8')).blocks[0]!;
const expected = scanPem(readFileSync(join(dir, 'chain.certs.pem'), 'utf8')).blocks.map((b) => Buffer.from(b.der!).toString('hex'));
const hexes = (xs: Uint8Array[]) => xs.map((b) => Buffer.from(b).toString('hex'));

describe('decodePkcs7', () => {
  const rows: Array<{ name: string; der: Uint8Array; certs: number; codes: string[]; same?: boolean }> = [
    { name: 'DER .p7b (openssl crl2pkcs7)', der: p7b, certs: 3, codes: [], same: true },
    { name: 'PEM PKCS7 block', der: pemBlock.der!, certs: 3, codes: [], same: true },
    { name: 'trailing bytes', der: Uint8Array.from([...p7b, 0, 0]), certs: 3, codes: ['der-malformed'], same: true },
    { name: 'truncated', der: p7b.subarray(0, p7b.length - 10), certs: 0, codes: ['der-malformed'] },
    { name: 'garbage', der: Uint8Array.from([0x30, 0x82, 0xff, 0xff, 1, 2, 3]), certs: 0, codes: ['der-malformed'] },
    { name: 'empty', der: new Uint8Array(0), certs: 0, codes: ['der-malformed'] },
    { name: 'a PKCS#12 file', der: new Uint8Array(readFileSync(join(dir, 'empty-modern.p12'))), certs: 0, codes: ['der-malformed'] },
    // ContentInfo { data, [0] OCTET STRING "" }
    {
      name: 'ContentInfo of type data',
      der: Uint8Array.from([0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02, 0x04, 0x00]),
      certs: 0,
      codes: ['pkcs7-unsupported'],
    },
  ];
  for (const r of rows) {
    it(r.name, () => {
      const got = decodePkcs7(r.der);
      assert.equal(got.certificates.length, r.certs);
      assert.deepEqual(
        got.problems.map((p) => p.code),
        r.codes,
      );
      if (r.same) assert.deepEqual(hexes(got.certificates), expected, 'byte-equal to the input certificates, in order');
      assert.deepEqual(got.crls, []);
    });
  }
});

describe('decodePkcs7 fuzz', () => {
  it('truncated and bit-flipped bundles never throw', () => {
    let seed = 3;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 2000; i++) {
      const input = i % 2 ? p7b.subarray(0, Math.floor(rand() * p7b.length)) : Uint8Array.from(p7b);
      if (i % 2 === 0) for (let k = 0; k < 3; k++) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
      const r = decodePkcs7(input);
      assert.ok(Array.isArray(r.certificates) && Array.isArray(r.problems));
    }
  });
});
