/**
 * The PKCS#12 key derivation function (RFC 7292 Appendix B.2) and the
 * password encodings it needs, on top of WebCrypto digests.
 *
 * WebCrypto has no PKCS#12 KDF. The iterated hashing uses @noble/hashes'
 * synchronous digests (one awaited WebCrypto call per iteration made a
 * legacy file take seconds). Callers cap the iteration count.
 */
import { sha1 } from '@noble/hashes/legacy';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2';

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Output size u and block size v in bytes (RFC 7292 B.2). */
const SIZES: Record<HashName, { u: number; v: number }> = {
  'SHA-1': { u: 20, v: 64 },
  'SHA-256': { u: 32, v: 64 },
  'SHA-384': { u: 48, v: 128 },
  'SHA-512': { u: 64, v: 128 },
};

/**
 * Cap on one PKCS#12 KDF derivation (RFC 7292 B.2), set from what real
 * writers use: OpenSSL 2,048 (`PKCS12_DEFAULT_ITER`, PKCS12_create(3)),
 * Windows 2,000, Java keytool 10,000 for PBE and MAC since JDK-8267880
 * (JDK 17, 11.0.12), and 100,000 for the MAC in JDK 12-16 (JDK-8153005),
 * the highest a mainstream tool writes. The cap is five times that. One
 * iteration costs ~1.3 µs here (SHA-1, measured), so a derivation at the cap
 * takes ~0.65 s; anything above is `pkcs12-iterations-excessive` and is
 * never run (1,000,000 took ~57 s for a 2.5 KB file that asked for it in its
 * MAC and every bag).
 */
export const MAX_PKCS12_KDF_ITERATIONS = 500_000;

/**
 * Iterations one PKCS#12 file may spend in all, over every derivation and
 * password candidate (the idea of .NET's `Pkcs12LoaderLimits.TotalKdfIterationLimit`):
 * many bags at the per-derivation cap must not add up to minutes. PBKDF2
 * iterations count half (WebCrypto runs them natively at ~0.6 µs). About
 * 2.6 s of work at most; real files use a few hundred thousand at most.
 */
export const PKCS12_KDF_BUDGET = 2_000_000;

/** What is left of a file's budget; spent by the callers before they derive. */
export interface KdfBudget {
  iterations: number;
}

export const KDF_ID = { KEY: 1, IV: 2, MAC: 3 } as const;

/**
 * Password bytes for the PKCS#12 KDF: BMPString (UTF-16BE) with a two-byte
 * NUL terminator (RFC 7292 B.1). `absent` gives the zero-length string that
 * some writers use for "no password"; readers must try both.
 */
export function bmpPassword(password: string, absent = false): Uint8Array {
  if (absent) return new Uint8Array(0);
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

const HASH: Readonly<Record<HashName, (data: Uint8Array) => Uint8Array>> = {
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
};

/** H^c(data): `iterations` applications of the hash. */
async function iterate(hash: HashName, data: Uint8Array, iterations: number): Promise<Uint8Array> {
  const h = HASH[hash];
  let a = h(data);
  for (let r = 1; r < iterations; r++) a = h(a);
  return a;
}

function fill(src: Uint8Array, v: number): Uint8Array {
  if (src.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(v * Math.ceil(src.length / v));
  for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
  return out;
}

/**
 * Derives `n` bytes for purpose `id` (1 key, 2 IV, 3 MAC key).
 * Callers must check `iterations` against the cap first.
 */
export async function pkcs12Kdf(
  hash: HashName,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  n: number,
): Promise<Uint8Array> {
  const { u, v } = SIZES[hash];
  const D = new Uint8Array(v).fill(id);
  const I = new Uint8Array([...fill(salt, v), ...fill(password, v)]);
  const out = new Uint8Array(n);
  for (let done = 0; done < n;) {
    const A = await iterate(hash, new Uint8Array([...D, ...I]), iterations);
    out.set(A.subarray(0, Math.min(u, n - done)), done);
    done += u;
    if (done >= n) break;
    // I_j = (I_j + B + 1) mod 2^(8v), B = A repeated to v bytes.
    const B = fill(A, v).subarray(0, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const s = I[j + k]! + B[k]! + carry;
        I[j + k] = s & 0xff;
        carry = s >> 8;
      }
    }
  }
  return out;
}

/** HMAC over `data` (RFC 2104) with WebCrypto. */
export async function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const k = await subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', k, data as Uint8Array<ArrayBuffer>));
}

export function hashSizes(hash: HashName): { u: number; v: number } {
  return SIZES[hash];
}
