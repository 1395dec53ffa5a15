/** Certificate revocation lists (RFC 5280 §5). */
import { children, decodeOid, decodeTime, DerError, expect, TAG } from '../der/reader';
import { toHex } from '../util/bytes';
import { digestHex, nobleDigest, type DigestFn } from './digest';
import { decodeExtensions } from './extensions';
import { decodeName, displayName, formatName } from './name';
import { nameOf, SIGNATURE_ALGORITHMS } from './oids';

export interface CrlSummary {
  readonly issuer: string;
  readonly issuerLabel: string;
  readonly thisUpdate: number;
  readonly nextUpdate?: number;
  readonly revokedCount: number;
  readonly crlNumber?: string;
  readonly signatureAlgorithm: string;
  readonly signatureAlgorithmOid: string;
  readonly sha256: string;
}

export async function summarizeCrl(der: Uint8Array, digest: DigestFn = nobleDigest): Promise<CrlSummary> {
  const list = expect(der, 0, TAG.SEQUENCE);
  const [tbs, sigAlg] = children(list);
  if (!tbs || !sigAlg || tbs.tag !== TAG.SEQUENCE) throw new DerError('not a CRL');
  const t = children(tbs);
  let i = t[0]?.tag === TAG.INTEGER ? 1 : 0;
  i++; // signature AlgorithmIdentifier
  const issuerTlv = t[i++];
  const thisUpdateTlv = t[i++];
  if (!issuerTlv || !thisUpdateTlv) throw new DerError('TBSCertList is missing fields');
  let nextUpdate: number | undefined;
  const maybeNext = t[i];
  if (maybeNext && (maybeNext.tag === TAG.UTC_TIME || maybeNext.tag === TAG.GENERALIZED_TIME)) {
    nextUpdate = decodeTime(maybeNext);
    i++;
  }
  let revokedCount = 0;
  if (t[i]?.tag === TAG.SEQUENCE) revokedCount = children(t[i++]!).length;
  let crlNumber: string | undefined;
  if (t[i]?.tag === 0xa0) {
    for (const e of decodeExtensions(der, t[i]!)) {
      if (e.oid === '2.5.29.20') crlNumber = toHex(e.value.subarray(2));
    }
  }
  const dn = decodeName(der, issuerTlv);
  const sigOid = decodeOid(expect(der, sigAlg.valueStart, TAG.OID, sigAlg.end));
  return {
    issuer: formatName(dn),
    issuerLabel: displayName(dn),
    thisUpdate: decodeTime(thisUpdateTlv),
    ...(nextUpdate !== undefined && { nextUpdate }),
    revokedCount,
    ...(crlNumber !== undefined && { crlNumber }),
    signatureAlgorithm: nameOf(SIGNATURE_ALGORITHMS, sigOid),
    signatureAlgorithmOid: sigOid,
    sha256: await digestHex('SHA-256', der, digest),
  };
}
