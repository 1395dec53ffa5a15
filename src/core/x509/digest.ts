/**
 * Fingerprint digests. Core has no module state: a digest is an input of the
 * calls that fingerprint (`DecodeOptions.digest`), and `nobleDigest`
 * (@noble/hashes: pure, synchronous, runs in browsers) is the default.
 */
import { sha1 } from '@noble/hashes/legacy';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';

export type DigestAlgorithm = 'SHA-1' | 'SHA-256';
/** Lowercase hex digest. May be synchronous (node:crypto, noble) or not (WebCrypto). */
export type DigestFn = (algorithm: DigestAlgorithm, bytes: Uint8Array) => string | Promise<string>;

/** @noble/hashes: synchronous and portable; about 25 µs for a certificate. */
export const nobleDigest = (algorithm: DigestAlgorithm, bytes: Uint8Array): string =>
  bytesToHex(algorithm === 'SHA-1' ? sha1(bytes) : sha256(bytes));

/** WebCrypto: runs in Node and in browsers, but costs ~100 µs a call in Node. */
export const webCryptoDigest: DigestFn = async (algorithm, bytes) =>
  bytesToHex(new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>)));

export async function digestHex(algorithm: DigestAlgorithm, bytes: Uint8Array, digest: DigestFn = nobleDigest): Promise<string> {
  return digest(algorithm, bytes);
}
