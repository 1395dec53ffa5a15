/**
 * One parse per certificate (issue 11): the summary every surface shows
 * (x509/certificate.ts, the lenient `definite` reader) and the validator's
 * view (chain/certificate.ts, strict DER) are two views kept on one record
 * per DER, found by SHA-256, so a certificate that stands in many files (a
 * bundle, its copies, the chain files that repeat an intermediate) is
 * decoded once for the whole workspace.
 *
 * A pure memo, bounded: records are found by the DER's SHA-256 (the
 * fingerprint is computed anyway) and checked byte for byte, the newest
 * `MAX_RECORDS` / `MAX_DER_BYTES` are kept (LRU), and a DER buffer finds its
 * record again without hashing through a WeakMap that goes with the buffer.
 * Evicting a record changes timings, never results.
 */
import { parseCertificate, type ParsedCert } from '../chain/certificate.js';
import { bytesEqual } from '../util/bytes';
import { Lru } from '../util/memo';
import { summarizeCertificate, type CertificateSummary } from '../x509/certificate';
import { nobleDigest, type DigestFn } from '../x509/digest';

/** About 2,000 certificates: a large workspace's distinct ones, a few MiB. */
export const MAX_RECORDS = 2048;
export const MAX_DER_BYTES = 8 << 20;

interface CertificateRecord {
  readonly der: Uint8Array;
  /** The summary and the digest function it was fingerprinted with. */
  summary?: { readonly value: CertificateSummary; readonly digest: DigestFn };
  validator?: ParsedCert | Error;
}

const BY_SHA256 = new Lru<string, CertificateRecord>(MAX_RECORDS, MAX_DER_BYTES, (r) => r.der.length);
const BY_BUFFER = new WeakMap<Uint8Array, CertificateRecord>();

/**
 * The summary of a DER certificate, decoded once per distinct certificate.
 * Rejects with `DerError` like `summarizeCertificate`, whose result it is.
 *
 * @example
 * const a = await summarizeOnce(der);
 * const b = await summarizeOnce(der.slice()); // the same object: found by SHA-256
 */
export async function summarizeOnce(der: Uint8Array, digest: DigestFn = nobleDigest): Promise<CertificateSummary> {
  const own = BY_BUFFER.get(der);
  if (own?.summary?.digest === digest) return own.summary.value;
  const h = digest('SHA-256', der);
  const sha256 = typeof h === 'string' ? h : await h;
  const found = BY_SHA256.get(sha256);
  if (found?.summary?.digest === digest && bytesEqual(found.der, der)) {
    BY_BUFFER.set(der, found);
    return found.summary.value;
  }
  const value = await summarizeCertificate(der, digest, sha256);
  const record: CertificateRecord = own ?? (found && bytesEqual(found.der, der) ? found : { der });
  record.summary = { value, digest };
  BY_SHA256.set(sha256, record);
  BY_BUFFER.set(der, record);
  return value;
}

/**
 * The validator's parse of a certificate, or the Error it failed with; never
 * throws. Kept on the certificate's record, so every copy of a certificate
 * that was summarised shares one parse (and the caches keyed by it).
 */
export function validatorView(der: Uint8Array): ParsedCert | Error {
  let record = BY_BUFFER.get(der);
  if (!record) {
    // Not summarised (a trust-store root, a served certificate): kept with its buffer only.
    record = { der };
    BY_BUFFER.set(der, record);
  }
  if (!record.validator) {
    try {
      record.validator = parseCertificate(record.der);
    } catch (e) {
      record.validator = e instanceof Error ? e : new Error(String(e));
    }
  }
  return record.validator;
}
