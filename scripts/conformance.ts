/**
 * Runs x509-limbo (../shared/conformance/limbo.json) or NIST PKITS
 * (../shared/conformance/pkits/cases.json) through validatePath.
 *
 *   npm run conformance                 # all limbo cases
 *   npm run conformance -- --filter rfc5280::   # ids containing a substring
 *   npm run conformance -- --check      # exit 1 when agreement is below FLOOR
 *   npm run conformance -- --suite pkits [--check]  # PKITS, test-results/pkits-results.json
 *   npm run conformance -- --file PATH  # any file in the x509-limbo format
 *
 * Cases run in worker threads; a case that takes longer than 5 s is recorded
 * as HANG and its worker replaced, so one pathological input cannot stall the
 * run. Writes test-results/limbo-results.json in the limbo result format
 * (`--file x.json`: test-results/x-results.json). A missing data file is a
 * failure (exit 2), never a skip.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { runLimboCase, type LimboCase, type LimboOutcome } from '../test/unit/core/chain/limbo-harness.js';
import { runPkitsCase, type PkitsCase, type PkitsOutcome } from '../test/unit/core/chain/pkits-harness.js';

/** Features we deliberately do not implement; cases carrying them are SKIPPED. */
export { SKIPPED_FEATURES } from '../test/unit/core/chain/limbo-harness.js';
import { SKIPPED_FEATURES } from '../test/unit/core/chain/limbo-harness.js';

/** Agreement floor for --check; raise it when the score improves. */
const FLOOR = 9772;
/** PKITS agreement floor for --suite pkits --check (of 249 cases). */
const PKITS_FLOOR = 247;
const CAP_MS = 5000;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const limboPath = resolve(root, '..', 'shared', 'conformance', 'limbo.json');
const pkitsDir = resolve(root, '..', 'shared', 'conformance', 'pkits');

type Job = { suite: 'limbo'; c: LimboCase } | { suite: 'pkits'; c: PkitsCase };

interface Result {
  id: string;
  actual_result: 'SUCCESS' | 'FAILURE' | 'SKIPPED' | 'HANG';
  context: string;
}

if (!isMainThread) {
  parentPort!.on('message', async (job: Job) => {
    let out: LimboOutcome | PkitsOutcome;
    try {
      out = job.suite === 'pkits' ? await runPkitsCase(job.c, pkitsDir) : await runLimboCase(job.c);
    } catch (e) {
      const context = `harness error: ${(e as Error).stack}`;
      out = job.suite === 'pkits' ? { got: 'invalid', reason: context } : { result: 'FAILURE', context };
    }
    parentPort!.postMessage(out);
  });
} else {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const suite = opt('--suite') ?? 'limbo';
  if (suite === 'pkits') void pkits(args);
  else if (suite === 'limbo') void main(args, opt('--file'));
  else {
    console.error(`unknown suite ${suite} (limbo, pkits)`);
    process.exit(2);
  }
}

/** Runs jobs on a small worker pool; a job without an answer within CAP_MS is 'HANG'. */
async function runPool<O>(jobs: readonly (Job | undefined)[], onResult: (i: number, out: O | 'HANG') => void): Promise<void> {
  let next = 0;
  const workers = Math.max(1, Math.min(availableParallelism(), 8));
  const lane = async (): Promise<void> => {
    let w = spawn();
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i];
      if (!job) continue;
      const out = await runInWorker<O>(w, job);
      if (out === 'HANG') {
        await w.terminate();
        w = spawn();
      }
      onResult(i, out);
    }
    await w.terminate();
  };
  await Promise.all(Array.from({ length: workers }, () => lane()));
}

async function main(args: string[], file: string | undefined): Promise<void> {
  const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : undefined;
  const dataPath = file ? resolve(file) : limboPath;
  if (!existsSync(dataPath)) {
    console.error(`${file ? 'x509-limbo format file' : 'limbo.json'} not found at ${dataPath}`);
    process.exit(2);
  }
  let limbo: { testcases: LimboCase[] };
  try {
    limbo = JSON.parse(readFileSync(dataPath, 'utf8')) as { testcases: LimboCase[] };
    if (!Array.isArray(limbo.testcases)) throw new Error('no "testcases" array');
  } catch (e) {
    console.error(`${dataPath} is not an x509-limbo file: ${(e as Error).message}`);
    process.exit(2);
  }
  const cases = limbo.testcases.filter((c) => !filter || c.id.includes(filter));
  const results: Result[] = new Array(cases.length);
  const started = Date.now();
  const jobs = cases.map((c, i): Job | undefined => {
    const skip = (c.features ?? []).find((f) => SKIPPED_FEATURES.includes(f));
    if (!skip) return { suite: 'limbo', c };
    results[i] = { id: c.id, actual_result: 'SKIPPED', context: `feature ${skip} not implemented` };
    return undefined;
  });
  await runPool<LimboOutcome>(jobs, (i, out) => {
    const id = cases[i]?.id ?? String(i);
    results[i] =
      out === 'HANG'
        ? { id, actual_result: 'HANG', context: `no verdict within ${CAP_MS} ms` }
        : { id, actual_result: out.result, context: out.context };
  });

  const out = { version: 1, harness: 'certlens', results };
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const resultName = file ? `${basename(file).replace(/\.json$/i, '')}-results.json` : 'limbo-results.json';
  writeFileSync(join(root, 'test-results', resultName), JSON.stringify(out, null, 2) + '\n');
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
  console.log(`results: test-results/${resultName}`);
  if (args.includes('--check') && !filter && !file && (tally.agree < FLOOR || tally.hang > 0)) {
    console.error(`agreement ${tally.agree} below floor ${FLOOR} or hangs present`);
    process.exit(1);
  }
}

function spawn(): Worker {
  // Node 20 cannot start a .ts worker entry directly; register tsx first.
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(fileURLToPath(import.meta.url))});`;
  return new Worker(boot, { eval: true });
}

function runInWorker<O>(w: Worker, job: Job): Promise<O | 'HANG'> {
  return new Promise((res) => {
    const timer = setTimeout(() => {
      w.off('message', onMsg);
      res('HANG');
    }, CAP_MS);
    const onMsg = (m: O): void => {
      clearTimeout(timer);
      res(m);
    };
    w.once('message', onMsg);
    w.postMessage(job);
  });
}

/** NIST PKITS: every case of cases.json; writes test-results/pkits-results.json (id, expected, got, reason). */
async function pkits(args: string[]): Promise<void> {
  const casesPath = join(pkitsDir, 'cases.json');
  if (!existsSync(casesPath)) {
    console.error(`PKITS cases.json not found at ${casesPath}`);
    process.exit(2);
  }
  const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : undefined;
  const cases = (JSON.parse(readFileSync(casesPath, 'utf8')) as PkitsCase[]).filter((c) => !filter || c.id.startsWith(filter));
  const started = Date.now();
  const results: { id: string; expected: string; got: string; reason: string; policies?: readonly string[] }[] = new Array(cases.length);
  await runPool<PkitsOutcome>(
    cases.map((c) => ({ suite: 'pkits', c })),
    (i, out) => {
      const c = cases[i];
      if (!c) return;
      results[i] =
        out === 'HANG'
          ? { id: c.id, expected: c.expected, got: 'HANG', reason: `no verdict within ${CAP_MS} ms` }
          : { id: c.id, expected: c.expected, got: out.got, reason: out.reason, ...(out.policies && { policies: out.policies }) };
    },
  );
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(
    join(root, 'test-results', 'pkits-results.json'),
    JSON.stringify({ version: 1, harness: 'certlens', results }, null, 2) + '\n',
  );
  const agree = results.filter((r) => r.got === r.expected).length;
  const hang = results.filter((r) => r.got === 'HANG').length;
  // The user-constrained-policy-set is an output of successful paths only (RFC 5280 §6.1.6).
  const expectedSet = new Map(cases.map((c) => [c.id, c.expectedPolicySet]));
  const policyChecked = results.filter((r) => r.got === 'valid' && r.expected === 'valid');
  const policyAgree = policyChecked.filter((r) => samePolicies(r.policies ?? [], expectedSet.get(r.id) ?? [])).length;
  if (args.includes('--verbose') || agree < results.length)
    for (const r of results) if (r.got !== r.expected) console.log(`DISAGREE ${r.id} expected ${r.expected} got ${r.got}: ${r.reason}`);
  if (args.includes('--verbose'))
    for (const r of policyChecked) {
      const want = expectedSet.get(r.id) ?? [];
      if (!samePolicies(r.policies ?? [], want))
        console.log(`POLICY ${r.id} expected [${want.join(', ')}] got [${(r.policies ?? []).join(', ')}]`);
    }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `PKITS: agree ${agree} / disagree ${results.length - agree - hang} / hang ${hang} / total ${results.length}; policy set agrees on ${policyAgree} of ${policyChecked.length} valid paths (${secs} s)`,
  );
  console.log('results: test-results/pkits-results.json');
  if (args.includes('--check') && !filter && (agree < PKITS_FLOOR || hang > 0)) {
    console.error(`PKITS agreement ${agree} below floor ${PKITS_FLOOR} or hangs present`);
    process.exit(1);
  }
}

function samePolicies(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
