/**
 * The editor's report building (lint, chains, revocation, status: core's
 * `buildFileReport`) as worker jobs, so a file of 25,000 certificates never
 * blocks the extension host (issue 16). The worker keeps the workspace pool
 * of the latest generation, prepared from a `WorkspaceJob` posted once per
 * generation; each `ReportJob` carries one file's decode and settings. The
 * report comes back without what the caller already holds (items, text).
 * The same functions run on the main thread when no worker can start.
 */
import type { DecodedFile } from '../core/analysis/decode';
import { buildFileReport, type FileReport } from '../core/analysis/file-report';
import type { PolicyInputs } from '../core/chain/policy';
import type { ChainAnchor } from '../core/chain/pool';
import { prepareWorkspace, type DecodedWorkspaceFile, type WorkspaceChains } from '../core/chain/workspace';
import type { ExpiryThresholds } from '../core/lint/expiry';
import { storeRootFingerprints } from '../core/lint/profile';
import type { Problem } from '../core/types';

/** The workspace pool's inputs: every indexed file's items, the trust anchors, the required policies. */
export interface WorkspaceJob {
  readonly kind: 'workspace';
  readonly generation: number;
  readonly files: readonly DecodedWorkspaceFile[];
  readonly anchors: readonly ChainAnchor[];
  readonly policy: PolicyInputs;
}

export interface ReportJob {
  readonly kind: 'report';
  readonly file: string;
  readonly decoded: Pick<DecodedFile, 'items' | 'problems'>;
  /** Against the workspace pool of the last `WorkspaceJob`; false for a file with nothing to chain. */
  readonly withWorkspace: boolean;
  readonly nowMs: number;
  readonly thresholds: ExpiryThresholds;
  readonly disabled: readonly string[];
  readonly extra: readonly Problem[];
}

/** A FileReport without the parts the caller sent or holds. */
export type ReportResult = Omit<FileReport, 'file' | 'text' | 'items' | 'secrets'>;

interface Prepared {
  readonly workspace: WorkspaceChains;
  readonly trustedRoots: ReadonlySet<string>;
}

/** Module state of the thread that runs the jobs: the latest workspace pool. */
let current: { readonly generation: number; readonly prepared: Promise<Prepared> } | undefined;

export function setWorkspace(job: WorkspaceJob): Promise<number> {
  if (current?.generation === job.generation) return Promise.resolve(job.generation);
  const prepared = (async (): Promise<Prepared> => ({
    workspace: prepareWorkspace(job.files, job.anchors, { policy: job.policy, clock: () => performance.now() }),
    trustedRoots: await storeRootFingerprints(job.anchors),
  }))();
  current = { generation: job.generation, prepared };
  return prepared.then(() => job.generation);
}

export async function runReport(job: ReportJob): Promise<ReportResult> {
  const context = job.withWorkspace && current ? await current.prepared : undefined;
  const report = await buildFileReport(
    { file: job.file, decoded: { items: job.decoded.items, problems: job.decoded.problems } },
    {
      now: new Date(job.nowMs),
      thresholds: job.thresholds,
      disabled: new Set(job.disabled),
      ...(context && { workspace: context.workspace, trustedRoots: context.trustedRoots }),
      extra: job.extra,
    },
  );
  const { file: _file, text: _text, items: _items, secrets: _secrets, ...rest } = report;
  return rest;
}
