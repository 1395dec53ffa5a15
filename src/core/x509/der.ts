/**
 * A minimal, strict DER reader (X.690 §8, §10) over a Uint8Array.
 *
 * Hand-written for speed: @peculiar/x509 spends ~5 ms per certificate
 * building its object model, and decorations for 10,000 files need only a
 * dozen fields. This reader allocates nothing but the views it returns and
 * throws `DerError` (caught by the callers' single wrapper) on bad input.
 * Headers and OIDs are read by the shared ../der/ readers; this layer words
 * their faults and adds what certificate decoding needs.
 */

import { latin1 } from '../util/bytes';
import { decodeOidContent } from '../der/oid';
import { decodeTimeText } from '../der/time';
import { readTlvHeader, TAG as DER_TAG, type Tlv, type TlvFault } from '../der/tlv';

export class DerError extends Error {
  override readonly name = 'DerError';
}

/** ../der/tlv.ts's table, bound here so that `TAG.X` in the decoders is one lookup. */
export const TAG = DER_TAG;
export type { Tlv };
export { toHex } from '../util/bytes';

/** Reads the TLV at `offset`; its end must not pass `limit`. Definite lengths only. */
export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv {
  const t = readTlvHeader(bytes, offset, limit);
  // Not isFault(t): under tsx every imported call goes through a getter, and
  // this line runs for every element of every certificate (npm run bench -- scan).
  if (t.end === undefined) throw new DerError(faultMessage(t, offset));
  return t;
}

function faultMessage(f: TlvFault, offset: number): string {
  switch (f.fault) {
    case 'high-tag':
      return `high-tag-number form at byte ${offset}`;
    case 'indefinite-length':
    case 'bad-indefinite-length':
      return `indefinite length at byte ${offset}`;
    case 'length-too-large':
      return `length too large at byte ${offset}`;
    case 'truncated-length':
      return `truncated length at byte ${offset}`;
    case 'truncated-value':
      return `truncated: element at byte ${offset} needs ${f.need} more bytes`;
    default:
      return `truncated at byte ${offset}`;
  }
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
  for (let at = parent.valueStart; at < parent.valueEnd;) {
    const t = readTlv(bytes, at, parent.valueEnd);
    out.push(t);
    at = t.end;
  }
  return out;
}

export function contents(bytes: Uint8Array, t: Tlv): Uint8Array {
  return bytes.subarray(t.valueStart, t.valueEnd);
}

/** Dotted OID text (X.690 §8.19). */
export function decodeOid(bytes: Uint8Array, t: Tlv): string {
  const r = decodeOidContent(bytes, t.valueStart, t.valueEnd);
  if (typeof r === 'string') return r;
  throw new DerError(OID_FAULT[r.fault]);
}

const OID_FAULT = {
  empty: 'empty OID',
  'too-long': 'OID too long',
  'truncated-arc': 'truncated OID arc',
  'non-minimal-arc': 'non-minimal OID arc',
} as const;

/** UTCTime / GeneralizedTime as milliseconds since the epoch (RFC 5280 §4.1.2.5). */
export function decodeTime(bytes: Uint8Array, t: Tlv): number {
  const s = latin1(bytes, t.valueStart, t.valueEnd);
  const ms = decodeTimeText(t.tag, s);
  if (ms === undefined) throw new DerError(`bad time ${JSON.stringify(s)}`);
  return ms;
}

/** Decodes the character string types used in names (X.520 DirectoryString). */
export function decodeString(bytes: Uint8Array, t: Tlv): string {
  switch (t.tag) {
    case TAG.UTF8_STRING:
      return utf8.decode(bytes.subarray(t.valueStart, t.valueEnd));
    case TAG.BMP_STRING: {
      let s = '';
      for (let i = t.valueStart; i + 1 < t.valueEnd; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
      return s;
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = t.valueStart; i + 3 < t.valueEnd; i += 4) {
        const cp = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return latin1(bytes, t.valueStart, t.valueEnd);
  }
}

/** Bit length of an unsigned INTEGER's contents (RSA modulus, DSA p). */
export function integerBitLength(bytes: Uint8Array, t: Tlv): number {
  let i = t.valueStart;
  while (i < t.valueEnd && bytes[i] === 0) i++;
  if (i === t.valueEnd) return 0;
  return (t.valueEnd - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
