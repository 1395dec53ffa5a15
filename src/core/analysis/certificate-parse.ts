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
  /** Set once the record is found by SHA-256 too. */
  sha256?: string;
  /** The summary and the digest function it was fingerprinted with. */
  summary?: { readonly value: CertificateSummary; readonly digest: DigestFn };
  validator?: ParsedCert | Error;
}

const BY_SHA256 = new Lru<string, CertificateRecord>(MAX_RECORDS, MAX_DER_BYTES, (r) => r.der.length);
const BY_BUFFER = new WeakMap<Uint8Array, CertificateRecord>();

/** The record of `der`: by buffer, else by SHA-256 when it is known (checked byte for byte), else a new one. */
function recordFor(der: Uint8Array, sha256?: string): CertificateRecord {
  let record = BY_BUFFER.get(der);
  if (sha256 === undefined || record?.sha256 !== undefined) {
    if (!record) BY_BUFFER.set(der, (record = { der }));
    return record;
  }
  const found = BY_SHA256.get(sha256);
  if (found && found !== record && bytesEqual(found.der, der)) {
    // This buffer was seen before its hash was: keep what it had on the shared record.
    if (record) {
      found.validator ??= record.validator;
      found.summary ??= record.summary;
    }
    record = found;
  } else {
    record ??= { der };
    record.sha256 = sha256;
    BY_SHA256.set(sha256, record);
  }
  BY_BUFFER.set(der, record);
  return record;
}

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
  const record = recordFor(der, sha256);
  if (record.summary?.digest === digest) return record.summary.value;
  const value = await summarizeCertificate(der, digest, sha256);
  record.summary = { value, digest };
  return value;
}

/**
 * The validator's parse of a certificate, or the Error it failed with; never
 * throws. Kept on the certificate's record, so every copy of a certificate
 * shares one parse (and the caches keyed by it): copies that were
 * summarised here, or whose SHA-256 the caller passes (an item decoded in a
 * worker carries `certificate.sha256`).
 */
export function validatorView(der: Uint8Array, sha256?: string): ParsedCert | Error {
  const record = recordFor(der, sha256);
  record.validator ??= parseValidator(record.der);
  return record.validator;
}

/**
 * The validator's parse of a certificate that is only validated, never an
 * issuer (a bundle's leaves): the kept parse when some copy has one, else a
 * fresh one that goes when the caller drops it. A 20 MB bundle of 30,000
 * leaves would otherwise keep 30,000 parses (~4.5 KB each) for as long as
 * its items live. Never throws.
 */
export function validatorViewOnce(der: Uint8Array): ParsedCert | Error {
  const record = recordFor(der);
  return record.validator ?? parseValidator(record.der);
}

function parseValidator(der: Uint8Array): ParsedCert | Error {
  try {
    return parseCertificate(der);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
