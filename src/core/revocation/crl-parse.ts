/**
 * Full CRL parse for revocation checking (RFC 5280 §5): the signed bytes and
 * signature, the issuer as a comparable name, the revoked serials indexed in
 * a Map, and the extensions that decide whether and for what the CRL may be
 * used (§5.2 CRL extensions, §5.3 entry extensions). The summary shown in
 * hovers stays in `x509/crl.ts`; this reader goes further and is only run
 * when a certificate of the same issuer exists.
 *
 * Uses the strict reader of `chain/`, so the signature algorithm is handed to
 * the validator's own `verifySignature`.
 */
import {
  DerError,
  TAG,
  children,
  decodeBitString,
  decodeBoolean,
  decodeOid,
  decodeTime,
  expectTag,
  hex,
  parseDer,
  value,
  whole,
  type Tlv,
} from '../chain/der.js';
import { parseName, type DistinguishedName } from '../chain/names.js';

/** RFC 5280 §5.3.1 CRLReason (7 is unused). */
export const CRL_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  '(7)',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export interface RevokedEntry {
  readonly revocationDate: number;
  /** CRLReason name; absent when the entry carries none. */
  readonly reason?: string;
  /** §5.3.2 invalidityDate: when the key is known or suspected to have been compromised. */
  readonly invalidityDate?: number;
  /** §5.3.3 certificateIssuer: the entry belongs to another CA (indirect CRL). */
  readonly certificateIssuer?: boolean;
  /** A critical entry extension this reader does not understand (§5.3: the CRL must not be used for it). */
  readonly unknownCritical?: string;
}

export interface IssuingDistributionPoint {
  readonly onlyUserCerts: boolean;
  readonly onlyCaCerts: boolean;
  readonly onlyAttributeCerts: boolean;
  readonly onlySomeReasons: boolean;
  readonly indirect: boolean;
}

export interface ParsedCrl {
  readonly tbs: Uint8Array;
  readonly sigAlg: { readonly oid: string; readonly params?: Tlv; readonly raw: string };
  readonly signature: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: number;
  readonly nextUpdate?: number;
  /** Revoked serials, normalised (`serialKey`), to their entries. */
  readonly entries: ReadonlyMap<string, RevokedEntry>;
  /** AuthorityKeyIdentifier keyIdentifier, lowercase hex. */
  readonly authorityKeyId?: string;
  /** §5.2.4 deltaCRLIndicator present. */
  readonly delta: boolean;
  readonly idp?: IssuingDistributionPoint;
  /** Critical CRL extensions this reader does not understand (§5.2: the CRL must not be used). */
  readonly unknownCritical: readonly string[];
}

const EXT = {
  AKI: '2.5.29.35',
  CRL_NUMBER: '2.5.29.20',
  DELTA: '2.5.29.27',
  IDP: '2.5.29.28',
  FRESHEST: '2.5.29.46',
  AIA: '1.3.6.1.5.5.7.1.1',
  REASON: '2.5.29.21',
  HOLD: '2.5.29.23',
  INVALIDITY: '2.5.29.24',
  CERT_ISSUER: '2.5.29.29',
} as const;
const KNOWN_CRL_EXTS = new Set<string>([EXT.AKI, EXT.CRL_NUMBER, EXT.DELTA, EXT.IDP, EXT.FRESHEST, EXT.AIA]);
const KNOWN_ENTRY_EXTS = new Set<string>([EXT.REASON, EXT.HOLD, EXT.INVALIDITY, EXT.CERT_ISSUER]);

/** A serial number as a map key: hex of the INTEGER value without leading zero octets. */
export function serialKey(raw: Uint8Array): string {
  let i = 0;
  while (i < raw.length - 1 && raw[i] === 0) i++;
  return hex(raw.subarray(i));
}

/** Parses a DER CRL; throws DerError when the structure is unusable. */
export function parseCrl(der: Uint8Array): ParsedCrl {
  const outer = children(expectTag(parseDer(der), TAG.SEQUENCE, 'CertificateList'));
  if (outer.length !== 3) throw new DerError('CertificateList must have 3 fields');
  const [tbsT, algT, sigT] = outer as [Tlv, Tlv, Tlv];
  const f = children(expectTag(tbsT, TAG.SEQUENCE, 'TBSCertList'));
  let i = f[0]?.tag === TAG.INTEGER ? 1 : 0;
  expectTag(f[i++], TAG.SEQUENCE, 'signature');
  const issuer = parseName(expectTag(f[i++], TAG.SEQUENCE, 'issuer'));
  const thisUpdate = decodeTime(expectTime(f[i++], 'thisUpdate'));
  let nextUpdate: number | undefined;
  if (f[i] && (f[i]!.tag === TAG.UTC_TIME || f[i]!.tag === TAG.GENERALIZED_TIME)) nextUpdate = decodeTime(f[i++]!);
  const entries = new Map<string, RevokedEntry>();
  if (f[i]?.tag === TAG.SEQUENCE) for (const e of children(f[i++]!)) readEntry(e, entries);
  let extsT: Tlv | undefined;
  if (f[i]?.tag === 0xa0) extsT = f[i++];
  if (i !== f.length) throw new DerError('unexpected TBSCertList field');
  const algParts = children(expectTag(algT, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const sig = decodeBitString(sigT);
  if (sig.unused !== 0) throw new DerError('signature has unused bits');
  const ext = readCrlExtensions(extsT);
  return {
    tbs: whole(tbsT),
    sigAlg: {
      oid: decodeOid(expectTag(algParts[0], TAG.OID, 'algorithm')),
      ...(algParts[1] && { params: algParts[1] }),
      raw: hex(whole(algT)),
    },
    signature: sig.bytes,
    issuer,
    thisUpdate,
    ...(nextUpdate !== undefined && { nextUpdate }),
    entries,
    ...ext,
  };
}

function expectTime(t: Tlv | undefined, what: string): Tlv {
  if (!t || (t.tag !== TAG.UTC_TIME && t.tag !== TAG.GENERALIZED_TIME)) throw new DerError(`expected ${what}`);
  return t;
}

function readEntry(e: Tlv, entries: Map<string, RevokedEntry>): void {
  const [serialT, dateT, extsT, extra] = children(expectTag(e, TAG.SEQUENCE, 'revokedCertificate'));
  if (extra) throw new DerError('bad revokedCertificate');
  const serial = serialKey(value(expectTag(serialT, TAG.INTEGER, 'userCertificate')));
  const entry: { -readonly [K in keyof RevokedEntry]: RevokedEntry[K] } = {
    revocationDate: decodeTime(expectTime(dateT, 'revocationDate')),
  };
  for (const x of extsT ? extensionList(expectTag(extsT, TAG.SEQUENCE, 'crlEntryExtensions')) : []) {
    if (x.oid === EXT.REASON) {
      const r = expectTag(parseDer(x.value), 0x0a, 'CRLReason');
      const n = value(r)[0] ?? 0;
      entry.reason = CRL_REASONS[n] ?? `(${n})`;
    } else if (x.oid === EXT.INVALIDITY)
      entry.invalidityDate = decodeTime(expectTag(parseDer(x.value), TAG.GENERALIZED_TIME, 'invalidityDate'));
    else if (x.oid === EXT.CERT_ISSUER) entry.certificateIssuer = true;
    else if (x.critical && !KNOWN_ENTRY_EXTS.has(x.oid)) entry.unknownCritical = x.oid;
  }
  entries.set(serial, entry);
}

function readCrlExtensions(t: Tlv | undefined): Pick<ParsedCrl, 'authorityKeyId' | 'delta' | 'idp' | 'unknownCritical'> {
  let authorityKeyId: string | undefined;
  let idp: IssuingDistributionPoint | undefined;
  let delta = false;
  const unknownCritical: string[] = [];
  if (t) {
    const [seq, extra] = children(t);
    if (!seq || extra) throw new DerError('bad crlExtensions wrapper');
    for (const x of extensionList(expectTag(seq, TAG.SEQUENCE, 'Extensions'))) {
      if (x.oid === EXT.AKI) {
        const keyId = children(expectTag(parseDer(x.value), TAG.SEQUENCE, 'AuthorityKeyIdentifier')).find((c) => c.tag === 0x80);
        if (keyId) authorityKeyId = hex(value(keyId));
      } else if (x.oid === EXT.DELTA) delta = true;
      else if (x.oid === EXT.IDP) idp = readIdp(x.value);
      else if (x.critical && !KNOWN_CRL_EXTS.has(x.oid)) unknownCritical.push(x.oid);
    }
  }
  return { ...(authorityKeyId !== undefined && { authorityKeyId }), delta, ...(idp && { idp }), unknownCritical };
}

/** §5.2.5 IssuingDistributionPoint; the [1]..[5] BOOLEANs are IMPLICIT. */
function readIdp(v: Uint8Array): IssuingDistributionPoint {
  const flag = (c: Tlv | undefined): boolean => (c ? decodeBoolean({ ...c, tag: TAG.BOOLEAN }) : false);
  const parts = children(expectTag(parseDer(v), TAG.SEQUENCE, 'IssuingDistributionPoint'));
  const at = (tag: number): Tlv | undefined => parts.find((p) => p.tag === tag);
  return {
    onlyUserCerts: flag(at(0x81)),
    onlyCaCerts: flag(at(0x82)),
    onlySomeReasons: at(0x83) !== undefined,
    indirect: flag(at(0x84)),
    onlyAttributeCerts: flag(at(0x85)),
  };
}

interface RawExt {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

function extensionList(seq: Tlv): RawExt[] {
  return children(seq).map((e) => {
    const parts = children(expectTag(e, TAG.SEQUENCE, 'Extension'));
    const oid = decodeOid(expectTag(parts[0], TAG.OID, 'extnID'));
    const critical = parts[1]?.tag === TAG.BOOLEAN ? decodeBoolean(parts[1]) : false;
    const octets = expectTag(parts[critical || parts[1]?.tag === TAG.BOOLEAN ? 2 : 1], TAG.OCTET_STRING, 'extnValue');
    return { oid, critical, value: value(octets) };
  });
}
