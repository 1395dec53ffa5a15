/**
 * Worker thread entry (bundled as dist/editor-decode-worker.js): decodes text
 * and bytes, builds file reports (lint, chains, status) against a mirrored
 * workspace pool and lints cert-manager manifests, off the extension host's main
 * thread. Big results are posted packed (packed.ts). One request at a time; the client (worker-client.ts) queues, drops
 * superseded requests and terminates this thread to cancel a running one.
 */
import { parentPort } from 'node:worker_threads';
import type { EditorJob, EditorResult, WorkerRequest, WorkerResponse } from './decode-protocol';
import { runEditorJob } from './editor-jobs';
import { pack } from './packed';
import { useNodeSignatures } from './signature-engine';

// Chain reports check signatures as the CLI does: node:crypto, less work per check than WebCrypto (signature-engine.ts).
useNodeSignatures();

const port = parentPort;
port?.on('message', (req: WorkerRequest<EditorJob>) => {
  // id 0: state for the jobs that follow (the report worker's workspace mirror), no reply.
  if (req.id === 0) return void runEditorJob(req.job).catch(() => undefined);
  void runEditorJob(req.job).then(
    (result) => {
      // Big arrays (a 20 MB bundle's items, its report's findings) go as slices the main thread reads a turn at a time.
      port.postMessage({ id: req.id, ok: true, result: pack(result) as EditorResult } satisfies WorkerResponse<EditorResult>);
    },
    (e: unknown) =>
      port.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies WorkerResponse<EditorResult>),
  );
});
