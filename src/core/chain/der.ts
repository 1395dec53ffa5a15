/**
 * A minimal strict DER reader (X.690 §10).
 *
 * Hand-written rather than going through @peculiar/asn1-x509 because path
 * validation needs things that library's object model drops: the exact bytes
 * of the TBSCertificate (the signed region), the raw encodings of Names (RFC
 * 5280 §7.1 compares them), and iPAddress constraints as raw octets (its
 * GeneralName converter turns them into strings, losing the CIDR mask of
 * RFC 5280 §4.2.1.10). It also lets us reject non-DER encodings instead of
 * silently accepting them. Headers and OIDs are read by the shared ../der/
 * readers, here with minimal length encodings required.
 */

import { bytesEqual, latin1, toHex as hex } from '../util/bytes.js';
import { decodeOidContent } from '../der/oid.js';
import { decodeTimeText, type TimeRules } from '../der/time.js';
import { isFault, readTlvHeader, TAG, type Tlv as Header, type TlvFaultCode, type TlvRules } from '../der/tlv.js';

export class DerError extends Error {}

/** A header from ../der/tlv.ts that also carries its buffer. */
export interface Tlv extends Header {
  readonly buf: Uint8Array;
}

export { TAG };

const STRICT_DER: TlvRules = { minimalLength: true };

/** Reads one TLV at `pos`, never past `limit`. Throws DerError on non-DER length forms. */
export function readTlv(buf: Uint8Array, pos: number, limit = buf.length): Tlv {
  const h = readTlvHeader(buf, pos, limit, STRICT_DER);
  if (isFault(h)) throw new DerError(FAULT_MESSAGE[h.fault]);
  return { tag: h.tag, start: h.start, valueStart: h.valueStart, valueEnd: h.valueEnd, end: h.end, buf };
}

const FAULT_MESSAGE: { readonly [K in TlvFaultCode]: string } = {
  'truncated-header': 'truncated TLV',
  'high-tag': 'high tag numbers are not used in X.509',
  'indefinite-length': 'indefinite or oversized length',
  'bad-indefinite-length': 'indefinite or oversized length',
  'length-too-large': 'indefinite or oversized length',
  'truncated-length': 'truncated length',
  // X.690 §10.1: the definite form with the minimum number of octets.
  'non-minimal-length': 'non-minimal length',
  'truncated-value': 'truncated value',
};

/** The children of a constructed TLV, in order. */
export function children(t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = t.valueStart;
  while (p < t.valueEnd) {
    const c = readTlv(t.buf, p, t.valueEnd);
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
  return t.buf.subarray(t.valueStart, t.valueEnd);
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
  const r = decodeOidContent(t.buf, t.valueStart, t.valueEnd);
  if (typeof r !== 'string') throw new DerError('bad OID');
  return r;
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
  const ms = decodeTimeText(t.tag, latin1(t.buf, t.valueStart, t.valueEnd), RFC5280_TIME);
  if (ms === undefined) throw new DerError('bad Time');
  return ms;
}

const RFC5280_TIME: TimeRules = { rfc5280: true };

export { bytesEqual, hex, latin1 };
