import { toHex } from './der';

export type DigestAlgorithm = 'SHA-1' | 'SHA-256';
/** Lowercase hex digest. May be synchronous (Node) or not (WebCrypto). */
export type DigestFn = (algorithm: DigestAlgorithm, bytes: Uint8Array) => string | Promise<string>;

/** WebCrypto: runs in Node and in browsers, but costs ~100 µs a call in Node. */
export const webCryptoDigest: DigestFn = async (algorithm, bytes) =>
  toHex(new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>)));

let impl: DigestFn = webCryptoDigest;

/**
 * Installs a faster digest. Node entry points (CLI, extension host) pass
 * node:crypto's `createHash`, which is ~50× cheaper per certificate; core
 * itself stays free of Node imports.
 */
export function useDigest(fn: DigestFn): void {
  impl = fn;
}

export async function digestHex(algorithm: DigestAlgorithm, bytes: Uint8Array): Promise<string> {
  return impl(algorithm, bytes);
}

/** The installed digest as it answers: a string when synchronous (node:crypto), else a promise. */
export function digestNow(algorithm: DigestAlgorithm, bytes: Uint8Array): string | Promise<string> {
  return impl(algorithm, bytes);
}
