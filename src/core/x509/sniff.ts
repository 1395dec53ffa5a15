/**
 * Classifies binary input by content, not by file extension.
 *
 * Cheap by design (it runs on every binary file in a workspace scan): it reads
 * at most a few headers, never decodes a whole structure, never allocates in
 * proportion to the input, and never throws. BER indefinite lengths (PKCS#12
 * from Windows/Java) are followed by the reader's `ber` mode (der/reader.ts).
 */
import { isConstructed, type Tlv, TAG, oidOf, readBer, smallInt } from '../der/reader';
import { keystoreFormat } from './jks';

export type DerKind =
  | 'certificate'
  | 'crl'
  | 'csr'
  | 'pkcs7'
  | 'pkcs12'
  | 'jks' // Java KeyStore, magic 0xFEEDFEED (not DER; see jks.ts)
  | 'jceks' // Java JCE KeyStore, magic 0xCECECECE
  | 'private-key' // PKCS#8 PrivateKeyInfo / OneAsymmetricKey
  | 'encrypted-private-key' // PKCS#8 EncryptedPrivateKeyInfo
  | 'public-key' // SubjectPublicKeyInfo
  | 'rsa-private-key' // PKCS#1 RSAPrivateKey
  | 'rsa-public-key' // PKCS#1 RSAPublicKey
  | 'ec-private-key' // SEC 1 ECPrivateKey
  | 'dsa-private-key' // OpenSSL traditional DSA
  | 'unknown';

const MAX_FIELDS = 12;
const PBE_PREFIXES = ['1.2.840.113549.1.5.', '1.2.840.113549.1.12.1.'];

/** The first few children of a constructed element (bounded; stops at the first bad one). */
function firstChildren(buf: Uint8Array, t: Tlv | undefined, max = MAX_FIELDS): Tlv[] {
  const out: Tlv[] = [];
  if (!t || !isConstructed(t)) return out;
  let p = t.valueStart;
  while (p < t.valueEnd && out.length < max) {
    const c = readBer(buf, p, t.valueEnd);
    if (!c) break;
    out.push(c);
    p = c.end;
  }
  return out;
}

const isTime = (t: Tlv | undefined) => t?.tag === TAG.UTC_TIME || t?.tag === TAG.GENERALIZED_TIME;
const tags = (ts: Tlv[]) => ts.map((t) => t.tag);

/**
 * Guesses what a DER/BER blob is. The whole input must be one element
 * (trailing bytes are tolerated; the decoder reports them). Java keystores,
 * the one non-DER format read, are told by their 4-byte magic.
 *
 * @example
 * sniffDer(fs.readFileSync('store.pfx')); // 'pkcs12'
 */
export function sniffDer(der: Uint8Array): DerKind {
  try {
    return classify(der);
  } catch {
    return 'unknown';
  }
}

function classify(der: Uint8Array): DerKind {
  const keystore = keystoreFormat(der);
  if (keystore) return keystore === 'JKS' ? 'jks' : 'jceks';
  const outer = readBer(der);
  if (!outer || outer.tag !== TAG.SEQUENCE) return 'unknown';
  const top = firstChildren(der, outer);
  const [a, b, c] = top;
  if (!a) return 'unknown';

  // Signed objects: SEQUENCE { tbs SEQUENCE, AlgorithmIdentifier, BIT STRING }
  if (top.length === 3 && a.tag === TAG.SEQUENCE && b?.tag === TAG.SEQUENCE && c?.tag === TAG.BIT_STRING) {
    const tbs = firstChildren(der, a, 8);
    const t = tags(tbs);
    if (t[0] === 0xa0) return 'certificate';
    if (t[0] === TAG.INTEGER && t[1] === TAG.SEQUENCE && t[2] === TAG.SEQUENCE && t[3] === 0xa0 && tbs.length === 4) return 'csr';
    if (t[0] === TAG.INTEGER && t[1] === TAG.SEQUENCE && t[2] === TAG.SEQUENCE && isTime(tbs[3])) return 'crl';
    if (t[0] === TAG.SEQUENCE && t[1] === TAG.SEQUENCE && isTime(tbs[2])) return 'crl'; // v1 CRL
    if (t[0] === TAG.INTEGER && t[1] === TAG.SEQUENCE && t[2] === TAG.SEQUENCE && t[3] === TAG.SEQUENCE) return 'certificate'; // v1
    return 'unknown';
  }
  // ContentInfo: SEQUENCE { OID, [0] EXPLICIT … }
  if (a.tag === TAG.OID && b?.tag === 0xa0) {
    return oidOf(a) === '1.2.840.113549.1.7.2' ? 'pkcs7' : 'unknown';
  }
  // PFX: SEQUENCE { INTEGER 3, ContentInfo, MacData OPTIONAL }
  if (a.tag === TAG.INTEGER && b?.tag === TAG.SEQUENCE && smallInt(a) === 3) {
    const ci = firstChildren(der, b, 2);
    const type = oidOf(ci[0]);
    if (ci[1]?.tag === 0xa0 && (type === '1.2.840.113549.1.7.1' || type === '1.2.840.113549.1.7.2')) return 'pkcs12';
  }
  // PrivateKeyInfo: SEQUENCE { INTEGER 0|1, AlgorithmIdentifier, OCTET STRING, … }
  if (a.tag === TAG.INTEGER && b?.tag === TAG.SEQUENCE && c?.tag === TAG.OCTET_STRING) {
    const v = smallInt(a);
    if ((v === 0 || v === 1) && oidOf(firstChildren(der, b, 1)[0])) return 'private-key';
  }
  // ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING, [0]?, [1]? }
  if (a.tag === TAG.INTEGER && b?.tag === TAG.OCTET_STRING && smallInt(a) === 1) {
    if (top.slice(2).every((t) => t.tag === 0xa0 || t.tag === 0xa1)) return 'ec-private-key';
  }
  // EncryptedPrivateKeyInfo / SPKI: SEQUENCE { AlgorithmIdentifier, OCTET STRING | BIT STRING }
  if (top.length === 2 && a.tag === TAG.SEQUENCE) {
    const alg = oidOf(firstChildren(der, a, 1)[0]);
    if (alg && b?.tag === TAG.OCTET_STRING && PBE_PREFIXES.some((p) => alg.startsWith(p))) return 'encrypted-private-key';
    if (alg && b?.tag === TAG.BIT_STRING) return 'public-key';
  }
  // PKCS#1 / DSA: SEQUENCE OF INTEGER
  if (top.every((t) => t.tag === TAG.INTEGER)) {
    const v = smallInt(a);
    if (top.length >= 9 && (v === 0 || v === 1)) return 'rsa-private-key';
    if (top.length === 6 && v === 0) return 'dsa-private-key';
    if (top.length === 2 && a.valueEnd - a.valueStart >= 64) return 'rsa-public-key';
  }
  return 'unknown';
}
