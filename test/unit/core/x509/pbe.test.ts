import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TAG, encode, encodeOid, readTlv } from '../../../../src/core/x509/der-tlv';
import { decryptPbe, describeScheme, spendIterations } from '../../../../src/core/x509/pbe';

const int = (n: number) => encode(TAG.INTEGER, Uint8Array.from(Buffer.from(n.toString(16).padStart(8, '0'), 'hex')));
const octet = (n: number) => encode(TAG.OCTET_STRING, new Uint8Array(n).fill(1));
const seq = (...p: Uint8Array[]) => encode(TAG.SEQUENCE, ...p);
const pbes2 = (kdf: Uint8Array, enc: Uint8Array) => seq(encodeOid('1.2.840.113549.1.5.13'), seq(kdf, enc));
const pbkdf2 = (iter: number, prf = '1.2.840.113549.2.9') =>
  seq(encodeOid('1.2.840.113549.1.5.12'), seq(octet(8), int(iter), seq(encodeOid(prf), Uint8Array.of(5, 0))));
const aes256 = seq(encodeOid('2.16.840.1.101.3.4.1.42'), octet(16));
const pkcs12 = (oid: string, iter: number) => seq(encodeOid(oid), seq(octet(8), int(iter)));
const scrypt = seq(encodeOid('1.3.6.1.4.1.11591.4.11'), seq(octet(8), int(16384), int(8), int(1)));

describe('PBE schemes', () => {
  const names: Array<[string, Uint8Array, string]> = [
    ['PBES2 AES-256', pbes2(pbkdf2(2048), aes256), 'PBES2/AES-256-CBC'],
    ['PBES2 scrypt', pbes2(scrypt, aes256), 'PBES2/scrypt/AES-256-CBC'],
    ['PKCS#12 RC2-40', pkcs12('1.2.840.113549.1.12.1.6', 2048), 'pbeWithSHAAnd40BitRC2-CBC'],
    ['PBES1 MD5-DES', pkcs12('1.2.840.113549.1.5.3', 2048), 'pbeWithMD5AndDES-CBC'],
    ['unknown OID', seq(encodeOid('1.2.3.4')), '1.2.3.4'],
    ['garbage', seq(Uint8Array.of(5, 0)), 'unknown'],
  ];
  for (const [name, alg, want] of names) it(`describeScheme: ${name}`, () => assert.equal(describeScheme(alg, readTlv(alg)!), want));

  const pw = { text: 'changeit', absent: false };
  const data = new Uint8Array(32);
  const failures: Array<[string, Uint8Array, string, RegExp]> = [
    [
      'PBKDF2 iterations above the cap',
      pbes2(pbkdf2(2_000_001), aes256),
      'excessive',
      /PBKDF2: 2000001 iterations, above the cap of 2000000/,
    ],
    ['PBKDF2 at 10 million (the old cap)', pbes2(pbkdf2(10_000_000), aes256), 'excessive', /not run/],
    ['PKCS#12 KDF iterations above the cap', pkcs12('1.2.840.113549.1.12.1.3', 500_001), 'excessive', /above the cap of 500000/],
    ['PKCS#12 KDF at 2^31-1', pkcs12('1.2.840.113549.1.12.1.3', 2 ** 31 - 1), 'excessive', /not run/],
    ['scrypt', pbes2(scrypt, aes256), 'unsupported', /scrypt/],
    ['unknown PRF', pbes2(pbkdf2(1, '1.2.3'), aes256), 'unsupported', /PRF/],
    ['PBES1', pkcs12('1.2.840.113549.1.5.3', 1), 'unsupported', /not supported/],
    ['missing PBES2 parameters', seq(encodeOid('1.2.840.113549.1.5.13')), 'malformed', /malformed/],
    ['zero iterations', pkcs12('1.2.840.113549.1.12.1.3', 0), 'malformed', /malformed/],
    ['wrong password (AES padding)', pbes2(pbkdf2(1), aes256), 'wrong-password', /wrong password/],
    ['wrong password (3DES padding)', pkcs12('1.2.840.113549.1.12.1.3', 1), 'wrong-password', /wrong password/],
  ];
  for (const [name, alg, reason, message] of failures) {
    it(`decryptPbe: ${name}`, async () => {
      const r = await decryptPbe(alg, readTlv(alg)!, data, pw);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.reason, reason);
        assert.match(r.message, message);
        assert.ok(!r.message.includes('changeit'));
      }
    });
  }

  it('a file budget is spent by each derivation and refuses the one that would overrun it', async () => {
    const budget = { iterations: 300_000 };
    const alg = pkcs12('1.2.840.113549.1.12.1.3', 100_000); // key + IV: 200,000
    const tlv = readTlv(alg);
    assert.ok(tlv);
    const first = await decryptPbe(alg, tlv, data, pw, budget);
    assert.equal(first.ok ? 'ok' : first.reason, 'wrong-password', 'run: within the budget');
    assert.equal(budget.iterations, 100_000);
    const second = await decryptPbe(alg, tlv, data, pw, budget);
    assert.equal(second.ok ? 'ok' : second.reason, 'excessive', 'not run: it would overrun the budget');
    assert.equal(budget.iterations, 100_000, 'a refused derivation spends nothing');
  });

  it('spendIterations: PBKDF2 iterations weigh half', () => {
    const budget = { iterations: 1_000_000 };
    assert.equal(spendIterations('PBKDF2', 2_000_000, 2_000_000, budget, 1, 0.5), undefined);
    assert.equal(budget.iterations, 0);
  });
});
