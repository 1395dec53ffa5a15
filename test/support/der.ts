/** Builders for hand-made DER in the x509 tests. */

/** One TLV with the shortest DER length encoding, as plain numbers to spread into a parent. */
export function tlv(tag: number, body: ArrayLike<number>): number[] {
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return [tag, ...len, ...Array.from(body)];
}

/** Character codes of an ASCII string (for PrintableString, IA5String, times). */
export const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
