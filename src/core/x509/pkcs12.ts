/**
 * Decodes PKCS#12 / PFX files (RFC 7292): certificates with their
 * friendlyName/localKeyId, key *descriptions* (never key material), the MAC
 * and encryption schemes, and a status that tells a UI what to do next.
 *
 * Hand-written on the bounded TLV walker rather than pkijs because pkijs
 * decrypts only PBES2/AES (no RC2-40 or 3DES, which `openssl pkcs12 -legacy`,
 * Windows and older Java write) and throws on BER it does not expect.
 *
 * @example
 * const r = await decodePkcs12(bytes, undefined);
 * if (r.status === 'needs-password') askForPassword();
 */
import { type Tlv, TAG, elementsOf, oidOf, octets, readBer, smallInt } from '../der/reader';
import { toHex } from '../util/bytes';
import { describePkcs8, type KeyInfo } from './keys';
import { type PasswordCandidate, decryptPbe, describeScheme, spendIterations } from './pbe';
import {
  type HashName,
  type KdfBudget,
  KDF_ID,
  MAX_PKCS12_KDF_ITERATIONS,
  PKCS12_KDF_BUDGET,
  bmpPassword,
  hashSizes,
  hmac,
  pkcs12Kdf,
} from './pkcs12-kdf';
import type { Problem, Severity } from '../types';

export type Pkcs12Status = 'ok' | 'needs-password' | 'wrong-password' | 'unsupported' | 'malformed';

export interface Pkcs12Attributes {
  readonly friendlyName?: string;
  /** Lowercase hex. */
  readonly localKeyId?: string;
}

export interface Pkcs12Certificate extends Pkcs12Attributes {
  readonly der: Uint8Array;
}

export interface Pkcs12Key extends Pkcs12Attributes {
  readonly key: KeyInfo;
}

export interface Pkcs12Result {
  readonly status: Pkcs12Status;
  /** Certificates in file order. With status 'needs-password' only those stored in the clear. */
  readonly certificates: Pkcs12Certificate[];
  readonly crls: Uint8Array[];
  readonly keys: Pkcs12Key[];
  /** 'SHA-1', 'SHA-256', … (HMAC with the PKCS#12 KDF); absent when the file has no MAC. */
  readonly macAlgorithm?: string;
  readonly macIterations?: number;
  /** Every scheme found, deduplicated, e.g. ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC']. */
  readonly encryption: string[];
  /** Spans are byte offsets into the input. */
  readonly problems: Problem[];
}

/** Larger inputs are refused: real keystores are a few KB, big trust stores a few MB. */
export const MAX_PKCS12_BYTES = 16 * 1024 * 1024;
const MAX_BAG_DEPTH = 4;

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  x509Crl: '1.2.840.113549.1.9.23.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

const MAC_HASHES: Record<string, HashName> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** Mutable state of one decode. */
class Decoder {
  readonly certificates: Pkcs12Certificate[] = [];
  readonly crls: Uint8Array[] = [];
  readonly keys: Pkcs12Key[] = [];
  readonly encryption = new Set<string>();
  readonly problems: Problem[] = [];
  status: Pkcs12Status = 'ok';
  /** Verified by the MAC or by a successful decryption; tried in order otherwise. */
  password: PasswordCandidate | undefined;
  mac: { macAlgorithm: string; macIterations: number } | undefined;
  /** True once the MAC matched: the password is then known to be right. */
  macVerified = false;
  /** Key-derivation work left for this file (pkcs12-kdf.ts). */
  readonly budget: KdfBudget = { iterations: PKCS12_KDF_BUDGET };

  constructor(
    readonly der: Uint8Array,
    readonly candidates: PasswordCandidate[],
    readonly explicitPassword: boolean,
  ) {}

  report(code: string, severity: Severity, message: string, span?: Tlv) {
    this.problems.push({ code, severity, message, span: span ? { start: span.start, end: span.end } : { start: 0, end: this.der.length } });
  }

  /** Sets a status unless a more serious one is already set. */
  fail(status: Pkcs12Status) {
    const rank: Record<Pkcs12Status, number> = { ok: 0, 'needs-password': 1, 'wrong-password': 2, unsupported: 3, malformed: 4 };
    if (rank[status] > rank[this.status]) this.status = status;
  }

  locked(): boolean {
    return this.status === 'needs-password' || this.status === 'wrong-password';
  }

  /** Decrypts with the known password, or finds which candidate works. */
  async decrypt(alg: Tlv, data: Uint8Array) {
    const tries = this.password ? [this.password] : this.candidates;
    let last;
    for (const pw of tries) {
      const r = await decryptPbe(alg, data, pw, this.budget);
      if (r.ok) {
        this.password = pw;
        return r;
      }
      last = r;
      if (r.reason !== 'wrong-password') break;
    }
    return last!;
  }
}

/**
 * Decodes a PKCS#12 file. `password` undefined or '' tries both encodings of
 * the empty password (RFC 7292 B.1: a two-byte NUL BMPString or no bytes at
 * all), so files written with `-passout pass:` open directly. Never throws.
 */
export async function decodePkcs12(der: Uint8Array, password: string | undefined): Promise<Pkcs12Result> {
  const empty = password === undefined || password === '';
  const candidates: PasswordCandidate[] = empty
    ? [
        { text: '', absent: false },
        { text: '', absent: true },
      ]
    : [{ text: password, absent: false }];
  const d = new Decoder(der, candidates, password !== undefined);
  try {
    await decodePfx(d);
  } catch {
    d.fail('malformed');
    d.report('der-malformed', 'error', 'PKCS#12: the file could not be decoded');
  }
  return {
    status: d.status,
    certificates: d.certificates,
    crls: d.crls,
    keys: d.keys,
    ...d.mac,
    encryption: [...d.encryption],
    problems: d.problems,
  };
}

async function decodePfx(d: Decoder): Promise<void> {
  const { der } = d;
  if (der.length > MAX_PKCS12_BYTES) {
    d.fail('unsupported');
    return d.report('pkcs12-unsupported', 'warning', `PKCS#12: larger than ${MAX_PKCS12_BYTES} bytes`);
  }
  const outer = readBer(der);
  const pfx = outer?.tag === TAG.SEQUENCE ? elementsOf(outer) : undefined;
  const authSafe = pfx?.[1] ? elementsOf(pfx[1]) : undefined;
  const contentType = oidOf(authSafe?.[0]);
  if (!outer || !pfx || smallInt(pfx[0]) !== 3 || !authSafe || !contentType) {
    d.fail('malformed');
    return d.report('der-malformed', 'error', 'PKCS#12: not a PFX (truncated or not PKCS#12)');
  }
  if (outer.end < der.length) d.report('der-malformed', 'warning', `PKCS#12: ${der.length - outer.end} trailing bytes after the PFX`);
  if (contentType !== OIDS.data) {
    d.fail('unsupported');
    const what = contentType === OIDS.signedData ? 'public-key integrity mode (signedData)' : `content type ${contentType}`;
    return d.report('pkcs12-unsupported', 'warning', `PKCS#12: ${what} is not supported`);
  }
  const wrapped = authSafe[1]?.tag === 0xa0 ? readBer(der, authSafe[1].valueStart, authSafe[1].valueEnd) : undefined;
  const content = wrapped ? octets(wrapped) : undefined;
  if (!content) {
    d.fail('malformed');
    return d.report('der-malformed', 'error', 'PKCS#12: authSafe content is malformed');
  }
  if (pfx[2]) await verifyMac(d, pfx[2], content);
  else d.report('pkcs12-no-mac', 'info', 'PKCS#12: no MAC; the password is checked by decryption only');
  if (d.status === 'unsupported' || d.status === 'malformed') return;
  await decodeAuthenticatedSafe(d, content);
}

async function verifyMac(d: Decoder, macTlv: Tlv, content: Uint8Array): Promise<void> {
  // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
  const mac = elementsOf(macTlv);
  const digestInfo = mac?.[0] ? elementsOf(mac[0]) : undefined;
  const alg = digestInfo?.[0] ? elementsOf(digestInfo[0]) : undefined;
  const algOid = oidOf(alg?.[0]);
  const expected = digestInfo?.[1] ? octets(digestInfo[1]) : undefined;
  const salt = mac?.[1] ? octets(mac[1]) : undefined;
  const iterations = mac?.[2] ? smallInt(mac[2]) : 1;
  if (!algOid || !expected || !salt || iterations === undefined || iterations < 1) {
    d.fail('malformed');
    return d.report('der-malformed', 'error', 'PKCS#12: MacData is malformed', macTlv);
  }
  const hash = MAC_HASHES[algOid];
  if (!hash) {
    d.fail('unsupported');
    const name = algOid === OIDS.pbmac1 ? 'PBMAC1 (RFC 9579)' : algOid;
    return d.report('pkcs12-unsupported', 'warning', `PKCS#12: MAC algorithm ${name} is not supported`, macTlv);
  }
  d.mac = { macAlgorithm: hash, macIterations: iterations };
  const { u } = hashSizes(hash);
  for (const pw of d.candidates) {
    const over = spendIterations(`MAC (${hash})`, iterations, MAX_PKCS12_KDF_ITERATIONS, d.budget);
    if (over) {
      // Not run; the contents are still read, checked by decryption as in a file without MAC.
      return d.report('pkcs12-iterations-excessive', 'warning', `PKCS#12 ${over}; the file's integrity is not verified`, macTlv);
    }
    const key = await pkcs12Kdf(hash, bmpPassword(pw.text, pw.absent), salt, iterations, KDF_ID.MAC, u);
    const actual = await hmac(hash, key, content);
    key.fill(0);
    if (actual.length === expected.length && actual.every((b, i) => b === expected[i])) {
      d.password = pw;
      d.macVerified = true;
      return;
    }
  }
  lockedOut(d);
}

/** The password did not open the file: wrong if the user gave one, else needed. */
function lockedOut(d: Decoder) {
  if (d.locked()) return;
  if (d.explicitPassword) {
    d.fail('wrong-password');
    d.report('pkcs12-wrong-password', 'warning', 'PKCS#12: wrong password');
  } else {
    d.fail('needs-password');
    d.report('pkcs12-needs-password', 'info', 'PKCS#12: locked: certificates are encrypted with a password');
  }
}

async function decodeAuthenticatedSafe(d: Decoder, content: Uint8Array): Promise<void> {
  // AuthenticatedSafe ::= SEQUENCE OF ContentInfo
  const top = readBer(content);
  const infos = top?.tag === TAG.SEQUENCE ? elementsOf(top) : undefined;
  if (!infos) {
    d.fail('malformed');
    return d.report('der-malformed', 'error', 'PKCS#12: AuthenticatedSafe is malformed');
  }
  for (const info of infos) {
    const parts = elementsOf(info);
    const type = oidOf(parts?.[0]);
    const explicit = parts?.[1]?.tag === 0xa0 ? readBer(content, parts[1].valueStart, parts[1].valueEnd) : undefined;
    if (!type || !explicit) {
      d.fail('malformed');
      d.report('der-malformed', 'error', 'PKCS#12: ContentInfo is malformed');
      continue;
    }
    if (type === OIDS.data) {
      const safe = octets(explicit);
      if (safe) await decodeSafeContents(d, safe, 0);
      else d.report('der-malformed', 'error', 'PKCS#12: data content is malformed');
    } else if (type === OIDS.encryptedData) {
      await decodeEncryptedData(d, explicit);
    } else {
      d.report('pkcs12-unsupported', 'warning', `PKCS#12: ${type === OIDS.envelopedData ? 'envelopedData' : type} content is skipped`);
    }
  }
}

async function decodeEncryptedData(d: Decoder, encData: Tlv): Promise<void> {
  // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT content } }
  const eci = elementsOf(encData)?.[1];
  const parts = eci ? elementsOf(eci) : undefined;
  const alg = parts?.[1];
  const data = parts?.[2] ? octets(parts[2], 0x80) : undefined;
  if (!alg || alg.tag !== TAG.SEQUENCE || !data) {
    d.fail('malformed');
    return d.report('der-malformed', 'error', 'PKCS#12: EncryptedData is malformed');
  }
  d.encryption.add(describeScheme(alg));
  if (d.locked()) return;
  const r = await d.decrypt(alg, data);
  if (r.ok) return decodeSafeContents(d, r.plaintext, 0);
  if (r.reason === 'wrong-password') return lockedOut(d);
  reportDecryptFailure(d, r.reason, `PKCS#12: ${r.message}`);
}

/** A decryption that failed for another reason than the password. */
function reportDecryptFailure(d: Decoder, reason: 'unsupported' | 'malformed' | 'excessive', message: string): void {
  d.fail(reason === 'malformed' ? 'malformed' : 'unsupported');
  const code = reason === 'excessive' ? 'pkcs12-iterations-excessive' : reason === 'unsupported' ? 'pkcs12-unsupported' : 'der-malformed';
  d.report(code, 'warning', message);
}

async function decodeSafeContents(d: Decoder, buf: Uint8Array, depth: number): Promise<void> {
  const top = readBer(buf);
  const bags = top?.tag === TAG.SEQUENCE ? elementsOf(top) : undefined;
  if (!bags) {
    // After a decryption without MAC, garbage here means the password was wrong.
    if (!d.macVerified && d.password) return lockedOut(d);
    d.fail('malformed');
    return d.report('der-malformed', 'error', 'PKCS#12: SafeContents is malformed');
  }
  for (const bag of bags) await decodeBag(d, buf, bag, depth);
}

async function decodeBag(d: Decoder, buf: Uint8Array, bag: Tlv, depth: number): Promise<void> {
  // SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF Attribute OPTIONAL }
  const parts = elementsOf(bag);
  const bagId = oidOf(parts?.[0]);
  const val = parts?.[1]?.tag === 0xa0 ? readBer(buf, parts[1].valueStart, parts[1].valueEnd) : undefined;
  if (!bagId || !val) return d.report('der-malformed', 'error', 'PKCS#12: SafeBag is malformed');
  const attrs = parts?.[2] ? attributes(buf, parts[2]) : {};
  switch (bagId) {
    case OIDS.certBag:
    case OIDS.crlBag: {
      const cb = elementsOf(val);
      const type = oidOf(cb?.[0]);
      const inner = cb?.[1]?.tag === 0xa0 ? readBer(buf, cb[1].valueStart, cb[1].valueEnd) : undefined;
      const bytes = inner ? octets(inner) : undefined;
      if (!bytes) return d.report('der-malformed', 'error', 'PKCS#12: certificate bag is malformed');
      if (type === OIDS.x509Certificate) d.certificates.push({ der: Uint8Array.from(bytes), ...attrs });
      else if (type === OIDS.x509Crl) d.crls.push(Uint8Array.from(bytes));
      else d.report('pkcs12-unsupported', 'info', `PKCS#12: bag of type ${type ?? '?'} is skipped`);
      return;
    }
    case OIDS.keyBag:
      return pushKey(d, await describePkcs8(buf.subarray(val.start, val.end)), attrs);
    case OIDS.shroudedKeyBag: {
      const ep = elementsOf(val);
      const alg = ep?.[0];
      const data = ep?.[1] ? octets(ep[1]) : undefined;
      if (!alg || alg.tag !== TAG.SEQUENCE || !data) return d.report('der-malformed', 'error', 'PKCS#12: shrouded key bag is malformed');
      const scheme = describeScheme(alg);
      d.encryption.add(scheme);
      const encryptedOnly: KeyInfo = { kind: 'private-key', keyAlgorithm: 'unknown', encrypted: true, encryption: scheme };
      if (d.locked()) return pushKey(d, { key: encryptedOnly, problems: [] }, attrs);
      const r = await d.decrypt(alg, data);
      if (r.ok) {
        const described = await describePkcs8(r.plaintext, scheme);
        r.plaintext.fill(0);
        return pushKey(d, described, attrs);
      }
      pushKey(d, { key: encryptedOnly, problems: [] }, attrs);
      if (r.reason === 'wrong-password') return lockedOut(d);
      return reportDecryptFailure(d, r.reason, `PKCS#12 key: ${r.message}`);
    }
    case OIDS.safeContentsBag:
      if (depth >= MAX_BAG_DEPTH) return d.report('der-malformed', 'error', 'PKCS#12: SafeContents nested too deep');
      return decodeSafeContents(d, buf.subarray(val.start, val.end), depth + 1);
    default:
      return d.report('pkcs12-unsupported', 'info', `PKCS#12: ${bagId === OIDS.secretBag ? 'secret' : bagId} bag is skipped`);
  }
}

function pushKey(d: Decoder, r: { key?: KeyInfo; problems: Problem[] }, attrs: Pkcs12Attributes) {
  if (r.key) d.keys.push({ key: r.key, ...attrs });
  // Key problems carry offsets into decrypted bytes; re-anchor them on the whole file.
  for (const p of r.problems) d.report(p.code, p.severity, `PKCS#12 key: ${p.message}`);
}

function attributes(buf: Uint8Array, set: Tlv): Pkcs12Attributes {
  const out: { friendlyName?: string; localKeyId?: string } = {};
  for (const attr of elementsOf(set) ?? []) {
    const parts = elementsOf(attr);
    const type = oidOf(parts?.[0]);
    const first = parts?.[1] ? elementsOf(parts[1])?.[0] : undefined;
    if (!first) continue;
    if (type === OIDS.friendlyName && first.tag === TAG.BMP_STRING) {
      let s = '';
      for (let i = first.valueStart; i + 1 < first.valueEnd; i += 2) s += String.fromCharCode((buf[i]! << 8) | buf[i + 1]!);
      out.friendlyName = s;
    } else if (type === OIDS.localKeyId && first.tag === TAG.OCTET_STRING) {
      out.localKeyId = toHex(buf.subarray(first.valueStart, first.valueEnd));
    }
  }
  return out;
}
