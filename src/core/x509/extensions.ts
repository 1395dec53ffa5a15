/**
 * Decoders for the certificate extensions shown in hovers and used by
 * diagnostics (RFC 5280 §4.2), on the fast DER reader.
 */
import { children, value, decodeOid, decodeString, DerError, expect, readTlv, TAG, type Tlv } from '../der/reader';
import { toHex } from '../util/bytes';
import { decodeName, formatName } from './name';
import { EXTENDED_KEY_USAGES, KEY_USAGE_BITS, nameOf } from './oids';

export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING's contents. */
  readonly value: Uint8Array;
}

export function decodeExtensions(bytes: Uint8Array, exts: Tlv): RawExtension[] {
  return children(expect(bytes, exts.valueStart, TAG.SEQUENCE, exts.end)).map((ext) => {
    const parts = children(ext);
    const oidTlv = parts[0];
    if (!oidTlv || oidTlv.tag !== TAG.OID) throw new DerError('Extension without extnID');
    let i = 1;
    let critical = false;
    if (parts[i]?.tag === TAG.BOOLEAN) critical = bytes[parts[i++]!.valueStart] !== 0;
    const valueTlv = parts[i];
    if (!valueTlv || valueTlv.tag !== TAG.OCTET_STRING) throw new DerError('Extension without extnValue');
    return { oid: decodeOid(oidTlv), critical, value: value(valueTlv) };
  });
}

/** GeneralName (RFC 5280 §4.2.1.6) in OpenSSL's `TYPE:value` style. */
export function formatGeneralName(bytes: Uint8Array, g: Tlv): string {
  const ctx = g.tag & 0x1f;
  const raw = bytes.subarray(g.valueStart, g.end);
  switch (ctx) {
    case 1:
      return `email:${decodeString({ ...g, tag: TAG.IA5_STRING })}`;
    case 2:
      return `DNS:${decodeString({ ...g, tag: TAG.IA5_STRING })}`;
    case 4:
      return `DirName:${formatName(decodeName(bytes, readTlv(bytes, g.valueStart, g.end)))}`;
    case 6:
      return `URI:${decodeString({ ...g, tag: TAG.IA5_STRING })}`;
    case 7:
      return `IP:${formatIp(raw)}`;
    case 8:
      return `RID:${decodeOid({ ...g, tag: TAG.OID })}`;
    case 0: {
      const oid = readTlv(bytes, g.valueStart, g.end);
      return `othername:${decodeOid(oid)}`;
    }
    default:
      return `[${ctx}]:${toHex(raw)}`;
  }
}

export function formatIp(raw: Uint8Array): string {
  if (raw.length === 4) return Array.from(raw).join('.');
  if (raw.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((raw[i]! << 8) | raw[i + 1]!).toString(16));
    return compressIpv6(groups);
  }
  // Name constraints carry address and mask (RFC 5280 §4.2.1.10).
  if (raw.length === 8 || raw.length === 32) {
    const half = raw.length / 2;
    return `${formatIp(raw.subarray(0, half))}/${formatIp(raw.subarray(half))}`;
  }
  return `#${toHex(raw)}`;
}

function compressIpv6(groups: string[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function decodeGeneralNames(bytes: Uint8Array): string[] {
  const seq = expect(bytes, 0, TAG.SEQUENCE);
  return children(seq).map((g) => formatGeneralName(bytes, g));
}

export interface BasicConstraints {
  readonly ca: boolean;
  readonly pathLen?: number;
}

export function decodeBasicConstraints(bytes: Uint8Array): BasicConstraints {
  const parts = children(expect(bytes, 0, TAG.SEQUENCE));
  let ca = false;
  let pathLen: number | undefined;
  for (const p of parts) {
    if (p.tag === TAG.BOOLEAN) ca = bytes[p.valueStart] !== 0;
    else if (p.tag === TAG.INTEGER) {
      pathLen = 0;
      for (let i = p.valueStart; i < p.end; i++) pathLen = pathLen * 256 + bytes[i]!;
    }
  }
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

export function decodeKeyUsage(bytes: Uint8Array): string[] {
  const bits = expect(bytes, 0, TAG.BIT_STRING);
  const out: string[] = [];
  for (let i = 0; i < KEY_USAGE_BITS.length; i++) {
    const byte = bytes[bits.valueStart + 1 + (i >> 3)];
    if (byte !== undefined && bits.valueStart + 1 + (i >> 3) < bits.end && byte & (0x80 >> (i & 7))) out.push(KEY_USAGE_BITS[i]!);
  }
  return out;
}

export function decodeExtendedKeyUsage(bytes: Uint8Array): string[] {
  return children(expect(bytes, 0, TAG.SEQUENCE)).map((o) => nameOf(EXTENDED_KEY_USAGES, decodeOid(o)));
}

export function decodeSubjectKeyId(bytes: Uint8Array): string {
  return toHex(value(expect(bytes, 0, TAG.OCTET_STRING)));
}

export function decodeAuthorityKeyId(bytes: Uint8Array): string | undefined {
  for (const p of children(expect(bytes, 0, TAG.SEQUENCE))) if (p.tag === 0x80) return toHex(value(p));
  return undefined;
}

export interface AuthorityInfoAccess {
  readonly ocsp: string[];
  readonly caIssuers: string[];
}

export function decodeAuthorityInfoAccess(bytes: Uint8Array): AuthorityInfoAccess {
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  for (const ad of children(expect(bytes, 0, TAG.SEQUENCE))) {
    const [method, location] = children(ad);
    if (!method || !location || location.tag !== 0x86) continue;
    const uri = decodeString({ ...location, tag: TAG.IA5_STRING });
    const m = decodeOid(method);
    if (m === '1.3.6.1.5.5.7.48.1') ocsp.push(uri);
    else if (m === '1.3.6.1.5.5.7.48.2') caIssuers.push(uri);
  }
  return { ocsp, caIssuers };
}

/** URIs of the fullName distribution points (RFC 5280 §4.2.1.13). */
export function decodeCrlDistributionPoints(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (const dp of children(expect(bytes, 0, TAG.SEQUENCE))) {
    const dpName = children(dp).find((t) => t.tag === 0xa0);
    const full = dpName && children(dpName).find((t) => t.tag === 0xa0);
    if (!full) continue;
    for (const g of children(full)) if ((g.tag & 0x1f) === 6) out.push(decodeString({ ...g, tag: TAG.IA5_STRING }));
  }
  return out;
}

/** Number of SCTs in the RFC 6962 §3.3 list (TLS-encoded inside an OCTET STRING). */
export function countScts(bytes: Uint8Array): number {
  const inner = value(expect(bytes, 0, TAG.OCTET_STRING));
  if (inner.length < 2) return 0;
  const total = (inner[0]! << 8) | inner[1]!;
  const end = Math.min(inner.length, total + 2);
  let n = 0;
  for (let at = 2; at + 2 <= end; n++) {
    at += 2 + ((inner[at]! << 8) | inner[at + 1]!);
    if (at > end) break;
  }
  return n;
}
