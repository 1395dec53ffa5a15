import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { X509Certificate } from '@peculiar/x509';
import { scanPem } from '../../../../src/core/pem/scanner';
import { describePrivateKey, describePublicKey, type KeyInfo } from '../../../../src/core/x509/keys';

const dir = join(__dirname, '../../../fixtures/keys');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
function block(f: string) {
  const [b] = scanPem(read(f)).blocks;
  assert.ok(b?.der, `${f} has a PEM block`);
  return { label: b.label, der: b.der, headers: b.headers };
}
const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');
const sha256 = async (b: ArrayBuffer | Uint8Array) => hex(await crypto.subtle.digest('SHA-256', b as ArrayBuffer));

async function describe_(f: string): Promise<{ key?: KeyInfo; codes: string[] }> {
  const { label, der, headers } = block(f);
  const r = label.includes('PUBLIC') ? await describePublicKey(label, der) : await describePrivateKey(label, der, headers);
  return { key: r.key, codes: r.problems.map((p) => p.code) };
}

describe('describePrivateKey / describePublicKey', () => {
  type Row = {
    file: string;
    alg?: string;
    size?: number;
    curve?: string;
    encrypted?: boolean;
    encryption?: string;
    spkiOf?: string;
    codes?: string[];
  };
  const rows: Row[] = [
    { file: 'rsa2048.pkcs8.pem', alg: 'RSA', size: 2048, spkiOf: 'rsa2048' },
    { file: 'rsa2048.pkcs1.pem', alg: 'RSA', size: 2048, spkiOf: 'rsa2048' },
    { file: 'rsa2048.spki.pem', alg: 'RSA', size: 2048, spkiOf: 'rsa2048' },
    { file: 'rsa2048.rsapub.pem', alg: 'RSA', size: 2048, spkiOf: 'rsa2048' },
    { file: 'rsa2048.pkcs1-encrypted.pem', alg: 'RSA', encrypted: true, encryption: 'AES-256-CBC' },
    { file: 'rsa2048.pkcs8-encrypted.pem', alg: 'unknown', encrypted: true, encryption: 'PBES2/AES-256-CBC' },
    { file: 'rsa2048.pkcs8-3des.pem', alg: 'unknown', encrypted: true, encryption: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
    { file: 'rsapss.pkcs8.pem', alg: 'RSA-PSS', size: 2048, spkiOf: 'rsapss' },
    { file: 'rsapss.spki.pem', alg: 'RSA-PSS', size: 2048, spkiOf: 'rsapss' },
    { file: 'ec-p256.pkcs8.pem', alg: 'EC', size: 256, curve: 'P-256', spkiOf: 'ec-p256' },
    { file: 'ec-p256.sec1.pem', alg: 'EC', size: 256, curve: 'P-256', spkiOf: 'ec-p256' },
    { file: 'ec-p256.sec1-nopub.pem', alg: 'EC', size: 256, curve: 'P-256', spkiOf: 'ec-p256' },
    { file: 'ec-p256.pkcs8-nopub.pem', alg: 'EC', size: 256, curve: 'P-256', spkiOf: 'ec-p256' },
    { file: 'ec-p256.spki.pem', alg: 'EC', size: 256, curve: 'P-256', spkiOf: 'ec-p256' },
    { file: 'ec-p384.pkcs8.pem', alg: 'EC', size: 384, curve: 'P-384', spkiOf: 'ec-p384' },
    { file: 'ec-p384.sec1.pem', alg: 'EC', size: 384, curve: 'P-384', spkiOf: 'ec-p384' },
    { file: 'ec-p384.sec1-nopub.pem', alg: 'EC', size: 384, curve: 'P-384', spkiOf: 'ec-p384' },
    { file: 'ed25519.pkcs8.pem', alg: 'Ed25519', size: 256, spkiOf: 'ed25519' },
    { file: 'ed25519.spki.pem', alg: 'Ed25519', size: 256, spkiOf: 'ed25519' },
    { file: 'ed448.pkcs8.pem', alg: 'Ed448', size: 456, spkiOf: 'ed448' },
    { file: 'x25519.pkcs8.pem', alg: 'X25519', size: 256, spkiOf: 'x25519' },
    { file: 'dsa2048.pkcs8.pem', alg: 'DSA', size: 2048, spkiOf: 'dsa2048' },
    { file: 'dsa2048.dsa.pem', alg: 'DSA', size: 2048, spkiOf: 'dsa2048' },
    { file: 'dsa2048.spki.pem', alg: 'DSA', size: 2048, spkiOf: 'dsa2048' },
  ];
  for (const r of rows) {
    it(r.file, async () => {
      const { key, codes } = await describe_(r.file);
      assert.ok(key);
      assert.deepEqual(codes, r.codes ?? []);
      assert.equal(key.keyAlgorithm, r.alg);
      assert.equal(key.keySize, r.size);
      assert.equal(key.curve, r.curve);
      assert.equal(key.encrypted, r.encrypted ?? false);
      assert.equal(key.encryption, r.encryption);
      if (r.spkiOf) {
        assert.equal(key.spkiSha256, read(`${r.spkiOf}.spki.sha256`).trim(), 'SPKI SHA-256 equals OpenSSL');
        assert.equal(key.spkiSha256, await sha256(key.spki!));
      } else {
        assert.equal(key.spki, undefined);
      }
      // Security: nothing displayable carries private material.
      const allowed = ['kind', 'keyAlgorithm', 'algorithmOid', 'keySize', 'curve', 'encrypted', 'encryption', 'spki', 'spkiSha256'];
      for (const k of Object.keys(key)) assert.ok(allowed.includes(k), `unexpected field ${k}`);
    });
  }

  for (const name of ['rsa2048', 'ec-p256', 'ec-p384', 'ed25519', 'dsa2048']) {
    it(`${name}: every private form pairs with the certificate's SPKI`, async () => {
      const cert = new X509Certificate(read(`${name}.crt.pem`));
      const certSpki = await sha256(cert.publicKey.rawData);
      const forms = rows.filter((r) => r.spkiOf === name && !r.file.includes('spki'));
      assert.ok(forms.length >= 1);
      for (const f of forms) assert.equal((await describe_(f.file)).key?.spkiSha256, certSpki, f.file);
    });
  }

  const good = block('rsa2048.pkcs8.pem').der;
  const ec = block('ec-p256.sec1.pem').der;
  const malformed: Array<{ name: string; label: string; der: Uint8Array; codes: string[]; key: boolean }> = [
    { name: 'truncated PKCS#8', label: 'PRIVATE KEY', der: good.subarray(0, 100), codes: ['der-malformed'], key: false },
    { name: 'trailing bytes', label: 'PRIVATE KEY', der: Uint8Array.from([...good, 0, 0]), codes: ['der-malformed'], key: true },
    { name: 'garbage', label: 'PRIVATE KEY', der: Uint8Array.from([1, 2, 3, 4, 5]), codes: ['der-malformed'], key: false },
    { name: 'empty', label: 'RSA PRIVATE KEY', der: new Uint8Array(0), codes: ['der-malformed'], key: false },
    { name: 'EC key under an RSA label', label: 'RSA PRIVATE KEY', der: ec, codes: ['der-malformed'], key: false },
    { name: 'truncated SEC1', label: 'EC PRIVATE KEY', der: ec.subarray(0, 40), codes: ['der-malformed'], key: false },
    {
      name: 'garbage encrypted PKCS#8',
      label: 'ENCRYPTED PRIVATE KEY',
      der: Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x00]),
      codes: ['der-malformed'],
      key: false,
    },
    {
      name: 'truncated DSA',
      label: 'DSA PRIVATE KEY',
      der: block('dsa2048.dsa.pem').der.subarray(0, 300),
      codes: ['der-malformed'],
      key: false,
    },
    { name: 'unknown label', label: 'CERTIFICATE', der: good, codes: ['key-unsupported'], key: false },
  ];
  for (const m of malformed) {
    it(`malformed: ${m.name}`, async () => {
      const r = await describePrivateKey(m.label, m.der);
      assert.deepEqual(
        r.problems.map((p) => p.code),
        m.codes,
      );
      assert.equal(r.key !== undefined, m.key);
    });
  }
  const pubMalformed: Array<{ name: string; label: string; der: Uint8Array }> = [
    { name: 'truncated SPKI', label: 'PUBLIC KEY', der: block('rsa2048.spki.pem').der.subarray(0, 50) },
    { name: 'private key under PUBLIC KEY', label: 'PUBLIC KEY', der: good },
    { name: 'garbage RSA PUBLIC KEY', label: 'RSA PUBLIC KEY', der: Uint8Array.from([0x30, 0x00]) },
  ];
  for (const m of pubMalformed) {
    it(`malformed: ${m.name}`, async () => {
      const r = await describePublicKey(m.label, m.der);
      assert.deepEqual(
        r.problems.map((p) => p.code),
        ['der-malformed'],
      );
      assert.equal(r.key, undefined);
    });
  }

  it('never puts key material in problem messages', async () => {
    const der = block('rsa2048.pkcs1.pem').der;
    const r = await describePrivateKey('RSA PRIVATE KEY', der.subarray(0, der.length - 10));
    const bodyHex = Buffer.from(der.subarray(20, 40)).toString('hex');
    for (const p of r.problems) assert.ok(!p.message.toLowerCase().includes(bodyHex));
  });
});

describe('key decoding fuzz', () => {
  it('truncated and bit-flipped keys of every form never throw', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const files = [
      'rsa2048.pkcs8.pem',
      'rsa2048.pkcs1.pem',
      'ec-p256.sec1.pem',
      'ec-p256.sec1-nopub.pem',
      'ed25519.pkcs8.pem',
      'dsa2048.dsa.pem',
      'rsa2048.pkcs8-encrypted.pem',
      'rsa2048.spki.pem',
      'rsa2048.rsapub.pem',
    ];
    for (let i = 0; i < 400; i++) {
      const { label, der } = block(files[i % files.length]!);
      const input = i % 2 ? der.subarray(0, Math.floor(rand() * der.length)) : Uint8Array.from(der);
      if (i % 2 === 0) for (let k = 0; k < 3; k++) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
      const r = label.includes('PUBLIC') ? await describePublicKey(label, input) : await describePrivateKey(label, input);
      assert.ok(r.key || r.problems.length > 0);
    }
  });
});

describe('hostile keys', () => {
  it('a DSA PKCS#8 key with a huge modulus is described without computing y', async () => {
    const { TAG, encode, encodeOid } = await import('../../../../src/core/x509/der-tlv');
    const big = (n: number) => encode(TAG.INTEGER, Uint8Array.of(0x7f), new Uint8Array(n).fill(0xab));
    const alg = encode(TAG.SEQUENCE, encodeOid('1.2.840.10040.4.1'), encode(TAG.SEQUENCE, big(200_000), big(31), big(200_000)));
    const der = encode(TAG.SEQUENCE, Uint8Array.of(2, 1, 0), alg, encode(TAG.OCTET_STRING, big(31)));
    // Computing y = g^x mod p over 200,000-byte numbers would not finish: the unit runner's hang guard fails it.
    const r = await describePrivateKey('PRIVATE KEY', der);
    assert.equal(r.key?.keyAlgorithm, 'DSA');
    assert.equal(r.key?.spki, undefined);
  });
});
