/**
 * The tag-length-value header reader under the one DER/BER reader of core
 * (der/reader.ts; X.690 §8.1, §10.1).
 *
 * It never throws and allocates only the element it returns: a bad header
 * comes back as a `TlvFault` with a stable code, which reader.ts turns into
 * its result or its `DerError`.
 *
 * Always enforced: low tag numbers only (PKI never uses tags above 30), at
 * most four length octets, and every byte read within `[offset, limit)`.
 * Optional, per caller:
 *  - `minimalLength`: the long form only for lengths ≥ 128 and without
 *    leading zero octets (X.690 §10.1); the chain validator demands it.
 *  - `indefinite`: BER indefinite lengths on constructed elements (X.690
 *    §8.1.3.6), as Windows and Java write PKCS#12; nesting is bounded.
 */

/** One element: `buf[start, end)` is the whole TLV, `buf[valueStart, valueEnd)` its value. */
export interface Tlv {
  /** The buffer the element was read from. */
  readonly buf: Uint8Array;
  /** The rules it was read under; its children are read under the same ones. */
  readonly rules: TlvRules;
  /** The identifier octet (class | constructed | number). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first value byte. */
  readonly valueStart: number;
  /** Offset just past the value (before the end-of-contents octets, if any). */
  readonly valueEnd: number;
  /** Offset just past the whole element. */
  readonly end: number;
}

export type TlvFaultCode =
  /** Fewer than two bytes left for the identifier and length octets. */
  | 'truncated-header'
  /** Tag number 31: the high-tag-number form (X.690 §8.1.2.4). */
  | 'high-tag'
  /** Length octet 0x80 where indefinite lengths are not allowed. */
  | 'indefinite-length'
  /** Indefinite length on a primitive element, nested too deep, or without end-of-contents. */
  | 'bad-indefinite-length'
  /** More than four length octets. */
  | 'length-too-large'
  /** The long-form length octets run past the limit. */
  | 'truncated-length'
  /** Long form for a length below 128, or a leading zero length octet (X.690 §10.1). */
  | 'non-minimal-length'
  /** The value runs past the limit by `need` bytes. */
  | 'truncated-value';

export interface TlvFault {
  readonly fault: TlvFaultCode;
  /** For `truncated-value`: how many bytes past the limit the value would end. */
  readonly need?: number;
  /** Absent: `isFault` tells the two apart by it. */
  readonly end?: undefined;
}

export interface TlvRules {
  readonly minimalLength?: boolean;
  readonly indefinite?: boolean;
  /** Not a header rule: reader.ts's `decodeTime` reads times exactly as RFC 5280 §4.1.2.5 says. */
  readonly rfc5280Time?: boolean;
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

/** Indefinite-length nesting deeper than this is refused (stack safety). */
export const MAX_INDEFINITE_DEPTH = 32;

const NO_RULES: TlvRules = {};
const FAULT: { readonly [K in Exclude<TlvFaultCode, 'truncated-value'>]: TlvFault } = {
  'truncated-header': { fault: 'truncated-header' },
  'high-tag': { fault: 'high-tag' },
  'indefinite-length': { fault: 'indefinite-length' },
  'bad-indefinite-length': { fault: 'bad-indefinite-length' },
  'length-too-large': { fault: 'length-too-large' },
  'truncated-length': { fault: 'truncated-length' },
  'non-minimal-length': { fault: 'non-minimal-length' },
};

/**
 * Reads the element at `offset`, which must end by `limit`.
 *
 * @example
 * const t = readTlvHeader(Uint8Array.of(0x02, 0x01, 0x05), 0);
 * // { buf, rules: {}, tag: 2, start: 0, valueStart: 2, valueEnd: 3, end: 3 }
 * readTlvHeader(Uint8Array.of(0x30, 0x81, 0x05), 0, 3, { minimalLength: true });
 * // { fault: 'non-minimal-length' }
 */
export function readTlvHeader(buf: Uint8Array, offset: number, limit = buf.length, rules: TlvRules = NO_RULES, depth = 0): Tlv | TlvFault {
  if (offset < 0 || offset + 2 > limit || limit > buf.length) return FAULT['truncated-header'];
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) return FAULT['high-tag'];
  let len = buf[offset + 1]!;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) {
      if (!rules.indefinite) return FAULT['indefinite-length'];
      return readIndefinite(buf, offset, limit, rules, depth);
    }
    if (n > 4) return FAULT['length-too-large'];
    if (p + n > limit) return FAULT['truncated-length'];
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    if (rules.minimalLength && (len < 0x80 || buf[p] === 0)) return FAULT['non-minimal-length'];
    p += n;
  }
  const end = p + len;
  if (end > limit) return { fault: 'truncated-value', need: end - limit };
  return { buf, rules, tag, start: offset, valueStart: p, valueEnd: end, end };
}

/** Walks the children of an indefinite-length element to its end-of-contents octets. */
function readIndefinite(buf: Uint8Array, offset: number, limit: number, rules: TlvRules, depth: number): Tlv | TlvFault {
  const tag = buf[offset]!;
  if ((tag & 0x20) === 0 || depth >= MAX_INDEFINITE_DEPTH) return FAULT['bad-indefinite-length'];
  const valueStart = offset + 2;
  for (let q = valueStart; ;) {
    if (q + 2 > limit) return FAULT['bad-indefinite-length'];
    if (buf[q] === 0 && buf[q + 1] === 0) return { buf, rules, tag, start: offset, valueStart, valueEnd: q, end: q + 2 };
    const child = readTlvHeader(buf, q, limit, rules, depth + 1);
    if (isFault(child)) return child;
    q = child.end;
  }
}

export function isFault(r: Tlv | TlvFault): r is TlvFault {
  // A property load, not `'fault' in r`: this runs for every element read,
  // and V8 answers the load from its inline cache where `in` costs twice the read.
  return r.end === undefined;
}

/** Bit 6 of the identifier octet (X.690 §8.1.2.5). */
export function isConstructed(t: Pick<Tlv, 'tag'>): boolean {
  return (t.tag & 0x20) !== 0;
}
