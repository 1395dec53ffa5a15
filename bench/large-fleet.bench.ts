/**
 * Large fleet: `certlens scan --format json --ca root.pem` on N files
 * (default 100,000): the unique device leaves of bench/lib/fleet-gen.ts,
 * each written to COPIES files (default 10), so N files hold N / COPIES
 * distinct certificates. Reports the time and the peak RSS (target
 * ≤ 1 GiB); never asserts.
 *
 *   npx tsx bench/large-fleet.bench.ts [N=100000] [COPIES=10]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureBuilt, fmt, timeCli } from './lib/cli';
import { writeFleet } from './lib/fleet-gen';

const N = Number(process.argv[2] ?? 100_000);
const COPIES = Number(process.argv[3] ?? 10);

async function main(): Promise<void> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'certlens-large-'));
  try {
    const g0 = performance.now();
    const fleet = await writeFleet(dir, Math.ceil(N / COPIES));
    for (let c = 1; c < COPIES; c++) {
      const copyDir = join(dir, 'leaves', `copy-${c}`);
      fleet.leaves.forEach((leaf, i) => {
        if (c * fleet.leaves.length + i >= N) return;
        const sub = join(copyDir, String(i % 100));
        if (i < 100) mkdirSync(sub, { recursive: true });
        copyFileSync(leaf, join(sub, basename(leaf)));
      });
    }
    console.log(`large fleet: ${N} files (${fleet.leaves.length} distinct leaves) written in ${(performance.now() - g0).toFixed(0)} ms`);
    const r = timeCli(['scan', '--format', 'json', '--ca', 'root.pem', 'issuing.pem', 'leaves'], dir);
    console.log(`  certlens scan --format json --ca : ${fmt(r.ms)} (exit ${r.status})`);
    console.log(`  peak RSS                         : ${r.maxRssMiB?.toFixed(0)} MiB  (target ≤ 1024)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
