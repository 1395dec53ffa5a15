/**
 * One large multi-document YAML file decoded on every core: the text is cut
 * at document-start lines into a few parts per core
 * (core/analysis/decode-split.ts), this thread and decode workers
 * (decode-worker.ts) each take the next part until none is left, and the
 * parts are merged into exactly what `decodeText` gives for the whole text. Parsing is most of the time a YAML file takes, and the
 * reference parser (`yaml`) it is measured against is the one used here, so
 * only more threads can make the CLI match it (bench/hostile.bench.ts).
 */
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { decodePemInto, type DecodedFile, type DecodeSink } from '../core/analysis/decode';
import { decodeSplitPart, mergeSplit, planSplit, splitJobs, type SplitPartResult } from '../core/analysis/decode-split';
import type { SplitPartReply, SplitPartsMessage } from './decode-worker';
import type { DigestFn } from '../core/x509/digest';
import { workerEntry } from './decode-worker-entry';

/** Below this many characters a file is decoded on one thread: starting a worker costs about 50–100 ms. */
export const SPLIT_MIN_CHARS = 4 * 1024 * 1024;

/** Parts per thread: the last part taken bounds how long one thread may wait for another. */
const PARTS_PER_THREAD = 4;

export interface SplitDecode {
  readonly decoded: DecodedFile;
  /** No YAML limit was hit (and, as the text was split, no document has a syntax error). */
  readonly clean: boolean;
  /** `lintMayReadText` of the text, found part by part (cert-manager/prescreen.ts). */
  readonly lintMayRead: boolean;
}

export interface SplitOptions {
  /** Threads to use, this one included; default: every core. */
  readonly threads?: number;
  /** Default SPLIT_MIN_CHARS (tests use small texts). */
  readonly minChars?: number;
}

/**
 * `decodeText(text, { structured: true, digest })` on several threads, or
 * undefined when the text is small, unsafe to split (see planSplit) or when
 * called from a worker: the caller then decodes it whole.
 */
export async function decodeStructuredSplit(text: string, digest: DigestFn, options: SplitOptions = {}): Promise<SplitDecode | undefined> {
  const threads = options.threads ?? availableParallelism();
  if (!isMainThread || threads < 2 || text.length < (options.minChars ?? SPLIT_MIN_CHARS)) return undefined;
  const entry = workerEntry();
  if (!entry) return undefined;
  const plan = planSplit(
    text,
    Array.from({ length: threads * PARTS_PER_THREAD }, () => 1),
  );
  if (!plan) return undefined;
  const workers = Array.from({ length: threads - 1 }, () =>
    entry.source
      ? new Worker(`require('tsx/cjs');require(${JSON.stringify(entry.file)})`, { eval: true, workerData: {} })
      : new Worker(entry.file, { workerData: {} }),
  );
  try {
    // The PEM scanner's state crosses documents: it reads the whole text, here, as decodeText does.
    const pem: DecodeSink = { items: [], problems: [], digest };
    await decodePemInto(text, pem);
    const jobs = splitJobs(text, plan, pem.items);
    // Every thread takes the next part from one shared counter, this one at once, a worker once it has
    // started: no thread waits for another while parts are left (a worker takes ~0.1 s to start).
    const next = new Int32Array(new SharedArrayBuffer(4));
    const results: Array<SplitPartResult | undefined> = new Array(jobs.length);
    // A worker that fails leaves its part undone, and the caller decodes the text whole.
    const remote = workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.on('message', (m: SplitPartReply) => {
            if (m.part) results[m.index] = m.part;
            else resolve();
          });
          w.once('error', () => resolve());
          w.once('exit', () => resolve());
          w.postMessage({ kind: 'yaml-parts', jobs, next } satisfies SplitPartsMessage);
        }),
    );
    for (let k = Atomics.add(next, 0, 1); k < jobs.length; k = Atomics.add(next, 0, 1)) {
      const job = jobs[k];
      if (job) results[k] = await decodeSplitPart(job, digest);
    }
    await Promise.all(remote);
    const parts = results.filter((p): p is SplitPartResult => p !== undefined);
    const decoded = mergeSplit(plan, { items: pem.items, problems: pem.problems }, parts);
    if (!decoded) return undefined;
    return { decoded, clean: plan.limits.length === 0, lintMayRead: parts.some((p) => p.lintMayRead) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
