/**
 * One large multi-document YAML file decoded on every core: the text is cut
 * at document-start lines (core/analysis/decode-split.ts), this thread
 * decodes the first part while decode workers (decode-worker.ts) decode the
 * others, and the parts are merged into exactly what `decodeText` gives for
 * the whole text. Parsing is most of the time a YAML file takes, and the
 * reference parser (`yaml`) it is measured against is the one used here, so
 * only more threads can make the CLI match it (bench/hostile.bench.ts).
 */
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { decodePemInto, type DecodedFile, type DecodeSink } from '../core/analysis/decode';
import { decodeSplitPart, mergeSplit, planSplit, splitJobs, type SplitPartResult } from '../core/analysis/decode-split';
import type { SplitPartMessage } from './decode-worker';
import type { DigestFn } from '../core/x509/digest';
import { workerEntry } from './decode-worker-entry';

/** Below this many characters a file is decoded on one thread: starting a worker costs about 50–100 ms. */
export const SPLIT_MIN_CHARS = 4 * 1024 * 1024;

/** A worker boots and loads its bundle while this thread plans and decodes: its part is a little smaller. */
const WORKER_WEIGHT = 0.85;

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
  const plan = planSplit(text, [1, ...Array.from({ length: threads - 1 }, () => WORKER_WEIGHT)]);
  if (!plan) return undefined;
  const workers = plan.parts
    .slice(1)
    .map(() =>
      entry.source
        ? new Worker(`require('tsx/cjs');require(${JSON.stringify(entry.file)})`, { eval: true, workerData: {} })
        : new Worker(entry.file, { workerData: {} }),
    );
  try {
    // The PEM scanner's state crosses documents: it reads the whole text, here, as decodeText does.
    const pem: DecodeSink = { items: [], problems: [], digest };
    await decodePemInto(text, pem);
    const [first, ...rest] = splitJobs(text, plan, pem.items);
    // A worker that fails gives no part, and the caller decodes the text whole.
    const remote = rest.map(
      (job, i) =>
        new Promise<SplitPartResult | undefined>((resolve) => {
          const w = workers[i];
          if (!w) return resolve(undefined);
          w.once('message', (r: SplitPartResult) => resolve(r));
          w.once('error', () => resolve(undefined));
          w.once('exit', () => resolve(undefined));
          w.postMessage({ kind: 'yaml-part', job } satisfies SplitPartMessage);
        }),
    );
    const local = first ? await decodeSplitPart(first, digest) : undefined;
    const parts = [local, ...(await Promise.all(remote))].filter((p): p is SplitPartResult => p !== undefined);
    const decoded = mergeSplit(plan, { items: pem.items, problems: pem.problems }, parts);
    if (!decoded) return undefined;
    return { decoded, clean: plan.limits.length === 0, lintMayRead: parts.some((p) => p.lintMayRead) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
