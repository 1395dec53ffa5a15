/**
 * Adversarial CA sets for the path builder (issue 16 deliverable 2), shared by
 * scripts/gen-adversarial-chain-fixtures.ts (committed fixtures) and
 * bench/chain-adversarial.bench.ts (bigger sets, in memory). Every date is
 * fixed; keys are ECDSA P-256 and fresh on each run.
 *
 * - `mesh`: n CAs, each cross-signed by every other (n·(n-1) certificates),
 *   and one leaf under CA 0. With `root: 'expired'`, CA n-1 also has an
 *   expired self-signed root, so every path reaches an anchor that fails.
 * - `layered`: `layers` names, `width` keys per name; every CA of layer i is
 *   signed by every CA of layer i+1, the top layer is self-signed, and one
 *   leaf sits under layer 1. `roots: 'one-valid'` keeps only the last top
 *   root valid (its branch expires first, so a longest-lived-first search
 *   reaches it last); `'all-expired'` leaves no valid path.
 * - `sameName`: n self-signed CAs sharing one subject name, and a leaf under
 *   the last one (its AKI names that CA's key).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export const VALID_FROM = new Date('2025-01-01T00:00:00Z');
export const VALID_TO = new Date('2035-01-01T00:00:00Z');
/** A branch that is valid but expires before the others (tried last by a longest-lived-first search). */
export const EARLY_TO = new Date('2034-01-01T00:00:00Z');
export const EXPIRED_FROM = new Date('2020-01-01T00:00:00Z');
export const EXPIRED_TO = new Date('2021-01-01T00:00:00Z');
/** The clock the fixtures are meant to be read at. */
export const FIXTURE_NOW = new Date('2026-01-01T00:00:00Z');

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface GeneratedCert {
  /** A file name for the certificate (`mesh-3-by-7`). */
  readonly name: string;
  readonly der: Uint8Array;
}

/** A name and a key pair. */
export interface Ca {
  readonly name: string;
  readonly keys: CryptoKeyPair;
}

export interface IssueOptions {
  readonly ca: boolean;
  readonly from?: Date;
  readonly to?: Date;
  /** A DNS SAN and serverAuth EKU (leaves). */
  readonly dns?: string;
  /** Set the AKI keyIdentifier from this key instead of the signer's (a lying AKI). */
  readonly akiFrom?: CryptoKey;
  /** basicConstraints pathLenConstraint (CAs). */
  readonly pathLen?: number;
}

let serial = 1;
/** `subject`'s name and public key, signed by `issuer`'s key (fixed dates unless given). */
export async function issue(subject: Ca, issuer: Ca, opts: IssueOptions = { ca: true }): Promise<Uint8Array> {
  const exts: x509.Extension[] = [
    new x509.BasicConstraintsExtension(opts.ca, opts.pathLen, true),
    new x509.KeyUsagesExtension(
      opts.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(subject.keys.publicKey),
  ];
  exts.push(await x509.AuthorityKeyIdentifierExtension.create(opts.akiFrom ?? issuer.keys.publicKey));
  if (opts.dns)
    exts.push(
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: opts.dns }]),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']),
    );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(8, '0'),
    subject: `CN=${subject.name}`,
    issuer: `CN=${issuer.name}`,
    notBefore: opts.from ?? VALID_FROM,
    notAfter: opts.to ?? VALID_TO,
    signingAlgorithm: ALG,
    publicKey: subject.keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: exts,
  });
  return new Uint8Array(cert.rawData);
}

const keyPair = (): Promise<CryptoKeyPair> => crypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
/** A fresh P-256 key under `name`. */
export async function newCa(name: string): Promise<Ca> {
  return { name, keys: await keyPair() };
}
/** `list[i]`, for indices the loops below keep in range. */
function pick<T>(list: readonly T[], i: number): T {
  const x = list[i];
  if (x === undefined) throw new RangeError(`no element ${i}`);
  return x;
}
async function cas(names: string[]): Promise<Ca[]> {
  return Promise.all(names.map(async (name) => ({ name, keys: await keyPair() })));
}

/** n CAs cross-signed by each other, a leaf under CA 0, optionally an expired root for CA n-1. */
export async function mesh(n: number, root: 'none' | 'expired'): Promise<GeneratedCert[]> {
  const all = await cas(Array.from({ length: n }, (_, i) => `Mesh CA ${i}`));
  const leafKey = { name: 'leaf.mesh.example', keys: await keyPair() };
  const out: GeneratedCert[] = [{ name: 'leaf', der: await issue(leafKey, pick(all, 0), { ca: false, dns: leafKey.name }) }];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) out.push({ name: `mesh-${i}-by-${j}`, der: await issue(pick(all, i), pick(all, j)) });
  if (root === 'expired')
    out.push({
      name: `root-${n - 1}`,
      der: await issue(pick(all, n - 1), pick(all, n - 1), { ca: true, from: EXPIRED_FROM, to: EXPIRED_TO }),
    });
  return out;
}

/** `layers` same-name layers of `width` keys each, fully cross-signed between adjacent layers. */
export async function layered(layers: number, width: number, roots: 'one-valid' | 'all-expired'): Promise<GeneratedCert[]> {
  const grid: Ca[][] = [];
  for (let l = 1; l <= layers; l++) grid.push(await cas(Array.from({ length: width }, () => `Layer ${l} CA`)));
  const leafKey = { name: 'leaf.layered.example', keys: await keyPair() };
  const out: GeneratedCert[] = [{ name: 'leaf', der: await issue(leafKey, pick(pick(grid, 0), 0), { ca: false, dns: leafKey.name }) }];
  const good = roots === 'one-valid' ? width - 1 : -1;
  for (let l = 0; l < layers - 1; l++)
    for (let a = 0; a < width; a++)
      for (let b = 0; b < width; b++) {
        // The branch up to the one valid root expires first, so it is tried last.
        const to = l === layers - 2 && b === good ? EARLY_TO : VALID_TO;
        out.push({
          name: `layer${l + 1}-${a}-by-${b}`,
          der: await issue(pick(pick(grid, l), a), pick(pick(grid, l + 1), b), { ca: true, to }),
        });
      }
  for (let b = 0; b < width; b++) {
    const top = pick(pick(grid, layers - 1), b);
    const dates = b === good ? {} : { from: EXPIRED_FROM, to: EXPIRED_TO };
    out.push({ name: `root-${b}`, der: await issue(top, top, { ca: true, ...dates }) });
  }
  return out;
}

/** n self-signed CAs with one subject name and a leaf under the last one. */
export async function sameName(n: number): Promise<GeneratedCert[]> {
  const all = await cas(Array.from({ length: n }, () => 'Same Name CA'));
  const out: GeneratedCert[] = [];
  for (let i = 0; i < n; i++) out.push({ name: `root-${i}`, der: await issue(pick(all, i), pick(all, i)) });
  const leafKey = { name: 'leaf.same-name.example', keys: await keyPair() };
  out.push({ name: 'leaf', der: await issue(leafKey, pick(all, n - 1), { ca: false, dns: leafKey.name }) });
  return out;
}

export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}
