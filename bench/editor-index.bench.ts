/**
 * The editor index in the real VS Code (issue 14, "In VS Code"): writes a
 * fleet workspace of N files (default 10,000 device leaves + root + issuing
 * CAs, bench/lib/fleet-gen.ts), opens it in code-server's VS Code 1.100 with
 * the integration runner, and runs only test/integration/index-bench.test.ts,
 * which edits one leaf ROUNDS times and logs from inside the extension host:
 * each incremental re-analysis (decode, chains, fleet, reports), the host's
 * memory, the first index and a reload from the store. Prints those numbers
 * and their ratios to the budgets (≤ 50 ms, ≤ 300 MB) and to the
 * first full index measured in the same run. Never asserts a time.
 *
 *   npx tsx bench/editor-index.bench.ts [N=10000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from './lib/fleet-gen';

const N = Number(process.argv[2] ?? 10_000);
const ROOT = join(__dirname, '..');
const LEAF = 'leaves/0/device-0000000.pem';

interface BenchLine {
  files: number;
  firstIndex: { ms: number; decoded: number; restored: number; rssMB: number; heapMB: number };
  incremental: {
    rounds: number;
    medianTotalMs: number;
    medianDecodeMs: number;
    medianChainsMs: number;
    medianFleetMs: number;
    medianReportsMs: number;
    totals: number[];
    reanalysed: number[];
  };
  memory: {
    rssMB: number;
    heapMB: number;
    externalMB: number;
    afterGc: boolean;
    beforeGc: { rssMB: number; heapMB: number };
    heapTotalMB?: number;
    arrayBuffersMB?: number;
    idle?: { rssMB: number; heapMB: number; heapTotalMB?: number; externalMB?: number; arrayBuffersMB?: number };
  };
  reload: { ms: number; decoded: number; restored: number };
  vscode: string;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'certlens-editor-index-'));
  try {
    const g0 = performance.now();
    await writeFleet(dir, N);
    console.log(`editor index: ${N + 2} files written in ${(performance.now() - g0).toFixed(0)} ms`);
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'vscode', 'run-integration.mjs'), '--grep', 'index bench'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: {
        ...process.env,
        CERTLENS_TEST_WORKSPACE: dir,
        CERTLENS_BENCH_INDEX: LEAF,
        CERTLENS_INTEGRATION_TIMEOUT: process.env.CERTLENS_INTEGRATION_TIMEOUT ?? '1800',
      },
    });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const line = /certlens-bench: (\{.*\})/.exec(out);
    if (!line?.[1]) {
      console.log(out.split('\n').slice(-40).join('\n'));
      console.log(`editor index: no result (runner exit ${r.status})`);
      process.exitCode = 1;
      return;
    }
    const b = JSON.parse(line[1]) as BenchLine;
    const inc = b.incremental;
    const ratio = (x: number, y: number) => (x / y).toFixed(2);
    console.log(`  VS Code ${b.vscode}, ${b.files} indexed files (logged from the extension host)`);
    console.log(`  first index            : ${b.firstIndex.ms} ms, ${b.firstIndex.decoded} decoded, RSS ${b.firstIndex.rssMB} MB`);
    console.log(
      `  incremental, one leaf  : median ${inc.medianTotalMs} ms over ${inc.rounds} edits (decode ${inc.medianDecodeMs}, chains ${inc.medianChainsMs}, fleet ${inc.medianFleetMs}, reports ${inc.medianReportsMs})`,
    );
    console.log(`                           runs ${inc.totals.join(', ')} ms; files re-analysed ${inc.reanalysed.join(', ')}`);
    console.log(
      `  vs budget 50 ms        : ${ratio(inc.medianTotalMs, 50)}×   vs first index: ${ratio(inc.medianTotalMs, b.firstIndex.ms)}×`,
    );
    console.log(
      `  extension host memory  : RSS ${b.memory.rssMB} MB, heap ${b.memory.heapMB} MB  (budget 300 MB: ${ratio(b.memory.rssMB, 300)}×)`,
    );
    // The main isolate's committed heap and off-heap memory: what the RSS holds besides live objects (worker isolates are the rest).
    const more = (m: { heapTotalMB?: number; externalMB?: number; arrayBuffersMB?: number }) =>
      `                           heap committed ${m.heapTotalMB ?? '?'} MB, external ${m.externalMB ?? '?'} MB, array buffers ${m.arrayBuffersMB ?? '?'} MB`;
    console.log(more(b.memory));
    if (b.memory.idle)
      console.log(
        `  … after 20 s idle      : RSS ${b.memory.idle.rssMB} MB, heap ${b.memory.idle.heapMB} MB  (budget 300 MB: ${ratio(b.memory.idle.rssMB, 300)}×)`,
      );
    if (b.memory.idle) console.log(more(b.memory.idle));
    console.log(`  reload from the store  : ${b.reload.ms} ms, ${b.reload.decoded} decoded, ${b.reload.restored} restored`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
