/**
 * Reads Java keystores: JKS (`sun.security.provider.JavaKeyStore`, magic
 * 0xFEEDFEED) and JCEKS (`com.sun.crypto.provider.JceKeyStore`, magic
 * 0xCECECECE), versions 1 and 2. Reports every entry's alias, type and
 * creation date and the certificates (trusted certificates and the chains of
 * key entries). Once the password is known (the digest verifies), each
 * PrivateKeyEntry's key is decrypted in memory with it (`jks-keys.ts`) to
 * learn its public key, and the private bytes are wiped; secret keys are
 * never read.
 *
 * Hand-written because nothing on npm fits: `jks-js`, the package people use,
 * converts a keystore to PEM by decrypting its keys with the password (on
 * node-forge and node-rsa) and hands the private keys out, while we must
 * read without a password, keep private keys to the public half in memory
 * only, stay in the pure core and turn bad input into problems;
 * `jksreader` is a single 1.0.0 release with almost no users. The format is
 * small (big-endian integers, `DataOutputStream.writeUTF` strings,
 * length-prefixed DER), so a bounded reader is a few hundred lines. The one awkward part,
 * the JCEKS SecretKeyEntry (a Java-serialized object with no length prefix),
 * is walked by `java-serialization.ts`.
 *
 * Integrity (JavaKeyStore.engineLoad): the file ends with
 * SHA-1(password as UTF-16BE ‖ UTF-8 "Mighty Aphrodite" ‖ every byte before
 * the digest). Certificates are stored in the clear, so a keystore is read
 * without its password; only the digest needs it.
 *
 * @example
 * const r = await decodeKeystore(bytes, undefined);
 * r.integrity; // 'unverified' until the password is given
 */
import type { Problem, Severity, Span } from '../types';
import { oidOf, readBer, elementsOf } from '../der/reader';
import { skipSerializedObject } from './java-serialization';
import { JavaDataInput } from './java-data-input';
import { KEYSTORE_KDF_BUDGET, unlockKeystoreKey, type KeystoreKeyState } from './jks-keys';
import type { KeyInfo } from './keys';
import { bytesEqual } from '../util/bytes';
import { modifiedUtf8 } from './java-data-input';

export type KeystoreFormat = 'JKS' | 'JCEKS';
/** keytool's own names for the entry types. */
export type KeystoreEntryType = 'PrivateKeyEntry' | 'trustedCertEntry' | 'SecretKeyEntry';
/**
 * `verified`: the digest matches the password (or the empty password);
 * `unverified`: no password given; `failed`: wrong password or modified file;
 * `unknown`: the file is malformed, so there is no digest to check.
 */
export type KeystoreIntegrity = 'verified' | 'unverified' | 'failed' | 'unknown';

export interface KeystoreEntry {
  readonly alias: string;
  readonly type: KeystoreEntryType;
  /** Creation date, ms since the epoch (stored as a big-endian int64); undefined when no Date can hold it. */
  readonly created?: number;
  /** Byte range of the entry in the file. */
  readonly span: Span;
  /** trustedCertEntry: one; PrivateKeyEntry: the chain, leaf first; SecretKeyEntry: none. */
  readonly certificates: Uint8Array[];
  /** How a key is protected: `JKS key protector`, `PBEWithMD5AndTripleDES`, or an OID. */
  readonly protection?: string;
  /** PrivateKeyEntry once the keystore is unlocked: what decrypting its key with the store password gave. */
  readonly keyState?: KeystoreKeyState;
  /** With `keyState` 'decrypted': the key's algorithm and public key (SPKI); never private material. */
  readonly key?: KeyInfo;
}

export interface KeystoreResult {
  /** Undefined when the magic matches neither format. */
  readonly format?: KeystoreFormat;
  readonly version?: number;
  /** Entries in file order (Java writes them in hash-table order). */
  readonly entries: KeystoreEntry[];
  readonly integrity: KeystoreIntegrity;
  /** Spans are byte offsets into the input. */
  readonly problems: Problem[];
}

export const JKS_MAGIC = 0xfeedfeed;
export const JCEKS_MAGIC = 0xcececece;
/** cacerts is about 200 KB; anything beyond this is not a keystore worth reading. */
export const MAX_KEYSTORE_BYTES = 16 * 1024 * 1024;
const DIGEST_BYTES = 20;
/** Tag (4) + alias length (2) + date (8): the least an entry takes. */
const MIN_ENTRY_BYTES = 14;
const TAG_PRIVATE_KEY = 1;
const TAG_TRUSTED_CERT = 2;
const TAG_SECRET_KEY = 3;
const PROTECTORS: Readonly<Record<string, string>> = {
  '1.3.6.1.4.1.42.2.17.1.1': 'JKS key protector',
  '1.3.6.1.4.1.42.2.19.1': 'PBEWithMD5AndTripleDES',
};

/** The keystore format of `bytes`, judged by the first four bytes only. */
export function keystoreFormat(bytes: Uint8Array): KeystoreFormat | undefined {
  if (bytes.length < 4) return undefined;
  const m = ((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!;
  return m === JKS_MAGIC ? 'JKS' : m === JCEKS_MAGIC ? 'JCEKS' : undefined;
}

class Malformed extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly code = 'keystore-malformed',
    readonly severity: Severity = 'error',
  ) {
    super(message);
  }
}

/** Big-endian reader that throws `Malformed` with the offset instead of reading past `limit`. */
class Cursor extends JavaDataInput {
  protected truncated(what: string, n: number, left: number): Error {
    return new Malformed(this.p, `truncated at byte ${this.p}: ${what} needs ${n} byte(s), ${left} left`);
  }
  /** A Java long as a number; dates fit a double exactly. */
  i64(what: string): number {
    const hi = this.u32(what) | 0;
    const lo = this.u32(what);
    return hi * 2 ** 32 + lo;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.slice(this.p, this.p + n);
    this.p += n;
    return out;
  }
  /** `DataOutputStream.writeUTF`: u16 length, then modified UTF-8 (JVM spec §4.4.7). */
  utf(what: string): string {
    const start = this.p;
    const n = this.u16(what);
    this.need(n, what);
    const s = modifiedUtf8(this.buf, this.p, this.p + n);
    if (s === undefined) throw new Malformed(start, `${what} at byte ${start} is not valid modified UTF-8`);
    this.p += n;
    return s;
  }
}

/**
 * Decodes a JKS or JCEKS keystore. `password` undefined tries the empty
 * password only (files written with a null password by code; keytool needs 6
 * characters); the digest is then `unverified` unless that matched. A given
 * password that does not match gives `keystore-integrity-failed`. Never throws.
 */
export async function decodeKeystore(bytes: Uint8Array, password: string | undefined): Promise<KeystoreResult> {
  const problems: Problem[] = [];
  const entries: KeystoreEntry[] = [];
  const report = (code: string, severity: Severity, message: string, start = 0, end = bytes.length) =>
    problems.push({ code, severity, message, span: { start, end } });
  const format = keystoreFormat(bytes);
  if (!format) {
    report('keystore-malformed', 'error', 'not a JKS or JCEKS keystore (bad magic number at byte 0)', 0, Math.min(4, bytes.length));
    return { entries, integrity: 'unknown', problems };
  }
  if (bytes.length > MAX_KEYSTORE_BYTES) {
    report('keystore-unsupported', 'warning', `${format}: larger than ${MAX_KEYSTORE_BYTES} bytes, not read`);
    return { format, entries, integrity: 'unknown', problems };
  }
  const c = new Cursor(bytes, 4, bytes.length);
  const protectedKeys = new Map<KeystoreEntry, Uint8Array>();
  let version: number | undefined;
  try {
    version = c.u32('version');
    if (version !== 1 && version !== 2) throw new Malformed(4, `${format} version ${version} at byte 4 (only 1 and 2 exist)`);
    const count = c.u32('entry count');
    // Cap by what the bytes can hold, so a hostile count allocates nothing.
    if (count > (c.left() - DIGEST_BYTES) / MIN_ENTRY_BYTES) {
      throw new Malformed(8, `${format}: ${count} entries declared at byte 8 cannot fit in the ${c.left()} byte(s) left`);
    }
    for (let i = 0; i < count; i++) {
      const { entry, protectedKey } = readEntry(c, format, version, i);
      entries.push(entry);
      if (protectedKey) protectedKeys.set(entry, protectedKey);
    }
  } catch (e) {
    const m = e instanceof Malformed ? e : new Malformed(c.p, String(e));
    report(
      m.code,
      m.severity,
      `${format}: ${m.message}${entries.length ? ` (after ${entries.length} readable entr${entries.length === 1 ? 'y' : 'ies'})` : ''}`,
      m.offset,
    );
    return { format, ...(version !== undefined && { version }), entries, integrity: 'unknown', problems };
  }
  const bodyEnd = c.p;
  if (c.left() < DIGEST_BYTES) {
    report(
      'keystore-malformed',
      'error',
      `${format}: truncated at byte ${bodyEnd}: the 20-byte SHA-1 digest is missing (${c.left()} byte(s) left)`,
      bodyEnd,
    );
    return { format, version, entries, integrity: 'unknown', problems };
  }
  if (c.left() > DIGEST_BYTES) {
    report(
      'keystore-malformed',
      'warning',
      `${format}: ${c.left() - DIGEST_BYTES} unexpected byte(s) after the digest at byte ${bodyEnd + DIGEST_BYTES}`,
      bodyEnd + DIGEST_BYTES,
    );
  }
  const stored = bytes.subarray(bodyEnd, bodyEnd + DIGEST_BYTES);
  const body = bytes.subarray(0, bodyEnd);
  const matches = async (pw: string) => bytesEqual(await keystoreDigest(pw, body), stored);
  let integrity: KeystoreIntegrity;
  if (password === undefined) {
    integrity = (await matches('')) ? 'verified' : 'unverified';
    if (integrity === 'unverified') {
      report(
        'keystore-unverified',
        'info',
        `${format}: integrity not verified; unlock with the keystore password to check the SHA-1 digest`,
        bodyEnd,
        bodyEnd + DIGEST_BYTES,
      );
    }
  } else {
    integrity = (await matches(password)) ? 'verified' : 'failed';
    if (integrity === 'failed') {
      report(
        'keystore-integrity-failed',
        'error',
        `${format}: the keystore digest does not match: wrong password, or the file was modified`,
        bodyEnd,
        bodyEnd + DIGEST_BYTES,
      );
    }
  }
  const unlocked = integrity === 'verified' ? await unlockKeys(format, entries, protectedKeys, password ?? '', report) : entries;
  return { format, version, entries: unlocked, integrity, problems };
}

/**
 * Decrypts every PrivateKeyEntry key with the store password (keytool's
 * default: one password for the store and its keys). Only called once the
 * digest proved the password right, so a key it does not open has a key
 * password of its own.
 */
async function unlockKeys(
  format: KeystoreFormat,
  entries: readonly KeystoreEntry[],
  protectedKeys: ReadonlyMap<KeystoreEntry, Uint8Array>,
  password: string,
  report: (code: string, severity: Severity, message: string, start?: number, end?: number) => void,
): Promise<KeystoreEntry[]> {
  const budget = { iterations: KEYSTORE_KDF_BUDGET };
  const out: KeystoreEntry[] = [];
  for (const e of entries) {
    const epki = protectedKeys.get(e);
    if (!epki) {
      out.push(e);
      continue;
    }
    const r = await unlockKeystoreKey(epki, password, e.protection, budget);
    if (r.problem)
      report(r.problem.code, r.problem.severity, `${format}: entry "${e.alias}": ${r.problem.message}`, e.span.start, e.span.end);
    out.push({ ...e, keyState: r.state, ...(r.key && { key: r.key }) });
  }
  return out;
}

interface ReadEntry {
  readonly entry: KeystoreEntry;
  /** PrivateKeyEntry: a view of the EncryptedPrivateKeyInfo, kept only for this decode. */
  readonly protectedKey?: Uint8Array;
}

function readEntry(c: Cursor, format: KeystoreFormat, version: number, index: number): ReadEntry {
  const start = c.p;
  const tag = c.u32('entry tag');
  const alias = c.utf('alias');
  const stamp = c.i64('creation date');
  // ECMAScript dates end at ±8.64e15 ms; Java accepts any long.
  const created = Math.abs(stamp) <= 8.64e15 ? stamp : undefined;
  const where = `entry ${index + 1} "${alias}"`;
  const cert = (what: string): Uint8Array => {
    if (version === 2) {
      const typeAt = c.p;
      const type = c.utf(`${where}: certificate type`);
      if (type !== 'X.509')
        throw new Malformed(
          typeAt,
          `${where}: certificate type "${type}" at byte ${typeAt} is not supported`,
          'keystore-unsupported',
          'warning',
        );
    }
    const lenAt = c.p;
    const n = c.u32(`${where}: ${what} length`);
    if (n > c.left())
      throw new Malformed(lenAt, `${where}: ${what} of ${n} bytes at byte ${lenAt} is longer than the ${c.left()} byte(s) left`);
    return c.bytes(n, `${where}: ${what}`);
  };
  switch (tag) {
    case TAG_TRUSTED_CERT:
      return {
        entry: {
          alias,
          type: 'trustedCertEntry',
          ...(created !== undefined && { created }),
          certificates: [cert('certificate')],
          span: { start, end: c.p },
        },
      };
    case TAG_PRIVATE_KEY: {
      const keyAt = c.p;
      const keyLen = c.u32(`${where}: protected key length`);
      if (keyLen > c.left())
        throw new Malformed(
          keyAt,
          `${where}: protected key of ${keyLen} bytes at byte ${keyAt} is longer than the ${c.left()} byte(s) left`,
        );
      const protectedKey = c.buf.subarray(c.p, c.p + keyLen);
      const protection = protectionOf(protectedKey);
      c.p += keyLen; // a view: the encrypted key is never copied
      const countAt = c.p;
      const n = c.u32(`${where}: chain length`);
      if (n > c.left() / 4)
        throw new Malformed(countAt, `${where}: chain of ${n} certificates at byte ${countAt} cannot fit in the ${c.left()} byte(s) left`);
      const certificates: Uint8Array[] = [];
      for (let i = 0; i < n; i++) certificates.push(cert(`certificate ${i + 1} of the chain`));
      return {
        entry: {
          alias,
          type: 'PrivateKeyEntry',
          ...(created !== undefined && { created }),
          certificates,
          ...(protection !== undefined && { protection }),
          span: { start, end: c.p },
        },
        protectedKey,
      };
    }
    case TAG_SECRET_KEY: {
      if (format !== 'JCEKS') break;
      const r = skipSerializedObject(c.buf, c.p, c.limit);
      if (!r.ok) {
        throw new Malformed(
          r.offset,
          `${where}: cannot tell where the secret key (a Java-serialized SealedObject) ends: ${r.reason} at byte ${r.offset}; entries after it are not read`,
        );
      }
      c.p = r.end;
      return {
        entry: {
          alias,
          type: 'SecretKeyEntry',
          ...(created !== undefined && { created }),
          certificates: [],
          protection: 'PBEWithMD5AndTripleDES',
          span: { start, end: c.p },
        },
      };
    }
  }
  throw new Malformed(start, `${where}: unknown entry tag ${tag} at byte ${start}`);
}

/** The algorithm of an EncryptedPrivateKeyInfo, named; never decrypted. */
function protectionOf(der: Uint8Array): string | undefined {
  const top = readBer(der);
  const alg = top ? elementsOf(top)?.[0] : undefined;
  const id = alg ? oidOf(elementsOf(alg)?.[0]) : undefined;
  return id === undefined ? undefined : (PROTECTORS[id] ?? id);
}

/**
 * SHA-1(password as UTF-16BE ‖ "Mighty Aphrodite" ‖ body), the keystore digest
 * (JavaKeyStore.getPreKeyedHash; JceKeyStore uses the same).
 */
export async function keystoreDigest(password: string, body: Uint8Array): Promise<Uint8Array> {
  const salt = new TextEncoder().encode('Mighty Aphrodite');
  const data = new Uint8Array(password.length * 2 + salt.length + body.length);
  for (let i = 0; i < password.length; i++) {
    const u = password.charCodeAt(i);
    data[2 * i] = u >> 8;
    data[2 * i + 1] = u & 0xff;
  }
  data.set(salt, password.length * 2);
  data.set(body, password.length * 2 + salt.length);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', data));
  data.fill(0, 0, password.length * 2);
  return digest;
}
