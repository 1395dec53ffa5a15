/**
 * Writes test/fixtures/chain-adversarial/ (issue 16 deliverable 2): CA sets
 * that made path building exponential, each one certificate per file (a
 * folder) and all in one file. Fixed dates, read at 2026-01-01
 * (FIXTURE_NOW); keys differ on every run.
 *
 *   npx tsx scripts/gen-adversarial-chain-fixtures.ts
 *   node dist/cli.js scan --now 2026-01-01T00:00:00Z test/fixtures/chain-adversarial/mesh-expired-root
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { layered, mesh, toPem, type GeneratedCert } from './lib/adversarial-pki';

const OUT = join(__dirname, '..', 'test', 'fixtures', 'chain-adversarial');

function write(name: string, certs: readonly GeneratedCert[]): void {
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  for (const c of certs) writeFileSync(join(dir, `${c.name}.pem`), toPem(c.der));
  writeFileSync(join(OUT, `${name}.pem`), certs.map((c) => toPem(c.der)).join(''));
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // 10 CAs, 90 cross-certificates and a leaf: 91 files, no trust anchor anywhere.
  write('mesh', await mesh(10, 'none'));
  // The same mesh with an expired root for CA 9: every path reaches an anchor that fails.
  write('mesh-expired-root', await mesh(10, 'expired'));
  // 5 layers of 5 same-name CAs; only the last top root is valid, on the branch tried last.
  write('layered', await layered(5, 5, 'one-valid'));
  // The same shape with every top root expired: no valid path.
  write('layered-dead', await layered(5, 5, 'all-expired'));
}

void main();
