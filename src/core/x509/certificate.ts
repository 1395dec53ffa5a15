/**
 * The certificate summary: every field a CodeLens, hover, diagnostic, badge
 * or `--json` line needs, read in one pass of the fast DER reader (see
 * der/reader.ts for why it is hand-written). The details view decodes the rest of
 * the extensions on demand (extension-details.ts); @peculiar/x509 is loaded
 * where its object model pays off (CSR signatures, served certificates).
 */
import { children, decodeOid, decodeTime, DerError, expect, readTlv, TAG, type Tlv } from '../der/reader';
import { toHex } from '../util/bytes';
import {
  countScts,
  decodeAuthorityInfoAccess,
  decodeAuthorityKeyId,
  decodeBasicConstraints,
  decodeCrlDistributionPoints,
  decodeExtendedKeyUsage,
  decodeExtensions,
  decodeGeneralNames,
  decodeKeyUsage,
  decodeSubjectKeyId,
  type RawExtension,
} from './extensions';
import { nobleDigest, type DigestFn } from './digest';
import { commonName, decodeName, displayName, formatName } from './name';
import { nameOf, SIGNATURE_ALGORITHMS } from './oids';
import { describeSpki, type PublicKeyInfo } from './public-key';

export type CertificateRole = 'leaf' | 'intermediate' | 'root' | 'self-signed';

export interface CertificateSummary extends PublicKeyInfo {
  readonly subject: string;
  readonly issuer: string;
  /** Short label: CN, else O/OU. */
  readonly subjectLabel: string;
  readonly issuerLabel: string;
  readonly commonName?: string;
  readonly serialNumber: string;
  readonly version: number;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmOid: string;
  readonly subjectAltNames: string[];
  readonly isCA: boolean;
  readonly pathLen?: number;
  /** Issuer and subject encodings are identical (RFC 5280 §6.1 "self-issued"). */
  readonly selfIssued: boolean;
  /** Self-issued and the AKI, if any, names its own key. Signature not checked here. */
  readonly selfSigned: boolean;
  readonly role: CertificateRole;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  readonly keyUsage?: string[];
  readonly extendedKeyUsage?: string[];
  readonly ocspUrls: string[];
  readonly caIssuerUrls: string[];
  readonly crlUrls: string[];
  readonly sctCount: number;
  readonly mustStaple: boolean;
  readonly extensions: ReadonlyArray<Pick<RawExtension, 'oid' | 'critical'>>;
  /** Lowercase hex, no separators. */
  readonly sha256: string;
  readonly sha1: string;
  readonly spkiSha256: string;
  /** Raw issuer/subject DER, hex: exact name matching for chains. */
  readonly subjectDerHex: string;
  readonly issuerDerHex: string;
  /**
   * Set on an X.509-SVID (a spiffe:// URI SAN): its SPIFFE ID and TTL
   * (notBefore → notAfter, in seconds). The SPIFFE lint (lint/spiffe.ts)
   * judges whether the ID is valid.
   */
  readonly spiffe?: { readonly id: string; readonly ttlSeconds: number };
}

/** Where the pieces of a certificate are, for callers that need raw parts. */
export interface CertificateLayout {
  readonly tbs: Tlv;
  readonly spki: Tlv;
}

/**
 * Summarises a DER certificate. Throws `DerError` on malformed input;
 * `analyze` wraps it into a `der-malformed` problem.
 *
 * @example
 * const s = await summarizeCertificate(der);
 * s.subject; // 'CN=api.example.com,O=Acme,C=US'
 */
export async function summarizeCertificate(
  der: Uint8Array,
  digest: DigestFn = nobleDigest,
  /** The DER's SHA-256 when the caller has it already (analysis/certificate-parse.ts). */
  knownSha256?: string,
): Promise<CertificateSummary> {
  const { fields, spkiBytes } = parseCertificate(der);
  const sha256 = knownSha256 ?? digest('SHA-256', der);
  const sha1 = digest('SHA-1', der);
  const spkiSha256 = digest('SHA-256', spkiBytes);
  // A synchronous digest (node:crypto) skips three promises per certificate.
  // `fields` is this call's own object: the digests are appended to it (same
  // key order as a spread) rather than copying its ~35 properties.
  const summary = fields as Fields & { sha256?: string; sha1?: string; spkiSha256?: string };
  if (typeof sha256 === 'string' && typeof sha1 === 'string' && typeof spkiSha256 === 'string') {
    summary.sha256 = sha256;
    summary.sha1 = sha1;
    summary.spkiSha256 = spkiSha256;
  } else {
    [summary.sha256, summary.sha1, summary.spkiSha256] = await Promise.all([sha256, sha1, spkiSha256]);
  }
  return summary as CertificateSummary;
}

type Fields = Omit<CertificateSummary, 'sha256' | 'sha1' | 'spkiSha256'>;

/** The synchronous part of `summarizeCertificate` (no hashing). */
export function parseCertificate(der: Uint8Array): { fields: Fields; spkiBytes: Uint8Array; layout: CertificateLayout } {
  const cert = expect(der, 0, TAG.SEQUENCE);
  const [tbs, sigAlg, sigValue] = children(cert);
  if (!tbs || !sigAlg || !sigValue || tbs.tag !== TAG.SEQUENCE) throw new DerError('not an X.509 certificate');
  const t = children(tbs);
  let i = 0;
  let version = 1;
  if (t[0]?.tag === 0xa0) {
    const v = readTlv(der, t[0].valueStart, t[0].end);
    version = (der[v.end - 1] ?? 0) + 1;
    i++;
  }
  const [serial, , issuerTlv, validity, subjectTlv, spki, ...rest] = t.slice(i);
  if (!serial || serial.tag !== TAG.INTEGER || !issuerTlv || !validity || !subjectTlv || !spki) {
    throw new DerError('TBSCertificate is missing fields');
  }
  const [nb, na] = children(validity);
  if (!nb || !na) throw new DerError('Validity is incomplete');
  const issuerDn = decodeName(der, issuerTlv);
  const subjectDn = decodeName(der, subjectTlv);
  const sigOid = decodeOid(expect(der, sigAlg.valueStart, TAG.OID, sigAlg.end));
  const extTlv = rest.find((x) => x.tag === 0xa3);
  const exts = extTlv ? decodeExtensions(der, extTlv) : [];
  const ext = readExtensions(exts);
  const subjectDerHex = toHex(der.subarray(subjectTlv.start, subjectTlv.end));
  const issuerDerHex = toHex(der.subarray(issuerTlv.start, issuerTlv.end));
  const selfIssued = subjectDerHex === issuerDerHex;
  const selfSigned = selfIssued && (!ext.authorityKeyId || !ext.subjectKeyId || ext.authorityKeyId === ext.subjectKeyId);
  const isCA = ext.basic?.ca ?? false;
  const cn = commonName(subjectDn);
  // Built by assignment, not conditional spreads: the same keys in the same
  // order (JSON output), without a CloneObject per optional field (scan bench).
  const f: Record<string, unknown> = {
    subject: formatName(subjectDn),
    issuer: formatName(issuerDn),
    subjectLabel: displayName(subjectDn),
    issuerLabel: displayName(issuerDn),
  };
  if (cn !== undefined) f.commonName = cn;
  f.serialNumber = serialHex(der.subarray(serial.valueStart, serial.end));
  f.version = version;
  f.notBefore = decodeTime(nb);
  f.notAfter = decodeTime(na);
  f.signatureAlgorithm = nameOf(SIGNATURE_ALGORITHMS, sigOid);
  f.signatureAlgorithmOid = sigOid;
  Object.assign(f, describeSpki(der, spki));
  f.subjectAltNames = ext.san;
  f.isCA = isCA;
  if (ext.basic?.pathLen !== undefined) f.pathLen = ext.basic.pathLen;
  f.selfIssued = selfIssued;
  f.selfSigned = selfSigned;
  f.role = selfSigned ? (isCA ? 'root' : 'self-signed') : isCA ? 'intermediate' : 'leaf';
  if (ext.subjectKeyId !== undefined) f.subjectKeyId = ext.subjectKeyId;
  if (ext.authorityKeyId !== undefined) f.authorityKeyId = ext.authorityKeyId;
  if (ext.keyUsage) f.keyUsage = ext.keyUsage;
  if (ext.eku) f.extendedKeyUsage = ext.eku;
  f.ocspUrls = ext.aia?.ocsp ?? [];
  f.caIssuerUrls = ext.aia?.caIssuers ?? [];
  f.crlUrls = ext.crl;
  f.sctCount = ext.scts;
  f.mustStaple = ext.mustStaple;
  f.extensions = exts.map(({ oid, critical }) => ({ oid, critical }));
  f.subjectDerHex = subjectDerHex;
  f.issuerDerHex = issuerDerHex;
  const svid = ext.san.find((n) => /^URI:spiffe:\/\//i.test(n));
  if (svid)
    f.spiffe = { id: svid.slice(4), ttlSeconds: Math.max(0, Math.round(((f.notAfter as number) - (f.notBefore as number)) / 1000)) };
  const fields = f as unknown as Fields;
  return { fields, spkiBytes: der.subarray(spki.start, spki.end), layout: { tbs, spki } };
}

function readExtensions(exts: RawExtension[]) {
  const out = {
    san: [] as string[],
    basic: undefined as ReturnType<typeof decodeBasicConstraints> | undefined,
    subjectKeyId: undefined as string | undefined,
    authorityKeyId: undefined as string | undefined,
    keyUsage: undefined as string[] | undefined,
    eku: undefined as string[] | undefined,
    aia: undefined as ReturnType<typeof decodeAuthorityInfoAccess> | undefined,
    crl: [] as string[],
    scts: 0,
    mustStaple: false,
  };
  for (const e of exts) {
    switch (e.oid) {
      case '2.5.29.17':
        out.san = decodeGeneralNames(e.value);
        break;
      case '2.5.29.19':
        out.basic = decodeBasicConstraints(e.value);
        break;
      case '2.5.29.14':
        out.subjectKeyId = decodeSubjectKeyId(e.value);
        break;
      case '2.5.29.35':
        out.authorityKeyId = decodeAuthorityKeyId(e.value);
        break;
      case '2.5.29.15':
        out.keyUsage = decodeKeyUsage(e.value);
        break;
      case '2.5.29.37':
        out.eku = decodeExtendedKeyUsage(e.value);
        break;
      case '1.3.6.1.5.5.7.1.1':
        out.aia = decodeAuthorityInfoAccess(e.value);
        break;
      case '2.5.29.31':
        out.crl = decodeCrlDistributionPoints(e.value);
        break;
      case '1.3.6.1.4.1.11129.2.4.2':
        out.scts = countScts(e.value);
        break;
      case '1.3.6.1.5.5.7.1.24':
        out.mustStaple = true;
        break;
    }
  }
  return out;
}

/** Serial as OpenSSL prints it: without the DER sign byte (RFC 5280 §4.1.2.2). */
export function serialHex(raw: Uint8Array): string {
  return toHex(raw.length > 1 && raw[0] === 0 && raw[1]! >= 0x80 ? raw.subarray(1) : raw);
}
