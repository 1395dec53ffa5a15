/**
 * A minimal, strict DER reader (X.690 §8, §10) over a Uint8Array.
 *
 * Hand-written for speed: @peculiar/x509 spends ~5 ms per certificate
 * building its object model, and decorations for 10,000 files need only a
 * dozen fields. This reader allocates nothing but the views it returns and
 * throws `DerError` (caught by the callers' single wrapper) on bad input.
 */

export class DerError extends Error {
  override readonly name = 'DerError';
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** One tag-length-value: `bytes[start, end)` is the whole TLV. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  /** First content byte. */
  readonly body: number;
  readonly end: number;
}

/** Reads the TLV at `offset`; its end must not pass `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  if (offset + 2 > limit) throw new DerError(`truncated at byte ${offset}`);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`high-tag-number form at byte ${offset}`);
  let len = bytes[offset + 1]!;
  let body = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError(`indefinite length at byte ${offset}`);
    if (n > 4) throw new DerError(`length too large at byte ${offset}`);
    if (body + n > limit) throw new DerError(`truncated length at byte ${offset}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[body + i]!;
    body += n;
  }
  const end = body + len;
  if (end > limit) throw new DerError(`truncated: element at byte ${offset} needs ${end - limit} more bytes`);
  return { tag, start: offset, body, end };
}

/** Reads the TLV at `offset` and checks its tag. */
export function expect(bytes: Uint8Array, offset: number, tag: number, limit?: number): Tlv {
  const t = readTlv(bytes, offset, limit);
  if (t.tag !== tag) {
    throw new DerError(`expected tag 0x${hex2(tag)} at byte ${offset}, found 0x${hex2(t.tag)}`);
  }
  return t;
}

/** The children of a constructed TLV. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const t = readTlv(bytes, at, parent.end);
    out.push(t);
    at = t.end;
  }
  return out;
}

export function contents(bytes: Uint8Array, t: Tlv): Uint8Array {
  return bytes.subarray(t.body, t.end);
}

/** Dotted OID text (X.690 §8.19). */
export function decodeOid(bytes: Uint8Array, t: Tlv): string {
  if (t.end === t.body) throw new DerError('empty OID');
  if (t.end - t.body > 256) throw new DerError('OID too long');
  if (bytes[t.end - 1]! & 0x80) throw new DerError('truncated OID arc');
  const parts: Array<number | bigint> = [];
  // Arcs are numbers until they outgrow 2^53; 2.25.<UUID> OIDs need BigInt.
  let v: number | bigint = 0;
  let start = true;
  for (let i = t.body; i < t.end; i++) {
    const b = bytes[i]!;
    if (start && b === 0x80) throw new DerError('non-minimal OID arc');
    start = false;
    if (typeof v === 'number' && v > Number.MAX_SAFE_INTEGER / 128) v = BigInt(v);
    v = typeof v === 'bigint' ? v * 128n + BigInt(b & 0x7f) : v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(Number(v) / 40) : 2;
        parts.push(typeof v === 'bigint' ? v - BigInt(first * 40) : v - first * 40);
        parts.unshift(first);
      } else parts.push(v);
      v = 0;
      start = true;
    }
  }
  return parts.join('.');
}

/** UTCTime / GeneralizedTime as milliseconds since the epoch (RFC 5280 §4.1.2.5). */
export function decodeTime(bytes: Uint8Array, t: Tlv): number {
  const s = latin1(bytes, t.body, t.end);
  const m =
    t.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : t.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s)
        : null;
  if (!m) throw new DerError(`bad time ${JSON.stringify(s)}`);
  let year = Number(m[1]);
  if (t.tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const [month, day, hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  // Date.UTC rolls month 13 into the next year; X.680 times must not.
  if (Number.isNaN(ms) || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(`bad time ${JSON.stringify(s)}`);
  }
  return ms;
}

/** Decodes the character string types used in names (X.520 DirectoryString). */
export function decodeString(bytes: Uint8Array, t: Tlv): string {
  switch (t.tag) {
    case TAG.UTF8_STRING:
      return utf8.decode(bytes.subarray(t.body, t.end));
    case TAG.BMP_STRING: {
      let s = '';
      for (let i = t.body; i + 1 < t.end; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
      return s;
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = t.body; i + 3 < t.end; i += 4) {
        const cp = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return latin1(bytes, t.body, t.end);
  }
}

/** Bit length of an unsigned INTEGER's contents (RSA modulus, DSA p). */
export function integerBitLength(bytes: Uint8Array, t: Tlv): number {
  let i = t.body;
  while (i < t.end && bytes[i] === 0) i++;
  if (i === t.end) return 0;
  return (t.end - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

export function toHex(bytes: Uint8Array, separator = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && separator) s += separator;
    s += HEX[bytes[i]!];
  }
  return s;
}

const HEX = Array.from({ length: 256 }, (_, i) => hex2(i));
const utf8 = new TextDecoder('utf-8', { fatal: false });

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
