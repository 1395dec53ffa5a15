/**
 * Parses a DER certificate once into the fields path validation needs
 * (RFC 5280 §4.1, §4.2). Structural problems of single extensions are kept as
 * `defects` on the certificate rather than thrown: the certificate can still
 * be indexed and reported, it just never ends up in a valid path.
 */
import {
  DerError,
  TAG,
  children,
  decodeBitString,
  decodeBoolean,
  decodeOid,
  decodeSmallInt,
  decodeTime,
  expectTag,
  parseDer,
  readTlv,
  value,
  whole,
  type Tlv,
} from '../der/reader.js';
import { bytesEqual, toHex as hex } from '../util/bytes.js';
import { parseGeneralName, parseGeneralNames, parseName, type DistinguishedName, type GeneralName } from './names.js';
import type { ProfileRule, ReasonCode } from './types.js';

export const EXT = {
  SKI: '2.5.29.14',
  KU: '2.5.29.15',
  SAN: '2.5.29.17',
  BC: '2.5.29.19',
  NC: '2.5.29.30',
  POLICIES: '2.5.29.32',
  POLICY_MAPPINGS: '2.5.29.33',
  AKI: '2.5.29.35',
  POLICY_CONSTRAINTS: '2.5.29.36',
  EKU: '2.5.29.37',
  INHIBIT_ANY: '2.5.29.54',
  AIA: '1.3.6.1.5.5.7.1.1',
} as const;

export interface Defect {
  readonly code: ReasonCode;
  readonly message: string;
  readonly rule?: ProfileRule;
}

export interface NameConstraints {
  readonly permitted?: readonly GeneralName[];
  readonly excluded?: readonly GeneralName[];
}

export interface ParsedCert {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly version: number;
  readonly serial: Uint8Array;
  /** Raw AlgorithmIdentifier bytes (outer) and its OID / parameters. */
  readonly sigAlg: { readonly oid: string; readonly params?: Tlv; readonly raw: string };
  readonly signature: Uint8Array;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly spki: Uint8Array;
  readonly extensions: ReadonlyMap<string, { critical: boolean; value: Uint8Array }>;
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number; readonly critical: boolean };
  /** KeyUsage bits, bit 0 = digitalSignature … bit 5 = keyCertSign (RFC 5280 §4.2.1.3). */
  readonly keyUsage?: ReadonlySet<number>;
  readonly eku?: { readonly oids: readonly string[]; readonly critical: boolean };
  readonly ski?: Uint8Array;
  readonly aki?: { readonly keyId?: Uint8Array; readonly hasIssuer: boolean; readonly hasSerial: boolean; readonly critical: boolean };
  readonly san?: { readonly names: readonly GeneralName[]; readonly critical: boolean };
  readonly nameConstraints?: NameConstraints & { readonly critical: boolean };
  /** Subject and issuer names are equal (RFC 5280 §6.1 "self-issued"). */
  readonly selfIssued: boolean;
  readonly defects: readonly Defect[];
  /** Subject name key + SPKI: the RFC 4158 identity used for loop detection. */
  readonly identity: string;
}

/** Parses a certificate; throws DerError when the outer structure is unusable. */
export function parseCertificate(der: Uint8Array): ParsedCert {
  const outer = children(expectTag(parseDer(der, 'der'), TAG.SEQUENCE, 'Certificate'));
  if (outer.length !== 3) throw new DerError('Certificate must have 3 fields');
  const [tbsT, algT, sigT] = outer as [Tlv, Tlv, Tlv];
  const defects: Defect[] = [];
  const fields = children(expectTag(tbsT, TAG.SEQUENCE, 'TBSCertificate'));
  let i = 0;
  let version = 0;
  if (fields[0]?.tag === 0xa0) {
    const v = children(fields[0]);
    if (v.length !== 1) throw new DerError('bad version');
    version = decodeSmallInt(expectTag(v[0], TAG.INTEGER, 'version'));
    i++;
  }
  const serialT = expectTag(fields[i++], TAG.INTEGER, 'serialNumber');
  const innerAlgT = expectTag(fields[i++], TAG.SEQUENCE, 'signature');
  const issuer = parseName(expectTag(fields[i++], TAG.SEQUENCE, 'issuer'));
  const validity = children(expectTag(fields[i++], TAG.SEQUENCE, 'validity'));
  if (validity.length !== 2) throw new DerError('bad Validity');
  const subject = parseName(expectTag(fields[i++], TAG.SEQUENCE, 'subject'));
  const spkiT = expectTag(fields[i++], TAG.SEQUENCE, 'subjectPublicKeyInfo');
  let extsT: Tlv | undefined;
  for (; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.tag === 0xa3) extsT = f;
    else if (f.tag !== 0x81 && f.tag !== 0x82) throw new DerError('unexpected TBSCertificate field');
  }
  // RFC 5280 §4.1.1.2: the two AlgorithmIdentifiers MUST be identical.
  if (!bytesEqual(whole(algT), whole(innerAlgT)))
    defects.push({ code: 'malformed', message: 'signatureAlgorithm differs from tbsCertificate.signature' });
  const algParts = children(expectTag(algT, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const sig = decodeBitString(sigT);
  if (sig.unused !== 0) throw new DerError('signature has unused bits');
  const extensions = parseExtensionList(extsT, defects);
  const cert = {
    der,
    tbs: whole(tbsT),
    version,
    serial: value(serialT),
    sigAlg: { oid: decodeOid(expectTag(algParts[0], TAG.OID, 'algorithm')), params: algParts[1], raw: hex(whole(algT)) },
    signature: sig.bytes,
    issuer,
    subject,
    notBefore: decodeTime(validity[0]!),
    notAfter: decodeTime(validity[1]!),
    spki: whole(spkiT),
    extensions,
    selfIssued: issuer.key === subject.key,
    defects,
    identity: `${subject.key}|${hex(whole(spkiT))}`,
  };
  // The decoded extensions added to this call's own object (the key order of a spread), not a copy of its ~20 fields.
  return Object.assign(cert, decodeExtensions(extensions, defects));
}

function parseExtensionList(t: Tlv | undefined, defects: Defect[]): Map<string, { critical: boolean; value: Uint8Array }> {
  const map = new Map<string, { critical: boolean; value: Uint8Array }>();
  if (!t) return map;
  const [seq, extra] = children(t);
  if (!seq || extra) throw new DerError('bad extensions wrapper');
  const list = children(expectTag(seq, TAG.SEQUENCE, 'Extensions'));
  if (list.length === 0) defects.push({ code: 'malformed', message: 'empty Extensions sequence' });
  for (const e of list) {
    const parts = children(expectTag(e, TAG.SEQUENCE, 'Extension'));
    const oid = decodeOid(expectTag(parts[0], TAG.OID, 'extnID'));
    let critical = false;
    let k = 1;
    if (parts[k]?.tag === TAG.BOOLEAN) {
      critical = decodeBoolean(parts[k]!);
      // X.690 §11.5: DEFAULT FALSE must be omitted in DER.
      if (!critical) defects.push({ code: 'malformed', message: `extension ${oid} encodes critical=FALSE explicitly` });
      k++;
    }
    const octets = expectTag(parts[k], TAG.OCTET_STRING, 'extnValue');
    if (parts.length !== k + 1) throw new DerError('bad Extension');
    // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension.
    if (map.has(oid)) defects.push({ code: 'malformed', message: `duplicate extension ${oid}`, rule: 'duplicate-extension' });
    map.set(oid, { critical, value: value(octets) });
  }
  return map;
}

type Decoded = Pick<ParsedCert, 'basicConstraints' | 'keyUsage' | 'eku' | 'ski' | 'aki' | 'san' | 'nameConstraints'>;

type Out = { -readonly [K in keyof Decoded]: Decoded[K] };

/** The extensions path validation reads, by OID: one table for every parse (not 8 closures and an object per certificate). */
const DECODERS: Readonly<Record<string, (out: Out, v: Uint8Array, critical: boolean) => void>> = {
  [EXT.BC]: (out, v, critical) => (out.basicConstraints = { ...decodeBasicConstraints(v), critical }),
  [EXT.KU]: (out, v) => (out.keyUsage = decodeKeyUsage(v)),
  [EXT.EKU]: (out, v, critical) => {
    const oids = seqOf(v).map((t) => decodeOid(expectTag(t, TAG.OID, 'KeyPurposeId')));
    if (oids.length === 0) throw new DerError('ExtKeyUsageSyntax must not be empty (RFC 5280 §4.2.1.12)');
    out.eku = { oids, critical };
  },
  [EXT.SKI]: (out, v) => (out.ski = value(expectTag(parseDer(v, 'der'), TAG.OCTET_STRING, 'SubjectKeyIdentifier'))),
  [EXT.AKI]: (out, v, critical) => (out.aki = { ...decodeAki(v), critical }),
  [EXT.SAN]: (out, v, critical) => (out.san = { names: parseGeneralNames(v), critical }),
  [EXT.NC]: (out, v, critical) => (out.nameConstraints = { ...decodeNameConstraints(v), critical }),
  [EXT.AIA]: (_out, v) => {
    if (seqOf(v).length === 0) throw new DerError('AuthorityInfoAccessSyntax must not be empty');
  },
};

function decodeExtensions(exts: ReadonlyMap<string, { critical: boolean; value: Uint8Array }>, defects: Defect[]): Decoded {
  const out: Out = {};
  for (const [oid, ext] of exts) {
    const decode = DECODERS[oid];
    if (!decode) continue;
    try {
      decode(out, ext.value, ext.critical);
    } catch (e) {
      defects.push({ code: 'malformed', message: `malformed extension ${oid}: ${(e as Error).message}` });
    }
  }
  return out;
}

function seqOf(v: Uint8Array): Tlv[] {
  return children(expectTag(parseDer(v, 'der'), TAG.SEQUENCE, 'SEQUENCE'));
}

/** RFC 5280 §4.2.1.9 */
function decodeBasicConstraints(v: Uint8Array): { ca: boolean; pathLen?: number } {
  const parts = seqOf(v);
  let ca = false;
  let k = 0;
  if (parts[k]?.tag === TAG.BOOLEAN) {
    ca = decodeBoolean(parts[k]!);
    if (!ca) throw new DerError('cA FALSE must be omitted (DER DEFAULT)');
    k++;
  }
  const pathLen = parts[k] ? decodeSmallInt(expectTag(parts[k], TAG.INTEGER, 'pathLenConstraint')) : undefined;
  if (parts.length > k + (pathLen === undefined ? 0 : 1)) throw new DerError('bad BasicConstraints');
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

/** RFC 5280 §4.2.1.3: named bits, bit 0 is the most significant bit of the first octet. */
function decodeKeyUsage(v: Uint8Array): Set<number> {
  const { bytes } = decodeBitString(parseDer(v, 'der'));
  const bits = new Set<number>();
  bytes.forEach((b, i) => {
    for (let j = 0; j < 8; j++) if (b & (0x80 >> j)) bits.add(i * 8 + j);
  });
  return bits;
}

/** RFC 5280 §4.2.1.1 */
function decodeAki(v: Uint8Array): { keyId?: Uint8Array; hasIssuer: boolean; hasSerial: boolean } {
  let keyId: Uint8Array | undefined;
  let hasIssuer = false;
  let hasSerial = false;
  for (const p of seqOf(v)) {
    if (p.tag === 0x80) keyId = value(p);
    else if (p.tag === 0xa1) hasIssuer = true;
    else if (p.tag === 0x82) hasSerial = true;
    else throw new DerError('bad AuthorityKeyIdentifier');
  }
  return keyId ? { keyId, hasIssuer, hasSerial } : { hasIssuer, hasSerial };
}

/** RFC 5280 §4.2.1.10: GeneralSubtree minimum MUST be zero, maximum MUST be absent. */
function decodeNameConstraints(v: Uint8Array): NameConstraints {
  const out: { permitted?: GeneralName[]; excluded?: GeneralName[] } = {};
  const parts = seqOf(v);
  if (parts.length === 0) throw new DerError('empty NameConstraints');
  for (const p of parts) {
    if (p.tag !== 0xa0 && p.tag !== 0xa1) throw new DerError('bad NameConstraints field');
    const subtrees = children(p).map((st) => {
      const [base, ...rest] = children(expectTag(st, TAG.SEQUENCE, 'GeneralSubtree'));
      if (!base || rest.length > 0) throw new DerError('GeneralSubtree minimum/maximum are not allowed');
      return parseGeneralName(base);
    });
    // CABF 7.1.2.5.2 / RFC 5280: GeneralSubtrees is SIZE (1..MAX).
    if (subtrees.length === 0) throw new DerError('empty GeneralSubtrees');
    if (p.tag === 0xa0) out.permitted = subtrees;
    else out.excluded = subtrees;
  }
  return out;
}

export { readTlv };
