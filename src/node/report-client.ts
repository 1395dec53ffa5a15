/**
 * The editor's report workers (report-job.ts runs in them): the workspace
 * pool's inputs are posted to each worker whole once (`reset`) and then per
 * file (`change`), and replayed whole to a worker that starts again (after an
 * idle stop or a cancel). Big files (a 20 MB bundle's 25,000 certificates)
 * build in a worker of their own, so one long report never holds up the
 * reports of ordinary files (badges, lenses of other editors, the inventory).
 * Superseding, cancellation and the in-process fallback are WorkerClient's.
 */
import type { Item } from '../core/analysis/decode';
import type { DependantsIndex } from '../core/chain/dependants-index';
import type { ChainAnchor } from '../core/chain/findings';
import type { PolicyInputs } from '../core/chain/policy';
import {
  applyState,
  runReport,
  type MirroredFile,
  type ReportJob,
  type ReportResult,
  type ReportState,
  type WireReportJob,
  type WorkspaceChange,
  type WorkspaceState,
} from './report-job';
import { packedOf, type PackedArray, type UnpackProgress } from './packed';
import { WorkerClient, type WorkerClientOptions } from './worker-client';

export type { ReportJob, ReportResult, WorkspaceChange, WorkspaceState } from './report-job';

/** Reports of files with more items than this build in the big-file worker. */
export const BIG_REPORT_ITEMS = 1000;

export interface ReportWorkersOptions extends WorkerClientOptions {
  /** Default BIG_REPORT_ITEMS. */
  readonly bigItems?: number;
}

interface Mirror {
  readonly files: Map<string, MirroredFile>;
  readonly anchors: readonly ChainAnchor[];
  readonly policy: PolicyInputs;
}

export class ReportWorkers {
  private mirror: Mirror | undefined;
  private readonly small: WorkerClient<WireReportJob, ReportResult, ReportState>;
  private readonly big: WorkerClient<WireReportJob, ReportResult, ReportState>;
  private readonly bigItems: number;

  constructor(options: ReportWorkersOptions) {
    const state = { initial: (): ReportState | undefined => this.state(), applyHere: (s: ReportState) => applyState(s) };
    this.small = new WorkerClient(options, runReport, 'report', state);
    this.big = new WorkerClient(options, runReport, 'big-file report', state);
    this.bigItems = options.bigItems ?? BIG_REPORT_ITEMS;
  }

  /** False until the first `reset`, and again after `clear`: jobs against the workspace wait for a reset. */
  get ready(): boolean {
    return this.mirror !== undefined;
  }

  /** The pool's inputs, whole (a new generation): posted to both workers. */
  reset(state: WorkspaceState): void {
    this.mirror = { files: new Map(state.files.map((f) => [f.file, f])), anchors: state.anchors, policy: state.policy };
    const wire = this.state();
    if (wire) {
      this.small.post(wire);
      this.big.post(wire);
    }
  }

  /** The inputs are stale (trust settings, a rebuilt index): the next job against the workspace waits for a `reset`. */
  clear(): void {
    this.mirror = undefined;
  }

  /** One file changed: the mirror and both workers follow (ignored before the first reset, which will include it). */
  change(c: WorkspaceChange): void {
    const m = this.mirror;
    if (!m) return;
    if (c.items && c.items.length > 0) m.files.set(c.file, { file: c.file, order: c.order, items: c.items });
    else m.files.delete(c.file);
    const wire: ReportState = { ...c, ...(c.items && { items: wired(c.items) }) };
    this.small.post(wire);
    this.big.post(wire);
  }

  /** What a starting worker is told first: the mirror as it is now. */
  private state(): ReportState | undefined {
    const m = this.mirror;
    const files = [...(m?.files.values() ?? [])].map((f) => ({ ...f, items: wired(f.items) }));
    return m && { kind: 'workspace', files, anchors: m.anchors, policy: m.policy };
  }

  /**
   * @param supersedeRunning false: a running report of `key` (the same
   *   document version) finishes instead of its worker being terminated.
   */
  run(key: string, job: ReportJob, supersedeRunning: boolean): Promise<ReportResult> {
    const big = job.decoded.items.length > this.bigItems;
    // A file that crossed the threshold leaves nothing behind in the other worker.
    (big ? this.small : this.big).cancel(key, supersedeRunning);
    const wire: WireReportJob = { ...job, decoded: { items: wired(job.decoded.items), problems: job.decoded.problems } };
    return (big ? this.big : this.small).run(key, wire, supersedeRunning);
  }

  /**
   * Drops the reports of `key` (an edit, a close). A running big-file report
   * is stopped by terminating its worker; a running ordinary one (milliseconds)
   * finishes, so typing in a small file never restarts a worker.
   */
  cancel(key: string): void {
    this.big.cancel(key, true);
    this.small.cancel(key, false);
  }

  /** A big report's reply being read on this thread, a slice per turn. */
  get receiving(): UnpackProgress | undefined {
    return this.big.receiving ?? this.small.receiving;
  }

  /** True once reports build on this thread (no worker could start). */
  get onMainThread(): boolean {
    return this.small.onMainThread && this.big.onMainThread;
  }

  /** Workers started so far (tests). */
  get started(): number {
    return this.small.started + this.big.started;
  }

  dispose(): void {
    this.small.dispose();
    this.big.dispose();
  }
}

/** Items as posted: an array that reached this thread packed goes as its slices, not serialised again here. */
function wired<T extends readonly Item[]>(items: T): T | PackedArray {
  return packedOf(items) ?? items;
}

/**
 * One indexed file changed: `index` (the workspace's dependants lookups) is
 * patched, and the change is described as the report workers apply it (does
 * it touch the issuers-only pool or CRLs, does it touch key pairing), with the
 * files whose chain, revocation or key-pairing findings may change.
 */
export function describeChange(
  index: DependantsIndex,
  file: string,
  order: string,
  before: readonly Item[],
  after: readonly Item[] | undefined,
): { change: WorkspaceChange; dependants: Set<string> } {
  index.set(file, after);
  const { files, poolChanged } = index.dependants(file, before, after ?? []);
  const hasKey = (items: readonly Item[]) => items.some((i) => i.kind === 'private-key' || i.kind === 'public-key');
  const pairing = hasKey(before) || hasKey(after ?? []) || [...files].some((f) => hasKey(index.items(f) ?? []));
  return { change: { kind: 'workspace-change', file, order, ...(after && { items: after }), poolChanged, pairing }, dependants: files };
}
