/**
 * Decodes a served DER certificate into the fields the endpoint report,
 * the JSON output and an "Endpoints" tree show. Pure (WebCrypto for the
 * fingerprint and self-signature check). Never throws.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { toHex } from '../util/bytes';

export interface ServedCertificate {
  readonly index: number;
  readonly sha256: string;
  /** SHA-256 of the SubjectPublicKeyInfo: "is this the key in my repo?" survives re-issuance. */
  readonly spkiSha256: string;
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly subjectAltNames: string[];
  readonly keyAlgorithm: string;
  readonly keySize?: number;
  readonly signatureAlgorithm: string;
  readonly isCA: boolean;
  /** Subject equals issuer and the certificate verifies with its own key. */
  readonly selfSigned: boolean;
  /** TLS Feature extension (RFC 7633) lists status_request: must-staple. */
  readonly mustStaple: boolean;
}

export type DecodedServed =
  | { readonly ok: true; readonly cert: ServedCertificate; readonly parsed: x509.X509Certificate }
  | { readonly ok: false; readonly index: number; readonly sha256: string; readonly reason: string };

const OID_TLS_FEATURE = '1.3.6.1.5.5.7.1.24';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';

export async function sha256Hex(der: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der as Uint8Array<ArrayBuffer>)));
}

/**
 * The report and the fallback chain analysis see the same DER arrays; decoding
 * (~2 ms each with @peculiar/x509, plus a signature check for self-signed
 * ones) is memoised per array object, so nothing is decoded twice.
 */
const memo = new WeakMap<Uint8Array, Promise<DecodedServed>>();

export function decodeServed(der: Uint8Array, index: number): Promise<DecodedServed> {
  let p = memo.get(der);
  if (!p) {
    p = decode(der, index);
    memo.set(der, p);
  }
  return p.then((d) =>
    d.ok ? (d.cert.index === index ? d : { ...d, cert: { ...d.cert, index } }) : d.index === index ? d : { ...d, index },
  );
}

async function decode(der: Uint8Array, index: number): Promise<DecodedServed> {
  const sha256 = await sha256Hex(der);
  let c: x509.X509Certificate;
  try {
    c = new x509.X509Certificate(der as Uint8Array<ArrayBuffer>);
  } catch (e) {
    return { ok: false, index, sha256, reason: e instanceof Error ? e.message : String(e) };
  }
  const key = describeKey(c);
  const bc = c.getExtension<x509.BasicConstraintsExtension>(OID_BASIC_CONSTRAINTS);
  const cert: ServedCertificate = {
    index,
    sha256,
    spkiSha256: await sha256Hex(new Uint8Array(c.publicKey.rawData)),
    subject: c.subject,
    issuer: c.issuer,
    serialNumber: c.serialNumber.toLowerCase(),
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    subjectAltNames: subjectAltNames(c),
    keyAlgorithm: key.algorithm,
    ...(key.size !== undefined ? { keySize: key.size } : {}),
    signatureAlgorithm: signatureName(c.signatureAlgorithm),
    isCA: bc instanceof x509.BasicConstraintsExtension ? bc.ca : false,
    selfSigned: await isSelfSigned(c),
    mustStaple: hasMustStaple(c),
  };
  return { ok: true, cert, parsed: c };
}

export async function isSelfSigned(c: x509.X509Certificate): Promise<boolean> {
  if (c.subject !== c.issuer) return false;
  return verifiesWith(c, c);
}

/** Does `issuer`'s key verify `cert`'s signature? False on any failure. */
export async function verifiesWith(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}

function subjectAltNames(c: x509.X509Certificate): string[] {
  const ext = c.getExtension(x509.SubjectAlternativeNameExtension);
  if (!ext) return [];
  const prefix: Record<string, string> = { dns: 'DNS', ip: 'IP', email: 'email', url: 'URI', dn: 'DirName', upn: 'UPN', guid: 'GUID' };
  return ext.names.items.map((n) => `${prefix[n.type] ?? n.type}:${n.value}`);
}

function describeKey(c: x509.X509Certificate): { algorithm: string; size?: number } {
  const alg = c.publicKey.algorithm as Algorithm & { modulusLength?: number; namedCurve?: string };
  if (alg.name.startsWith('RSA')) return { algorithm: 'RSA', ...(alg.modulusLength ? { size: alg.modulusLength } : {}) };
  if (alg.name === 'ECDSA' || alg.name === 'ECDH') {
    const size = { 'P-256': 256, 'P-384': 384, 'P-521': 521 }[alg.namedCurve ?? ''];
    return { algorithm: 'EC', ...(size ? { size } : {}) };
  }
  return { algorithm: alg.name };
}

function signatureName(a: x509.HashedAlgorithm): string {
  const hash = typeof a.hash === 'string' ? a.hash : (a.hash?.name ?? '');
  const h = hash.replace('-', '');
  if (a.name === 'RSASSA-PKCS1-v1_5') return `${h.toLowerCase()}WithRSAEncryption`;
  if (a.name === 'ECDSA') return `ecdsa-with-${h.toUpperCase()}`;
  if (a.name === 'RSA-PSS') return 'rsassaPss';
  return a.name;
}

/** RFC 7633: TLS Feature ::= SEQUENCE OF INTEGER; 5 = status_request. */
function hasMustStaple(c: x509.X509Certificate): boolean {
  const ext = c.getExtension(OID_TLS_FEATURE);
  if (!ext) return false;
  const v = new Uint8Array(ext.value);
  // DER: 30 len (02 01 xx)* — small INTEGERs only in practice.
  if (v[0] !== 0x30) return false;
  for (let i = 2; i + 2 < v.length;) {
    if (v[i] !== 0x02) return false;
    const len = v[i + 1]!;
    if (len === 1 && v[i + 2] === 5) return true;
    i += 2 + len;
  }
  return false;
}

/** PEM text for a served chain, in served order (for "Save served chain"). */
export function servedChainToPem(chain: readonly Uint8Array[]): string {
  return chain
    .map((der) => {
      let bin = '';
      for (const b of der) bin += String.fromCharCode(b);
      const b64 = btoa(bin).replace(/.{64}/g, '$&\n').replace(/\n$/, '');
      return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
    })
    .join('');
}
