/**
 * The editor on a big file, outside VS Code (issue 16, "the editor never
 * blocks"). Two measurements, each against a baseline from the same run:
 *
 * 1. The main thread's longest block while a 20 MB bundle's decoded items
 *    (the integration test's bundle: one certificate varied 25,000 times)
 *    come back from a worker and are posted on to another (the report
 *    worker): as structured clones (before packed.ts) and packed (now). A
 *    10 ms ticker notes the longest gap; an echo worker stands for both.
 * 2. A clock tick's report of an unchanged bundle of chains (bench/lib
 *    chain-bundle.ts, `fullchain`, BUNDLE_MB, default 2) against the first
 *    report of the same items, in this process (report-job.ts).
 *
 *   npm run bench -- editor-big
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { decodeText, type DecodedFile } from '../src/core/analysis/decode';
import { DEFAULT_THRESHOLDS } from '../src/core/lint/expiry';
import { nodeDigest } from '../src/node/digest';
import { pack, unpackSliced } from '../src/node/packed';
import { applyState, chainReuse, runReport, type ReportJob } from '../src/node/report-job';
import { chainBundle } from './lib/chain-bundle';

const ROOT = join(__dirname, '..');
const ROUNDS = 3;

function bundle(template: Uint8Array, bytes: number): string {
  const der = Buffer.from(template);
  const blocks: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    der.writeUIntBE(i, der.length - 3, 3);
    const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
    const block = `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
    blocks.push(block);
    size += block.length;
  }
  return blocks.join('');
}

/** The longest gap between 10 ms ticks while `fn` runs (and one tick after). */
async function longestBlock(fn: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  await fn();
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(ticker);
  return worst;
}

/** A worker that posts back what it is sent, as the decode and report workers' replies cross. */
function echo(): Worker {
  return new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', (v) => parentPort.postMessage(v));", {
    eval: true,
  });
}

function roundTrip(worker: Worker, value: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(value);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

async function transport(): Promise<void> {
  const template = new Uint8Array(readFileSync(join(ROOT, 'test', 'fixtures', 'certs', 'healthy.der')));
  const decoded = await decodeText(bundle(template, 20e6), { digest: nodeDigest });
  const worker = echo();
  const cloned: number[] = [];
  const packed: number[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      // Before: the reply cloned in, the items cloned out again for the report job.
      cloned.push(await longestBlock(async () => roundTrip(worker, await roundTrip(worker, decoded))));
      // Now: slices serialised in the worker (here, once, outside the timing), read a turn at a time, posted on shared.
      const p = pack(decoded);
      packed.push(
        await longestBlock(async () => {
          const got = await unpackSliced<DecodedFile>((await roundTrip(worker, p)) as DecodedFile);
          await roundTrip(worker, pack(got));
        }),
      );
    }
  } finally {
    await worker.terminate();
  }
  const [c, p] = [median(cloned), median(packed)];
  console.log(`  20 MB bundle, ${decoded.items.length} items, ${ROUNDS} rounds alternated:`);
  console.log(
    `    longest main-thread block, structured clone (before): median ${c.toFixed(0)} ms [${cloned.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `    longest main-thread block, packed slices (now)      : median ${p.toFixed(0)} ms [${packed.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(`    ratio now / before: ${(p / c).toFixed(3)}`);
}

async function ticks(): Promise<void> {
  const mb = Number(process.env.BUNDLE_MB ?? 2);
  const b = await chainBundle(mb * 1e6, 'fullchain');
  const decoded = await decodeText(b.pem, { digest: nodeDigest });
  await applyState({ kind: 'workspace', files: [], anchors: [], policy: {} });
  const now = Date.now();
  const job = (nowMs: number, decodeId: string): ReportJob => ({
    kind: 'report',
    file: 'bundle.pem',
    decoded: { items: decoded.items, problems: decoded.problems },
    withWorkspace: true,
    nowMs,
    decodeId,
    thresholds: DEFAULT_THRESHOLDS,
    disabled: [],
    extra: [],
  });
  const first: number[] = [];
  const tick: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    await runReport(job(now, `d${r}`));
    first.push(performance.now() - t);
    t = performance.now();
    await runReport(job(now + 3_600_000, `d${r}`));
    tick.push(performance.now() - t);
  }
  const [f, k] = [median(first), median(tick)];
  console.log(`  ${mb} MB bundle of chains, ${decoded.items.length} certificates (${b.leaves} leaves), report in this process:`);
  console.log(`    first report (chains built)        : median ${f.toFixed(0)} ms`);
  console.log(`    clock tick an hour later (reused)  : median ${k.toFixed(0)} ms (chains reused ${chainReuse.stats.reused} times)`);
  console.log(`    ratio tick / first: ${(k / f).toFixed(3)}`);
}

async function main(): Promise<void> {
  await transport();
  await ticks();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
