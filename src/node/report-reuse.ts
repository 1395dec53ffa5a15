/**
 * A clock tick rebuilds every shown file's report (countdowns follow the
 * clock), and a 20 MB bundle's chains take minutes to build. The chain and
 * revocation findings depend on the clock only through validity bounds
 * (core/analysis/time-bounds.ts): for the same decode of a file against the
 * same prepared pool, when no certificate or CRL of the file, the pool or the
 * trust anchors has a bound between the last build's clock and this one, the
 * last findings are the answer. Lint, supersessions and status, linear in the
 * items, are built again at every tick.
 */
import type { Item } from '../core/analysis/decode';
import { boundBetween, mergeBounds, timeBounds } from '../core/analysis/time-bounds';
import type { ChainAnchor } from '../core/chain/findings';
import type { WorkspaceChains } from '../core/chain/workspace';
import { summarizeOnce } from '../core/analysis/certificate-parse';
import { nodeDigest } from './digest';

type Findings = ReturnType<WorkspaceChains['findings']>;
type Revocation = ReturnType<WorkspaceChains['revocation']>;

interface Last {
  readonly decodeId: string;
  readonly workspace: object;
  readonly nowMs: number;
  readonly bounds: readonly number[];
  findings?: Findings;
  revocation?: Revocation;
}

/** Counts for the tests and logs: builds reused and built. */
export interface ReuseStats {
  reused: number;
  built: number;
}

/** Files whose last findings are kept: the shown ones, not the whole workspace's (the inventory reports every file). */
const KEEP = 16;

/** The last chain and revocation findings of each file (the last decode only), per thread. */
export class ChainReuse {
  private readonly last = new Map<string, Last>();
  private readonly poolBounds = new WeakMap<object, Promise<number[]>>();
  readonly stats: ReuseStats = { reused: 0, built: 0 };

  /**
   * `workspace` as `buildFileReport` reads it for one file's job, answering
   * from the last findings when they still hold. `decodeId` names the decode
   * (the same items, spans and all); `pool` are every indexed file's items.
   */
  async wrap(
    workspace: WorkspaceChains,
    job: { readonly file: string; readonly decodeId?: string; readonly nowMs: number },
    items: readonly Item[],
    pool: () => Iterable<Item>,
    anchors: readonly ChainAnchor[],
  ): Promise<WorkspaceChains> {
    const { decodeId, file, nowMs } = job;
    if (decodeId === undefined) return workspace;
    let poolBounds = this.poolBounds.get(workspace.prepared);
    if (!poolBounds) {
      poolBounds = anchorBounds(anchors).then((a) => mergeBounds(timeBounds(pool()), a));
      this.poolBounds.set(workspace.prepared, poolBounds);
    }
    const bounds = mergeBounds(timeBounds(items), await poolBounds);
    const prev = this.last.get(file);
    const holds = prev && prev.decodeId === decodeId && prev.workspace === workspace.prepared && !boundBetween(bounds, prev.nowMs, nowMs);
    const entry: Last = holds && prev ? prev : { decodeId, workspace: workspace.prepared, nowMs, bounds };
    this.last.delete(file);
    this.last.set(file, entry);
    if (this.last.size > KEEP) this.last.delete(this.last.keys().next().value ?? file);
    const stats = this.stats;
    return {
      ...workspace,
      findings(f, i, now) {
        if (entry.findings) {
          stats.reused++;
          return entry.findings;
        }
        stats.built++;
        const p = workspace.findings(f, i, now);
        entry.findings = p;
        // A failed build is not kept: the next job tries again.
        p.catch(() => entry.findings === p && delete entry.findings);
        return p;
      },
      revocation(f, i, now) {
        if (entry.revocation) return entry.revocation;
        const p = workspace.revocation(f, i, now);
        entry.revocation = p;
        p.catch(() => entry.revocation === p && delete entry.revocation);
        return p;
      },
    };
  }

  /** Forgets a file's findings (it closed, or its report was cancelled). */
  forget(file: string): void {
    this.last.delete(file);
  }
}

/** The validity bounds of the trust anchors (they may be checked like any certificate of a path). */
async function anchorBounds(anchors: readonly ChainAnchor[]): Promise<number[]> {
  const out: number[] = [];
  for (const a of anchors) {
    const s = await summarizeOnce(a.der, nodeDigest).catch(() => undefined);
    if (s) out.push(s.notBefore, s.notAfter);
  }
  return out;
}
