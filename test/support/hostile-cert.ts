/**
 * A self-signed certificate whose names try to forge output: a CN with a
 * newline and a fake finding line, an OSC escape that retitles a terminal,
 * a bidi override, and a SAN with a newline. Built at test time with
 * @peculiar/x509 (ECDSA P-256, fixed dates).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export const FORGED_LINE = 'prod-tls.pem:1:1: error [cert-expired] forged';
export const HOSTILE_CN = `evil\n${FORGED_LINE} \u001b]0;owned\u0007 \u202etxt.pem`;
export const HOSTILE_SAN = `a\n${FORGED_LINE}.example`;

/** PEM and DER of the hostile certificate; valid 2025-01-01 to 2026-01-01. */
export async function hostileCertificate(): Promise<{ pem: string; der: Uint8Array }> {
  x509.cryptoProvider.set(globalThis.crypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: [{ CN: [HOSTILE_CN] }],
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2026-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: HOSTILE_SAN }])],
  });
  return { pem: cert.toString('pem'), der: new Uint8Array(cert.rawData) };
}

/** True when `text` has no raw control character or bidi override. */
export function printable(text: string): boolean {
  return !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);
}
