/**
 * Describes private and public keys without ever exposing key material.
 *
 * A description carries the algorithm, size or curve, whether it is
 * encrypted (and with what), and the *public* key as SPKI DER with its
 * SHA-256, which is what key/certificate pairing compares. Private key bytes
 * are read only to find or derive the public key and are never returned,
 * logged or quoted in a message.
 *
 * @example
 * const { key } = await describePrivateKey('EC PRIVATE KEY', der, {});
 * key?.curve; // 'P-256'
 */
import { type Tlv, TAG, bitLength, elementsOf, oidOf, octets, readBer, unsignedInt, value } from '../der/reader';
import { encode, encodeBitString, encodeOid, encodeUnsigned } from '../der/encode';
import { toHex } from '../util/bytes';
import { describeScheme } from './pbe';
import type { Problem } from '../types';
import { CURVES } from './oids';

export type KeyAlgorithm = 'RSA' | 'RSA-PSS' | 'EC' | 'Ed25519' | 'Ed448' | 'X25519' | 'X448' | 'DSA' | 'unknown';

export interface KeyInfo {
  readonly kind: 'private-key' | 'public-key';
  readonly keyAlgorithm: KeyAlgorithm;
  /** The algorithm OID when `keyAlgorithm` is 'unknown' (or for reference). */
  readonly algorithmOid?: string;
  /** RSA/DSA modulus bits; EC field bits; 255/448-style curves: 256/456/256/448. */
  readonly keySize?: number;
  /** 'P-256', 'P-384', 'P-521', 'secp256k1', 'brainpoolP256r1', …, or the OID. */
  readonly curve?: string;
  readonly encrypted: boolean;
  /** e.g. 'PBES2/AES-256-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC', 'AES-256-CBC' (PEM DEK-Info). */
  readonly encryption?: string;
  /** The public key as SubjectPublicKeyInfo DER. */
  readonly spki?: Uint8Array;
  /** Lowercase hex SHA-256 of `spki`. */
  readonly spkiSha256?: string;
}

export interface KeyResult {
  /** Absent only when the input is not a key at all. */
  readonly key?: KeyInfo;
  /** Spans are byte offsets into `der`. */
  readonly problems: Problem[];
}

export const OID = {
  rsa: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ec: '1.2.840.10045.2.1',
  dsa: '1.2.840.10040.4.1',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
} as const;

const ALGORITHMS: Record<string, KeyAlgorithm> = {
  [OID.rsa]: 'RSA',
  [OID.rsaPss]: 'RSA-PSS',
  [OID.ec]: 'EC',
  [OID.dsa]: 'DSA',
  [OID.x25519]: 'X25519',
  [OID.x448]: 'X448',
  [OID.ed25519]: 'Ed25519',
  [OID.ed448]: 'Ed448',
};

const OKP_SIZE: Partial<Record<KeyAlgorithm, number>> = { Ed25519: 256, X25519: 256, Ed448: 456, X448: 448 };

export { CURVES };

/** DSA moduli above this are described but the public key is not computed. */
const MAX_DSA_BITS = 8192;

const CODE_MALFORMED = 'der-malformed';
const CODE_UNSUPPORTED = 'key-unsupported';

function problem(code: string, severity: Problem['severity'], message: string, der: Uint8Array): Problem {
  return { code, severity, message, span: { start: 0, end: der.length } };
}

/**
 * Describes a private key from its PEM label (or `PRIVATE KEY` for binary
 * PKCS#8) and RFC 1421 headers. Never throws; never returns key material.
 */
export async function describePrivateKey(
  label: string,
  der: Uint8Array,
  headers: Readonly<Record<string, string>> = {},
): Promise<KeyResult> {
  const problems: Problem[] = [];
  try {
    const legacy = /ENCRYPTED/i.test(headers['Proc-Type'] ?? '');
    const base = label.replace(/^(RSA|EC|DSA) PRIVATE KEY$/, '$1');
    if (legacy) {
      // RFC 1421 PEM encryption (`openssl rsa -aes256 -traditional`): the body is ciphertext.
      const alg: KeyAlgorithm = base === 'RSA' ? 'RSA' : base === 'EC' ? 'EC' : base === 'DSA' ? 'DSA' : 'unknown';
      const cipher = (headers['DEK-Info'] ?? '').split(',')[0]?.trim() || 'unknown';
      return { key: { kind: 'private-key', keyAlgorithm: alg, encrypted: true, encryption: cipher }, problems };
    }
    let info: Partial<KeyInfo> | string;
    switch (label) {
      case 'PRIVATE KEY':
        info = await fromPkcs8(der);
        break;
      case 'ENCRYPTED PRIVATE KEY':
        info = fromEncryptedPkcs8(der);
        break;
      case 'RSA PRIVATE KEY':
        info = fromRsaPrivate(der, readBer(der));
        break;
      case 'EC PRIVATE KEY':
        info = await fromSec1(der, readBer(der), undefined);
        break;
      case 'DSA PRIVATE KEY':
        info = fromDsaPrivate(der);
        break;
      default:
        return { problems: [problem(CODE_UNSUPPORTED, 'info', `${label} is not a private key label`, der)] };
    }
    if (typeof info === 'string') return { problems: [problem(CODE_MALFORMED, 'error', `${label}: ${info}`, der)] };
    const outer = readBer(der);
    if (outer && outer.end < der.length) {
      problems.push(problem(CODE_MALFORMED, 'warning', `${label}: ${der.length - outer.end} trailing bytes after the key`, der));
    }
    return { key: await finish('private-key', info), problems };
  } catch {
    return { problems: [problem(CODE_MALFORMED, 'error', `${label}: the key could not be decoded`, der)] };
  }
}

/** Describes `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1). Never throws. */
export async function describePublicKey(label: string, der: Uint8Array): Promise<KeyResult> {
  const problems: Problem[] = [];
  try {
    const outer = readBer(der);
    let spki: Uint8Array | undefined;
    if (label === 'RSA PUBLIC KEY') {
      const parts = outer?.tag === TAG.SEQUENCE ? elementsOf(outer) : undefined;
      if (!outer || !parts || parts.length !== 2 || !unsignedInt(parts[0]) || !unsignedInt(parts[1])) {
        return { problems: [problem(CODE_MALFORMED, 'error', 'RSA PUBLIC KEY: not a PKCS#1 RSAPublicKey', der)] };
      }
      spki = rsaSpki(der.subarray(outer.start, outer.end));
    } else if (label === 'PUBLIC KEY') {
      if (!outer) return { problems: [problem(CODE_MALFORMED, 'error', 'PUBLIC KEY: not valid DER', der)] };
      spki = der.subarray(outer.start, outer.end);
    } else {
      return { problems: [problem(CODE_UNSUPPORTED, 'info', `${label} is not a public key label`, der)] };
    }
    const info = describeSpki(spki);
    if (typeof info === 'string') return { problems: [problem(CODE_MALFORMED, 'error', `${label}: ${info}`, der)] };
    if (outer && outer.end < der.length) {
      problems.push(problem(CODE_MALFORMED, 'warning', `${label}: ${der.length - outer.end} trailing bytes after the key`, der));
    }
    return { key: await finish('public-key', { ...info, spki: Uint8Array.from(spki) }), problems };
  } catch {
    return { problems: [problem(CODE_MALFORMED, 'error', `${label}: the key could not be decoded`, der)] };
  }
}

/** Algorithm, size and curve of a SubjectPublicKeyInfo, or why it is not one. */
export function describeSpki(spki: Uint8Array): Partial<KeyInfo> | string {
  const parts = elementsOf(readBer(spki) ?? ({} as Tlv));
  const alg = parts?.[0] ? elementsOf(parts[0]) : undefined;
  const algOid = oidOf(alg?.[0]);
  const bits = parts?.[1];
  if (!parts || parts.length !== 2 || !algOid || !bits || bits.tag !== TAG.BIT_STRING || bits.valueEnd <= bits.valueStart) {
    return 'not a SubjectPublicKeyInfo';
  }
  const keyAlgorithm = ALGORITHMS[algOid] ?? 'unknown';
  const key = spki.subarray(bits.valueStart + 1, bits.valueEnd);
  const out: { -readonly [K in keyof KeyInfo]?: KeyInfo[K] } = { keyAlgorithm, algorithmOid: algOid };
  if (keyAlgorithm === 'RSA' || keyAlgorithm === 'RSA-PSS') {
    const rsa = elementsOf(readBer(key) ?? ({} as Tlv));
    const n = unsignedInt(rsa?.[0]);
    if (!n) return 'RSA public key is malformed';
    out.keySize = bitLength(n);
  } else if (keyAlgorithm === 'EC') {
    Object.assign(out, curveOf(alg?.[1]));
  } else if (keyAlgorithm === 'DSA') {
    const p = alg?.[1] ? unsignedInt(elementsOf(alg[1])?.[0]) : undefined;
    if (p) out.keySize = bitLength(p);
  } else if (OKP_SIZE[keyAlgorithm]) {
    out.keySize = OKP_SIZE[keyAlgorithm];
  }
  return out;
}

function curveOf(params: Tlv | undefined): Partial<KeyInfo> {
  const id = oidOf(params);
  if (!id) return params?.tag === TAG.SEQUENCE ? { curve: 'explicit parameters' } : {};
  const c = CURVES[id];
  return c ? { curve: c.name, keySize: c.bits } : { curve: id };
}

// ---- PKCS#8 (RFC 5208 / RFC 5958) -----------------------------------------

async function fromPkcs8(der: Uint8Array): Promise<Partial<KeyInfo> | string> {
  const outer = readBer(der);
  const parts = outer?.tag === TAG.SEQUENCE ? elementsOf(outer) : undefined;
  const algTlv = parts?.[1];
  const alg = algTlv?.tag === TAG.SEQUENCE ? elementsOf(algTlv) : undefined;
  const algOid = oidOf(alg?.[0]);
  const priv = parts?.[2] ? octets(parts[2]) : undefined;
  if (!parts || parts[0]?.tag !== TAG.INTEGER || !algTlv || !algOid || !priv) return 'not a PKCS#8 PrivateKeyInfo';
  const keyAlgorithm = ALGORITHMS[algOid] ?? 'unknown';
  // OneAsymmetricKey v2 (RFC 5958) may carry [1] publicKey.
  const pubTlv = parts.slice(3).find((t) => t.tag === 0x81 || t.tag === 0xa1);
  const embeddedPub = pubTlv && pubTlv.valueEnd > pubTlv.valueStart ? der.subarray(pubTlv.valueStart + 1, pubTlv.valueEnd) : undefined;
  const algDer = der.subarray(algTlv.start, algTlv.end);
  switch (keyAlgorithm) {
    case 'RSA':
    case 'RSA-PSS': {
      const r = fromRsaPrivate(priv, readBer(priv));
      if (typeof r === 'string') return r;
      // RSA-PSS keys keep their parameters in the SPKI algorithm (RFC 4055 §1.2).
      return keyAlgorithm === 'RSA' ? r : { ...r, keyAlgorithm, spki: spkiOf(algDer, rsaPublicOf(priv)!) };
    }
    case 'EC':
      return fromSec1(priv, readBer(priv), alg?.[1] ? der.subarray(alg[1].start, alg[1].end) : undefined);
    case 'DSA': {
      const x = unsignedInt(readBer(priv));
      const params = alg?.[1] ? elementsOf(alg[1]) : undefined;
      const [p, q, g] = [0, 1, 2].map((i) => unsignedInt(params?.[i]));
      if (!x || !p || !q || !g) return 'DSA key is malformed';
      // y = g^x mod p; bounded so a hostile huge modulus cannot stall the host.
      if (bitLength(p) > MAX_DSA_BITS || x.length > q.length + 1) return { keyAlgorithm, keySize: bitLength(p) };
      return { keyAlgorithm, keySize: bitLength(p), spki: spkiOf(algDer, encodeUnsigned(modPow(g, x, p))) };
    }
    case 'Ed25519':
    case 'Ed448':
    case 'X25519':
    case 'X448': {
      const out: Partial<KeyInfo> = { keyAlgorithm, keySize: OKP_SIZE[keyAlgorithm]! };
      if (embeddedPub) return { ...out, spki: spkiOf(algDer, embeddedPub) };
      const x = await webcryptoPublic(der, { name: keyAlgorithm }, keyAlgorithm.startsWith('X') ? ['deriveBits'] : ['sign']);
      return x ? { ...out, spki: spkiOf(algDer, x) } : out;
    }
    default:
      return { keyAlgorithm, algorithmOid: algOid };
  }
}

function fromEncryptedPkcs8(der: Uint8Array): Partial<KeyInfo> | string {
  const outer = readBer(der);
  const parts = outer?.tag === TAG.SEQUENCE ? elementsOf(outer) : undefined;
  if (!parts || parts.length !== 2 || parts[0]?.tag !== TAG.SEQUENCE || parts[1]?.tag !== TAG.OCTET_STRING) {
    return 'not a PKCS#8 EncryptedPrivateKeyInfo';
  }
  return { keyAlgorithm: 'unknown', encrypted: true, encryption: describeScheme(parts[0]) };
}

// ---- RSA (RFC 8017 A.1) ----------------------------------------------------

function rsaPublicOf(buf: Uint8Array): Uint8Array | undefined {
  const parts = elementsOf(readBer(buf) ?? ({} as Tlv));
  const n = unsignedInt(parts?.[1]);
  const e = unsignedInt(parts?.[2]);
  if (!parts || parts.length < 9 || parts[0]?.tag !== TAG.INTEGER || !n || !e) return undefined;
  return encode(TAG.SEQUENCE, encodeUnsigned(n), encodeUnsigned(e));
}

function fromRsaPrivate(buf: Uint8Array, outer: Tlv | undefined): Partial<KeyInfo> | string {
  if (!outer || outer.tag !== TAG.SEQUENCE) return 'not a PKCS#1 RSAPrivateKey';
  const pub = rsaPublicOf(buf.subarray(outer.start, outer.end));
  const n = unsignedInt(elementsOf(outer)?.[1]);
  if (!pub || !n) return 'not a PKCS#1 RSAPrivateKey';
  return { keyAlgorithm: 'RSA', keySize: bitLength(n), spki: rsaSpki(pub) };
}

function rsaSpki(rsaPublicKey: Uint8Array): Uint8Array {
  return spkiOf(encode(TAG.SEQUENCE, encodeOid(OID.rsa), Uint8Array.of(TAG.NULL, 0)), rsaPublicKey);
}

// ---- EC (SEC 1 §C.4) -------------------------------------------------------

/** ECPrivateKey; `outerParams` are the PKCS#8 algorithm parameters when wrapped. */
async function fromSec1(buf: Uint8Array, outer: Tlv | undefined, outerParams: Uint8Array | undefined): Promise<Partial<KeyInfo> | string> {
  const parts = outer?.tag === TAG.SEQUENCE ? elementsOf(outer) : undefined;
  if (!parts || parts[0]?.tag !== TAG.INTEGER || parts[1]?.tag !== TAG.OCTET_STRING) return 'not a SEC 1 ECPrivateKey';
  const inner = parts.find((t) => t.tag === 0xa0);
  const pubWrap = parts.find((t) => t.tag === 0xa1);
  const paramsDer = outerParams ?? (inner ? value(inner) : undefined);
  const params = paramsDer ? readBer(paramsDer) : undefined;
  const c = paramsDer ? curveOf(params) : {};
  const out: Partial<KeyInfo> = { keyAlgorithm: 'EC', ...c };
  if (!paramsDer || !params) return { ...out, curve: undefined };
  const algDer = encode(TAG.SEQUENCE, encodeOid(OID.ec), paramsDer.subarray(params.start, params.end));
  const bits = pubWrap ? readBer(buf, pubWrap.valueStart, pubWrap.valueEnd) : undefined;
  if (bits?.tag === TAG.BIT_STRING && bits.valueEnd > bits.valueStart + 1) {
    return { ...out, spki: spkiOf(algDer, buf.subarray(bits.valueStart + 1, bits.valueEnd)) };
  }
  // No public key stored (`openssl ec -no_public`): let WebCrypto compute it.
  const curve = CURVES[oidOf(params) ?? '']?.webcrypto;
  if (!curve) return out;
  const pkcs8 = encode(
    TAG.SEQUENCE,
    Uint8Array.of(TAG.INTEGER, 1, 0),
    algDer,
    encode(TAG.OCTET_STRING, buf.subarray(outer!.start, outer!.end)),
  );
  const point = await webcryptoPublic(pkcs8, { name: 'ECDSA', namedCurve: curve }, ['sign']);
  pkcs8.fill(0);
  return point ? { ...out, spki: spkiOf(algDer, point) } : out;
}

// ---- DSA (OpenSSL traditional: SEQUENCE { 0, p, q, g, y, x }) ---------------

function fromDsaPrivate(der: Uint8Array): Partial<KeyInfo> | string {
  const parts = elementsOf(readBer(der) ?? ({} as Tlv));
  const [p, q, g, y] = [1, 2, 3, 4].map((i) => unsignedInt(parts?.[i]));
  if (!parts || parts.length !== 6 || !p || !q || !g || !y) return 'not a DSA private key';
  const params = encode(TAG.SEQUENCE, encodeUnsigned(p), encodeUnsigned(q), encodeUnsigned(g));
  const alg = encode(TAG.SEQUENCE, encodeOid(OID.dsa), params);
  return { keyAlgorithm: 'DSA', keySize: bitLength(p), spki: spkiOf(alg, encodeUnsigned(y)) };
}

function modPow(base: Uint8Array, exp: Uint8Array, mod: Uint8Array): Uint8Array {
  const big = (b: Uint8Array) => (b.length ? BigInt('0x' + toHex(b)) : 0n);
  const m = big(mod);
  let r = 1n;
  let b = big(base) % m;
  let e = big(exp);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  const h = r.toString(16);
  const s = h.length % 2 ? '0' + h : h;
  return Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));
}

// ---- helpers ----------------------------------------------------------------

function spkiOf(algorithmDer: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return encode(TAG.SEQUENCE, algorithmDer, encodeBitString(publicKey));
}

/** The raw public key (EC point or OKP bytes) of a PKCS#8 key, via WebCrypto JWK export. */
async function webcryptoPublic(pkcs8: Uint8Array, algorithm: EcKeyImportParams | Algorithm, usages: KeyUsage[]) {
  try {
    const subtle = globalThis.crypto.subtle;
    const k = await subtle.importKey('pkcs8', pkcs8 as Uint8Array<ArrayBuffer>, algorithm, true, usages);
    const jwk = await subtle.exportKey('jwk', k);
    const b64u = (s: string | undefined) =>
      s ? Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)) : undefined;
    const x = b64u(jwk.x);
    const y = b64u(jwk.y);
    if (!x) return undefined;
    return y ? Uint8Array.from([4, ...x, ...y]) : x;
  } catch {
    return undefined;
  }
}

async function finish(kind: KeyInfo['kind'], info: Partial<KeyInfo>): Promise<KeyInfo> {
  const spki = info.spki;
  const spkiSha256 = spki
    ? toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', spki as Uint8Array<ArrayBuffer>)))
    : undefined;
  const out: KeyInfo = {
    kind,
    keyAlgorithm: info.keyAlgorithm ?? 'unknown',
    ...(info.algorithmOid && (info.keyAlgorithm ?? 'unknown') === 'unknown' ? { algorithmOid: info.algorithmOid } : {}),
    ...(info.keySize !== undefined ? { keySize: info.keySize } : {}),
    ...(info.curve !== undefined ? { curve: info.curve } : {}),
    encrypted: info.encrypted ?? false,
    ...(info.encryption !== undefined ? { encryption: info.encryption } : {}),
    ...(spki ? { spki, spkiSha256 } : {}),
  };
  return out;
}

/** For pkcs12.ts: describe decrypted PKCS#8 bytes as an encrypted key. */
export async function describePkcs8(der: Uint8Array, encryption?: string): Promise<KeyResult> {
  const r = await describePrivateKey('PRIVATE KEY', der);
  if (!r.key || encryption === undefined) return r;
  return { ...r, key: { ...r.key, encrypted: true, encryption } };
}
