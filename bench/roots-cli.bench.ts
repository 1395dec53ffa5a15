/**
 * System roots, end to end: `certlens scan --no-chain` on N files of system
 * roots (CLI start-up, decoding, lint, output included) against
 * `openssl storeutl -noout -certs` on one file holding them all; and the
 * same scan with chains. Same run, ratios only.
 *
 *   npx tsx bench/roots-cli.bench.ts [N=10000]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '../src/core/pem/base64';
import { scanPem } from '../src/core/pem/scanner';
import { ensureBuilt, fmt, timeCli, timeCommand } from './lib/cli';

const N = Number(process.argv[2] ?? 10_000);
const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function main(): void {
  ensureBuilt();
  const roots = scanPem(readFileSync(BUNDLE, 'utf8')).blocks.map((b) => toPem('CERTIFICATE', b.der!));
  const dir = mkdtempSync(join(tmpdir(), 'certlens-roots-'));
  try {
    const all: string[] = [];
    for (let i = 0; i < N; i++) {
      const sub = join(dir, 'certs', String(i % 100));
      if (i < 100) mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `cert-${i}.pem`), roots[i % roots.length]!);
      all.push(roots[i % roots.length]!);
    }
    writeFileSync(join(dir, 'all.pem'), all.join(''));
    const openssl = timeCommand('openssl', ['storeutl', '-noout', '-certs', 'all.pem'], dir);
    const noChain = timeCli(['scan', '--no-chain', 'certs'], dir);
    const chains = timeCli(['scan', 'certs'], dir);
    console.log(`roots: ${N} files from ${roots.length} system roots`);
    console.log(`  openssl storeutl, one file      : ${fmt(openssl.ms)}`);
    console.log(
      `  certlens scan --no-chain        : ${fmt(noChain.ms)} (exit ${noChain.status}, peak RSS ${noChain.maxRssMiB?.toFixed(0)} MiB)`,
    );
    console.log(`  certlens scan (chains)          : ${fmt(chains.ms)} (exit ${chains.status})`);
    console.log(`  ratio --no-chain/openssl        : ${(noChain.ms / openssl.ms).toFixed(2)}  (target ≤ 1.00)`);
    console.log(`  ratio chains/openssl            : ${(chains.ms / openssl.ms).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
