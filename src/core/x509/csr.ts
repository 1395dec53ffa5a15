/** PKCS#10 certification requests (RFC 2986). */
import { children, decodeOid, DerError, expect, TAG } from '../der/reader';
import { digestHex, nobleDigest, type DigestFn } from './digest';
import { decodeExtensions, decodeGeneralNames } from './extensions';
import { decodeName, displayName, formatName } from './name';
import { nameOf, SIGNATURE_ALGORITHMS } from './oids';
import { describeSpki, type PublicKeyInfo } from './public-key';

export interface CsrSummary extends PublicKeyInfo {
  readonly subject: string;
  readonly subjectLabel: string;
  readonly subjectAltNames: string[];
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmOid: string;
  readonly spkiSha256: string;
  readonly sha256: string;
}

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

export async function summarizeCsr(der: Uint8Array, digest: DigestFn = nobleDigest): Promise<CsrSummary> {
  const req = expect(der, 0, TAG.SEQUENCE);
  const [info, sigAlg] = children(req);
  if (!info || !sigAlg || info.tag !== TAG.SEQUENCE) throw new DerError('not a PKCS#10 request');
  const [, subjectTlv, spki, attrs] = children(info);
  if (!subjectTlv || !spki) throw new DerError('CertificationRequestInfo is missing fields');
  const dn = decodeName(der, subjectTlv);
  let san: string[] = [];
  if (attrs?.tag === 0xa0) {
    for (const attr of children(attrs)) {
      const [type, values] = children(attr);
      if (!type || !values || decodeOid(type) !== EXTENSION_REQUEST) continue;
      for (const e of decodeExtensions(der, values)) {
        if (e.oid === '2.5.29.17') san = decodeGeneralNames(e.value);
      }
    }
  }
  const sigOid = decodeOid(expect(der, sigAlg.valueStart, TAG.OID, sigAlg.end));
  return {
    subject: formatName(dn),
    subjectLabel: displayName(dn),
    subjectAltNames: san,
    signatureAlgorithm: nameOf(SIGNATURE_ALGORITHMS, sigOid),
    signatureAlgorithmOid: sigOid,
    ...describeSpki(der, spki),
    spkiSha256: await digestHex('SHA-256', der.subarray(spki.start, spki.end), digest),
    sha256: await digestHex('SHA-256', der, digest),
  };
}

/**
 * Checks the request's self-signature with its own public key (RFC 2986 §3,
 * proof of possession). Loads @peculiar/x509 lazily: CSRs are rare.
 */
export async function verifyCsrSignature(der: Uint8Array): Promise<boolean | 'unsupported'> {
  try {
    await import('reflect-metadata');
    const { Pkcs10CertificateRequest } = await import('@peculiar/x509');
    return await new Pkcs10CertificateRequest(der as Uint8Array<ArrayBuffer>).verify();
  } catch {
    return 'unsupported';
  }
}
