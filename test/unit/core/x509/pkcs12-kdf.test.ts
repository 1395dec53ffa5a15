import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bmpPassword, hmac, pkcs12Kdf } from '../../../../src/core/x509/pkcs12-kdf';

const h = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const x = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('PKCS#12 KDF (RFC 7292 App. B)', () => {
  // Known-answer vectors used by OpenSSL and Bouncy Castle (SHA-1).
  const vectors: Array<[pw: string, salt: string, iter: number, id: number, n: number, want: string]> = [
    ['smeg', '0a58cf64530d823f', 1, 1, 24, '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3'],
    ['smeg', '0a58cf64530d823f', 1, 2, 8, '79993dfe048d3b76'],
    ['smeg', '3d83c0e4546ac140', 1, 3, 20, '8d967d88f6caa9d714800ab3d48051d63f73a312'],
    ['queeg', '05dec959acff72f7', 1000, 1, 24, 'ed2034e36328830ff09df1e1a07dd357185dac0d4f9eb3d4'],
    ['queeg', '05dec959acff72f7', 1000, 2, 8, '11dedad7758d4860'],
  ];
  for (const [pw, salt, iter, id, n, want] of vectors) {
    it(`${pw}/${salt}/iter ${iter}/id ${id}`, async () => {
      assert.equal(x(await pkcs12Kdf('SHA-1', bmpPassword(pw), h(salt), iter, id, n)), want);
    });
  }
  const encodings: Array<[string, string, boolean, string]> = [
    ['ASCII', 'ab', false, '006100620000'],
    ['non-ASCII (BMP)', 'é', false, '00e90000'],
    ['empty as BMPString', '', false, '0000'],
    ['empty as absent', '', true, ''],
  ];
  for (const [name, pw, absent, want] of encodings) it(`password encoding: ${name}`, () => assert.equal(x(bmpPassword(pw, absent)), want));
  it('derives different keys for the two empty-password encodings', async () => {
    const a = await pkcs12Kdf('SHA-256', bmpPassword(''), h('0102'), 1, 3, 32);
    const b = await pkcs12Kdf('SHA-256', bmpPassword('', true), h('0102'), 1, 3, 32);
    assert.notEqual(x(a), x(b));
    assert.equal(a.length, 32);
  });
  it('handles an empty salt and password without throwing', async () => {
    assert.equal((await pkcs12Kdf('SHA-1', new Uint8Array(0), new Uint8Array(0), 1, 1, 40)).length, 40);
  });
  it('HMAC-SHA-256 (RFC 4231 case 2)', async () => {
    const mac = await hmac('SHA-256', new TextEncoder().encode('Jefe'), new TextEncoder().encode('what do ya want for nothing?'));
    assert.equal(x(mac), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
