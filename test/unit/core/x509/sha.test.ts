import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha1, sha256 } from '../../../../src/core/x509/sha';

const x = (b: Uint8Array | ArrayBuffer) => Buffer.from(b as ArrayBuffer).toString('hex');

describe('sha1 / sha256 (FIPS 180-4)', () => {
  const known: Array<[string, string, string]> = [
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ];
  for (const [msg, h1, h256] of known) {
    it(`known answer for ${JSON.stringify(msg)}`, () => {
      const d = new TextEncoder().encode(msg);
      assert.equal(x(sha1(d)), h1);
      assert.equal(x(sha256(d)), h256);
    });
  }
  // Every padding boundary (55/56/63/64/119/120 bytes) against WebCrypto.
  for (const n of [1, 20, 32, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
    it(`${n} bytes equal WebCrypto`, async () => {
      const d = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
      assert.equal(x(sha1(d)), x(await crypto.subtle.digest('SHA-1', d)));
      assert.equal(x(sha256(d)), x(await crypto.subtle.digest('SHA-256', d)));
    });
  }
});
