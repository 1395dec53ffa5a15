// The editor index bench (bench/editor-index.bench.ts): registered only when
// CERTLENS_BENCH_INDEX names a leaf of the generated fleet workspace. Edits
// that one leaf repeatedly and logs, from inside the real extension host,
// each incremental re-analysis and the host's memory as one
// `certlens-bench:` JSON line. Asserts conditions only, never a time.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { fixture } from './util';
import { changeAndWait, indexApi, type Reanalysis } from './index.test';

const leaf = process.env.CERTLENS_BENCH_INDEX;
const ROUNDS = 9;

/** A full GC, so the heap figure is what the index keeps, not garbage waiting for collection. */
function collectGarbage(): boolean {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (n: number) => Math.round(n / 1e5) / 10;

if (leaf)
  suite('editor index bench', () => {
    test('index bench: edit one leaf of the fleet workspace', async () => {
      const index = await indexApi();
      const t0 = performance.now();
      const built = await index.ready();
      const buildMs = Math.round(performance.now() - t0);
      const afterBuild = process.memoryUsage();
      const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture(leaf)));
      const runs: Reanalysis[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        // Alternate a trailing blank line: a real change on disk (size and mtime), the same certificate.
        runs.push(await changeAndWait(index, leaf, i % 2 === 0 ? `${original}\n` : original));
      }
      const stats = index.stats();
      assert.equal(stats.decoded - built.decoded, ROUNDS, 'each edit decodes the edited file only');
      for (const r of runs) assert.ok(r.reanalysed < built.files / 10, `${r.reanalysed} files re-analysed for one leaf`);
      const beforeGc = process.memoryUsage();
      const collected = collectGarbage();
      const memory = process.memoryUsage();
      // Then write the index store (as 30 s after an edit, index-store.ts) and idle past the decode workers’ idle stop (worker-client.ts, 10 s): the memory the workspace keeps between edits.
      await index.flushStore();
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      collectGarbage();
      const idle = process.memoryUsage();
      const t1 = performance.now();
      const reloaded = await index.reloadFromStore();
      const reloadMs = Math.round(performance.now() - t1);
      assert.equal(reloaded.decoded, 0);
      const result = {
        files: built.files,
        firstIndex: {
          ms: buildMs,
          decoded: built.decoded,
          restored: built.restored,
          rssMB: mb(afterBuild.rss),
          heapMB: mb(afterBuild.heapUsed),
        },
        incremental: {
          rounds: ROUNDS,
          medianTotalMs: median(runs.map((r) => r.totalMs)),
          medianDecodeMs: median(runs.map((r) => r.decodeMs)),
          medianChainsMs: median(runs.map((r) => r.chainsMs)),
          medianFleetMs: median(runs.map((r) => r.fleetMs)),
          medianReportsMs: median(runs.map((r) => r.reportsMs)),
          totals: runs.map((r) => r.totalMs),
          reanalysed: runs.map((r) => r.reanalysed),
        },
        memory: {
          rssMB: mb(memory.rss),
          heapMB: mb(memory.heapUsed),
          externalMB: mb(memory.external),
          heapTotalMB: mb(memory.heapTotal),
          arrayBuffersMB: mb(memory.arrayBuffers),
          afterGc: collected,
          beforeGc: { rssMB: mb(beforeGc.rss), heapMB: mb(beforeGc.heapUsed) },
          idle: {
            rssMB: mb(idle.rss),
            heapMB: mb(idle.heapUsed),
            heapTotalMB: mb(idle.heapTotal),
            externalMB: mb(idle.external),
            arrayBuffersMB: mb(idle.arrayBuffers),
          },
        },
        reload: { ms: reloadMs, decoded: reloaded.decoded, restored: reloaded.restored },
        vscode: vscode.version,
      };
      console.log(`certlens-bench: ${JSON.stringify(result)}`);
    }, 1_500_000);
  });
