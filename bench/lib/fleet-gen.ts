/**
 * Writes a device fleet for the benches: 1 root, 2 issuing CAs under it, and
 * N device leaves (one EC P-256 key each, alternating issuers), one file per
 * leaf, in `dir/leaves/<i % 100>/device-<i>.pem`, plus `root.pem` and
 * `issuing.pem` (both issuing CAs) in `dir`. Dates are fixed.
 *
 * The CAs and one template leaf come from @peculiar/x509; every leaf is
 * that template's TBSCertificate with its serial, names and public key
 * replaced in place (all fixed-length) and signed with node:crypto, which
 * is ~50× faster than building each leaf through the library.
 */
import 'reflect-metadata';
import { createPrivateKey, generateKeyPairSync, sign, webcrypto, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const PAD = 7;
const TEMPLATE_ID = '0'.repeat(PAD);
const TEMPLATE_SERIAL = '7f5a5a5a00000000';

export interface Ca {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
  readonly signer: KeyObject;
}

export async function ca(name: string, issuer?: Ca): Promise<Ca> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(name).toString('hex').slice(0, 16),
    subject: `CN=${name}`,
    issuer: issuer ? issuer.cert.subject : `CN=${name}`,
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
    signingAlgorithm: EC,
    publicKey: keys.publicKey,
    signingKey: issuer ? issuer.keys.privateKey : keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(true, issuer ? 0 : undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ...(issuer ? [await x509.AuthorityKeyIdentifierExtension.create(issuer.cert)] : []),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { cert, keys, signer: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
}

function header(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

/** The first element of a SEQUENCE (the TBSCertificate of a Certificate), and the one after it. */
function firstTwo(der: Buffer): [Buffer, Buffer] {
  const skip = (at: number) => {
    const l = der[at + 1]!;
    const lenBytes = l & 0x80 ? l & 0x7f : 0;
    let len = lenBytes ? 0 : l;
    for (let i = 0; i < lenBytes; i++) len = (len << 8) | der[at + 2 + i]!;
    return at + 2 + lenBytes + len;
  };
  const outer = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  const tbsEnd = skip(outer);
  return [der.subarray(outer, tbsEnd), der.subarray(tbsEnd, skip(tbsEnd))];
}

function replaceAll(buf: Buffer, from: Buffer, to: Buffer, expected: number): number[] {
  const at: number[] = [];
  for (let i = buf.indexOf(from); i >= 0; i = buf.indexOf(from, i + 1)) at.push(i);
  if (at.length !== expected) throw new Error(`template: expected ${expected} × ${from.toString('hex')}, found ${at.length}`);
  for (const i of at) to.copy(buf, i);
  return at;
}

/** Signs device leaves under `issuers` (alternating), each with a fresh P-256 key; `leaf(i)` is the DER of leaf i. */
export async function leafFactory(issuers: readonly Ca[]): Promise<(i: number) => Buffer> {
  // One template per issuer: only the issuer name and AKI differ between them.
  const templates = await Promise.all(
    issuers.map(async (issuer) => {
      const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
      const name = `device-${TEMPLATE_ID}.fleet.example`;
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: TEMPLATE_SERIAL,
        subject: `CN=${name}`,
        issuer: issuer.cert.subject,
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2027-01-01T00:00:00Z'),
        signingAlgorithm: EC,
        publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
          new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }]),
          await x509.AuthorityKeyIdentifierExtension.create(issuer.cert),
        ],
      });
      const [tbs, alg] = firstTwo(Buffer.from(cert.rawData));
      return { tbs: Buffer.from(tbs), alg: Buffer.from(alg), spki: Buffer.from(cert.publicKey.rawData), signer: issuer.signer };
    }),
  );
  return (i) => {
    const t = templates[i % templates.length]!;
    const tbs = Buffer.from(t.tbs);
    const id = String(i).padStart(PAD, '0');
    replaceAll(tbs, Buffer.from(`device-${TEMPLATE_ID}`), Buffer.from(`device-${id}`), 2);
    replaceAll(tbs, Buffer.from(TEMPLATE_SERIAL, 'hex'), Buffer.from((0x7f5a5a5a00000000n + BigInt(i)).toString(16), 'hex'), 1);
    const spki = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
    replaceAll(tbs, t.spki, spki, 1);
    const sig = sign('sha256', tbs, { key: t.signer, dsaEncoding: 'der' });
    const bitString = Buffer.concat([header(0x03, sig.length + 1), Buffer.from([0]), sig]);
    const body = Buffer.concat([tbs, t.alg, bitString]);
    return Buffer.concat([header(0x30, body.length), body]);
  };
}

/** A PEM block of a DER certificate, 64-column lines. */
export function pemOf(der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}

export async function writeFleet(dir: string, n: number): Promise<{ root: string; issuing: string; leaves: string[] }> {
  const root = await ca('Bench Fleet Root');
  const issuers = [await ca('Bench Issuing CA 1', root), await ca('Bench Issuing CA 2', root)];
  mkdirSync(join(dir, 'leaves'), { recursive: true });
  writeFileSync(join(dir, 'root.pem'), `${root.cert.toString('pem')}\n`);
  writeFileSync(join(dir, 'issuing.pem'), `${issuers.map((i) => i.cert.toString('pem')).join('\n')}\n`);
  const leaf = await leafFactory(issuers);
  const leaves: string[] = [];
  for (let i = 0; i < n; i++) {
    const sub = join(dir, 'leaves', String(i % 100));
    if (i < 100) mkdirSync(sub, { recursive: true });
    const file = join(sub, `device-${String(i).padStart(PAD, '0')}.pem`);
    writeFileSync(file, pemOf(leaf(i)));
    leaves.push(file);
  }
  return { root: join(dir, 'root.pem'), issuing: join(dir, 'issuing.pem'), leaves };
}
