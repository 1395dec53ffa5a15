/**
 * Recovers the PKCS#8 of a Java keystore PrivateKeyEntry with the keystore
 * password, in memory, so that the caller can derive the public key and
 * compare it with the entry's certificate. The caller must wipe the returned
 * bytes (`fill(0)`) as soon as the public key is known; nothing here keeps,
 * logs or quotes them.
 *
 * Two protectors exist (the entry holds an EncryptedPrivateKeyInfo):
 *
 * - JKS, `sun.security.provider.KeyProtector` (OID 1.3.6.1.4.1.42.2.17.1.1):
 *   data = salt(20) ‖ E ‖ check(20); keystream blocks
 *   d_i = SHA-1(password UTF-16BE ‖ d_{i-1}) with d_0 = salt, XOR'd with E;
 *   check = SHA-1(password UTF-16BE ‖ plaintext).
 * - JCEKS, `com.sun.crypto.provider.KeyProtector` (PBEWithMD5AndTripleDES,
 *   OID 1.3.6.1.4.1.42.2.19.1, parameters PBEParameter {salt(8), iterations}):
 *   PBES1Core.deriveCipherKey: if the salt halves are equal the first half is
 *   reversed; each half h gives MD5^n(h ‖ password ASCII) (every round hashes
 *   the previous digest ‖ password); the two 16-byte results are key(24) ‖
 *   IV(8) for DESede-CBC with PKCS#5 padding. The password must be printable
 *   ASCII (com.sun.crypto.provider.PBEKey).
 *
 * Never throws; the work a hostile iteration count can cause is bounded.
 */
import type { Severity } from '../types';
import { TAG, elementsOf, oidOf, readBer, smallInt, type Tlv } from '../der/reader';
import { describePkcs8, type KeyInfo } from './keys';
import { desCbcDecrypt } from './legacy-ciphers';
import { md5, sha1 } from '@noble/hashes/legacy';

export const JKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.17.1.1';
export const JCEKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.19.1';
/** com.sun.crypto.provider.KeyProtector's MAX_ITERATION_COUNT; keytool writes 200,000 (JDK 17). */
export const MAX_JCEKS_ITERATIONS = 5_000_000;
/** A PKCS#8 key this large is not a key (RSA-16384 is about 10 KB). */
const MAX_KEY_BYTES = 64 * 1024;
const SALT = 20;
const CHECK = 20;

export type KeyRecovery =
  | { readonly ok: true; readonly pkcs8: Uint8Array }
  | { readonly ok: false; readonly reason: 'wrong-password' | 'malformed' | 'unsupported'; readonly message: string };

/** Iterations left for a whole keystore: one budget, so many keys cannot add up to minutes. */
export interface KdfBudget {
  iterations: number;
}
/**
 * MD5 rounds one keystore may spend on JCEKS keys: two keytool keys (2 × 200,000
 * rounds each) and room to spare. One round costs 2-4 µs with @noble/hashes
 * (measured), so about 2-4 s at most; at 4,000,000 a fuzzed 5 KB JCEKS took
 * ~9.5 s (npm run fuzz, issue 16). Keys past the budget are `unsupported`, named, not decrypted.
 */
export const KEYSTORE_KDF_BUDGET = 1_000_000;

/**
 * What unlocking one PrivateKeyEntry gave: `decrypted` (then `key` holds the
 * public description), `key-password` (the store password does not open
 * it), `unsupported` or `malformed`.
 */
export type KeystoreKeyState = 'decrypted' | 'key-password' | 'unsupported' | 'malformed';

export interface UnlockedKey {
  readonly state: KeystoreKeyState;
  /** Algorithm, size and the public key (SPKI) only; the private bytes are wiped before this returns. */
  readonly key?: KeyInfo;
  readonly problem?: { readonly code: string; readonly severity: Severity; readonly message: string };
}

/**
 * Decrypts one entry's key, describes its public half, and wipes the private
 * bytes. `protection` names the scheme in the key description.
 */
export async function unlockKeystoreKey(
  epki: Uint8Array,
  password: string,
  protection: string | undefined,
  budget: KdfBudget,
): Promise<UnlockedKey> {
  const r = recoverKeystoreKey(epki, password, budget);
  if (!r.ok) {
    switch (r.reason) {
      case 'wrong-password':
        return {
          state: 'key-password',
          problem: {
            code: 'keystore-key-locked',
            severity: 'info',
            message: `the keystore password does not open this key (${r.message}): it has a key password of its own, so it is not checked against its certificate`,
          },
        };
      case 'unsupported':
        return {
          state: 'unsupported',
          problem: { code: 'keystore-unsupported', severity: 'warning', message: `the key is not decrypted: ${r.message}` },
        };
      case 'malformed':
        return {
          state: 'malformed',
          problem: { code: 'keystore-malformed', severity: 'warning', message: `the key is not decrypted: ${r.message}` },
        };
    }
  }
  try {
    const d = await describePkcs8(r.pkcs8, protection ?? 'Java key protector');
    if (!d.key)
      return {
        state: 'malformed',
        problem: { code: 'keystore-malformed', severity: 'warning', message: 'the decrypted key is not a PKCS#8 private key' },
      };
    return { state: 'decrypted', key: d.key };
  } finally {
    r.pkcs8.fill(0);
  }
}

const fail = (reason: 'wrong-password' | 'malformed' | 'unsupported', message: string): KeyRecovery => ({ ok: false, reason, message });

/**
 * @example
 * const r = recoverKeystoreKey(entryKeyBytes, 'changeit', { iterations: 2_000_000 });
 * if (r.ok) { const info = describePkcs8(r.pkcs8); r.pkcs8.fill(0); }
 */
export function recoverKeystoreKey(epki: Uint8Array, password: string, budget: KdfBudget): KeyRecovery {
  try {
    const top = readBer(epki);
    const parts = top?.tag === TAG.SEQUENCE ? elementsOf(top) : undefined;
    const alg = parts?.[0]?.tag === TAG.SEQUENCE ? elementsOf(parts[0]) : undefined;
    const data = parts?.[1]?.tag === TAG.OCTET_STRING ? epki.subarray(parts[1].valueStart, parts[1].valueEnd) : undefined;
    const id = oidOf(alg?.[0]);
    if (!top || !parts || parts.length !== 2 || !alg || !id || !data)
      return fail('malformed', 'the protected key is not an EncryptedPrivateKeyInfo');
    if (id === JKS_KEY_PROTECTOR) return jksRecover(data, password);
    if (id === JCEKS_KEY_PROTECTOR) return jceksRecover(epki, alg[1], data, password, budget);
    return fail('unsupported', `key protection ${id} is not supported`);
  } catch {
    return fail('malformed', 'the protected key could not be read');
  }
}

function utf16be(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2);
  for (let i = 0; i < password.length; i++) {
    const u = password.charCodeAt(i);
    out[2 * i] = u >> 8;
    out[2 * i + 1] = u & 0xff;
  }
  return out;
}

function cat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** sun.security.provider.KeyProtector.recover. */
function jksRecover(data: Uint8Array, password: string): KeyRecovery {
  const n = data.length - SALT - CHECK;
  if (n <= 0) return fail('malformed', `the JKS-protected key is ${data.length} bytes, too short for its salt and check digest`);
  if (n > MAX_KEY_BYTES) return fail('malformed', `the JKS-protected key is ${n} bytes, larger than any private key`);
  const pw = utf16be(password);
  const plain = new Uint8Array(n);
  let digest: Uint8Array = data.slice(0, SALT);
  for (let off = 0; off < n; off += 20) {
    const input = cat(pw, digest);
    digest = sha1(input);
    input.fill(0);
    for (let i = 0; i < 20 && off + i < n; i++) plain[off + i] = data[SALT + off + i]! ^ digest[i]!;
  }
  digest.fill(0);
  const input = cat(pw, plain);
  const check = sha1(input);
  input.fill(0);
  pw.fill(0);
  const stored = data.subarray(SALT + n);
  if (!check.every((b, i) => b === stored[i])) {
    plain.fill(0);
    return fail('wrong-password', 'its check digest does not match');
  }
  return { ok: true, pkcs8: plain };
}

/** com.sun.crypto.provider.KeyProtector.recover with PBES1Core (DESede). */
function jceksRecover(buf: Uint8Array, params: Tlv | undefined, data: Uint8Array, password: string, budget: KdfBudget): KeyRecovery {
  const p = params?.tag === TAG.SEQUENCE ? elementsOf(params) : undefined;
  const salt = p?.[0]?.tag === TAG.OCTET_STRING ? buf.slice(p[0].valueStart, p[0].valueEnd) : undefined;
  const iterations = smallInt(p?.[1]);
  if (!salt || salt.length !== 8 || iterations === undefined || iterations < 1) {
    return fail('malformed', 'PBEWithMD5AndTripleDES parameters are not an 8-byte salt and an iteration count');
  }
  if (iterations > MAX_JCEKS_ITERATIONS)
    return fail('unsupported', `${iterations} PBE iterations exceed Java's own limit of ${MAX_JCEKS_ITERATIONS}`);
  if (2 * iterations > budget.iterations)
    return fail('unsupported', `${iterations} PBE iterations exceed what is left of this keystore's work budget`);
  if (data.length === 0 || data.length % 8 !== 0 || data.length > MAX_KEY_BYTES) {
    return fail('malformed', `the PBEWithMD5AndTripleDES ciphertext is ${data.length} bytes, not a whole number of DES blocks`);
  }
  // com.sun.crypto.provider.PBEKey: printable ASCII only, one byte a character.
  if (!/^[\x20-\x7e]*$/.test(password)) return fail('wrong-password', 'Java refuses a non-ASCII password for PBEWithMD5AndTripleDES keys');
  budget.iterations -= 2 * iterations;
  const pw = Uint8Array.from(password, (ch) => ch.charCodeAt(0));
  if (salt.subarray(0, 4).every((b, i) => b === salt[i + 4])) salt.subarray(0, 4).reverse();
  const derived = new Uint8Array(32);
  for (let half = 0; half < 2; half++) {
    let h: Uint8Array = salt.slice(half * 4, half * 4 + 4);
    for (let i = 0; i < iterations; i++) h = md5(cat(h, pw));
    derived.set(h, half * 16);
  }
  pw.fill(0);
  const plain = desCbcDecrypt(derived.subarray(0, 24), derived.subarray(24, 32), data);
  derived.fill(0);
  // Bad padding is how Java's cipher reports the wrong password here; the DER check catches the rest.
  const der = plain ? readBer(plain) : undefined;
  if (!plain || der?.tag !== TAG.SEQUENCE || der.end !== plain.length) {
    plain?.fill(0);
    return fail('wrong-password', 'it does not decrypt');
  }
  return { ok: true, pkcs8: plain };
}
