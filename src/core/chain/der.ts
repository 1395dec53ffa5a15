/**
 * A minimal strict DER reader (X.690 §10).
 *
 * Hand-written rather than going through @peculiar/asn1-x509 because path
 * validation needs things that library's object model drops: the exact bytes
 * of the TBSCertificate (the signed region), the raw encodings of Names (RFC
 * 5280 §7.1 compares them), and iPAddress constraints as raw octets (its
 * GeneralName converter turns them into strings, losing the CIDR mask of
 * RFC 5280 §4.2.1.10). It also lets us reject non-DER encodings instead of
 * silently accepting them.
 */

export class DerError extends Error {}

export interface Tlv {
  /** Full tag byte (class | constructed | number); only low tag numbers occur in X.509. */
  readonly tag: number;
  /** Offset of the tag byte in `buf`. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly valueStart: number;
  /** Offset just past the content. */
  readonly end: number;
  readonly buf: Uint8Array;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL: 0x1c,
  BMP: 0x1e,
} as const;

/** Reads one TLV at `pos`, never past `limit`. Throws DerError on non-DER length forms. */
export function readTlv(buf: Uint8Array, pos: number, limit = buf.length): Tlv {
  if (pos + 2 > limit) throw new DerError('truncated TLV');
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in X.509');
  let len = buf[pos + 1]!;
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError('indefinite or oversized length');
    if (p + n > limit) throw new DerError('truncated length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    // X.690 §10.1: the definite form with the minimum number of octets.
    if (len < 0x80 || buf[p] === 0) throw new DerError('non-minimal length');
    p += n;
  }
  if (p + len > limit) throw new DerError('truncated value');
  return { tag, start: pos, valueStart: p, end: p + len, buf };
}

/** The children of a constructed TLV, in order. */
export function children(t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = t.valueStart;
  while (p < t.end) {
    const c = readTlv(t.buf, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`expected ${what}`);
  return t;
}

export function value(t: Tlv): Uint8Array {
  return t.buf.subarray(t.valueStart, t.end);
}

export function whole(t: Tlv): Uint8Array {
  return t.buf.subarray(t.start, t.end);
}

/** Parses a complete DER value: exactly one TLV, no trailing bytes. */
export function parseDer(buf: Uint8Array): Tlv {
  const t = readTlv(buf, 0);
  if (t.end !== buf.length) throw new DerError('trailing bytes after DER value');
  return t;
}

export function decodeOid(t: Tlv): string {
  const v = value(t);
  if (v.length === 0 || (v[v.length - 1]! & 0x80) !== 0) throw new DerError('bad OID');
  const parts: number[] = [];
  let acc = 0;
  for (const b of v) {
    acc = acc * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  const first = parts.shift()!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

export function decodeBoolean(t: Tlv): boolean {
  const v = value(t);
  // X.690 §11.1: DER TRUE is 0xFF.
  if (t.tag !== TAG.BOOLEAN || v.length !== 1 || (v[0] !== 0 && v[0] !== 0xff)) throw new DerError('bad BOOLEAN');
  return v[0] === 0xff;
}

/** Small non-negative INTEGER (pathLenConstraint, version, BaseDistance). */
export function decodeSmallInt(t: Tlv): number {
  const v = value(t);
  if (v.length === 0 || v.length > 6) throw new DerError('bad INTEGER');
  if (v[0]! & 0x80) throw new DerError('negative INTEGER');
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

/** BIT STRING content without the unused-bits octet; `unused` is that count. */
export function decodeBitString(t: Tlv): { bytes: Uint8Array; unused: number } {
  const v = value(t);
  if (t.tag !== TAG.BIT_STRING || v.length === 0 || v[0]! > 7) throw new DerError('bad BIT STRING');
  return { bytes: v.subarray(1), unused: v[0]! };
}

/** UTCTime / GeneralizedTime → ms since epoch (RFC 5280 §4.1.2.5.1/.2: Zulu, seconds present). */
export function decodeTime(t: Tlv): number {
  const s = latin1(value(t));
  const m =
    t.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : t.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
        : null;
  if (!m) throw new DerError('bad Time');
  let year = Number(m[1]);
  if (t.tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000; // §4.1.2.5.1
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (Number.isNaN(ms)) throw new DerError('bad Time');
  return ms;
}

export function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

export function hex(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c.toString(16).padStart(2, '0');
  return s;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
