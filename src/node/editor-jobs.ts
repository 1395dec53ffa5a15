/**
 * The jobs of the editor's workers, as one function each: the worker
 * (editor-decode-worker.ts) runs them, and the clients run the same function
 * on the main thread when no worker can start. So a result never depends on
 * where it was computed.
 */
import { decodeBinary, decodeText, type DecodedFile } from '../core/analysis/decode';
import { lintManifests, type ManifestResult } from '../core/cert-manager';
import type { DecodeJob, EditorJob, EditorResult, ManifestLintJob } from './decode-protocol';
import { nodeDigest } from './digest';
import { applyState, runReport } from './report-job';

export function runDecode(job: DecodeJob): Promise<DecodedFile> {
  if (job.kind === 'text') return decodeText(job.text, { structured: job.structured, digest: nodeDigest });
  return decodeBinary(job.bytes, job.password === undefined ? { digest: nodeDigest } : { password: job.password, digest: nodeDigest });
}

export function runManifestLint(job: ManifestLintJob): Promise<ManifestResult[]> {
  return Promise.resolve(lintManifests(job.files, { ...job.options, now: new Date(job.nowMs) }));
}

export function runEditorJob(job: EditorJob): Promise<EditorResult> {
  switch (job.kind) {
    case 'cert-manager':
      return runManifestLint(job);
    case 'report':
      return runReport(job);
    case 'workspace':
    case 'workspace-change':
      return applyState(job).then(() => 0);
    default:
      return runDecode(job);
  }
}
