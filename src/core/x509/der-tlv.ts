/**
 * A tiny, bounded DER/BER TLV walker and encoder.
 *
 * Hand-written instead of asn1js/@peculiar/asn1-schema because sniffing and
 * PKCS#12 decoding must survive hostile input without exceptions, deep
 * recursion or large allocations, and must keep byte offsets. BER is accepted
 * where real files use it: Windows and Java write PKCS#12 with
 * indefinite lengths and constructed OCTET STRINGs (X.690 §8.1.3.6, §8.7.3).
 * Every read returns `undefined` on malformed input; nothing here throws.
 * Headers and OIDs are read by the shared ../der/ readers.
 */

import { concat } from '../util/bytes';
import { decodeOidContent } from '../der/oid';
import { isConstructed, isFault, readTlvHeader, TAG, type Tlv, type TlvRules } from '../der/tlv';

export { TAG, type Tlv };

const BER: TlvRules = { indefinite: true };

/** Reads one element at `offset` within `[0, limit)`; BER indefinite lengths allowed. */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length): Tlv | undefined {
  const t = readTlvHeader(buf, offset, limit, BER);
  return isFault(t) ? undefined : t;
}

/** The children of a constructed element; `undefined` if any child is malformed. */
export function children(buf: Uint8Array, parent: Tlv, max = 100_000): Tlv[] | undefined {
  if (!isConstructed(parent)) return undefined;
  const out: Tlv[] = [];
  let p = parent.valueStart;
  while (p < parent.valueEnd) {
    if (out.length >= max) return undefined;
    const c = readTlv(buf, p, parent.valueEnd);
    if (!c) return undefined;
    out.push(c);
    p = c.end;
  }
  return out;
}

/** Reads `buf` as exactly one element (no trailing bytes) and returns its children. */
export function readSequence(buf: Uint8Array, tlv?: Tlv): Tlv[] | undefined {
  const t = tlv ?? readTlv(buf);
  if (!t || t.tag !== TAG.SEQUENCE) return undefined;
  return children(buf, t);
}

export function value(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.valueStart, t.valueEnd);
}

/**
 * The content of an OCTET STRING, primitive or constructed (BER, X.690 §8.7.3),
 * optionally under an implicit `tag`. Returns `undefined` if malformed.
 */
export function octets(buf: Uint8Array, t: Tlv, tag: number = TAG.OCTET_STRING, depth = 0): Uint8Array | undefined {
  if ((t.tag & 0xdf) !== (tag & 0xdf)) return undefined;
  if (!isConstructed(t)) return value(buf, t);
  if (depth > 4) return undefined;
  const parts = children(buf, t);
  if (!parts) return undefined;
  const chunks: Uint8Array[] = [];
  for (const c of parts) {
    const v = octets(buf, c, TAG.OCTET_STRING, depth + 1);
    if (!v) return undefined;
    chunks.push(v);
  }
  return concat(chunks);
}

/** Dotted OID text, or `undefined` for a malformed encoding. */
export function oid(buf: Uint8Array, t: Tlv | undefined): string | undefined {
  if (!t || t.tag !== TAG.OID) return undefined;
  const r = decodeOidContent(buf, t.valueStart, t.valueEnd);
  return typeof r === 'string' ? r : undefined;
}

/** A non-negative INTEGER's magnitude bytes without leading zeros. */
export function unsignedInt(buf: Uint8Array, t: Tlv | undefined): Uint8Array | undefined {
  if (!t || t.tag !== TAG.INTEGER || t.valueEnd === t.valueStart) return undefined;
  let s = t.valueStart;
  while (s < t.valueEnd - 1 && buf[s] === 0) s++;
  return buf.subarray(s, t.valueEnd);
}

/** Small INTEGER as a number (up to 2^48), else `undefined`. */
export function smallInt(buf: Uint8Array, t: Tlv | undefined): number | undefined {
  const b = unsignedInt(buf, t);
  if (!b || b.length > 6 || (t && buf[t.valueStart]! & 0x80)) return undefined;
  let n = 0;
  for (const x of b) n = n * 256 + x;
  return n;
}

/** Bit length of an unsigned big-endian integer. */
export function bitLength(mag: Uint8Array): number {
  let i = 0;
  while (i < mag.length && mag[i] === 0) i++;
  if (i === mag.length) return 0;
  return (mag.length - i - 1) * 8 + (32 - Math.clz32(mag[i]!));
}

// ---- Encoding (DER) -------------------------------------------------------

/** Encodes one DER element from its tag and already-encoded content. */
export function encode(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  const n = body.length;
  let head: number[];
  if (n < 0x80) head = [tag, n];
  else {
    const lenBytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) lenBytes.unshift(v & 0xff);
    head = [tag, 0x80 | lenBytes.length, ...lenBytes];
  }
  return concat([Uint8Array.from(head), body]);
}

/** DER INTEGER from unsigned magnitude bytes. */
export function encodeUnsigned(mag: Uint8Array): Uint8Array {
  let s = 0;
  while (s < mag.length - 1 && mag[s] === 0) s++;
  const m = mag.subarray(s);
  return m.length > 0 && m[0]! & 0x80 ? encode(TAG.INTEGER, Uint8Array.of(0), m) : encode(TAG.INTEGER, m);
}

export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (v: number) => {
    const bytes = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return encode(TAG.OID, Uint8Array.from(out));
}

/** BIT STRING with no unused bits. */
export function encodeBitString(bytes: Uint8Array): Uint8Array {
  return encode(TAG.BIT_STRING, Uint8Array.of(0), bytes);
}
