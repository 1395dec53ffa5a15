import { toHex } from './der';

/** WebCrypto digest as lowercase hex: runs in Node and in browsers. */
export async function digestHex(algorithm: 'SHA-1' | 'SHA-256', bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest(algorithm, bytes as Uint8Array<ArrayBuffer>)));
}
