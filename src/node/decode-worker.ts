/**
 * Worker-thread entry of the decode pool: reads and decodes the files it is
 * sent, and posts the results back (structured clone: plain data and
 * Uint8Arrays only). See decode-pool.ts.
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { loadFile, type LoadOptions, type LoadedFile } from './files';

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

const options = (workerData as { options?: LoadOptions } | undefined)?.options ?? {};

parentPort?.on('message', (job: DecodeJob) => {
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
