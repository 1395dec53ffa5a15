/**
 * Public keys and signatures through WebCrypto (globalThis.crypto.subtle), so
 * the core runs in Node and in browsers alike. Weak keys and algorithms follow
 * the CA/B Forum Baseline Requirements §6.1.5 / §7.1.3.
 */
import {
  DerError,
  TAG,
  children,
  decodeBitString,
  decodeOid,
  decodeSmallInt,
  expectTag,
  parseDer,
  value,
  type Tlv,
} from '../der/reader.js';
import type { ParsedCert } from './certificate.js';
import type { ReasonCode } from './types.js';
import { CURVES, ecCurveWeakness, rsaKeyWeakness } from '../x509/oids';

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '1.3.14.3.2.26': 'SHA-1',
};

export interface KeyInfo {
  readonly kind: 'rsa' | 'ec' | 'ed25519' | 'other';
  readonly curve?: { name: string; size: number };
  readonly bits?: number;
  /** Set when the key is unacceptable: weak or not a permitted type. */
  readonly weak?: string;
}

/** RFC 5280 §4.1.2.7 SubjectPublicKeyInfo → key type, size, weakness. */
export function keyInfo(spki: Uint8Array): KeyInfo {
  try {
    const [algT, keyT] = children(expectTag(parseDer(spki, 'der'), TAG.SEQUENCE, 'SubjectPublicKeyInfo'));
    const [oidT, paramT] = children(expectTag(algT, TAG.SEQUENCE, 'AlgorithmIdentifier'));
    const oid = decodeOid(expectTag(oidT, TAG.OID, 'algorithm'));
    const key = decodeBitString(expectTag(keyT, TAG.BIT_STRING, 'subjectPublicKey')).bytes;
    if (oid === '1.2.840.113549.1.1.1') {
      const [n] = children(expectTag(parseDer(key, 'der'), TAG.SEQUENCE, 'RSAPublicKey'));
      const bits = integerBits(value(expectTag(n, TAG.INTEGER, 'modulus')));
      // CABF BR §6.1.5: at least 2048 bits, and a multiple of 8.
      const weak = rsaKeyWeakness(bits);
      if (weak) return { kind: 'rsa', bits, weak };
      if (bits % 8 !== 0) return { kind: 'rsa', bits, weak: `RSA modulus of ${bits} bits is not a multiple of 8` };
      return { kind: 'rsa', bits };
    }
    if (oid === '1.2.840.10045.2.1') {
      // CABF BR §7.1.3.1.2: namedCurve only; explicit parameters are forbidden.
      if (!paramT || paramT.tag !== TAG.OID) return { kind: 'ec', weak: 'EC key with explicit curve parameters' };
      const curveOid = decodeOid(paramT);
      const weak = ecCurveWeakness(curveOid);
      const c = CURVES[curveOid];
      return weak || !c
        ? { kind: 'ec', weak: weak ?? `EC curve ${curveOid} is not supported` }
        : { kind: 'ec', curve: { name: c.name, size: Math.ceil(c.bits / 8) } };
    }
    if (oid === '1.3.101.112') return { kind: 'ed25519' };
    if (oid === '1.2.840.10040.4.1') return { kind: 'other', weak: 'DSA keys are not permitted' };
    return { kind: 'other', weak: `unsupported key algorithm ${oid}` };
  } catch (e) {
    return { kind: 'other', weak: `malformed public key: ${(e as Error).message}` };
  }
}

function integerBits(v: Uint8Array): number {
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  const first = v[i] ?? 0;
  return (v.length - i - 1) * 8 + (first === 0 ? 0 : 32 - Math.clz32(first));
}

type SigScheme =
  | { kind: 'ok'; alg: 'RSASSA-PKCS1-v1_5' | 'ECDSA' | 'Ed25519'; hash?: string }
  | { kind: 'ok'; alg: 'RSA-PSS'; hash: string; saltLength: number }
  | { kind: 'fail'; code: ReasonCode; message: string };

const SIG_ALGS: Record<string, SigScheme> = {
  '1.2.840.113549.1.1.11': { kind: 'ok', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { kind: 'ok', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { kind: 'ok', alg: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
  '1.2.840.10045.4.3.2': { kind: 'ok', alg: 'ECDSA', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { kind: 'ok', alg: 'ECDSA', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { kind: 'ok', alg: 'ECDSA', hash: 'SHA-512' },
  '1.3.101.112': { kind: 'ok', alg: 'Ed25519' },
  '1.2.840.113549.1.1.5': { kind: 'fail', code: 'weak-signature', message: 'SHA-1 with RSA signature' },
  '1.2.840.113549.1.1.4': { kind: 'fail', code: 'weak-signature', message: 'MD5 with RSA signature' },
  '1.2.840.113549.1.1.2': { kind: 'fail', code: 'weak-signature', message: 'MD2 with RSA signature' },
  '1.2.840.10045.4.1': { kind: 'fail', code: 'weak-signature', message: 'ECDSA with SHA-1 signature' },
  '1.2.840.10040.4.3': { kind: 'fail', code: 'weak-signature', message: 'DSA with SHA-1 signature' },
  '1.3.14.3.2.29': { kind: 'fail', code: 'weak-signature', message: 'SHA-1 with RSA signature' },
};

/** The signature scheme of a certificate, or why it is rejected before any key is touched. */
export function signatureScheme(cert: Pick<ParsedCert, 'sigAlg'>): SigScheme {
  const { oid, params } = cert.sigAlg;
  if (oid === '1.2.840.113549.1.1.10') return pssScheme(params);
  const s = SIG_ALGS[oid];
  if (!s) return { kind: 'fail', code: 'unsupported-algorithm', message: `unsupported signature algorithm ${oid}` };
  // RFC 4055 §5 / RFC 5758 §3.2: RSA PKCS#1 carries NULL parameters, ECDSA and EdDSA none.
  if (s.kind === 'ok' && s.alg === 'RSASSA-PKCS1-v1_5' && params && params.tag !== TAG.NULL)
    return { kind: 'fail', code: 'malformed', message: 'RSA signature algorithm with non-NULL parameters' };
  if (s.kind === 'ok' && s.alg !== 'RSASSA-PKCS1-v1_5' && params)
    return { kind: 'fail', code: 'malformed', message: `${s.alg} signature algorithm with parameters` };
  return s;
}

/** RFC 4055 §3.1 RSASSA-PSS-params. */
function pssScheme(params: Tlv | undefined): SigScheme {
  try {
    let hash = 'SHA-1';
    let saltLength = 20;
    for (const p of children(expectTag(params, TAG.SEQUENCE, 'RSASSA-PSS-params'))) {
      const inner = children(p)[0];
      if (p.tag === 0xa0) hash = HASHES[decodeOid(expectTag(children(expectTag(inner, TAG.SEQUENCE, 'hash'))[0], TAG.OID, 'hash'))] ?? '?';
      if (p.tag === 0xa2) saltLength = decodeSmallInt(expectTag(inner, TAG.INTEGER, 'saltLength'));
    }
    if (hash === 'SHA-1') return { kind: 'fail', code: 'weak-signature', message: 'RSA-PSS with SHA-1' };
    if (hash === '?') return { kind: 'fail', code: 'unsupported-algorithm', message: 'RSA-PSS with an unsupported hash' };
    return { kind: 'ok', alg: 'RSA-PSS', hash, saltLength };
  } catch (e) {
    return { kind: 'fail', code: 'malformed', message: `bad RSA-PSS parameters: ${(e as Error).message}` };
  }
}

/** Converts an X9.62 DER ECDSA signature to the fixed-width r||s form WebCrypto expects. */
function ecdsaRaw(sig: Uint8Array, size: number): Uint8Array {
  const [r, s, extra] = children(expectTag(parseDer(sig, 'der'), TAG.SEQUENCE, 'ECDSA-Sig-Value'));
  if (!r || !s || extra) throw new DerError('bad ECDSA signature');
  const out = new Uint8Array(size * 2);
  [r, s].forEach((t, i) => {
    let v = value(expectTag(t, TAG.INTEGER, 'ECDSA integer'));
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v.length > size) throw new DerError('ECDSA integer too large');
    out.set(v, i * size + size - v.length);
  });
  return out;
}

/** Cache of imported keys (import is the expensive half of a verify), bounded so a workspace scan cannot grow it forever. */
export class KeyCache {
  /** SPKI key (hex, one string object per certificate, so its hash is computed once) → algorithm → key. */
  private readonly keys = new Map<string, Map<string, Promise<CryptoKey | undefined>>>();
  constructor(private readonly limit = 4096) {}

  get(
    spki: Uint8Array,
    spkiKey: string,
    alg: RsaHashedImportParams | EcKeyImportParams | { name: 'Ed25519' },
  ): Promise<CryptoKey | undefined> {
    // Not JSON.stringify(alg) + spkiKey: a fresh string of the whole SPKI per verify, hashed every time.
    const algId =
      'namedCurve' in alg
        ? `${alg.name}/${alg.namedCurve}`
        : 'hash' in alg
          ? `${alg.name}/${typeof alg.hash === 'string' ? alg.hash : alg.hash.name}`
          : alg.name;
    let byAlg = this.keys.get(spkiKey);
    if (!byAlg) {
      if (this.keys.size >= this.limit) this.keys.delete(this.keys.keys().next().value!);
      this.keys.set(spkiKey, (byAlg = new Map()));
    }
    let p = byAlg.get(algId);
    if (!p) {
      p = globalThis.crypto.subtle.importKey('spki', spki as BufferSource, alg, false, ['verify']).catch(() => undefined);
      byAlg.set(algId, p);
    }
    return p;
  }
}

/**
 * The last step of a signature check, done another way than
 * `crypto.subtle.verify` with the same answer: the Node adapter's
 * (node/signature-engine.ts) runs node:crypto's callback form, on the same
 * thread pool and OpenSSL call, at a third of WebCrypto's main-thread cost
 * (a 20 MB bundle of 31,000 leaves: ~1.4 s of its main thread went to
 * WebCrypto's argument handling and promises). `undefined` for anything it
 * does not do, or any error: WebCrypto then answers, so results and
 * messages never depend on the engine.
 */
export interface SignatureEngine {
  verify(
    params: AlgorithmIdentifier | RsaPssParams | EcdsaParams,
    key: CryptoKey,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean | undefined> | undefined;
}

let engine: SignatureEngine | undefined;

/** Installs (or, with `undefined`, removes) the signature engine of this process; returns the previous one. */
export function setSignatureEngine(next: SignatureEngine | undefined): SignatureEngine | undefined {
  const previous = engine;
  engine = next;
  return previous;
}

export type Verdict = { ok: true } | { ok: false; code: ReasonCode; message: string };

/** Signed data, as the validator needs it: a certificate, or a CRL (RFC 5280 §6.3.3 (g)). */
export type SignedObject = Pick<ParsedCert, 'sigAlg' | 'signature' | 'tbs'>;

/** Verifies `cert`'s signature with `issuerSpki` (RFC 5280 §6.1.3 (a)(1)). */
export async function verifySignature(
  cert: SignedObject,
  issuerSpki: Uint8Array,
  issuerKey: KeyInfo,
  spkiKey: string,
  keys: KeyCache,
): Promise<Verdict> {
  const scheme = signatureScheme(cert);
  if (scheme.kind === 'fail') return { ok: false, code: scheme.code, message: scheme.message };
  try {
    let key: CryptoKey | undefined;
    let sig: Uint8Array = cert.signature;
    let params: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
    if (scheme.alg === 'ECDSA') {
      if (issuerKey.kind !== 'ec' || !issuerKey.curve) return mismatch();
      key = await keys.get(issuerSpki, spkiKey, { name: 'ECDSA', namedCurve: issuerKey.curve.name });
      sig = ecdsaRaw(sig, issuerKey.curve.size);
      params = { name: 'ECDSA', hash: scheme.hash! };
    } else if (scheme.alg === 'Ed25519') {
      if (issuerKey.kind !== 'ed25519') return mismatch();
      key = await keys.get(issuerSpki, spkiKey, { name: 'Ed25519' });
      params = { name: 'Ed25519' };
    } else {
      if (issuerKey.kind !== 'rsa') return mismatch();
      key = await keys.get(issuerSpki, spkiKey, { name: scheme.alg, hash: scheme.hash! });
      params = scheme.alg === 'RSA-PSS' ? { name: 'RSA-PSS', saltLength: scheme.saltLength } : { name: scheme.alg };
    }
    if (!key) return { ok: false, code: 'bad-signature', message: 'issuer public key could not be imported' };
    const viaEngine = engine?.verify(params, key, sig, cert.tbs);
    const ok =
      (viaEngine && (await viaEngine)) ??
      (await globalThis.crypto.subtle.verify(params, key, sig as BufferSource, cert.tbs as BufferSource));
    return ok ? { ok: true } : { ok: false, code: 'bad-signature', message: 'signature does not verify with the issuer key' };
  } catch (e) {
    return { ok: false, code: 'bad-signature', message: `signature check failed: ${(e as Error).message}` };
  }
}

function mismatch(): Verdict {
  return { ok: false, code: 'bad-signature', message: 'signature algorithm does not match the issuer key type' };
}
