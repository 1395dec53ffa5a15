/**
 * The DER screen of the profile lint: what a v3 CA's rules and the TLS
 * server rules' preconditions can be read from the fast DER reader, so most
 * certificates never need the validator's second parse (see `summaryProfile`).
 */
import { parseIp } from '../chain/hostname.js';
import type { CertificateSummary } from '../x509/certificate';
import { children, decodeOid, decodeTime, expect, TAG, type Tlv } from '../der/reader';
import { decodeAuthorityKeyId, decodeKeyUsage } from '../x509/extensions';
import type { CaView } from './profile';

export interface DerCaView extends CaView {
  readonly serial: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly subjectEmpty: boolean;
  readonly san: boolean;
  readonly sanCritical: boolean;
}

/**
 * The CA rules' inputs from the DER of a v3 certificate with cA=TRUE, or
 * undefined. Strict where the validator is (chain/certificate.ts): any shape
 * it would reject or read differently sends the certificate to the full check.
 */
export function readCaView(der: Uint8Array): DerCaView | undefined {
  try {
    const outer = children(expect(der, 0, TAG.SEQUENCE));
    const [tbs, alg, sig] = outer;
    if (outer.length !== 3 || tbs?.tag !== TAG.SEQUENCE || alg?.tag !== TAG.SEQUENCE || sig?.tag !== TAG.BIT_STRING) return undefined;
    if (children(alg)[0]?.tag !== TAG.OID || der[sig.valueStart] !== 0) return undefined;
    const f = children(tbs);
    // v3 only, as the validator reads it: [0] { INTEGER 2 }.
    const version = f[0]?.tag === 0xa0 ? children(f[0]) : [];
    if (
      version.length !== 1 ||
      version[0]!.tag !== TAG.INTEGER ||
      version[0]!.end - version[0]!.valueStart !== 1 ||
      der[version[0]!.valueStart] !== 2
    )
      return undefined;
    const [, serialT, innerAlg, issuerT, validityT, subjectT, spki, ...rest] = f;
    if (serialT?.tag !== TAG.INTEGER || innerAlg?.tag !== TAG.SEQUENCE || validityT?.tag !== TAG.SEQUENCE || spki?.tag !== TAG.SEQUENCE)
      return undefined;
    if (!issuerT || !subjectT || !plainName(der, issuerT) || !plainName(der, subjectT)) return undefined;
    if (rest.some((x) => x.tag !== 0xa3 && x.tag !== 0x81 && x.tag !== 0x82)) return undefined;
    const validity = children(validityT);
    const extTlv = rest.find((x) => x.tag === 0xa3);
    if (validity.length !== 2 || !extTlv) return undefined;
    const byOid = extensionList(der, extTlv);
    const bc = byOid?.get(OID_BASIC_CONSTRAINTS);
    if (!byOid || !bc || !strictCaTrue(bc.value)) return undefined;
    const ku = byOid.get(OID_KEY_USAGE);
    const ski = byOid.get(OID_SKI);
    const aki = byOid.get(OID_AKI);
    const san = byOid.get(OID_SAN);
    if ((ku && !whole(ku.value, TAG.BIT_STRING)) || (ski && !whole(ski.value, TAG.OCTET_STRING)) || (aki && !plainAki(aki.value)))
      return undefined;
    return {
      serial: der.subarray(serialT.valueStart, serialT.end),
      notBefore: decodeTime(validity[0]!),
      notAfter: decodeTime(validity[1]!),
      subjectEmpty: subjectT.end === subjectT.valueStart,
      ca: true,
      bcCritical: bc.critical,
      keyUsage: ku ? decodeKeyUsage(ku.value).includes('keyCertSign') : undefined,
      ski: ski !== undefined,
      akiKeyId: aki !== undefined && decodeAuthorityKeyId(aki.value) !== undefined,
      san: san !== undefined,
      sanCritical: san?.critical ?? false,
    };
  } catch {
    return undefined;
  }
}

/** The extensions by OID, each once, with DER criticality (RFC 5280 §4.1, §4.2); undefined for any other shape. */
function extensionList(der: Uint8Array, wrapper: Tlv): Map<string, { critical: boolean; value: Uint8Array }> | undefined {
  const [seq, extra] = children(wrapper);
  if (!seq || extra || seq.tag !== TAG.SEQUENCE) return undefined;
  const out = new Map<string, { critical: boolean; value: Uint8Array }>();
  for (const e of children(seq)) {
    const parts = e.tag === TAG.SEQUENCE ? children(e) : [];
    if (parts[0]?.tag !== TAG.OID) return undefined;
    const oid = decodeOid(parts[0]);
    let k = 1;
    let critical = false;
    const b = parts[1];
    if (b?.tag === TAG.BOOLEAN) {
      if (b.end - b.valueStart !== 1 || (der[b.valueStart] !== 0 && der[b.valueStart] !== 0xff)) return undefined;
      critical = der[b.valueStart] === 0xff;
      k++;
    }
    const octets = parts[k];
    if (octets?.tag !== TAG.OCTET_STRING || parts.length !== k + 1 || out.has(oid)) return undefined;
    out.set(oid, { critical, value: der.subarray(octets.valueStart, octets.end) });
  }
  return out;
}

/** A Name the validator's parseName takes structurally: SETs of at least one SEQUENCE { OID, value }. */
function plainName(der: Uint8Array, name: Tlv): boolean {
  if (name.tag !== TAG.SEQUENCE) return false;
  for (const rdn of children(name)) {
    const atvs = rdn.tag === TAG.SET ? children(rdn) : [];
    if (atvs.length === 0) return false;
    for (const atv of atvs) {
      const parts = atv.tag === TAG.SEQUENCE ? children(atv) : [];
      if (parts.length !== 2 || parts[0]!.tag !== TAG.OID) return false;
      decodeOid(parts[0]!);
      const v = parts[1]!;
      if (!PLAIN_STRING_TAGS.has(v.tag)) return false;
      // The validator decodes UTF8String strictly (chain/names.ts) and rejects the name on a bad sequence.
      if (v.tag === TAG.UTF8_STRING) strictUtf8.decode(der.subarray(v.valueStart, v.end));
    }
  }
  return true;
}

/** String types the validator's parseName decodes without a length rule (BMP and Universal strings have one: full check). */
const PLAIN_STRING_TAGS = new Set<number>([TAG.UTF8_STRING, TAG.PRINTABLE_STRING, TAG.TELETEX_STRING, TAG.IA5_STRING, 0x1a]);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One TLV of `tag` spanning all of `value` (the validator's parseDer). */
function whole(value: Uint8Array, tag: number): boolean {
  const t = expect(value, 0, tag);
  return t.end === value.length;
}

/** AuthorityKeyIdentifier with only the fields RFC 5280 §4.2.1.1 defines (the validator rejects others). */
function plainAki(value: Uint8Array): boolean {
  if (!whole(value, TAG.SEQUENCE)) return false;
  return children(expect(value, 0, TAG.SEQUENCE)).every((p) => p.tag === 0x80 || p.tag === 0xa1 || p.tag === 0x82);
}

/** basicConstraints `SEQUENCE { BOOLEAN TRUE [, INTEGER] }` in DER (TRUE is 0xff), the only cA=TRUE the validator accepts. */
function strictCaTrue(value: Uint8Array): boolean {
  if (!whole(value, TAG.SEQUENCE)) return false;
  const parts = children(expect(value, 0, TAG.SEQUENCE));
  const b = parts[0];
  if (b?.tag !== TAG.BOOLEAN || b.end - b.valueStart !== 1 || value[b.valueStart] !== 0xff) return false;
  return parts.length === 1 || (parts.length === 2 && parts[1]!.tag === TAG.INTEGER);
}

export const OID_KEY_USAGE = '2.5.29.15';
export const OID_SKI = '2.5.29.14';
export const OID_AKI = '2.5.29.35';
/** The screen's leaf conditions: a subjectAltName, at most one CN, and that CN (if a host name) listed as a DNS name. */
export function leafServerRulesClear(s: CertificateSummary, extensionOids: ReadonlySet<string>): boolean {
  if (s.keyUsage?.includes('keyCertSign')) return false;
  if (!extensionOids.has(OID_SAN)) return false;
  if ((s.subject.match(/(^|[,+])CN=/g) ?? []).length > 1) return false;
  const cn = s.commonName;
  if (cn !== undefined && hostnameLike(cn)) {
    if (parseIp(cn) !== undefined) return false;
    const want = `dns:${cn.toLowerCase().replace(/\.$/, '')}`;
    if (!s.subjectAltNames.some((n) => n.toLowerCase().replace(/\.$/, '') === want)) return false;
  }
  return true;
}

export const OID_BASIC_CONSTRAINTS = '2.5.29.19';
export const OID_SAN = '2.5.29.17';

/** The serial's content octets, read from the TBSCertificate header only. */
export function rawSerial(der: Uint8Array): Uint8Array | undefined {
  try {
    const [tbs] = children(expect(der, 0, TAG.SEQUENCE));
    const fields = tbs ? children(tbs) : [];
    const serial = fields[0]?.tag === 0xa0 ? fields[1] : fields[0];
    return serial?.tag === TAG.INTEGER ? der.subarray(serial.valueStart, serial.end) : undefined;
  } catch {
    return undefined;
  }
}

const HOST = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/** `api.example.com`, `*.example.com`, `localhost`, an IPv4 or IPv6 address; not `Acme Root CA` or `1.2`. */
export function hostnameLike(cn: string): boolean {
  return cn.toLowerCase() === 'localhost' || parseIp(cn) !== undefined || HOST.test(cn);
}
