/**
 * The editor's decodes, in a worker thread (editor-decode-worker.ts) so the
 * extension host's main thread never blocks on a big file; superseding,
 * cancellation on edit or close, and the main-thread fallback are
 * `WorkerClient`'s. `ManifestLintClient` does the same for the cert-manager
 * lint.
 */
import type { DecodedFile } from '../core/analysis/decode';
import type { ManifestResult } from '../core/cert-manager';
import type { DecodeJob, ManifestLintJob } from './decode-protocol';
import { runDecode, runManifestLint } from './editor-jobs';
import { JobCancelled, WorkerClient, type WorkerClientOptions } from './worker-client';

export type { DecodeJob, ManifestLintJob } from './decode-protocol';
export { JobCancelled as DecodeCancelled } from './worker-client';
export type DecodeClientOptions = WorkerClientOptions;

/** The decode the worker runs, on this thread: the fallback. */
export const decodeInProcess = runDecode;

export class DecodeClient extends WorkerClient<DecodeJob, DecodedFile> {
  constructor(options: WorkerClientOptions) {
    super(options, runDecode, 'decode');
  }

  decode(key: string, job: DecodeJob): Promise<DecodedFile> {
    return this.run(key, job);
  }

  /** True once the worker failed and decodes run on this thread. */
  get inProcess(): boolean {
    return this.onMainThread;
  }
}

export class ManifestLintClient extends WorkerClient<ManifestLintJob, ManifestResult[]> {
  constructor(options: WorkerClientOptions) {
    super(options, runManifestLint, 'lint');
  }
}

export { JobCancelled };
