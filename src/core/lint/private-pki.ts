/**
 * Profiles private PKIs live by, on by context (issue 12 §5): SPIFFE
 * X.509-SVIDs (spiffe.ts), Apple's TLS server rules (apple-tls.ts) and
 * ROCA-vulnerable RSA keys (x509/roca.ts). Called by `lintProfile`, so the
 * findings share its cache and its trust-store exemption.
 *
 * @example
 * lintPrivatePki(item); // [{ code: 'weak-key-roca', severity: 'error', … }]
 */
import { parseCached } from '../chain/index.js';
import { children, decodeOid, parseDer, TAG, value, whole } from '../der/reader.js';
import type { CertificateItem } from '../analysis/decode';
import type { CodedFinding, Problem } from '../types';
import { hasRocaFingerprint } from '../x509/roca';
import { APPLE_TLS_CODES, lintAppleTls } from './apple-tls';
import { lintSpiffe, SPIFFE_CODES } from './spiffe';

export const ROCA_CODES = {
  'weak-key-roca':
    'An RSA key with the ROCA fingerprint (CVE-2017-15361, Infineon RSALib: TPMs, smart cards, YubiKey 4 before 4.3.5): its private key can be computed from the public key. Detected by the published discrete-log test, not a blocklist.',
} as const;

export const PRIVATE_PKI_CODES = { ...SPIFFE_CODES, ...APPLE_TLS_CODES, ...ROCA_CODES } as const;

type Finding = CodedFinding<keyof typeof PRIVATE_PKI_CODES>;

/** The RSA modulus of a SubjectPublicKeyInfo, or undefined (not RSA, or malformed). Never throws. */
export function rsaModulus(spki: Uint8Array): Uint8Array | undefined {
  try {
    const [alg, key] = children(parseDer(spki, 'der'));
    const oid = alg && children(alg)[0];
    // rsaEncryption (1.2.840.113549.1.1.1) or RSASSA-PSS (…1.10): RFC 8017 A.1.1 RSAPublicKey.
    if (!oid || !key || key.tag !== TAG.BIT_STRING) return undefined;
    const o = oid.tag === TAG.OID ? decodeOid(oid) : '';
    if (o !== '1.2.840.113549.1.1.1' && o !== '1.2.840.113549.1.1.10') return undefined;
    const n = children(parseDer(value(key).subarray(1), 'der'))[0];
    return n?.tag === TAG.INTEGER ? value(n) : undefined;
  } catch {
    return undefined;
  }
}

/** `weak-key-roca` for a certificate with an RSA key. */
/** The SubjectPublicKeyInfo of a certificate (RFC 5280 §4.1: the 7th TBSCertificate field, 6th without [0] version). */
function spkiOf(der: Uint8Array): Uint8Array | undefined {
  try {
    const [tbs] = children(parseDer(der, 'der'));
    if (!tbs) return undefined;
    const fields = children(tbs);
    const spki = fields[fields[0]?.tag === 0xa0 ? 6 : 5];
    return spki && whole(spki);
  } catch {
    return undefined;
  }
}

function lintRoca(item: CertificateItem): Finding[] {
  const s = item.certificate;
  if (s.keyAlgorithm !== 'RSA' && s.keyAlgorithm !== 'RSA-PSS') return [];
  // The SPKI with the TLV reader, not the validator's full parse: this runs on every RSA certificate of a scan.
  const spki = spkiOf(item.der);
  const n = spki && rsaModulus(spki);
  if (!n || !hasRocaFingerprint(n)) return [];
  return [
    [
      'weak-key-roca',
      'error',
      `the ${s.keySize ?? '?'}-bit RSA key has the ROCA fingerprint (CVE-2017-15361, Infineon RSALib): its private key can be computed from the public key; replace the key, and the device or firmware that generated it`,
    ],
  ];
}

/** SPIFFE, Apple TLS and ROCA findings of one certificate, on its span. Never throws. */
export function lintPrivatePki(item: CertificateItem): Problem[] {
  const found: Finding[] = [...lintSpiffe(item), ...lintAppleTls(item), ...lintRoca(item)];
  // Like the rest of the profile lint: nothing on a certificate the validator cannot parse (the decoder or chain layer says why).
  if (found.length === 0 || parseCached(item.der, item.certificate.sha256) instanceof Error) return [];
  const s = item.certificate;
  const who = `${s.role === 'self-signed' ? 'self-signed certificate' : s.role} "${s.subjectLabel}"`;
  return found.map(([code, severity, message]) => ({ code, severity, message: `${who}: ${message}`, span: item.span }));
}
