/**
 * Distinguished names and GeneralNames (RFC 5280 §4.1.2.4, §4.2.1.6, §7.1).
 */
import { DerError, TAG, children, decodeOid, expectTag, readTlv, value, type Tlv } from '../der/reader.js';
import { toHex as hex, latin1 } from '../util/bytes.js';

export interface Attribute {
  readonly oid: string;
  /** Decoded text for string types, otherwise undefined. */
  readonly text?: string;
  /** Normalised form used for comparison (RFC 5280 §7.1, simplified RFC 4518). */
  readonly key: string;
}

export interface DistinguishedName {
  readonly rdns: readonly (readonly Attribute[])[];
  /** Canonical comparison key of the whole name; '' for an empty name. */
  readonly key: string;
}

export type GeneralName =
  | { readonly kind: 'dns' | 'email' | 'uri'; readonly text: string; readonly ascii: boolean }
  | { readonly kind: 'ip'; readonly bytes: Uint8Array }
  | { readonly kind: 'dn'; readonly dn: DistinguishedName }
  | { readonly kind: 'other'; readonly tag: number; readonly raw: string };

export const OID_CN = '2.5.4.3';
export const OID_EMAIL_ATTR = '1.2.840.113549.1.9.1';

const STRING_TAGS = new Set<number>([
  TAG.UTF8_STRING,
  TAG.PRINTABLE_STRING,
  TAG.TELETEX_STRING,
  TAG.IA5_STRING,
  TAG.UNIVERSAL_STRING,
  TAG.BMP_STRING,
  0x1a,
]);

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeString(t: Tlv): string {
  const v = value(t);
  if (t.tag === TAG.UTF8_STRING) {
    // A fatal decoder throws TypeError; callers catch DerError only by contract (found by `npm run fuzz`).
    try {
      return UTF8.decode(v);
    } catch {
      throw new DerError('bad UTF8String');
    }
  }
  if (t.tag === TAG.BMP_STRING) {
    if (v.length % 2) throw new DerError('bad BMPString');
    let s = '';
    for (let i = 0; i < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
    return s;
  }
  if (t.tag === TAG.UNIVERSAL_STRING) {
    if (v.length % 4) throw new DerError('bad UniversalString');
    let s = '';
    for (let i = 0; i < v.length; i += 4)
      s += String.fromCodePoint(((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0);
    return s;
  }
  return latin1(v);
}

/** RFC 5280 §7.1 / RFC 4518: case-fold and collapse insignificant spaces. */
function normalise(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function parseName(t: Tlv): DistinguishedName {
  expectTag(t, TAG.SEQUENCE, 'Name');
  const rdns = children(t).map((set) => {
    const atvs = children(expectTag(set, TAG.SET, 'RDN'));
    if (atvs.length === 0) throw new DerError('empty RDN');
    return atvs
      .map((atv): Attribute => {
        const [oidT, valT, extra] = children(expectTag(atv, TAG.SEQUENCE, 'AttributeTypeAndValue'));
        if (!valT || extra) throw new DerError('bad AttributeTypeAndValue');
        const oid = decodeOid(expectTag(oidT, TAG.OID, 'attribute type'));
        if (STRING_TAGS.has(valT.tag)) {
          const text = decodeString(valT);
          return { oid, text, key: `${oid}=${normalise(text)}` };
        }
        return { oid, key: `${oid}#${hex(t.buf.subarray(valT.start, valT.end))}` };
      })
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  });
  return { rdns, key: rdns.map((r) => r.map((a) => a.key).join('+')).join('/') };
}

/** Subject attributes of a given type, as text (CN, emailAddress). */
export function attributeTexts(dn: DistinguishedName, oid: string): string[] {
  const out: string[] = [];
  for (const rdn of dn.rdns) for (const a of rdn) if (a.oid === oid && a.text !== undefined) out.push(a.text);
  return out;
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** One GeneralName (RFC 5280 §4.2.1.6), from its context-specific TLV. */
export function parseGeneralName(t: Tlv): GeneralName {
  switch (t.tag) {
    case 0x81:
    case 0x82:
    case 0x86: {
      const text = latin1(value(t));
      const kind = t.tag === 0x81 ? 'email' : t.tag === 0x82 ? 'dns' : 'uri';
      return { kind, text, ascii: isAscii(text) };
    }
    case 0x87:
      return { kind: 'ip', bytes: value(t) };
    case 0xa4: {
      const inner = children(t);
      if (inner.length !== 1) throw new DerError('bad directoryName');
      return { kind: 'dn', dn: parseName(inner[0]!) };
    }
    case 0xa0:
    case 0xa3:
    case 0xa5:
    case 0x88:
      return { kind: 'other', tag: t.tag, raw: hex(t.buf.subarray(t.start, t.end)) };
    default:
      throw new DerError(`bad GeneralName tag 0x${t.tag.toString(16)}`);
  }
}

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName */
export function parseGeneralNames(buf: Uint8Array): GeneralName[] {
  const seq = readTlv(buf, 0, buf.length, 'der');
  if (seq.end !== buf.length) throw new DerError('trailing bytes');
  const items = children(expectTag(seq, TAG.SEQUENCE, 'GeneralNames'));
  if (items.length === 0) throw new DerError('empty GeneralNames');
  return items.map(parseGeneralName);
}
