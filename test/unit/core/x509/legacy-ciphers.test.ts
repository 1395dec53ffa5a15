import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DES_SBOXES,
  des3EncryptBlock,
  desCbcDecrypt,
  desEncryptBlock,
  rc2CbcDecrypt,
  rc2DecryptBlock,
  rc2EncryptBlock,
  rc4,
  unpad,
} from '../../../../src/core/x509/legacy-ciphers';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const x = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : 'undefined');

describe('RC2 (RFC 2268 §5 test vectors)', () => {
  const vectors: Array<[key: string, bits: number, pt: string, ct: string]> = [
    ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
    ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
    ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
    ['88', 64, '0000000000000000', '61a8a244adacccf0'],
    ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
    ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
    ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
  ];
  for (const [k, bits, pt, ct] of vectors) {
    it(`key ${k.slice(0, 16)}… T1=${bits}`, () => {
      assert.equal(x(rc2EncryptBlock(h(k), bits, h(pt))), ct);
      assert.equal(x(rc2DecryptBlock(h(k), bits, h(ct))), pt);
    });
  }
  // `openssl enc -rc2-40-cbc -K 0102030405 -iv 0001020304050607 -provider legacy` of "CertLens RC2 test".
  it('RC2-40-CBC matches OpenSSL and unpads', () => {
    const ct = h('ce14f7051f80edc1964725c3f16a5cb2afa0ef1f40930732');
    const pt = rc2CbcDecrypt(h('0102030405'), 40, h('0001020304050607'), ct);
    assert.equal(Buffer.from(pt ?? []).toString(), 'CertLens RC2 test');
  });
  const bad: Array<[string, () => Uint8Array | undefined]> = [
    ['ciphertext not a multiple of 8', () => rc2CbcDecrypt(h('0102030405'), 40, h('0001020304050607'), h('00112233'))],
    ['empty ciphertext', () => rc2CbcDecrypt(h('0102030405'), 40, h('0001020304050607'), new Uint8Array(0))],
    ['IV of wrong length', () => rc2CbcDecrypt(h('0102030405'), 40, h('0001'), h('0011223344556677'))],
    ['empty key', () => rc2CbcDecrypt(new Uint8Array(0), 40, h('0001020304050607'), h('0011223344556677'))],
    [
      'wrong key (bad padding)',
      () => rc2CbcDecrypt(h('0102030406'), 40, h('0001020304050607'), h('ce14f7051f80edc1964725c3f16a5cb2afa0ef1f40930732')),
    ],
  ];
  for (const [name, f] of bad) it(`malformed: ${name} → undefined`, () => assert.equal(f(), undefined));
});

describe('DES / 3DES', () => {
  it('S-boxes: every row is a permutation of 0..15', () => {
    for (const s of DES_SBOXES)
      for (let r = 0; r < 4; r++)
        assert.deepEqual(
          [...s.slice(16 * r, 16 * r + 16)].sort((a, b) => a - b),
          [...Array(16).keys()],
        );
  });
  const des: Array<[key: string, pt: string, ct: string]> = [
    ['133457799bbcdff1', '0123456789abcdef', '85e813540f0ab405'], // the FIPS 46 worked example
    ['0101010101010101', '95f8a5e5dd31d900', '8000000000000000'], // NIST SP 800-17 variable-plaintext, round 1
    ['0101010101010101', 'dd7f121ca5015619', '4000000000000000'],
    ['8001010101010101', '0000000000000000', '95a8d72813daa94d'], // SP 800-17 variable-key
  ];
  for (const [k, pt, ct] of des) it(`DES ${k}/${pt}`, () => assert.equal(x(desEncryptBlock(h(k), h(pt))), ct));
  it('3DES-EDE (SP 800-67 example, first block)', () => {
    assert.equal(x(des3EncryptBlock(h('0123456789abcdef23456789abcdef01456789abcdef0123'), h('5468652071756663'))), 'a826fd8ce53b855f');
  });
  // `openssl enc -des-ede3-cbc -K 0123…0123 -iv 0001020304050607` of "CertLens 3DES test".
  it('3DES-CBC matches OpenSSL and unpads', () => {
    const ct = h('1f5a2183f3563e1f93e61e862d261ac01d4edc0f07520020');
    const pt = desCbcDecrypt(h('0123456789abcdef23456789abcdef01456789abcdef0123'), h('0001020304050607'), ct);
    assert.equal(Buffer.from(pt ?? []).toString(), 'CertLens 3DES test');
  });
  const bad: Array<[string, () => Uint8Array | undefined]> = [
    ['key of 10 bytes', () => desCbcDecrypt(new Uint8Array(10), new Uint8Array(8), new Uint8Array(8))],
    ['truncated ciphertext', () => desCbcDecrypt(new Uint8Array(24), new Uint8Array(8), new Uint8Array(7))],
    ['garbage ciphertext (bad padding)', () => desCbcDecrypt(new Uint8Array(24).fill(7), new Uint8Array(8), new Uint8Array(16).fill(0xa5))],
  ];
  for (const [name, f] of bad) it(`malformed: ${name} → undefined`, () => assert.equal(f(), undefined));
});

describe('RC4 and padding', () => {
  it('RC4 (RFC 6229 key 0102030405, offset 0)', () => {
    assert.equal(x(rc4(h('0102030405'), new Uint8Array(16))), 'b2396305f03dc027ccc3524a0a1118a8');
  });
  const pads: Array<[string, string, string]> = [
    ['good', '4142030303', '4142'],
    ['full block', '0808080808080808', ''],
    ['zero pad byte', '4142434400', 'undefined'],
    ['pad longer than block', '09090909090909090909', 'undefined'],
    ['inconsistent', '41420203', 'undefined'],
    ['empty', '', 'undefined'],
  ];
  for (const [name, input, want] of pads) it(`unpad: ${name}`, () => assert.equal(x(unpad(h(input), 8)), want));
});
