/**
 * Runs x509-limbo (../shared/conformance/limbo.json) through validatePath.
 *
 *   npm run conformance                 # all cases
 *   npm run conformance -- --filter rfc5280::   # ids containing a substring
 *   npm run conformance -- --check      # exit 1 when agreement is below FLOOR
 *
 * Cases run in worker threads; a case that takes longer than 5 s is recorded
 * as HANG and its worker replaced, so one pathological input cannot stall the
 * run. Writes test-results/limbo-results.json in the limbo result format.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { runLimboCase, type LimboCase, type LimboOutcome } from '../test/unit/core/chain/limbo-harness.js';

/** Features we deliberately do not implement; cases carrying them are SKIPPED. */
export { SKIPPED_FEATURES } from '../test/unit/core/chain/limbo-harness.js';
import { SKIPPED_FEATURES } from '../test/unit/core/chain/limbo-harness.js';

/** Agreement floor for --check; raise it when the score improves. */
const FLOOR = 9764;
const CAP_MS = 5000;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const limboPath = resolve(root, '..', 'shared', 'conformance', 'limbo.json');

interface Result {
  id: string;
  actual_result: 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'HANG';
  context: string;
}

if (!isMainThread) {
  parentPort!.on('message', async (c: LimboCase) => {
    let out: LimboOutcome;
    try {
      out = await runLimboCase(c);
    } catch (e) {
      out = { result: 'FAILURE', context: `harness error: ${(e as Error).stack}` };
    }
    parentPort!.postMessage(out);
  });
} else {
  void main();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : undefined;
  if (!existsSync(limboPath)) {
    console.error(`limbo.json not found at ${limboPath}`);
    process.exit(2);
  }
  const limbo = JSON.parse(readFileSync(limboPath, 'utf8')) as { testcases: LimboCase[] };
  const cases = limbo.testcases.filter((c) => !filter || c.id.includes(filter));
  const results: Result[] = new Array(cases.length);
  const started = Date.now();
  let next = 0;
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  await Promise.all(Array.from({ length: workers }, () => lane()));

  async function lane(): Promise<void> {
    let w = spawn();
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const skip = c.features.find((f) => SKIPPED_FEATURES.includes(f));
      if (skip) {
        results[i] = { id: c.id, actual_result: 'SKIPPED', context: `feature ${skip} not implemented` };
        continue;
      }
      const out = await runInWorker(w, c);
      if (out === 'HANG') {
        await w.terminate();
        w = spawn();
        results[i] = { id: c.id, actual_result: 'HANG', context: `no verdict within ${CAP_MS} ms` };
      } else results[i] = { id: c.id, actual_result: out.result, context: out.context };
    }
    await w.terminate();
  }

  const out = { version: 1, harness: 'certlens', results };
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', 'limbo-results.json'), JSON.stringify(out, null, 2) + '\n');
  const tally = { agree: 0, usucc: 0, ufail: 0, skip: 0, hang: 0 };
  cases.forEach((c, i) => {
    const r = results[i]!;
    if (r.actual_result === 'SKIPPED') tally.skip++;
    else if (r.actual_result === 'HANG') tally.hang++;
    else if (r.actual_result === c.expected_result) tally.agree++;
    else if (r.actual_result === 'SUCCESS') tally.usucc++;
    else tally.ufail++;
  });
  if (args.includes('--verbose'))
    cases.forEach((c, i) => {
      const r = results[i]!;
      if (r.actual_result !== c.expected_result && r.actual_result !== 'SKIPPED')
        console.log(`DISAGREE ${c.id} expected ${c.expected_result} got ${r.actual_result}: ${r.context}`);
    });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`skipped features: ${SKIPPED_FEATURES.join(', ')}`);
  console.log(
    `agree ${tally.agree} / unexpected success ${tally.usucc} / unexpected failure ${tally.ufail} / skipped ${tally.skip} / hang ${tally.hang} / total ${cases.length} (${secs} s)`,
  );
  if (args.includes('--check') && !filter && (tally.agree < FLOOR || tally.hang > 0)) {
    console.error(`agreement ${tally.agree} below floor ${FLOOR} or hangs present`);
    process.exit(1);
  }
}

function spawn(): Worker {
  // Node 20 cannot start a .ts worker entry directly; register tsx first.
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(fileURLToPath(import.meta.url))});`;
  return new Worker(boot, { eval: true });
}

function runInWorker(w: Worker, c: LimboCase): Promise<LimboOutcome | 'HANG'> {
  return new Promise((res) => {
    const timer = setTimeout(() => {
      w.off('message', onMsg);
      res('HANG');
    }, CAP_MS);
    const onMsg = (m: LimboOutcome): void => {
      clearTimeout(timer);
      res(m);
    };
    w.once('message', onMsg);
    w.postMessage(c);
  });
}
