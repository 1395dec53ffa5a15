/**
 * node:crypto signature checks (src/node/signature-engine.ts) answer exactly
 * as WebCrypto does, and verifySignature really goes through the engine once
 * it is installed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KeyCache, keyInfo, setSignatureEngine, verifySignature, type SignatureEngine } from '../../../src/core/chain/crypto';
import { parseCertificate } from '../../../src/core/chain/certificate';
import { scanPem } from '../../../src/core/pem/scanner';
import { toHex } from '../../../src/core/util/bytes';
import { nodeSignatureEngine } from '../../../src/node/signature-engine';

const subtle = globalThis.crypto.subtle;
const DATA = new TextEncoder().encode('to be signed');

type Case = {
  name: string;
  gen: RsaHashedKeyGenParams | EcKeyGenParams | { name: 'Ed25519' };
  sign: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
};
const CASES: Case[] = [
  { name: 'ECDSA P-256 / SHA-256', gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams },
  {
    name: 'ECDSA P-384 / SHA-384',
    gen: { name: 'ECDSA', namedCurve: 'P-384' },
    sign: { name: 'ECDSA', hash: { name: 'SHA-384' } } as EcdsaParams,
  },
  {
    name: 'RSASSA-PKCS1-v1_5 / SHA-256',
    gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
  { name: 'Ed25519', gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
];

describe('nodeSignatureEngine', () => {
  for (const c of CASES) {
    it(`${c.name}: the same answer as crypto.subtle.verify, good and tampered`, async () => {
      const pair = (await subtle.generateKey(c.gen, false, ['sign', 'verify'])) as CryptoKeyPair;
      const sig = new Uint8Array(await subtle.sign(c.sign, pair.privateKey, DATA));
      const bad = sig.slice();
      bad.set([(bad.at(-1) ?? 0) ^ 1], bad.length - 1);
      const short = sig.subarray(0, sig.length - 1);
      for (const [s, data, want] of [
        [sig, DATA, true],
        [bad, DATA, false],
        [short, DATA, false],
        [sig, DATA.subarray(1), false],
      ] as const) {
        const web = await subtle.verify(c.sign, pair.publicKey, s, data);
        assert.equal(web, want);
        assert.equal(await nodeSignatureEngine.verify(c.sign, pair.publicKey, s, data), web);
      }
    });
  }

  it('leaves RSA-PSS to WebCrypto', async () => {
    const gen = { name: 'RSA-PSS', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' };
    const pair = (await subtle.generateKey(gen, false, ['sign', 'verify'])) as CryptoKeyPair;
    assert.equal(nodeSignatureEngine.verify({ name: 'RSA-PSS', saltLength: 32 } as RsaPssParams, pair.publicKey, DATA, DATA), undefined);
  });
});

describe('verifySignature with an engine installed', () => {
  after(() => setSignatureEngine(undefined));
  const pem = readFileSync(join(__dirname, '..', '..', 'fixtures', 'chain-findings', 'chain-ok', 'fullchain.pem'), 'utf8');
  const [leaf, ica] = scanPem(pem).blocks.map((b) => parseCertificate(b.der!));

  it('goes through the engine, with the verdicts WebCrypto gives', async () => {
    const check = (cert = leaf!) => verifySignature(cert, ica!.spki, keyInfo(ica!.spki), toHex(ica!.spki), new KeyCache());
    const tampered = { ...leaf!, signature: leaf!.signature.slice() };
    tampered.signature.set([(tampered.signature.at(-3) ?? 0) ^ 1], tampered.signature.length - 3);
    setSignatureEngine(undefined);
    const web = [await check(), await check(tampered)];
    let calls = 0;
    const counting: SignatureEngine = {
      verify: (...a) => {
        calls++;
        return nodeSignatureEngine.verify(...a);
      },
    };
    assert.equal(setSignatureEngine(counting), undefined);
    assert.deepEqual([await check(), await check(tampered)], web);
    assert.deepEqual(web, [{ ok: true }, { ok: false, code: 'bad-signature', message: 'signature does not verify with the issuer key' }]);
    assert.equal(calls, 2);
  });

  it('an engine that declines or fails leaves the answer to WebCrypto', async () => {
    for (const declining of [{ verify: () => undefined }, { verify: async () => undefined }] as SignatureEngine[]) {
      setSignatureEngine(declining);
      assert.deepEqual(await verifySignature(leaf!, ica!.spki, keyInfo(ica!.spki), toHex(ica!.spki), new KeyCache()), { ok: true });
    }
  });
});
