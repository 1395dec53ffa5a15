/**
 * Signature checks through node:crypto's callback form (core/chain/crypto.ts,
 * SignatureEngine): the same OpenSSL verify on the same libuv thread pool as
 * WebCrypto, without WebCrypto's per-call argument normalisation and promise
 * jobs on the main thread (20 MB bundle of 31,000 leaves, issue 16: ~45 µs
 * of main thread per check through `crypto.subtle.verify`).
 *
 * Keys stay imported by WebCrypto (KeyCache): which keys import, and how,
 * does not change; the engine only borrows each CryptoKey's KeyObject.
 * RSA-PSS, anything else and every error go back to WebCrypto.
 */
import { constants, KeyObject, verify } from 'node:crypto';
import { setSignatureEngine, type SignatureEngine } from '../core/chain/crypto';

const HASHES: Readonly<Record<string, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

const KEY_OBJECTS = new WeakMap<CryptoKey, KeyObject>();

function hashName(h: unknown): string | undefined {
  const name = typeof h === 'string' ? h : (h as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? HASHES[name.toUpperCase()] : undefined;
}

/** The node:crypto options of a WebCrypto verify, or undefined when WebCrypto should do it. */
function nodeOptions(
  params: Parameters<SignatureEngine['verify']>[0],
  key: CryptoKey,
): { hash: string | null; dsaEncoding?: 'ieee-p1363'; padding?: number } | undefined {
  const name = typeof params === 'string' ? params : params.name;
  if (name === 'ECDSA' && key.algorithm.name === 'ECDSA') {
    const hash = hashName((params as EcdsaParams).hash);
    // WebCrypto takes the raw r||s form (chain/crypto.ts converts the DER one): so does IEEE P1363.
    return hash ? { hash, dsaEncoding: 'ieee-p1363' } : undefined;
  }
  if (name === 'RSASSA-PKCS1-v1_5' && key.algorithm.name === 'RSASSA-PKCS1-v1_5') {
    // The hash is the key's (WebCrypto binds it at import).
    const hash = hashName((key.algorithm as RsaHashedKeyAlgorithm).hash);
    return hash ? { hash, padding: constants.RSA_PKCS1_PADDING } : undefined;
  }
  if (name === 'Ed25519' && key.algorithm.name === 'Ed25519') return { hash: null };
  return undefined;
}

export const nodeSignatureEngine: SignatureEngine = {
  verify(params, key, signature, data) {
    const o = nodeOptions(params, key);
    if (!o) return undefined;
    let object = KEY_OBJECTS.get(key);
    if (!object) {
      try {
        object = KeyObject.from(key);
      } catch {
        return undefined;
      }
      KEY_OBJECTS.set(key, object);
    }
    const { hash, ...options } = o;
    const keyObject = object;
    return new Promise((resolve) => {
      try {
        verify(hash, data, { key: keyObject, ...options }, signature, (err, ok) => resolve(err ? undefined : ok));
      } catch {
        resolve(undefined);
      }
    });
  },
};

/** Checks signatures through node:crypto in this process from now on (see above). */
export function useNodeSignatures(): void {
  setSignatureEngine(nodeSignatureEngine);
}
