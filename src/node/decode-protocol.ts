/**
 * Messages between the extension host and its worker
 * (src/node/editor-decode-worker.ts). Everything here is structured-cloned: plain
 * data only (items carry their DER as Uint8Array, which clones as is). Big
 * arrays travel packed (packed.ts): a reply's as `Packed`, a job's items as the
 * slices they reached the main thread in.
 */
import type { DecodedFile } from '../core/analysis/decode';
import type { LintOptions, ManifestResult, YamlFile } from '../core/cert-manager';
import type { ReportResult, ReportState, WireReportJob } from './report-job';

export type DecodeJob = { kind: 'text'; text: string; structured: boolean } | { kind: 'binary'; bytes: Uint8Array; password?: string };

/** `lintManifests` of the first file against the others; the clock travels as a number. */
export interface ManifestLintJob {
  readonly kind: 'cert-manager';
  readonly files: readonly YamlFile[];
  readonly nowMs: number;
  readonly options: Omit<LintOptions, 'now'>;
}

export type EditorJob = DecodeJob | ManifestLintJob | WireReportJob | ReportState;

export interface WorkerRequest<Job> {
  readonly id: number;
  readonly job: Job;
}

export type WorkerResponse<Result> =
  { readonly id: number; readonly ok: true; readonly result: Result } | { readonly id: number; readonly ok: false; readonly error: string };

export type EditorResult = DecodedFile | ManifestResult[] | ReportResult | number;
