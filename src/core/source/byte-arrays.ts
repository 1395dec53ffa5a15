/**
 * Certificates as byte arrays: `const uint8_t ca_der[] = {0x30, 0x82, …};`
 * (ESP-IDF, Arduino, Azure/AWS IoT SDKs, `xxd -i` output), Java
 * `{(byte) 0x30, (byte) 0x82, …}` or signed decimals, Go `[]byte{…}`, Rust
 * `[0x30u8, …]`, JS `new Uint8Array([…])`. `xxd -i` of a PEM file (bytes of
 * `-----BEGIN`) is read as well.
 */
import { DecodedTextBuilder, type OffsetMap } from './offset-map';

export interface ByteArray {
  /** From the opening `{`/`[` to after the closing one. */
  readonly start: number;
  readonly end: number;
  /** One character per byte (0–255). */
  readonly text: string;
  readonly map: OffsetMap;
}

/** First elements of an array holding DER (SEQUENCE, long length) or PEM text (`-----`). */
export const BYTE_ARRAY_START =
  /[{[]\s*(?:\(\s*\w+\s*\)\s*)?(?:0[xX]30|48)(?:[uU]8|[uU])?\s*,\s*(?:\(\s*\w+\s*\)\s*)?(?:0[xX]8[1-4]|13[0-2]|-12[4-7])(?!\d)|[{[]\s*(?:0[xX]2[dD]|45)\s*,\s*(?:0[xX]2[dD]|45)\s*,\s*(?:0[xX]2[dD]|45)\s*,/g;

/** One element: an optional cast, a hex or decimal byte, an optional suffix (`u8`, `U`). Sticky: compiled per array (no shared `lastIndex`). */
const ELEMENT_SOURCE = /\s*(?:\(\s*\w+\s*\)\s*)?(0[xX][0-9a-fA-F]{1,2}|-?\d{1,3})(?:_?[uU]8|[uU]|[iI]8)?\s*/.source;
const MAX_BYTES = 1 << 20;

/** Reads the array whose opening bracket is at `open`; undefined if it is not a plain list of byte values. */
export function readByteArray(text: string, open: number): ByteArray | undefined {
  const close = text[open] === '{' ? '}' : text[open] === '[' ? ']' : undefined;
  if (!close) return undefined;
  const out = new DecodedTextBuilder();
  const ELEMENT = new RegExp(ELEMENT_SOURCE, 'dy');
  let i = open + 1;
  let limit: number | undefined;
  for (let n = 0; n <= MAX_BYTES; n++) {
    i = skipComments(text, i);
    if (text[i] === close) break;
    ELEMENT.lastIndex = i;
    const m = ELEMENT.exec(text);
    if (!m) return undefined;
    const num = m[1] ?? '';
    const v = /^0[xX]/.test(num) ? parseInt(num.slice(2), 16) : Number(num);
    const at = m.indices?.[1];
    if (!(v >= -128 && v <= 255) || !at) return undefined;
    const [numStart, numEnd] = at;
    out.escape(String.fromCharCode(v & 0xff), numStart, numEnd);
    i = skipComments(text, ELEMENT.lastIndex);
    // DER says its length in its first bytes: an array longer than that (plus a NUL) is something else.
    if (n === 4) limit = derTotal(out.text());
    if (limit !== undefined && n > limit) return undefined;
    // Not DER: only the bytes of a PEM file are read on (`xxd -i cert.pem`).
    if (n === 10 && limit === undefined && out.text() !== '-----BEGIN ') return undefined;
    if (text[i] === ',') i++;
    else if (text[i] !== close) return undefined;
  }
  if (text[i] !== close || out.size === 0) return undefined;
  const end = i + 1;
  return { start: open, end, text: out.text(), map: out.map([{ decStart: 0, decEnd: out.size, srcStart: open, srcEnd: end }]) };
}

/** The total length a `30 8x …` DER header declares, from the first bytes; undefined when it is not one. */
function derTotal(head: string): number | undefined {
  const n = head.charCodeAt(1) & 0x7f;
  if (head.charCodeAt(0) !== 0x30 || head.charCodeAt(1) < 0x81 || n > 3 || head.length < 2 + n) return undefined;
  let len = 0;
  for (let k = 0; k < n; k++) len = len * 256 + head.charCodeAt(2 + k);
  return 2 + n + len;
}

function skipComments(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (text[i] === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text[i] === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return text.length;
      i = close + 2;
    } else return i;
  }
}

/** The bytes of decoded text, when every character is one (string escapes like `\x30\x82`). */
export function bytesOf(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}
