/**
 * Full CRL parse for revocation checking (RFC 5280 §5): the signed bytes and
 * signature, the issuer as a comparable name, and the extensions that decide
 * whether and for what the CRL may be used (§5.2 CRL extensions, §5.3 entry
 * extensions). The summary shown in hovers stays in `x509/crl.ts`; this
 * reader goes further and is only run when a certificate of the same issuer
 * exists.
 *
 * Bounded memory: a CRL may list a million serials, so entries are not
 * turned into objects. One pass checks their structure and records, per
 * entry, a 32-bit hash of the serial and its offset in two typed arrays
 * (8 bytes an entry, next to the DER itself); `lookup` scans the hashes and
 * decodes only the entries that match.
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
  parseDer,
  readTlv,
  value,
  whole,
  type Tlv,
} from '../der/reader.js';
import { toHex as hex } from '../util/bytes.js';
import { parseName, type DistinguishedName } from '../chain/names.js';
import { distributionPointName, reasonFlags, type DpName } from './distribution-points.js';

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
  /** §5.3.3 certificateIssuer: the entry carries the extension (indirect CRL). */
  readonly certificateIssuer?: boolean;
  /** Name keys of the CA the entry belongs to (§5.3.3: the CRL issuer until a certificateIssuer says otherwise). */
  readonly issuerKeys: readonly string[];
}

export interface IssuingDistributionPoint {
  /** distributionPoint names (fullName, or nameRelativeToCRLIssuer resolved against the CRL issuer). */
  readonly names?: readonly DpName[];
  readonly onlyUserCerts: boolean;
  readonly onlyCaCerts: boolean;
  readonly onlyAttributeCerts: boolean;
  /** onlySomeReasons as a ReasonFlags bit mask (bit n = reason n); absent = all reasons. */
  readonly reasons?: number;
  readonly onlySomeReasons: boolean;
  readonly indirect: boolean;
  /** The extension's DER, to compare the scopes of a complete and a delta CRL (§5.2.4). */
  readonly raw: string;
}

export interface ParsedCrl {
  readonly tbs: Uint8Array;
  readonly sigAlg: { readonly oid: string; readonly params?: Tlv; readonly raw: string };
  readonly signature: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly thisUpdate: number;
  readonly nextUpdate?: number;
  /** Number of revokedCertificates entries. */
  readonly entryCount: number;
  /** The entry for a serial (raw INTEGER value) of a certificate issued by `issuerKey`, if listed. */
  lookup(serial: Uint8Array, issuerKey: string): RevokedEntry | undefined;
  /** AuthorityKeyIdentifier keyIdentifier, lowercase hex. */
  readonly authorityKeyId?: string;
  /** §5.2.3 cRLNumber, as a bigint. */
  readonly crlNumber?: bigint;
  /** §5.2.3: cRLNumber MUST be non-critical. */
  readonly crlNumberCritical?: boolean;
  /** §5.2.4 deltaCRLIndicator present. */
  readonly delta: boolean;
  /** §5.2.4 BaseCRLNumber of a delta CRL. */
  readonly baseCrlNumber?: bigint;
  readonly idp?: IssuingDistributionPoint;
  /** Critical CRL extensions this reader does not understand (§5.2: the CRL must not be used). */
  readonly unknownCritical: readonly string[];
  /** A critical entry extension this reader does not understand (§5.3: the CRL must not be used). */
  readonly entryUnknownCritical?: string;
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

/**
 * Where the minimal two's-complement encoding of an INTEGER starts: redundant
 * 0x00 / 0xFF sign octets are skipped, a meaningful one is kept (00 FF is
 * 255, FF is -1; PKITS 4.4.14/4.4.15).
 */
function minimalStart(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end - 1 && ((buf[i] === 0 && (buf[i + 1] ?? 0) < 0x80) || (buf[i] === 0xff && (buf[i + 1] ?? 0) >= 0x80))) i++;
  return i;
}

/** A serial number as a map key: hex of the minimal INTEGER encoding. */
export function serialKey(raw: Uint8Array): string {
  return hex(raw.subarray(minimalStart(raw, 0, raw.length)));
}

/** FNV-1a over the minimal encoding of the serial. */
function serialHash(buf: Uint8Array, start: number, end: number): number {
  let i = minimalStart(buf, start, end);
  let h = 0x811c9dc5;
  for (; i < end; i++) h = Math.imul(h ^ (buf[i] ?? 0), 0x01000193);
  return h >>> 0;
}

/** Parses a DER CRL; throws DerError when the structure is unusable. */
export function parseCrl(der: Uint8Array): ParsedCrl {
  const outer = children(expectTag(parseDer(der, 'der'), TAG.SEQUENCE, 'CertificateList'));
  if (outer.length !== 3) throw new DerError('CertificateList must have 3 fields');
  const [tbsT, algT, sigT] = outer as [Tlv, Tlv, Tlv];
  const f = children(expectTag(tbsT, TAG.SEQUENCE, 'TBSCertList'));
  let i = f[0]?.tag === TAG.INTEGER ? 1 : 0;
  expectTag(f[i++], TAG.SEQUENCE, 'signature');
  const issuer = parseName(expectTag(f[i++], TAG.SEQUENCE, 'issuer'));
  const thisUpdate = decodeTime(expectTime(f[i++], 'thisUpdate'));
  let nextUpdate: number | undefined;
  if (f[i] && (f[i]!.tag === TAG.UTC_TIME || f[i]!.tag === TAG.GENERALIZED_TIME)) nextUpdate = decodeTime(f[i++]!);
  const revoked = f[i]?.tag === TAG.SEQUENCE ? f[i++] : undefined;
  let extsT: Tlv | undefined;
  if (f[i]?.tag === 0xa0) extsT = f[i++];
  if (i !== f.length) throw new DerError('unexpected TBSCertList field');
  const algParts = children(expectTag(algT, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const sig = decodeBitString(sigT);
  if (sig.unused !== 0) throw new DerError('signature has unused bits');
  const ext = readCrlExtensions(extsT, issuer);
  const index = indexEntries(revoked, issuer.key);
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
    entryCount: index.count,
    lookup: index.lookup,
    ...(index.unknownCritical && { entryUnknownCritical: index.unknownCritical }),
    ...ext,
  };
}

function expectTime(t: Tlv | undefined, what: string): Tlv {
  if (!t || (t.tag !== TAG.UTC_TIME && t.tag !== TAG.GENERALIZED_TIME)) throw new DerError(`expected ${what}`);
  return t;
}

interface EntryIndex {
  readonly count: number;
  readonly unknownCritical?: string;
  lookup(serial: Uint8Array, issuerKey: string): RevokedEntry | undefined;
}

/** One structural pass over revokedCertificates: hashes, offsets, certificateIssuer changes. */
function indexEntries(seq: Tlv | undefined, crlIssuer: string): EntryIndex {
  let hashes: Uint32Array<ArrayBuffer> = new Uint32Array(16);
  let offsets: Uint32Array<ArrayBuffer> = new Uint32Array(16);
  let count = 0;
  let unknownCritical: string | undefined;
  /** Entry index → the issuer keys from that entry on (§5.3.3), in entry order. */
  const issuerChanges: { at: number; keys: string[] }[] = [];
  if (seq) {
    let p = seq.valueStart;
    while (p < seq.valueEnd) {
      const e = readTlv(seq.buf, p, seq.valueEnd, 'der');
      expectTag(e, TAG.SEQUENCE, 'revokedCertificate');
      const serialT = expectTag(readTlv(e.buf, e.valueStart, e.valueEnd, 'der'), TAG.INTEGER, 'userCertificate');
      // The date is decoded on lookup; here only its tag is checked (a million decodes cost seconds).
      const dateT = expectTime(readTlv(e.buf, serialT.end, e.valueEnd, 'der'), 'revocationDate');
      if (dateT.end < e.valueEnd) {
        const extsT = expectTag(readTlv(e.buf, dateT.end, e.valueEnd, 'der'), TAG.SEQUENCE, 'crlEntryExtensions');
        if (extsT.end !== e.valueEnd) throw new DerError('bad revokedCertificate');
        for (const x of extensionList(extsT)) {
          if (x.oid === EXT.CERT_ISSUER) issuerChanges.push({ at: count, keys: generalNameKeys(x.value) });
          else if (x.critical && !KNOWN_ENTRY_EXTS.has(x.oid)) unknownCritical ??= x.oid;
        }
      }
      if (count === hashes.length) {
        hashes = grow(hashes);
        offsets = grow(offsets);
      }
      hashes[count] = serialHash(serialT.buf, serialT.valueStart, serialT.valueEnd);
      offsets[count] = e.start;
      count++;
      p = e.end;
    }
  }
  const issuerAt = (n: number): readonly string[] => {
    let keys: readonly string[] = [crlIssuer];
    for (const c of issuerChanges) if (c.at <= n) keys = c.keys;
    return keys;
  };
  const buf = seq?.buf;
  return {
    count,
    ...(unknownCritical && { unknownCritical }),
    lookup(serial, issuerKey) {
      if (!buf) return undefined;
      const h = serialHash(serial, 0, serial.length);
      const want = serialKey(serial);
      for (let k = 0; k < count; k++) {
        if (hashes[k] !== h) continue;
        const e = readTlv(buf, offsets[k] ?? 0, buf.length, 'der');
        const serialT = readTlv(buf, e.valueStart, e.valueEnd, 'der');
        if (serialKey(value(serialT)) !== want) continue;
        const keys = issuerAt(k);
        if (!keys.includes(issuerKey)) continue;
        return readEntry(e, serialT, keys);
      }
      return undefined;
    },
  };
}

function grow(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

function readEntry(e: Tlv, serialT: Tlv, issuerKeys: readonly string[]): RevokedEntry {
  const dateT = readTlv(e.buf, serialT.end, e.valueEnd, 'der');
  const entry: { -readonly [K in keyof RevokedEntry]: RevokedEntry[K] } = { revocationDate: decodeTime(dateT), issuerKeys };
  if (dateT.end < e.valueEnd) {
    for (const x of extensionList(readTlv(e.buf, dateT.end, e.valueEnd, 'der'))) {
      if (x.oid === EXT.REASON) {
        const r = expectTag(parseDer(x.value, 'der'), 0x0a, 'CRLReason');
        const n = value(r)[0] ?? 0;
        entry.reason = CRL_REASONS[n] ?? `(${n})`;
      } else if (x.oid === EXT.INVALIDITY)
        entry.invalidityDate = decodeTime(expectTag(parseDer(x.value, 'der'), TAG.GENERALIZED_TIME, 'invalidityDate'));
      else if (x.oid === EXT.CERT_ISSUER) entry.certificateIssuer = true;
    }
  }
  return entry;
}

/** GeneralNames of a certificateIssuer entry extension → directoryName keys. */
function generalNameKeys(v: Uint8Array): string[] {
  const out: string[] = [];
  for (const g of children(expectTag(parseDer(v, 'der'), TAG.SEQUENCE, 'GeneralNames'))) {
    const dn = g.tag === 0xa4 ? children(g)[0] : undefined;
    if (dn) out.push(parseName(dn).key);
  }
  if (out.length === 0) throw new DerError('certificateIssuer without a directoryName');
  return out;
}

function bigintOf(t: Tlv): bigint {
  const v = value(expectTag(t, TAG.INTEGER, 'CRLNumber'));
  if (v.length === 0 || v.length > 20 || ((v[0] ?? 0) & 0x80) !== 0) throw new DerError('bad CRLNumber');
  return BigInt(`0x${hex(v)}`);
}

function readCrlExtensions(
  t: Tlv | undefined,
  issuer: DistinguishedName,
): Pick<ParsedCrl, 'authorityKeyId' | 'delta' | 'idp' | 'unknownCritical' | 'crlNumber' | 'crlNumberCritical' | 'baseCrlNumber'> {
  const out: { -readonly [K in 'authorityKeyId' | 'idp' | 'crlNumber' | 'crlNumberCritical' | 'baseCrlNumber']?: ParsedCrl[K] } = {};
  let delta = false;
  const unknownCritical: string[] = [];
  if (t) {
    const [seq, extra] = children(t);
    if (!seq || extra) throw new DerError('bad crlExtensions wrapper');
    for (const x of extensionList(expectTag(seq, TAG.SEQUENCE, 'Extensions'))) {
      if (x.oid === EXT.AKI) {
        const keyId = children(expectTag(parseDer(x.value, 'der'), TAG.SEQUENCE, 'AuthorityKeyIdentifier')).find((c) => c.tag === 0x80);
        if (keyId) out.authorityKeyId = hex(value(keyId));
      } else if (x.oid === EXT.CRL_NUMBER) {
        out.crlNumber = bigintOf(parseDer(x.value, 'der'));
        if (x.critical) out.crlNumberCritical = true;
      } else if (x.oid === EXT.DELTA) {
        delta = true;
        out.baseCrlNumber = bigintOf(parseDer(x.value, 'der'));
      } else if (x.oid === EXT.IDP) out.idp = readIdp(x.value, issuer);
      else if (x.critical && !KNOWN_CRL_EXTS.has(x.oid)) unknownCritical.push(x.oid);
    }
  }
  return { ...out, delta, unknownCritical };
}

/** §5.2.5 IssuingDistributionPoint; the [1]..[5] fields are IMPLICIT. */
function readIdp(v: Uint8Array, issuer: DistinguishedName): IssuingDistributionPoint {
  const flag = (c: Tlv | undefined): boolean => (c ? decodeBoolean({ ...c, tag: TAG.BOOLEAN }) : false);
  const parts = children(expectTag(parseDer(v, 'der'), TAG.SEQUENCE, 'IssuingDistributionPoint'));
  const at = (tag: number): Tlv | undefined => parts.find((p) => p.tag === tag);
  const dp = at(0xa0);
  const some = at(0x83);
  const names = dp ? distributionPointName(dp, [issuer.key]) : undefined;
  return {
    ...(names && { names }),
    onlyUserCerts: flag(at(0x81)),
    onlyCaCerts: flag(at(0x82)),
    onlySomeReasons: some !== undefined,
    ...(some && { reasons: reasonFlags(some) }),
    indirect: flag(at(0x84)),
    onlyAttributeCerts: flag(at(0x85)),
    raw: hex(v),
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
