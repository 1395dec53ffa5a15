/**
 * Keystore key recovery (jks-keys.ts): the two Java key protectors against an
 * independent writer on node:crypto, the keytool/JDK fixtures, and hostile
 * encrypted keys in a table (never throws, never leaks).
 */
import assert from 'node:assert/strict';
import { createCipheriv, createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeKeystore } from '../../../../src/core/x509/jks';
import {
  JCEKS_KEY_PROTECTOR,
  JKS_KEY_PROTECTOR,
  KEYSTORE_KDF_BUDGET,
  MAX_JCEKS_ITERATIONS,
  recoverKeystoreKey,
  unlockKeystoreKey,
} from '../../../../src/core/x509/jks-keys';
import { md5 } from '@noble/hashes/legacy';
import { TAG } from '../../../../src/core/der/reader';
import { encode, encodeOid } from '../../../../src/core/der/encode';

const dir = join(__dirname, '../../../fixtures/jks');
const bytes = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const budget = () => ({ iterations: KEYSTORE_KDF_BUDGET });
const u8 = (b: Buffer) => new Uint8Array(b);

// ---- An independent writer: what the JDK's KeyProtector.protect does. ----

const utf16be = (pw: string) => Buffer.from(pw, 'utf16le').swap16();
const epki = (algorithm: Uint8Array, data: Uint8Array) => encode(TAG.SEQUENCE, algorithm, encode(TAG.OCTET_STRING, data));
const jksAlg = () => encode(TAG.SEQUENCE, encodeOid(JKS_KEY_PROTECTOR), Uint8Array.of(TAG.NULL, 0));

/** sun.security.provider.KeyProtector.protect. */
function jksProtect(plain: Uint8Array, password: string, salt = randomBytes(20)): Uint8Array {
  const pw = utf16be(password);
  const out = Buffer.alloc(plain.length);
  let d: Buffer = salt;
  for (let off = 0; off < plain.length; off += 20) {
    d = createHash('sha1').update(pw).update(d).digest();
    for (let i = 0; i < 20 && off + i < plain.length; i++) out[off + i] = plain[off + i]! ^ d[i]!;
  }
  const check = createHash('sha1').update(pw).update(plain).digest();
  return epki(jksAlg(), u8(Buffer.concat([salt, out, check])));
}

const jceksAlg = (salt: Uint8Array, iterations: number) =>
  encode(
    TAG.SEQUENCE,
    encodeOid(JCEKS_KEY_PROTECTOR),
    encode(TAG.SEQUENCE, encode(TAG.OCTET_STRING, salt), encode(TAG.INTEGER, intBytes(iterations))),
  );
function intBytes(n: number): Uint8Array {
  const h = n.toString(16);
  const b = Buffer.from(h.length % 2 ? `0${h}` : h, 'hex');
  return u8(b[0]! & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
}

/** com.sun.crypto.provider.KeyProtector.protect: PBES1Core DESede key derivation, then des-ede3-cbc. */
function jceksProtect(plain: Uint8Array, password: string, salt: Uint8Array = randomBytes(8), iterations = 1000): Uint8Array {
  const s = Buffer.from(salt);
  if (s.subarray(0, 4).equals(s.subarray(4))) s.subarray(0, 4).reverse();
  const halves = [0, 1].map((h) => {
    let d = s.subarray(h * 4, h * 4 + 4);
    for (let i = 0; i < iterations; i++) d = createHash('md5').update(d).update(password, 'latin1').digest();
    return d;
  });
  const derived = Buffer.concat(halves);
  const c = createCipheriv('des-ede3-cbc', derived.subarray(0, 24), derived.subarray(24, 32));
  return epki(jceksAlg(salt, iterations), u8(Buffer.concat([c.update(plain), c.final()])));
}

const keys = {
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ed25519: generateKeyPairSync('ed25519'),
};
const pkcs8 = (k: keyof typeof keys) => u8(keys[k].privateKey.export({ format: 'der', type: 'pkcs8' }));
const spki = (k: keyof typeof keys) => u8(keys[k].publicKey.export({ format: 'der', type: 'spki' }));

describe('md5 (RFC 1321)', () => {
  for (const n of [0, 1, 3, 12, 55, 56, 57, 63, 64, 65, 119, 120, 1000]) {
    it(`${n} bytes equal node:crypto`, () => {
      const d = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
      assert.equal(hex(md5(d)), createHash('md5').update(d).digest('hex'));
    });
  }
});

describe('recoverKeystoreKey: round trips against an independent writer', () => {
  for (const k of ['ec', 'rsa', 'ed25519'] as const) {
    for (const password of ['changeit', '', 'pässwörd-ü']) {
      it(`JKS key protector, ${k}, password ${JSON.stringify(password)}`, () => {
        const r = recoverKeystoreKey(jksProtect(pkcs8(k), password), password, budget());
        assert.ok(r.ok);
        assert.equal(hex(r.pkcs8), hex(pkcs8(k)));
      });
    }
    it(`JCEKS PBEWithMD5AndTripleDES, ${k}`, () => {
      const r = recoverKeystoreKey(jceksProtect(pkcs8(k), 'changeit'), 'changeit', budget());
      assert.ok(r.ok);
      assert.equal(hex(r.pkcs8), hex(pkcs8(k)));
    });
  }
  it('JCEKS: equal salt halves (the first half is reversed, PBES1Core)', () => {
    const r = recoverKeystoreKey(jceksProtect(pkcs8('ec'), 'changeit', Uint8Array.of(1, 2, 3, 4, 1, 2, 3, 4)), 'changeit', budget());
    assert.ok(r.ok);
  });
  it('the iterations spent come out of one budget per keystore', () => {
    const b = { iterations: 2500 };
    assert.ok(recoverKeystoreKey(jceksProtect(pkcs8('ec'), 'pw', undefined, 1000), 'pw', b).ok);
    assert.equal(b.iterations, 500);
    const r = recoverKeystoreKey(jceksProtect(pkcs8('ec'), 'pw', undefined, 1000), 'pw', b);
    assert.ok(!r.ok && r.reason === 'unsupported');
  });
  it('unlockKeystoreKey returns the public key only, as SPKI', async () => {
    for (const k of ['ec', 'rsa', 'ed25519'] as const) {
      const r = await unlockKeystoreKey(jksProtect(pkcs8(k), 'pw'), 'pw', 'JKS key protector', budget());
      assert.equal(r.state, 'decrypted');
      assert.equal(r.key?.spkiSha256, sha256(spki(k)));
      assert.equal(r.key?.encryption, 'JKS key protector');
    }
  });
});

describe('recoverKeystoreKey: hostile and broken encrypted keys never throw', () => {
  const good = jksProtect(pkcs8('ec'), 'pw');
  const goodData = good.subarray(good.length - (pkcs8('ec').length + 40));
  type Row = {
    name: string;
    input: () => Uint8Array;
    password?: string;
    reason: 'wrong-password' | 'malformed' | 'unsupported';
    message?: RegExp;
  };
  const rows: Row[] = [
    { name: 'wrong password (JKS check digest)', input: () => good, password: 'other', reason: 'wrong-password', message: /check digest/ },
    {
      name: 'bad check digest (last byte flipped)',
      input: () => {
        const b = Uint8Array.from(good);
        b[b.length - 1]! ^= 1;
        return b;
      },
      reason: 'wrong-password',
    },
    {
      name: 'ciphertext bit flip',
      input: () => {
        const b = Uint8Array.from(good);
        b[b.length - 30]! ^= 0x80;
        return b;
      },
      reason: 'wrong-password',
    },
    {
      name: 'JKS data of 40 bytes (salt and check only)',
      input: () => epki(jksAlg(), new Uint8Array(40)),
      reason: 'malformed',
      message: /too short/,
    },
    { name: 'JKS data of 3 bytes', input: () => epki(jksAlg(), new Uint8Array(3)), reason: 'malformed' },
    {
      name: 'JKS data of 200 KB',
      input: () => epki(jksAlg(), new Uint8Array(200_000)),
      reason: 'malformed',
      message: /larger than any private key/,
    },
    { name: 'truncated DER', input: () => good.subarray(0, good.length - 10), reason: 'malformed' },
    { name: 'empty input', input: () => new Uint8Array(0), reason: 'malformed' },
    { name: 'an empty SEQUENCE', input: () => Uint8Array.of(0x30, 0), reason: 'malformed' },
    { name: 'absurd DER length', input: () => Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00), reason: 'malformed' },
    {
      name: 'unknown protector OID',
      input: () => epki(encode(TAG.SEQUENCE, encodeOid('1.2.3.4')), goodData),
      reason: 'unsupported',
      message: /1\.2\.3\.4/,
    },
    { name: 'JCEKS: wrong password', input: () => jceksProtect(pkcs8('ec'), 'pw'), password: 'other', reason: 'wrong-password' },
    {
      name: 'JCEKS: non-ASCII password (Java refuses it)',
      input: () => jceksProtect(pkcs8('ec'), 'pw'),
      password: 'pä',
      reason: 'wrong-password',
      message: /ASCII/,
    },
    { name: 'JCEKS: 7-byte salt', input: () => epki(jceksAlg(new Uint8Array(7), 10), new Uint8Array(16)), reason: 'malformed' },
    { name: 'JCEKS: zero iterations', input: () => epki(jceksAlg(new Uint8Array(8), 0), new Uint8Array(16)), reason: 'malformed' },
    {
      name: 'JCEKS: missing parameters',
      input: () => epki(encode(TAG.SEQUENCE, encodeOid(JCEKS_KEY_PROTECTOR)), new Uint8Array(16)),
      reason: 'malformed',
    },
    {
      name: 'JCEKS: more iterations than Java allows',
      input: () => epki(jceksAlg(new Uint8Array(8), MAX_JCEKS_ITERATIONS + 1), new Uint8Array(16)),
      reason: 'unsupported',
      message: /Java's own limit/,
    },
    {
      name: 'JCEKS: 2^31 iterations',
      input: () => epki(jceksAlg(new Uint8Array(8), 2 ** 31 - 1), new Uint8Array(16)),
      reason: 'unsupported',
    },
    {
      name: 'JCEKS: ciphertext not whole DES blocks',
      input: () => epki(jceksAlg(new Uint8Array(8), 10), new Uint8Array(13)),
      reason: 'malformed',
    },
    { name: 'JCEKS: empty ciphertext', input: () => epki(jceksAlg(new Uint8Array(8), 10), new Uint8Array(0)), reason: 'malformed' },
    {
      name: 'JCEKS: decrypts with good padding but is not DER',
      input: () => {
        const salt = new Uint8Array(8).fill(7);
        const e = jceksProtect(u8(Buffer.from('not a key at all')), 'pw', salt, 10);
        return e;
      },
      password: 'pw',
      reason: 'wrong-password',
    },
  ];
  for (const r of rows) {
    it(r.name, () => {
      const got = recoverKeystoreKey(r.input(), r.password ?? 'pw', budget());
      assert.ok(!got.ok, 'should not recover');
      assert.equal(got.reason, r.reason);
      if (r.message) assert.match(got.message, r.message);
    });
  }
  it('a key that decrypts but is not PKCS#8 is malformed, not a crash', async () => {
    const r = await unlockKeystoreKey(jksProtect(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), 'pw'), 'pw', undefined, budget());
    assert.equal(r.state, 'malformed');
    assert.equal(r.problem?.code, 'keystore-malformed');
  });
  it('fuzz: truncations and bit flips of real protected keys never throw', async () => {
    for (const src of [good, jceksProtect(pkcs8('rsa'), 'pw', undefined, 50)]) {
      for (let n = 0; n < src.length; n += 7) await unlockKeystoreKey(src.subarray(0, n), 'pw', undefined, budget());
      for (let i = 0; i < 400; i++) {
        const b = Uint8Array.from(src);
        b[(i * 7919) % b.length]! ^= 1 << (i % 8);
        await unlockKeystoreKey(b, 'pw', undefined, budget());
      }
    }
  });
});

describe('decodeKeystore: keys of the keytool / JDK fixtures', () => {
  const leafSpki = (() => {
    const pem = readFileSync(join(dir, 'leaf.pub.pem'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    return sha256(u8(Buffer.from(pem, 'base64')));
  })();
  type Row = { file: string; password?: string; states: Record<string, string | undefined>; codes: string[] };
  const rows: Row[] = [
    { file: 'keystore.jks', password: 'changeit', states: { root: undefined, server: 'decrypted', 'rsa-client': 'decrypted' }, codes: [] },
    {
      file: 'keystore.jceks',
      password: 'changeit',
      states: { root: undefined, server: 'decrypted', 'rsa-client': 'decrypted', 'aes-key': undefined },
      codes: [],
    },
    // No password, or the wrong one: the digest is not verified, so no key is tried.
    { file: 'keystore.jks', states: { server: undefined, 'rsa-client': undefined }, codes: ['keystore-unverified'] },
    { file: 'keystore.jks', password: 'wrong', states: { server: undefined }, codes: ['keystore-integrity-failed'] },
    { file: 'keypass.jks', password: 'changeit', states: { server: 'key-password' }, codes: ['keystore-key-locked'] },
    { file: 'keypass.jceks', password: 'changeit', states: { server: 'key-password' }, codes: ['keystore-key-locked'] },
    { file: 'mismatch.jks', password: 'changeit', states: { server: 'decrypted' }, codes: [] },
    { file: 'mismatch.jceks', password: 'changeit', states: { server: 'decrypted' }, codes: [] },
  ];
  for (const r of rows) {
    it(`${r.file} with ${r.password ?? 'no password'}: ${r.codes.join(', ') || 'no problems'}`, async () => {
      const got = await decodeKeystore(bytes(r.file), r.password);
      assert.deepEqual(
        got.problems.map((p) => p.code),
        r.codes,
      );
      for (const [alias, state] of Object.entries(r.states)) {
        const e = got.entries.find((x) => x.alias === alias);
        assert.ok(e, alias);
        assert.equal(e.keyState, state, alias);
        assert.equal(e.key !== undefined, state === 'decrypted', alias);
      }
    });
  }
  it('the "server" key is the leaf key (same SPKI as leaf.pub.pem), in JKS and JCEKS', async () => {
    for (const f of ['keystore.jks', 'keystore.jceks', 'mismatch.jks']) {
      const got = await decodeKeystore(bytes(f), 'changeit');
      const server = got.entries.find((e) => e.alias === 'server')!;
      assert.equal(server.key?.spkiSha256, leafSpki, f);
      assert.equal(server.key?.keyAlgorithm, 'EC');
      assert.equal(server.key?.curve, 'P-256');
    }
  });
  it('the keystore keytool writes spends 2 × 200,000 MD5 rounds per JCEKS key, within the budget (counted, not timed)', async () => {
    assert.ok(2 * 200_000 <= KEYSTORE_KDF_BUDGET, 'one keytool JCEKS key fits the keystore budget');
    const got = await decodeKeystore(bytes('keystore.jceks'), 'changeit');
    assert.equal(got.entries.find((e) => e.alias === 'server')?.keyState, 'decrypted');
  });
});
