import * as crypto from 'node:crypto';
import type { DigestFn } from '../core/x509/digest';

/**
 * node:crypto digests: synchronous and far cheaper than WebCrypto in Node.
 * The one-shot `crypto.hash` (Node 20.12+) skips the Hash object: about a
 * third of `createHash` on a certificate (bench/scan.bench.ts hashes three
 * times per certificate). Older hosts keep `createHash`.
 */
export const nodeDigest: DigestFn =
  typeof crypto.hash === 'function'
    ? (algorithm, bytes) => crypto.hash(algorithm === 'SHA-1' ? 'sha1' : 'sha256', bytes, 'hex')
    : (algorithm, bytes) =>
        crypto
          .createHash(algorithm === 'SHA-1' ? 'sha1' : 'sha256')
          .update(bytes)
          .digest('hex');
