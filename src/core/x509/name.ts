/**
 * Distinguished names (RFC 5280 §4.1.2.4) read with the fast DER reader and
 * printed per RFC 4514: most specific RDN first, the order `openssl
 * -nameopt RFC2253` and Go print, so `CN=…` leads.
 */
import { children, decodeOid, decodeString, DerError, TAG, type Tlv } from '../der/reader';
import { toHex } from '../util/bytes';
import { NAME_ATTRIBUTES } from './oids';

export interface NameAttribute {
  readonly type: string;
  /** Short name (CN, O, …) or the dotted OID when unknown. */
  readonly shortName: string;
  readonly value: string;
  /** The value was not a string type and is shown as `#hex` (RFC 4514 §2.4). */
  readonly hexEncoded?: boolean;
}

/** RDNs in encoding order (least specific first, as stored). */
export type DistinguishedName = ReadonlyArray<ReadonlyArray<NameAttribute>>;

export function decodeName(bytes: Uint8Array, name: Tlv): DistinguishedName {
  if (name.tag !== TAG.SEQUENCE) throw new DerError('Name is not a SEQUENCE');
  return children(name).map((rdn) => {
    if (rdn.tag !== TAG.SET) throw new DerError('RDN is not a SET');
    return children(rdn).map((atv) => {
      const [typeTlv, valueTlv] = children(atv);
      if (!typeTlv || !valueTlv || typeTlv.tag !== TAG.OID) throw new DerError('bad AttributeTypeAndValue');
      const type = decodeOid(typeTlv);
      const known = NAME_ATTRIBUTES[type];
      if (isString(valueTlv.tag)) return { type, shortName: known ?? type, value: decodeString(valueTlv) };
      return { type, shortName: known ?? type, value: `#${toHex(bytes.subarray(valueTlv.start, valueTlv.end))}`, hexEncoded: true };
    });
  });
}

/** RFC 4514 string, most specific RDN first. */
export function formatName(dn: DistinguishedName): string {
  return dn
    .slice()
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.shortName}=${a.hexEncoded ? a.value : escapeValue(a.value)}`).join('+'))
    .join(',');
}

/** The most specific CN, or undefined. */
export function commonName(dn: DistinguishedName): string | undefined {
  for (let i = dn.length - 1; i >= 0; i--) {
    for (const a of dn[i]!) if (a.type === '2.5.4.3') return a.value;
  }
  return undefined;
}

/** A short label for lenses and badges: the CN, else the first O/OU, else the whole name. */
export function displayName(dn: DistinguishedName): string {
  const cn = commonName(dn);
  if (cn) return cn;
  for (let i = dn.length - 1; i >= 0; i--) {
    for (const a of dn[i]!) if (a.shortName === 'O' || a.shortName === 'OU') return a.value;
  }
  return formatName(dn) || '(empty name)';
}

/** RFC 4514 §2.4 escaping. */
const NEEDS_ESCAPE = /[\\,+"<>;\u0000-\u001f]|^[ #]| $/;

function escapeValue(v: string): string {
  // Most values need nothing: one test instead of two replacing passes (this runs for every name of every certificate).
  if (!NEEDS_ESCAPE.test(v)) return v;
  let s = v
    .replace(/[\\,+"<>;]/g, (c) => `\\${c}`)
    .replace(/[\u0000-\u001f]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const lead = v.startsWith(' ') || v.startsWith('#');
  const trail = v.endsWith(' ') && !(lead && v.length === 1);
  if (trail) s = `${s.slice(0, -1)}\\ `;
  if (lead) s = `\\${s}`;
  return s;
}

function isString(tag: number): boolean {
  return (
    tag === TAG.UTF8_STRING ||
    tag === TAG.PRINTABLE_STRING ||
    tag === TAG.TELETEX_STRING ||
    tag === TAG.IA5_STRING ||
    tag === TAG.BMP_STRING ||
    tag === TAG.UNIVERSAL_STRING ||
    tag === 0x1a /* VisibleString */ ||
    tag === 0x12 /* NumericString */
  );
}
