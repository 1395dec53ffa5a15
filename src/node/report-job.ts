/**
 * The editor's report building (lint, chains, revocation, status: core's
 * `buildFileReport`) as worker jobs, so a file of 25,000 certificates never
 * blocks the extension host (issue 16). The thread that runs the jobs keeps a
 * mirror of the workspace pool's inputs: every indexed file's items, the
 * trust anchors and the required policies, posted whole once
 * (`WorkspaceState`) and then patched per file (`WorkspaceChange`), with the
 * same decisions the extension's WorkspaceChainService makes (prepare the
 * pool again when the change touched it, pair keys again when it touched a
 * key). Each `ReportJob` carries one file's decode and settings; the report
 * comes back without what the caller already holds (items, text, secrets).
 * The same functions run on the main thread when no worker can start.
 */
import type { DecodedFile, Item } from '../core/analysis/decode';
import { buildFileReport, type FileReport } from '../core/analysis/file-report';
import { pairKeys } from '../core/analysis/key-pairing';
import type { ChainAnchor } from '../core/chain/findings';
import type { PolicyInputs } from '../core/chain/policy';
import { prepareWorkspace, type DecodedWorkspaceFile, type WorkspaceChains } from '../core/chain/workspace';
import type { FleetAnalysis } from '../core/lifecycle/analyze-fleet';
import type { Supersession } from '../core/lifecycle/rotation';
import type { ExpiryThresholds } from '../core/lint/expiry';
import { storeRootFingerprints } from '../core/lint/profile';
import type { Problem } from '../core/types';
import { cpuClockMs } from './cpu-clock';
import { isPackedArray, unpackArray, type PackedArray } from './packed';
import { ChainReuse } from './report-reuse';

/** One indexed file as the pool sees it; `order` (its URI) keeps the index's order. */
export interface MirroredFile extends DecodedWorkspaceFile {
  readonly order: string;
}

/** Items as posted: a big array as the slices it came to the main thread in (packed.ts), not serialised again there. */
export type WireItems = readonly Item[] | PackedArray;

export function itemsOf<T extends readonly Item[]>(items: T | PackedArray): T {
  return isPackedArray(items) ? (unpackArray(items) as unknown as T) : items;
}

/** The pool's inputs, whole: every indexed file, the trust anchors, the required policies. */
export interface WorkspaceState {
  readonly kind: 'workspace';
  readonly files: readonly MirroredFile[];
  readonly anchors: readonly ChainAnchor[];
  readonly policy: PolicyInputs;
}

/** One indexed file changed (`items` absent: removed), with what it changed (chains.ts `applyChange`). */
export interface WorkspaceChange {
  readonly kind: 'workspace-change';
  readonly file: string;
  readonly order: string;
  readonly items?: readonly Item[];
  /** An issuer or CRL changed: the pool is prepared again on next use. */
  readonly poolChanged: boolean;
  /** A key or its partners changed: key pairing is computed again. */
  readonly pairing: boolean;
}

/** The state messages as posted: items may be packed. */
export type ReportState =
  | (Omit<WorkspaceState, 'files'> & { readonly files: ReadonlyArray<Omit<MirroredFile, 'items'> & { readonly items: WireItems }> })
  | (Omit<WorkspaceChange, 'items'> & { readonly items?: WireItems });

export interface ReportJob {
  readonly kind: 'report';
  readonly file: string;
  readonly decoded: Pick<DecodedFile, 'items' | 'problems'>;
  /** Against the mirrored workspace pool; false for a file with nothing to chain. */
  readonly withWorkspace: boolean;
  readonly nowMs: number;
  /**
   * Names this decode of the file (the same items, spans and all): a later job
   * with the same id against the same pool reuses its chain findings while no
   * validity bound lies between the two clocks (report-reuse.ts).
   */
  readonly decodeId?: string;
  readonly thresholds: ExpiryThresholds;
  readonly disabled: readonly string[];
  readonly extra: readonly Problem[];
  /** The fleet's supersessions of this file's certificates (by SHA-256): all a report takes from the fleet. */
  readonly superseded?: ReadonlyMap<string, Supersession>;
}

/** A report job as posted: its items may be packed. */
export type WireReportJob = Omit<ReportJob, 'decoded'> & {
  readonly decoded: { readonly items: DecodedFile['items'] | PackedArray; readonly problems: DecodedFile['problems'] };
};

/** A FileReport without the parts the caller sent or holds. */
export type ReportResult = Omit<FileReport, 'file' | 'text' | 'items' | 'secrets'>;

interface Prepared {
  readonly workspace: WorkspaceChains;
  readonly trustedRoots: ReadonlySet<string>;
}

/** Module state of the thread that runs the jobs: the mirror and the pool prepared from it. */
let mirror: { files: Map<string, MirroredFile>; anchors: readonly ChainAnchor[]; policy: PolicyInputs } | undefined;
let prepared: Promise<Prepared> | undefined;
let trustedRoots: Promise<Set<string>> | undefined;

/** The mirrored files in the index's order (URI order, files with items only), as WorkspaceIndex.current(). */
function filesInOrder(): MirroredFile[] {
  const files = mirror ? [...mirror.files.values()] : [];
  return files.sort((a, b) => (a.order < b.order ? -1 : 1));
}

export function applyState(state: ReportState): Promise<void> {
  if (state.kind === 'workspace') {
    const files = state.files.map((f): MirroredFile => ({ ...f, items: itemsOf(f.items) }));
    mirror = { files: new Map(files.map((f) => [f.file, f])), anchors: state.anchors, policy: state.policy };
    prepared = undefined;
    trustedRoots = storeRootFingerprints(state.anchors);
    return Promise.resolve();
  }
  if (!mirror) return Promise.resolve();
  const items = state.items && itemsOf(state.items);
  if (items && items.length > 0) mirror.files.set(state.file, { file: state.file, order: state.order, items });
  else mirror.files.delete(state.file);
  const prev = prepared;
  if (!prev || state.poolChanged) prepared = undefined;
  else if (state.pairing) prepared = prev.then((ctx) => ({ ...ctx, workspace: { ...ctx.workspace, pairing: pairKeys(filesInOrder()) } }));
  return Promise.resolve();
}

function context(): Promise<Prepared> | undefined {
  const m = mirror;
  if (!m) return undefined;
  prepared ??= (async (): Promise<Prepared> => ({
    // Issuers only, as the extension's pool: leaves are validated from their own file's items.
    workspace: prepareWorkspace(filesInOrder(), m.anchors, { policy: m.policy, clock: cpuClockMs, issuersOnly: true }),
    trustedRoots: await (trustedRoots ??= storeRootFingerprints(m.anchors)),
  }))();
  return prepared;
}

/** The chain findings kept for the clock's next tick, on this thread. */
export const chainReuse = new ChainReuse();

export async function runReport(job: WireReportJob): Promise<ReportResult> {
  const ctx = job.withWorkspace ? await context() : undefined;
  const items = itemsOf(job.decoded.items);
  const anchors = mirror?.anchors ?? [];
  const pool = function* () {
    for (const f of mirror?.files.values() ?? []) yield* f.items;
  };
  const workspace = ctx && (await chainReuse.wrap(ctx.workspace, job, items, pool, anchors));
  const fleet: FleetAnalysis | undefined = job.superseded && { identities: [], superseded: job.superseded, findings: new Map() };
  const report = await buildFileReport(
    { file: job.file, decoded: { items, problems: job.decoded.problems } },
    {
      now: new Date(job.nowMs),
      thresholds: job.thresholds,
      disabled: new Set(job.disabled),
      ...(ctx && workspace && { workspace, trustedRoots: ctx.trustedRoots }),
      ...(fleet && { fleet }),
      extra: job.extra,
    },
  );
  const { file: _file, text: _text, items: _items, secrets: _secrets, ...rest } = report;
  return rest;
}

/**
 * The fleet's supersessions a report can use: those of the file's
 * certificates and of the certificates other findings (`extra`) name, which
 * is all `mergeFleetFindings` reads of `supersessionOnly(fleet)`.
 */
export function supersessionsOf(
  items: readonly Item[],
  extra: readonly Problem[],
  superseded: ReadonlyMap<string, Supersession>,
): Map<string, Supersession> {
  const out = new Map<string, Supersession>();
  const add = (sha: unknown) => {
    const s = typeof sha === 'string' ? superseded.get(sha) : undefined;
    if (s && typeof sha === 'string') out.set(sha, s);
  };
  for (const i of items) if (i.kind === 'certificate') add(i.certificate.sha256);
  for (const p of extra) if (p.code === 'cert-expiring') add(p.data?.sha256);
  return out;
}
