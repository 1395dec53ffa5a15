import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanPem } from '../../../../src/core/pem-scanner';
import { summarizeCertificate } from '../../../../src/core/x509/certificate';
import { summarizeCsr, verifyCsrSignature } from '../../../../src/core/x509/csr';
import { DerError } from '../../../../src/core/x509/der';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'certs');
const pemDer = (file: string) => scanPem(readFileSync(join(DIR, file), 'utf8')).blocks[0]!.der!;
const haveOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

describe('summarizeCsr', () => {
  const healthy = pemDer('healthy.csr');
  const bad = pemDer('bad-signature.csr');
  const expected = {
    subject: 'CN=healthy.example.test,O=CertLens Test',
    subjectLabel: 'healthy.example.test',
    subjectAltNames: ['DNS:healthy.example.test'],
    signatureAlgorithm: 'ecdsa-with-SHA256',
    signatureAlgorithmOid: '1.2.840.10045.4.3.2',
    keyAlgorithm: 'EC',
    keySize: 256,
    curve: 'P-256',
  };
  for (const [file, der] of [['healthy.csr', healthy], ['bad-signature.csr', bad]] as const) {
    it(`${file}: fields from the fixture script`, async () => {
      const s = await summarizeCsr(der);
      const { spkiSha256, sha256, ...rest } = s;
      assert.deepEqual(rest, expected);
      assert.equal(sha256, createHash('sha256').update(der).digest('hex'));
      // Same key as healthy.pem.
      assert.equal(spkiSha256, (await summarizeCertificate(pemDer('healthy.pem'))).spkiSha256);
    });
  }

  it('subject equals openssl req -subject', { skip: !haveOpenssl && 'openssl is not installed' }, async () => {
    const out = execFileSync('openssl', ['req', '-noout', '-subject', '-nameopt', 'RFC2253', '-in', join(DIR, 'healthy.csr')], { encoding: 'utf8' });
    assert.equal(`subject=${(await summarizeCsr(healthy)).subject}\n`, out);
  });

  it('a CSR without attributes has no SANs', { skip: !haveOpenssl && 'openssl is not installed' }, async () => {
    const key = join(DIR, 'healthy.key');
    const pem = execFileSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=plain', '-config', '/dev/null'], { encoding: 'utf8' });
    const der = scanPem(pem).blocks[0]!.der!;
    const s = await summarizeCsr(der);
    assert.equal(s.subject, 'CN=plain');
    assert.deepEqual(s.subjectAltNames, []);
    assert.equal(await verifyCsrSignature(der), true);
  });

  const malformed: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array(0)],
    ['truncated', healthy.subarray(0, healthy.length - 10)],
    ['empty SEQUENCE', Uint8Array.of(0x30, 0x00)],
    ['a certificate', pemDer('healthy.pem')],
    ['a CRL', pemDer('fresh.crl')],
    ['indefinite length', Uint8Array.of(0x30, 0x80, 0, 0)],
  ];
  for (const [name, der] of malformed) {
    it(`throws DerError on ${name}`, async () => {
      await assert.rejects(summarizeCsr(der), DerError);
    });
  }
});

describe('verifyCsrSignature', () => {
  const cases: Array<[string, Uint8Array, boolean | 'unsupported']> = [
    ['healthy.csr verifies', pemDer('healthy.csr'), true],
    ['bad-signature.csr does not', pemDer('bad-signature.csr'), false],
    ['garbage is unsupported, not a throw', Uint8Array.of(1, 2, 3), 'unsupported'],
    ['empty input is unsupported', new Uint8Array(0), 'unsupported'],
  ];
  for (const [name, der, want] of cases) it(name, async () => assert.equal(await verifyCsrSignature(der), want));

  it('a tampered subject breaks the signature', async () => {
    const der = Uint8Array.from(pemDer('healthy.csr'));
    const at = Buffer.from(der).indexOf('healthy');
    der[at] = 'H'.charCodeAt(0);
    assert.equal(await verifyCsrSignature(der), false);
  });
});
