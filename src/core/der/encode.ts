/**
 * A small DER encoder (X.690 §10) for the few structures core writes: OCSP
 * request parts, PKCS#8 wrappers of keys read from keystores, test vectors.
 */

import { concat } from '../util/bytes';
import { TAG } from './tlv';

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
  return m.length > 0 && (m[0] ?? 0) & 0x80 ? encode(TAG.INTEGER, Uint8Array.of(0), m) : encode(TAG.INTEGER, m);
}

export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (v: number) => {
    const bytes = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  };
  push((arcs[0] ?? 0) * 40 + (arcs[1] ?? 0));
  for (const a of arcs.slice(2)) push(a);
  return encode(TAG.OID, Uint8Array.from(out));
}

/** BIT STRING with no unused bits. */
export function encodeBitString(bytes: Uint8Array): Uint8Array {
  return encode(TAG.BIT_STRING, Uint8Array.of(0), bytes);
}
