/**
 * Worker thread entry (bundled as dist/editor-decode-worker.js): decodes text and
 * bytes off the extension host's main thread. One request at a time; the
 * client (decode-client.ts) queues, drops superseded requests and
 * terminates this thread to cancel a running one.
 */
import { parentPort } from 'node:worker_threads';
import { decodeBinary, decodeText, type DecodedFile } from '../core/analysis/decode';
import { nodeDigest } from './digest';
import type { DecodeRequest, DecodeResponse } from './decode-protocol';

async function handle(req: DecodeRequest): Promise<DecodedFile> {
  if (req.kind === 'text') return decodeText(req.text, { structured: req.structured, digest: nodeDigest });
  return decodeBinary(req.bytes, req.password === undefined ? { digest: nodeDigest } : { password: req.password, digest: nodeDigest });
}

const port = parentPort;
port?.on('message', (req: DecodeRequest) => {
  void handle(req).then(
    (decoded) => port.postMessage({ id: req.id, ok: true, decoded } satisfies DecodeResponse),
    (e: unknown) => port.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies DecodeResponse),
  );
});
