/**
 * Byte helpers shared by the DER readers, the TLS record parser and the
 * chain validator: hex text, Latin-1 text, concatenation and comparison.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_CODES = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const ASCII = new TextDecoder();
/**
 * From this many characters on, text is built in one piece. V8 makes every
 * `s +=` result of 13 characters or more a rope node (32 bytes) over the
 * previous one: a 20-byte key identifier in hex kept ~14 nodes (~500 bytes,
 * not 56), and a 20 MB bundle's 31,000 leaves kept 1.2 million such nodes
 * alive (issue 16). Below it, `s +=` copies and is flat already.
 */
const FLAT_FROM = 13;
/** `String.fromCharCode` argument count per call, well under engines' limits. */
const CHUNK = 8192;

/**
 * Lower-case hex, optionally with a separator between bytes.
 *
 * @example toHex(Uint8Array.of(0, 0xab), ':') // '00:ab'
 */
export function toHex(bytes: Uint8Array, separator = ''): string {
  if (bytes.length * (2 + separator.length) < FLAT_FROM) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) {
      if (i > 0 && separator) s += separator;
      s += HEX[bytes[i]!];
    }
    return s;
  }
  if (separator) return Array.from(bytes, (b) => HEX[b]).join(separator);
  const codes = new Uint8Array(bytes.length * 2);
  for (let i = 0, j = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    codes[j++] = HEX_CODES[b >> 4] ?? 0;
    codes[j++] = HEX_CODES[b & 15] ?? 0;
  }
  return ASCII.decode(codes);
}

/** Each byte of `bytes[from, to)` as one character U+0000..U+00FF. */
export function latin1(bytes: Uint8Array, from = 0, to = bytes.length): string {
  if (to - from < FLAT_FROM) {
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  // `apply` over a view, not a spread: one flat string, at half the cost of `...` (no iterator).
  if (to - from <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
  const parts: string[] = [];
  for (let i = from; i < to; i += CHUNK)
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + CHUNK)) as unknown as number[]));
  return parts.join('');
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  // Four bytes at a time when both views are aligned (decoded DER usually is): the certificate memo
  // compares every repeated certificate whole (analysis/certificate-parse.ts).
  if (a.length >= 64 && a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.length >> 2;
    const wa = new Int32Array(a.buffer, a.byteOffset, words);
    const wb = new Int32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
    i = words << 2;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
