import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanPem } from '../../../../src/core/pem/scanner';
import { type DerKind, sniffDer } from '../../../../src/core/x509/sniff';

const fixtures = join(__dirname, '../../../fixtures');
const file = (f: string) => new Uint8Array(readFileSync(join(fixtures, f)));
const pem = (f: string) => scanPem(readFileSync(join(fixtures, f), 'utf8')).blocks[0]!.der!;

describe('sniffDer', () => {
  const rows: Array<[name: string, der: () => Uint8Array, kind: DerKind]> = [
    ['DER certificate', () => file('p12/leaf.cer'), 'certificate'],
    ['DER CRL', () => file('p12/inter.crl.der'), 'crl'],
    ['DER CSR', () => file('p12/leaf.csr.der'), 'csr'],
    ['PKCS#7 .p7b', () => file('p12/chain.p7b'), 'pkcs7'],
    ['PKCS#12 modern', () => file('p12/changeit-modern.p12'), 'pkcs12'],
    ['PKCS#12 legacy RC2', () => file('p12/changeit-legacy-rc2.p12'), 'pkcs12'],
    ['PKCS#8 (DER)', () => file('p12/leaf.pkcs8.der'), 'private-key'],
    ['PKCS#8 RSA', () => pem('keys/rsa2048.pkcs8.pem'), 'private-key'],
    ['PKCS#8 Ed25519', () => pem('keys/ed25519.pkcs8.pem'), 'private-key'],
    ['encrypted PKCS#8 (PBES2)', () => pem('keys/rsa2048.pkcs8-encrypted.pem'), 'encrypted-private-key'],
    ['encrypted PKCS#8 (PKCS#12 PBE)', () => pem('keys/rsa2048.pkcs8-3des.pem'), 'encrypted-private-key'],
    ['SPKI', () => pem('keys/ec-p256.spki.pem'), 'public-key'],
    ['PKCS#1 RSA private', () => pem('keys/rsa2048.pkcs1.pem'), 'rsa-private-key'],
    ['PKCS#1 RSA public', () => pem('keys/rsa2048.rsapub.pem'), 'rsa-public-key'],
    ['SEC1 EC', () => pem('keys/ec-p256.sec1.pem'), 'ec-private-key'],
    ['SEC1 EC without public key', () => pem('keys/ec-p384.sec1-nopub.pem'), 'ec-private-key'],
    ['DSA traditional', () => pem('keys/dsa2048.dsa.pem'), 'dsa-private-key'],
    ['legacy-encrypted PEM body (ciphertext)', () => pem('keys/rsa2048.pkcs1-encrypted.pem'), 'unknown'],
    ['truncated PKCS#12', () => file('p12/truncated.p12'), 'unknown'],
    ['truncated certificate', () => file('p12/leaf.cer').subarray(0, 100), 'unknown'],
    ['empty', () => new Uint8Array(0), 'unknown'],
    ['text', () => new TextEncoder().encode('hello world'), 'unknown'],
    ['certificate with trailing bytes', () => Uint8Array.from([...file('p12/leaf.cer'), 0, 0]), 'certificate'],
    ['SEQUENCE of two small INTEGERs (not an RSA key)', () => Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x03]), 'unknown'],
    ['length with 5 length octets', () => Uint8Array.from([0x30, 0x85, 1, 0, 0, 0, 0]), 'unknown'],
    ['high tag number', () => Uint8Array.from([0x3f, 0x81, 0x01, 0x00]), 'unknown'],
  ];
  for (const [name, der, kind] of rows) it(name, () => assert.equal(sniffDer(der()), kind));

  it('fuzz: random, truncated and bit-flipped inputs never throw or hang', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const seeds = [file('p12/changeit-legacy-rc2.p12'), file('p12/leaf.cer'), file('p12/chain.p7b'), pem('keys/rsa2048.pkcs1.pem')];
    for (let i = 0; i < 4000; i++) {
      const base = seeds[i % seeds.length]!;
      let input: Uint8Array;
      if (i % 3 === 0) input = Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256));
      else if (i % 3 === 1) input = base.subarray(0, Math.floor(rand() * base.length));
      else {
        input = Uint8Array.from(base);
        for (let k = 0; k < 4; k++) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
      }
      const kind = sniffDer(input);
      assert.equal(typeof kind, 'string');
    }
    // Deeply nested indefinite lengths: bounded, no stack overflow.
    const nested = new Uint8Array(200_000);
    for (let i = 0; i < nested.length; i += 2) [nested[i], nested[i + 1]] = [0x30, 0x80];
    assert.equal(sniffDer(nested), 'unknown');
  });
});
