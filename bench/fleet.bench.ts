/**
 * Fleet chain scan, end to end: `certlens scan --format json --ca root.pem`
 * over N device leaves (2 issuing CAs under 1 root, one file each) against
 * `openssl verify -CAfile root.pem -untrusted issuing.pem` over the same
 * leaves, in the same run. Prints the ratio; never asserts a time.
 *
 * Each side runs RUNS times in alternation (default 3); medians are shown.
 *
 *   npx tsx bench/fleet.bench.ts [N=10000] [RUNS=3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { alternate, ensureBuilt, fmt, timeCli, timeCommand, type Timed } from './lib/cli';
import { writeFleet } from './lib/fleet-gen';

const N = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 3);

async function main(): Promise<void> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'certlens-fleet-'));
  try {
    const g0 = performance.now();
    const fleet = await writeFleet(dir, N);
    console.log(`fleet: ${N} leaves written in ${(performance.now() - g0).toFixed(0)} ms`);
    const leaves = fleet.leaves.map((l) => relative(dir, l));
    const [openssl, ours] = alternate(RUNS, [
      () => timeCommand('openssl', ['verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', ...leaves], dir),
      () => timeCli(['scan', '--format', 'json', '--ca', 'root.pem', 'issuing.pem', 'leaves'], dir),
    ]) as [Timed, Timed];
    const oursOne = timeCli(['scan', '--format', 'json', '--ca', 'root.pem', 'issuing.pem', 'leaves/0'], dir);
    console.log(`  median of ${RUNS} alternating runs each`);
    console.log(`  openssl verify, ${N} leaves            : ${fmt(openssl.ms)} (exit ${openssl.status})`);
    console.log(
      `  certlens scan --format json --ca       : ${fmt(ours.ms)} (exit ${ours.status}, peak RSS ${ours.maxRssMiB?.toFixed(0)} MiB)`,
    );
    console.log(`  certlens start-up (${Math.ceil(N / 100)} leaves)         : ${fmt(oursOne.ms)}`);
    console.log(`  ratio certlens/openssl                 : ${(ours.ms / openssl.ms).toFixed(2)}  (target ≤ 1.00)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
