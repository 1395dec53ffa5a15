/**
 * Writes test/fixtures/private-pki/ (issue 12 §5): one certificate per file
 * for each SPIFFE, Apple TLS and ROCA code, a clean SVID and a clean server
 * leaf, and `mixed.pem` (several of them in one bundle, to check that each
 * finding lands on its own block). All under `root.pem`, a private root.
 * Fixed dates, read at 2026-01-01; keys differ on every run, except the ROCA
 * leaf's public key, which is the public test vector `mod03` of the ROCA
 * authors' detector (crocs-muni/roca, MIT).
 *
 *   npx tsx scripts/gen-private-pki-fixtures.ts
 *   node dist/cli.js scan --json --now 2026-01-01T00:00:00Z --no-system-trust --ca test/fixtures/private-pki/root.pem test/fixtures/private-pki
 */
import 'reflect-metadata';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { toPem } from './lib/adversarial-pki';

const OUT = join(__dirname, '..', 'test', 'fixtures', 'private-pki');
const FROM = new Date('2025-06-01T00:00:00Z');
const TO = new Date('2026-06-01T00:00:00Z');
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
/** crocs-muni/roca roca/tests/data/mod03.txt: a 2048-bit modulus with the ROCA fingerprint. */
const ROCA_MOD03 =
  '9dcd7420e420c270a68060eb8b5aa7457a9f6648f86fafed2775cc1f79ae962f1e63f1b9e51c55f9ea6fdc7332e9b0058c9ff2eb1fc89855029cf6aafe21e689feb38ac9ffb12f1ce371bb5d0e9aae64161abce74b4244bf68f1edb4411f756a097c8929c14740245ea355f8332d1aa36bb50c7dcb4505da8de02e4e53d38f8df06097da7524df0df93db48eac8cc4af2d3a16257eb2b2adca6ba464e5974fa92550d31b1babf161e7692d00b86e3dd886ecab4abfbe1a8f8cc263ff4af55cdb45f4249a5193925f5e983d762f0b6800943eb0267b08f42ed311ce1f5c86eacbc8ce4d3cb7a2fee1ef5641423a1cf4114e5ecf50034a60a412523af9e6f4aa11';

const KU = x509.KeyUsageFlags;
const SERVER = '1.3.6.1.5.5.7.3.1';
const CLIENT = '1.3.6.1.5.5.7.3.2';

interface Spec {
  readonly cn: string;
  readonly ca?: boolean;
  readonly ku?: number;
  readonly kuCritical?: boolean;
  readonly eku?: string[];
  readonly san?: x509.JsonGeneralNames;
  readonly from?: Date;
  readonly to?: Date;
  readonly publicKey?: CryptoKey;
}

let serial = 0x100;
async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const rootKeys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Private PKI Root',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
    signingAlgorithm: EC,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(KU.keyCertSign | KU.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  writeFileSync(join(OUT, 'root.pem'), toPem(new Uint8Array(root.rawData)));

  const issue = async (spec: Spec): Promise<Uint8Array> => {
    const publicKey = spec.publicKey ?? ((await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair).publicKey;
    const exts: x509.Extension[] = [
      new x509.BasicConstraintsExtension(spec.ca ?? false, undefined, true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ];
    if (spec.ku !== undefined) exts.push(new x509.KeyUsagesExtension(spec.ku, spec.kuCritical ?? true));
    if (spec.eku) exts.push(new x509.ExtendedKeyUsageExtension(spec.eku));
    if (spec.san) exts.push(new x509.SubjectAlternativeNameExtension(spec.san));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (serial++).toString(16),
      subject: `CN=${spec.cn}`,
      issuer: root.subject,
      notBefore: spec.from ?? FROM,
      notAfter: spec.to ?? TO,
      signingAlgorithm: EC,
      publicKey,
      signingKey: rootKeys.privateKey,
      extensions: exts,
    });
    return new Uint8Array(cert.rawData);
  };

  const rocaKey = await crypto.subtle.importKey(
    'jwk',
    { kty: 'RSA', n: Buffer.from(ROCA_MOD03, 'hex').toString('base64url'), e: 'AQAB' },
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['verify'],
  );
  const svid = (id: string, more: Partial<Spec> = {}): Spec => ({
    cn: 'api',
    ku: KU.digitalSignature,
    eku: [SERVER, CLIENT],
    san: [{ type: 'url', value: id }],
    ...more,
  });
  const server = (cn: string, more: Partial<Spec> = {}): Spec => ({
    cn,
    ku: KU.digitalSignature,
    eku: [SERVER],
    san: [{ type: 'dns', value: cn }],
    ...more,
  });
  const certs: Record<string, Spec> = {
    'svid-ok': svid('spiffe://example.org/ns/prod/sa/api'),
    'spiffe-uri-count': svid('spiffe://example.org/ns/prod/sa/api', {
      san: [
        { type: 'url', value: 'spiffe://example.org/ns/prod/sa/api' },
        { type: 'url', value: 'https://api.example.org/' },
      ],
    }),
    'spiffe-id-invalid': svid('spiffe://Example.org:8443/ns//api/'),
    'spiffe-leaf-profile': svid('spiffe://example.org/ns/prod/sa/worker', { ku: KU.digitalSignature | KU.keyCertSign, eku: [CLIENT] }),
    'spiffe-signing-profile': svid('spiffe://example.org/intermediate', {
      cn: 'SPIFFE Intermediate',
      ca: true,
      ku: KU.digitalSignature,
      eku: [],
    }),
    'server-ok': server('ok.internal.example'),
    'apple-tls-validity': server('long.internal.example', { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2027-07-01T00:00:00Z') }),
    'apple-tls-san': server('uri-only.internal.example', { san: [{ type: 'url', value: 'https://uri-only.internal.example/' }] }),
    'apple-tls-eku': server('no-eku.internal.example', { eku: [] }),
    'weak-key-roca': server('tpm.internal.example', { publicKey: rocaKey }),
  };
  const pem: Record<string, string> = {};
  for (const [name, spec] of Object.entries(certs)) {
    // An empty list means "no extension" (ExtendedKeyUsage cannot be empty, RFC 5280 §4.2.1.12).
    const s = spec.eku?.length === 0 ? (({ eku: _e, ...rest }) => rest)(spec) : spec;
    pem[name] = toPem(await issue(s));
    writeFileSync(join(OUT, `${name}.pem`), pem[name]);
  }
  // Blocks 1..4: a clean SVID, a ROCA leaf, a clean server leaf, an SVID with two URIs.
  writeFileSync(join(OUT, 'mixed.pem'), [pem['svid-ok'], pem['weak-key-roca'], pem['server-ok'], pem['spiffe-uri-count']].join(''));
}

void main();
