/**
 * The imported-key cache of the validator (src/core/chain/crypto.ts): one
 * import per (SPKI, algorithm), distinct keys per algorithm, bounded size.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyCache } from '../../../../src/core/chain/crypto.js';

async function rsaSpki(): Promise<Uint8Array> {
  const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const pair = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  return new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
}

describe('KeyCache', () => {
  it('imports a key once per algorithm, and keeps the algorithms apart', async () => {
    const spki = await rsaSpki();
    const cache = new KeyCache();
    const pkcs1 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const a = cache.get(spki, 'k', pkcs1);
    assert.equal(cache.get(spki, 'k', { ...pkcs1 }), a, 'same algorithm: the same import');
    const sha384 = await cache.get(spki, 'k', { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' });
    const pss = await cache.get(spki, 'k', { name: 'RSA-PSS', hash: { name: 'SHA-256' } });
    const first = await a;
    assert.ok(first && sha384 && pss);
    assert.equal((first.algorithm as RsaHashedKeyAlgorithm).hash.name, 'SHA-256');
    assert.equal((sha384.algorithm as RsaHashedKeyAlgorithm).hash.name, 'SHA-384');
    assert.equal(pss.algorithm.name, 'RSA-PSS');
  });

  it('a key that cannot be imported is undefined, not a rejection', async () => {
    const cache = new KeyCache();
    assert.equal(await cache.get(Uint8Array.of(0x30, 0x00), 'bad', { name: 'ECDSA', namedCurve: 'P-256' }), undefined);
  });

  it('stays within its limit, dropping the oldest SPKI first', async () => {
    const spki = await rsaSpki();
    const cache = new KeyCache(2);
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const first = cache.get(spki, 'one', alg);
    cache.get(spki, 'two', alg);
    cache.get(spki, 'three', alg);
    assert.notEqual(cache.get(spki, 'one', alg), first, 'the oldest entry was evicted and is imported again');
    await first;
  });
});
