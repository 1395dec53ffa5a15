import { createHash } from 'node:crypto';
import type { DigestFn } from '../core/x509/digest';

/** node:crypto digests: synchronous and far cheaper than WebCrypto in Node. */
export const nodeDigest: DigestFn = (algorithm, bytes) =>
  createHash(algorithm === 'SHA-1' ? 'sha1' : 'sha256').update(bytes).digest('hex');
