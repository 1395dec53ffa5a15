/**
 * Password-based encryption schemes found in PKCS#12 and encrypted PKCS#8:
 * naming them (for display) and decrypting with a password.
 *
 * - PKCS#12 PBE (RFC 7292 App. C): RC2/3DES/RC4 keyed by the PKCS#12 KDF.
 * - PBES2 (RFC 8018 §6.2): PBKDF2 (WebCrypto) with AES-CBC (WebCrypto) or
 *   DES/3DES/RC2-CBC (legacy-ciphers.ts).
 * Key material never leaves this module except as the decrypted plaintext
 * handed to the caller; errors carry scheme names only.
 */
import { desCbcDecrypt, rc2CbcDecrypt, rc4 } from './legacy-ciphers';
import { type Tlv, TAG, elementsOf, oidOf, octets, smallInt } from '../der/reader';
import { type HashName, type KdfBudget, KDF_ID, MAX_PKCS12_KDF_ITERATIONS, bmpPassword, pkcs12Kdf } from './pkcs12-kdf';

/**
 * PBKDF2 runs natively (WebCrypto, ~0.6 µs per iteration), so a higher cap
 * than the PKCS#12 KDF: Bouncy Castle 1.86 writes 600,000 by default and
 * OWASP's highest PBKDF2 recommendation is 1,300,000 (HMAC-SHA1); OpenSSL 3
 * and Java write 2,048 and 10,000. Above the cap: `pkcs12-iterations-excessive`.
 */
export const MAX_PBKDF2_ITERATIONS = 2_000_000;

/** With no budget given, one derivation may still not exceed its cap. */
const UNLIMITED: KdfBudget = { iterations: Number.POSITIVE_INFINITY };

interface Pkcs12Pbe {
  readonly name: string;
  readonly keyLength: number;
  readonly cipher: 'rc2' | '3des' | 'rc4';
  readonly rc2Bits?: number;
}

/** RFC 7292 App. C, OIDs 1.2.840.113549.1.12.1.x. */
const PKCS12_PBE: Record<string, Pkcs12Pbe> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHAAnd128BitRC4', keyLength: 16, cipher: 'rc4' },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHAAnd40BitRC4', keyLength: 5, cipher: 'rc4' },
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', keyLength: 24, cipher: '3des' },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', keyLength: 16, cipher: '3des' },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', keyLength: 16, cipher: 'rc2', rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', keyLength: 5, cipher: 'rc2', rc2Bits: 40 },
};

/** PBES1 (RFC 8018 §6.1): named, not decrypted (MD2/MD5 are not in WebCrypto). */
const PBES1: Record<string, string> = {
  '1.2.840.113549.1.5.1': 'pbeWithMD2AndDES-CBC',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC',
  '1.2.840.113549.1.5.4': 'pbeWithMD2AndRC2-CBC',
  '1.2.840.113549.1.5.6': 'pbeWithMD5AndRC2-CBC',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC',
  '1.2.840.113549.1.5.11': 'pbeWithSHA1AndRC2-CBC',
};

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const SCRYPT = '1.3.6.1.4.1.11591.4.11';

const PRF: Record<string, HashName> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};

const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'AES-128-CBC', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'AES-192-CBC', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'AES-256-CBC', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'DES-EDE3-CBC', keyLength: 24 },
  '1.3.14.3.2.7': { name: 'DES-CBC', keyLength: 8 },
  '1.2.840.113549.3.2': { name: 'RC2-CBC', keyLength: 0 },
};

/** A password to try. `absent` is the zero-length PKCS#12 password (RFC 7292 B.1). */
export interface PasswordCandidate {
  readonly text: string;
  readonly absent: boolean;
}

export type DecryptResult =
  | { readonly ok: true; readonly plaintext: Uint8Array }
  | { readonly ok: false; readonly reason: 'wrong-password' | 'unsupported' | 'malformed' | 'excessive'; readonly message: string };

const malformed = (message: string): DecryptResult => ({ ok: false, reason: 'malformed', message });
const unsupported = (message: string): DecryptResult => ({ ok: false, reason: 'unsupported', message });
const excessive = (message: string): DecryptResult => ({ ok: false, reason: 'excessive', message });

/**
 * Checks an iteration count against its cap and the file's budget, and spends
 * it. `weight` is the cost of one iteration in budget units. Undefined: go on.
 */
export function spendIterations(
  scheme: string,
  iterations: number,
  cap: number,
  budget: KdfBudget,
  derivations = 1,
  weight = 1,
): string | undefined {
  if (iterations > cap)
    return `${scheme}: ${iterations} iterations, above the cap of ${cap} (real tools write at most a few hundred thousand); not run`;
  const cost = iterations * derivations * weight;
  if (cost > budget.iterations)
    return `${scheme}: ${iterations} more iterations would exceed this file's budget of key-derivation work; not run`;
  budget.iterations -= cost;
  return undefined;
}
const WRONG: DecryptResult = { ok: false, reason: 'wrong-password', message: 'wrong password (decryption padding check failed)' };

/** The display name of the scheme in an AlgorithmIdentifier, e.g. `PBES2/AES-256-CBC`. */
export function describeScheme(alg: Tlv): string {
  const parts = elementsOf(alg);
  const id = oidOf(parts?.[0]);
  if (!id) return 'unknown';
  const p12 = PKCS12_PBE[id];
  if (p12) return p12.name;
  const p1 = PBES1[id];
  if (p1) return p1;
  if (id !== PBES2) return id;
  const params = parts?.[1] ? elementsOf(parts[1]) : undefined;
  const kdf = params?.[0] ? elementsOf(params[0]) : undefined;
  const enc = params?.[1] ? elementsOf(params[1]) : undefined;
  const kdfId = oidOf(kdf?.[0]);
  const encId = oidOf(enc?.[0]);
  const cipher = (encId && PBES2_CIPHERS[encId]?.name) ?? encId ?? 'unknown';
  return kdfId === SCRYPT ? `PBES2/scrypt/${cipher}` : `PBES2/${cipher}`;
}

/** Decrypts `data` under the scheme `alg` (an AlgorithmIdentifier element). */
export async function decryptPbe(
  alg: Tlv,
  data: Uint8Array,
  password: PasswordCandidate,
  budget: KdfBudget = UNLIMITED,
): Promise<DecryptResult> {
  try {
    const parts = elementsOf(alg);
    const id = oidOf(parts?.[0]);
    if (!id) return malformed('encryption algorithm identifier is malformed');
    const p12 = PKCS12_PBE[id];
    if (p12) return await decryptPkcs12Pbe(parts?.[1], p12, data, password, budget);
    if (id === PBES2) return await decryptPbes2(parts?.[1], data, password, budget);
    return unsupported(`encryption scheme ${describeScheme(alg)} is not supported`);
  } catch {
    // WebCrypto rejects bad AES padding with an OperationError.
    return WRONG;
  }
}

async function decryptPkcs12Pbe(
  paramsTlv: Tlv | undefined,
  scheme: Pkcs12Pbe,
  data: Uint8Array,
  password: PasswordCandidate,
  budget: KdfBudget,
): Promise<DecryptResult> {
  const params = paramsTlv ? elementsOf(paramsTlv) : undefined;
  const salt = params?.[0] ? octets(params[0]) : undefined;
  const iterations = smallInt(params?.[1]);
  if (!salt || iterations === undefined || iterations < 1) return malformed(`${scheme.name} parameters are malformed`);
  // A key and an IV: two derivations (RC4 needs no IV, but counting it keeps the check simple).
  const over = spendIterations(scheme.name, iterations, MAX_PKCS12_KDF_ITERATIONS, budget, 2);
  if (over) return excessive(over);
  const pw = bmpPassword(password.text, password.absent);
  const key = await pkcs12Kdf('SHA-1', pw, salt, iterations, KDF_ID.KEY, scheme.keyLength);
  if (scheme.cipher === 'rc4') return { ok: true, plaintext: rc4(key, data) };
  const iv = await pkcs12Kdf('SHA-1', pw, salt, iterations, KDF_ID.IV, 8);
  const plaintext = scheme.cipher === 'rc2' ? rc2CbcDecrypt(key, scheme.rc2Bits!, iv, data) : desCbcDecrypt(key, iv, data);
  key.fill(0);
  return plaintext ? { ok: true, plaintext } : WRONG;
}

async function decryptPbes2(
  paramsTlv: Tlv | undefined,
  data: Uint8Array,
  password: PasswordCandidate,
  budget: KdfBudget,
): Promise<DecryptResult> {
  const params = paramsTlv ? elementsOf(paramsTlv) : undefined;
  const kdf = params?.[0] ? elementsOf(params[0]) : undefined;
  const enc = params?.[1] ? elementsOf(params[1]) : undefined;
  const kdfId = oidOf(kdf?.[0]);
  const encId = oidOf(enc?.[0]);
  if (!kdf || !enc || !kdfId || !encId) return malformed('PBES2 parameters are malformed');
  if (kdfId !== PBKDF2) return unsupported(`PBES2 key derivation ${kdfId === SCRYPT ? 'scrypt' : kdfId} is not supported`);
  const cipher = PBES2_CIPHERS[encId];
  if (!cipher) return unsupported(`PBES2 cipher ${encId} is not supported`);
  // PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1 }
  const kp = kdf[1] ? elementsOf(kdf[1]) : undefined;
  const salt = kp?.[0] ? octets(kp[0]) : undefined;
  const iterations = smallInt(kp?.[1]);
  if (!kp || !salt || iterations === undefined || iterations < 1) return malformed('PBKDF2 parameters are malformed');
  const over = spendIterations('PBKDF2', iterations, MAX_PBKDF2_ITERATIONS, budget, 1, 0.5);
  if (over) return excessive(over);
  let rest = kp.slice(2);
  let keyLength = cipher.keyLength;
  if (rest[0]?.tag === TAG.INTEGER) {
    keyLength = smallInt(rest[0]) ?? 0;
    rest = rest.slice(1);
  }
  const prfId = rest[0] ? oidOf(elementsOf(rest[0])?.[0]) : '1.2.840.113549.2.7';
  const hash = prfId ? PRF[prfId] : undefined;
  if (!hash) return unsupported(`PBKDF2 PRF ${prfId ?? '(malformed)'} is not supported`);
  // RC2-CBC parameters: SEQUENCE { version INTEGER OPTIONAL, iv } (RFC 8018 B.2.3).
  let iv: Uint8Array | undefined;
  let rc2Bits = 32;
  if (encId === '1.2.840.113549.3.2') {
    const rp = enc[1] ? elementsOf(enc[1]) : undefined;
    const version = rp && rp.length === 2 ? smallInt(rp[0]) : undefined;
    rc2Bits = version === undefined ? 32 : version === 160 ? 40 : version === 120 ? 64 : version === 58 ? 128 : version;
    iv = rp?.[rp.length - 1] ? octets(rp[rp.length - 1]!) : undefined;
    if (keyLength === 0) keyLength = Math.ceil(rc2Bits / 8);
  } else {
    iv = enc[1] ? octets(enc[1]) : undefined;
  }
  if (!iv || keyLength < 1 || keyLength > 64) return malformed('PBES2 cipher parameters are malformed');
  const subtle = globalThis.crypto.subtle;
  const pw = new TextEncoder().encode(password.absent ? '' : password.text);
  const base = await subtle.importKey('raw', pw, 'PBKDF2', false, ['deriveBits']);
  const key = new Uint8Array(
    await subtle.deriveBits({ name: 'PBKDF2', hash, salt: salt as Uint8Array<ArrayBuffer>, iterations }, base, keyLength * 8),
  );
  let plaintext: Uint8Array | undefined;
  if (cipher.name.startsWith('AES')) {
    if (iv.length !== 16) return malformed('AES-CBC IV must be 16 bytes');
    const k = await subtle.importKey('raw', key, 'AES-CBC', false, ['decrypt']);
    plaintext = new Uint8Array(
      await subtle.decrypt({ name: 'AES-CBC', iv: iv as Uint8Array<ArrayBuffer> }, k, data as Uint8Array<ArrayBuffer>),
    );
  } else if (encId === '1.2.840.113549.3.2') {
    plaintext = rc2CbcDecrypt(key, rc2Bits, iv, data);
  } else {
    plaintext = desCbcDecrypt(key, iv, data);
  }
  key.fill(0);
  return plaintext ? { ok: true, plaintext } : WRONG;
}
