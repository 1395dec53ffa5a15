/**
 * System roots, end to end: `certlens scan --no-chain` on N files of system
 * roots (CLI start-up, decoding, lint, output included) against
 * `openssl storeutl -noout -certs` on one file holding them all; and the
 * same scan with chains. Same run, ratios only.
 *
 * Each command runs RUNS times in alternation (default 3); medians are shown.
 *
 *   npx tsx bench/roots-cli.bench.ts [N=10000] [RUNS=3]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '../src/core/pem/base64';
import { scanPem } from '../src/core/pem/scanner';
import { alternate, ensureBuilt, fmt, timeCli, timeCommand, type Timed } from './lib/cli';

const N = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 3);
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
    const [openssl, noChain, chains] = alternate(RUNS, [
      () => timeCommand('openssl', ['storeutl', '-noout', '-certs', 'all.pem'], dir),
      () => timeCli(['scan', '--no-chain', 'certs'], dir),
      () => timeCli(['scan', 'certs'], dir),
    ]) as [Timed, Timed, Timed];
    console.log(`roots: ${N} files from ${roots.length} system roots (median of ${RUNS} alternating runs each)`);
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
