/**
 * Validation time of a 3-certificate chain (leaf -> ICA -> root, RSA-2048,
 * test/fixtures/chain) after warm-up, against a baseline measured in the
 * same process: the raw WebCrypto verification of the chain's 2 signatures
 * with keys already imported.
 *
 * Then a workspace-scale run: 1 root, 100 intermediates and WORKSPACE_LEAVES
 * (default 2,000; generation dominates the run time) ECDSA P-256 leaves generated in memory with fixed dates;
 * one createPathValidator over the whole pool validates every leaf.
 *
 *   npx tsx bench/chain.bench.ts
 *   WORKSPACE_LEAVES=10000 npx tsx bench/chain.bench.ts
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as x509 from '@peculiar/x509';
import { parseCertificate, type ParsedCert } from '../src/core/chain/certificate.js';
import { EKU_OIDS, createPathValidator, validatePath, type CertInput } from '../src/core/chain/index.js';

const dir = join(__dirname, '..', 'test', 'fixtures', 'chain');
const der = (n: string): Uint8Array =>
  new Uint8Array(
    Buffer.from(
      readFileSync(join(dir, `${n}.pem`), 'utf8')
        .replace(/-----[^-]+-----/g, '')
        .replace(/\s+/g, ''),
      'base64',
    ),
  );
const leaf = der('leaf');
const ica = der('ica');
const root = der('root');
const NOW = new Date('2025-09-01T00:00:00Z');

async function median(label: string, iterations: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)]!;
  console.log(`${label}: median ${(m * 1000).toFixed(1)} µs over ${iterations} runs`);
  return m;
}

async function main(): Promise<void> {
  const input = {
    target: { der: leaf, ref: 'leaf' },
    intermediates: [{ der: ica, ref: 'ica' }],
    anchors: [{ der: root, ref: 'root', source: 'extra' as const }],
    now: NOW,
    peer: { kind: 'dns' as const, value: 'leaf.example.com' },
    requiredEkus: [EKU_OIDS.serverAuth],
  };
  const check = await validatePath(input);
  if (!check.ok) throw new Error(`fixture chain does not validate: ${check.reason?.code}`);

  // Baseline: the two RSA PKCS#1 v1.5 verifications alone, keys pre-imported (parsing is not timed).
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const [l, i, r] = [leaf, ica, root].map(parseCertificate) as [ParsedCert, ParsedCert, ParsedCert];
  const icaKey = await crypto.subtle.importKey('spki', i.spki as BufferSource, alg, false, ['verify']);
  const rootKey = await crypto.subtle.importKey('spki', r.spki as BufferSource, alg, false, ['verify']);
  const baseline = await median('baseline: 2 raw WebCrypto verifies', 2000, async () => {
    await crypto.subtle.verify(alg, icaKey, l.signature as BufferSource, l.tbs as BufferSource);
    await crypto.subtle.verify(alg, rootKey, i.signature as BufferSource, i.tbs as BufferSource);
  });
  const full = await median('validatePath (3-cert chain, parse cached)', 2000, () => validatePath(input));
  console.log(`ratio validatePath / baseline: ${(full / baseline).toFixed(2)}x`);
  await workspace(Number(process.env.WORKSPACE_LEAVES ?? 2_000));
}

/** Validates every leaf of a generated workspace against one indexed pool. */
async function workspace(leaves: number): Promise<void> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const notBefore = new Date('2025-01-01T00:00:00Z');
  const notAfter = new Date('2030-01-01T00:00:00Z');
  let serial = 1;
  const issue = async (name: string, keys: CryptoKeyPair, issuer: { name: string; keys: CryptoKeyPair } | undefined, ca: boolean) => {
    const exts: x509.Extension[] = [
      new x509.BasicConstraintsExtension(ca, undefined, true),
      new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ];
    if (issuer) exts.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
    if (!ca)
      exts.push(
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }]),
        new x509.ExtendedKeyUsageExtension([EKU_OIDS.serverAuth]),
      );
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (serial++).toString(16).padStart(8, '0'),
      subject: `CN=${name}`,
      issuer: `CN=${issuer?.name ?? name}`,
      notBefore,
      notAfter,
      signingAlgorithm: alg,
      publicKey: keys.publicKey,
      signingKey: (issuer ?? { keys }).keys.privateKey,
      extensions: exts,
    });
    return new Uint8Array(cert.rawData);
  };
  const t0 = performance.now();
  const gen = () => crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
  const root = { name: 'Workspace Root', keys: await gen() };
  const rootDer = await issue(root.name, root.keys, undefined, true);
  const icas = await Promise.all(Array.from({ length: 100 }, async (_, i) => ({ name: `Workspace ICA ${i}`, keys: await gen() })));
  const pool: CertInput<string>[] = [];
  for (const ica of icas) pool.push({ der: await issue(ica.name, ica.keys, root, true), ref: ica.name });
  const leafKeys = await gen(); // one key for all leaves: generation cost is not what we measure
  const targets: CertInput<string>[] = [];
  for (let i = 0; i < leaves; i++)
    targets.push({ der: await issue(`host${i}.example.com`, leafKeys, icas[i % icas.length]!, false), ref: `leaf${i}` });
  pool.push(...targets);
  const t1 = performance.now();
  const v = createPathValidator({ intermediates: pool, anchors: [{ der: rootDer, ref: 'root', source: 'store' }] });
  let ok = 0;
  for (const t of targets) if ((await v.validate(t, { now: NOW, requiredEkus: [EKU_OIDS.serverAuth] })).ok) ok++;
  const t2 = performance.now();
  console.log(
    `workspace: ${pool.length + 1} certificates (generated in ${((t1 - t0) / 1000).toFixed(1)} s); ` +
      `validated ${targets.length} leaves (${ok} ok) in ${((t2 - t1) / 1000).toFixed(2)} s, ${(((t2 - t1) / targets.length) * 1000).toFixed(0)} µs per leaf`,
  );
}

void main();
