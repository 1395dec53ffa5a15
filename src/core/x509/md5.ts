/**
 * Synchronous MD5 (RFC 1321) for one legacy KDF only: JCEKS's
 * PBEWithMD5AndTripleDES (com.sun.crypto.provider.PBES1Core), which hashes
 * its own 16-byte output 200,000 times per salt half. WebCrypto has no MD5,
 * and awaiting a digest per round would cost seconds (see sha.ts). Checked
 * against node:crypto in the tests. Never used to judge anything.
 */

// prettier-ignore
const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
/** K[i] = floor(2^32 · |sin(i + 1)|) (RFC 1321 §3.4). */
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(2 ** 32 * Math.abs(Math.sin(i + 1))) | 0);
// Scratch block; safe because md5 is synchronous.
const M = new Int32Array(16);

export function md5(data: Uint8Array): Uint8Array {
  // Padding (RFC 1321 §3.1-3.2): 0x80, zeros, bit length as little-endian 64 bits.
  const blocks = Math.ceil((data.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const bits = data.length * 8;
  for (let i = 0; i < 4; i++) padded[padded.length - 8 + i] = (bits >>> (8 * i)) & 0xff;
  padded[padded.length - 4] = Math.floor(bits / 2 ** 32) & 0xff;
  let a0 = 0x67452301,
    b0 = 0xefcdab89 | 0,
    c0 = 0x98badcfe | 0,
    d0 = 0x10325476;
  for (let blk = 0; blk < blocks; blk++) {
    const o = blk * 64;
    for (let i = 0; i < 16; i++) {
      const p = o + 4 * i;
      M[i] = padded[p]! | (padded[p + 1]! << 8) | (padded[p + 2]! << 16) | (padded[p + 3]! << 24);
    }
    let a = a0,
      b = b0,
      c = c0,
      d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const t = (a + f + K[i]! + M[g]!) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((t << S[i]!) | (t >>> (32 - S[i]!)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out = new Uint8Array(16);
  [a0, b0, c0, d0].forEach((w, i) => {
    for (let j = 0; j < 4; j++) out[4 * i + j] = (w >>> (8 * j)) & 0xff;
  });
  return out;
}
