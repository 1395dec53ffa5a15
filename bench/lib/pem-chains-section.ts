/**
 * The hostile bench's `pemchain` section (issue 16: a 20 MB PEM bundle with
 * chains): three 20 MB bundles of non-root chains (chain-bundle.ts), each
 * through `certlens scan` with chains against `openssl storeutl -noout
 * -certs` on the same file (medians of BENCH_RUNS runs, default 3,
 * interleaved), then `buildFileReport` in this process with the editor's
 * inputs: an issuers-only workspace over the file and the system trust store
 * (src/extension/chains.ts), timed once. Prints; never asserts a time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../../src/core/analysis/decode';
import { buildFileReport } from '../../src/core/analysis/file-report';
import { prepareWorkspace } from '../../src/core/chain/workspace';
import { storeRootFingerprints } from '../../src/core/lint/profile';
import { cpuClockMs } from '../../src/node/cpu-clock';
import { loadTrustStore } from '../../src/node/trust-store';
import { chainBundle, type BundleShape } from './chain-bundle';
import { line, timedMedians } from './gnu-time';

const SHAPES: ReadonlyArray<readonly [BundleShape, string]> = [
  ['fullchain', 'fullchain files (leaf, issuing CA, root)'],
  ['leaves', 'distinct leaves of one CA'],
  ['mixed', 'fullchains mixed with system roots'],
];

/** Seconds of decoding `file` and of `buildFileReport` on it with the editor's workspace inputs. */
async function reportInProcess(file: string): Promise<{ decode: number; report: number; findings: number }> {
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const decoded = await decodeText(text);
  const t1 = performance.now();
  const { anchors } = await loadTrustStore({});
  const trustedRoots = await storeRootFingerprints(anchors);
  const t2 = performance.now();
  const workspace = prepareWorkspace([{ file, items: decoded.items }], anchors, { clock: cpuClockMs, issuersOnly: true });
  const report = await buildFileReport({ file, text, decoded }, { now: new Date(), trustedRoots, workspace });
  return { decode: (t1 - t0) / 1000, report: (performance.now() - t2) / 1000, findings: report.findings.length };
}

export async function pemChains(dir: string, limit: number, systemRoots: readonly Uint8Array[], cli: string): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  for (const [shape, label] of SHAPES) {
    const b = await chainBundle(limit, shape, systemRoots);
    const file = join(dir, `chains-${shape}.pem`);
    writeFileSync(file, b.pem);
    console.log(
      `PEM of chains, ${label}: ${b.certificates} certificates (${b.leaves} leaves), ${(b.pem.length / 1048576).toFixed(1)} MiB (medians of ${runs})`,
    );
    const [openssl, scan] = timedMedians(
      [
        ['openssl', ['storeutl', '-noout', '-certs', file]],
        [process.execPath, [cli, 'scan', file]],
      ],
      runs,
    );
    if (!openssl || !scan) continue;
    line('openssl storeutl -noout -certs', openssl);
    line('certlens scan (chains)', scan, openssl);
    const r = await reportInProcess(file);
    console.log(
      `  ${'buildFileReport in process (editor inputs)'.padEnd(44)} ${r.report.toFixed(2).padStart(7)} s  (decode ${r.decode.toFixed(2)} s, ${r.findings} findings)`,
    );
  }
}
