/**
 * Reads and decodes many files on every core: worker threads take chunks of
 * paths from a shared queue (so a slow file does not idle the others) and
 * results come back in path order. Small scans stay on the main thread,
 * where starting workers would cost more than it saves.
 *
 * The bundled CLI runs `dist/decode-worker.js`; under tsx (tests, benches)
 * the worker is the TypeScript source, loaded through tsx.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CertificateInterner } from './certificate-interner';
import { mapOrdered } from './concurrency';
import type { DecodeJob, DecodeResult } from './decode-worker';
import { loadFile, type LoadOptions, type LoadedFile } from './files';
import { workerEntry } from './decode-worker-entry';

/** Below this many files the main thread decodes alone. */
export const PARALLEL_THRESHOLD = 256;
const CHUNK = 128;

export interface PoolOptions extends LoadOptions {
  /** Worker count; default: every core. 1 or less decodes on the main thread. */
  readonly threads?: number;
}

/** A path that vanished or became unreadable between the walk and the read. */
export class DecodeReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
  }
}

/** Loads every path; `undefined` for a file with nothing certificate-like (see loadFile). */
export async function loadFiles(
  paths: readonly string[],
  explicit: ReadonlySet<string>,
  options: PoolOptions = {},
  regular: ReadonlySet<string> = new Set(),
): Promise<Array<LoadedFile | undefined>> {
  const threads = Math.min(options.threads ?? availableParallelism(), Math.ceil(paths.length / CHUNK));
  // Under tsx (tests, benches) the worker is the TypeScript source, required through tsx's CommonJS hook.
  const worker = workerEntry();
  const { threads: _t, ...load } = options;
  const interner = new CertificateInterner();
  const intern = (f: LoadedFile | undefined): LoadedFile | undefined => {
    if (f) interner.items(f.decoded.items);
    return f;
  };
  if (threads <= 1 || paths.length < PARALLEL_THRESHOLD || !worker) {
    const out: Array<LoadedFile | undefined> = [];
    for await (const f of mapOrdered(paths, 16, (p) => loadFile(p, explicit.has(p), load, undefined, { regular: regular.has(p) })))
      out.push(intern(f));
    return out;
  }
  const results: Array<LoadedFile | undefined> = new Array(paths.length);
  let next = 0;
  let failure: Error | undefined;
  const run = (w: Worker) =>
    new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= paths.length || failure) {
          resolve();
          return;
        }
        const start = next;
        const chunk = paths.slice(start, start + CHUNK);
        next += chunk.length;
        w.once('message', (r: DecodeResult) => {
          r.files.forEach((f, i) => {
            if (f && 'error' in f) failure ??= new DecodeReadError(f.path, f.error);
            else results[start + i] = intern(f);
          });
          send();
        });
        w.postMessage({
          id: start,
          paths: chunk,
          explicit: chunk.map((p) => explicit.has(p)),
          regular: chunk.map((p) => regular.has(p)),
        } satisfies DecodeJob);
      };
      w.once('error', reject);
      send();
    });
  const workers = Array.from({ length: threads }, () =>
    worker.source
      ? new Worker(`require('tsx/cjs');require(${JSON.stringify(worker.file)})`, { eval: true, workerData: { options: load } })
      : new Worker(worker.file, { workerData: { options: load } }),
  );
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failure) throw failure;
  return results;
}
