/**
 * Strict base64 (RFC 4648 §4) decoding with a precise reason on failure.
 * Hand-written because `atob` neither reports where the input is bad nor
 * rejects misplaced padding, and PEM diagnostics need both.
 */

const DECODE = new Int16Array(128).fill(-1);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export type Base64Result =
  { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string; readonly index: number };

/** Decodes base64 that has already had whitespace removed. */
export function decodeBase64(s: string): Base64Result {
  let len = s.length;
  let pad = 0;
  while (len > 0 && s.charCodeAt(len - 1) === 61 /* = */ && pad < 2) {
    len--;
    pad++;
  }
  if ((len + pad) % 4 !== 0 && pad > 0) {
    return { ok: false, reason: 'base64 padding does not complete a 4-character group', index: len };
  }
  if (pad === 0 && len % 4 === 1) {
    return { ok: false, reason: 'truncated base64: one character cannot encode a byte', index: len };
  }
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  // Four characters to three bytes at a time (a 20 MB file of Secrets decodes ~40 MB of base64);
  // the first bad character sends the rest to the character loop, which names it.
  const whole = len - (len % 4);
  let i = 0;
  let o = 0;
  for (; i < whole; i += 4) {
    const a = s.charCodeAt(i);
    const b = s.charCodeAt(i + 1);
    const c = s.charCodeAt(i + 2);
    const d = s.charCodeAt(i + 3);
    if ((a | b | c | d) > 127) break;
    // `?? -1` only satisfies the type: a, b, c and d are below 128, inside the table.
    const v = ((DECODE[a] ?? -1) << 18) | ((DECODE[b] ?? -1) << 12) | ((DECODE[c] ?? -1) << 6) | (DECODE[d] ?? -1);
    if (v < 0) break;
    out[o] = v >> 16;
    out[o + 1] = (v >> 8) & 0xff;
    out[o + 2] = v & 0xff;
    o += 3;
  }
  let acc = 0;
  let bits = 0;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) {
      const shown = c === 61 ? "'=' before the end" : `character ${JSON.stringify(s[i])}`;
      return { ok: false, reason: `invalid base64: ${shown}`, index: i };
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: o === out.length ? out : out.subarray(0, o) };
}

/** Encodes bytes as base64, optionally wrapped at `lineLength` characters. */
export function encodeBase64(bytes: Uint8Array, lineLength = 0): string {
  let out = '';
  let line = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const chunk =
      ALPHABET[b0 >> 2]! +
      ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]! +
      (b1 === undefined ? '=' : ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!) +
      (b2 === undefined ? '=' : ALPHABET[b2 & 63]!);
    out += chunk;
    line += 4;
    if (lineLength > 0 && line >= lineLength && i + 3 < bytes.length) {
      out += '\n';
      line = 0;
    }
  }
  return out;
}

/** `-----BEGIN label-----` armour with 64-column lines (RFC 7468 §2). */
export function toPem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${encodeBase64(der, 64)}\n-----END ${label}-----\n`;
}
