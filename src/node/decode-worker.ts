/**
 * Worker-thread entry of the decode pool: reads and decodes the files it is
 * sent, and posts the results back (structured clone: plain data and
 * Uint8Arrays only). See decode-pool.ts.
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { loadFile, type LoadOptions, type LoadedFile } from './files';
import { decodeSplitPart, type SplitPartJob, type SplitPartResult } from '../core/analysis/decode-split';
import { nodeDigest } from './digest';

export interface DecodeJob {
  readonly id: number;
  readonly paths: readonly string[];
  readonly explicit: readonly boolean[];
  /** Per path: the walk listed it as a regular file. */
  readonly regular?: readonly boolean[];
}
export interface DecodeResult {
  readonly id: number;
  readonly files: ReadonlyArray<LoadedFile | { readonly path: string; readonly error: string } | undefined>;
}

/**
 * The parts of a large YAML file (split-decode.ts): the worker takes the next
 * part from the shared counter until none is left, answers each with a
 * `SplitPartReply`, then with one without `part`.
 */
export interface SplitPartsMessage {
  readonly kind: 'yaml-parts';
  readonly jobs: readonly SplitPartJob[];
  readonly next: Int32Array;
}
export interface SplitPartReply {
  readonly index: number;
  readonly part?: SplitPartResult;
}

const options = (workerData as { options?: LoadOptions } | undefined)?.options ?? {};

parentPort?.on('message', (job: DecodeJob | SplitPartsMessage) => {
  if ('kind' in job) {
    void decodeParts(job);
    return;
  }
  void (async () => {
    const files: DecodeResult['files'][number][] = [];
    for (const [i, path] of job.paths.entries()) {
      try {
        files.push(await loadFile(path, job.explicit[i] ?? false, options, undefined, { regular: job.regular?.[i] ?? false }));
      } catch (err) {
        files.push({ path, error: (err as NodeJS.ErrnoException).code ?? String(err) });
      }
    }
    parentPort?.postMessage({ id: job.id, files } satisfies DecodeResult);
  })();
});

async function decodeParts({ jobs, next }: SplitPartsMessage): Promise<void> {
  for (let k = Atomics.add(next, 0, 1); k < jobs.length; k = Atomics.add(next, 0, 1)) {
    const job = jobs[k];
    if (job) parentPort?.postMessage({ index: k, part: await decodeSplitPart(job, nodeDigest) } satisfies SplitPartReply);
  }
  parentPort?.postMessage({ index: -1 } satisfies SplitPartReply);
}
