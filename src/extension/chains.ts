import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChainAnchor } from '../core/chain/findings';
import { storeRootFingerprints } from '../core/lint/profile';
import { pairKeys } from '../core/analysis/key-pairing';
import { DependantsIndex } from '../core/chain/dependants-index';
import { prepareWorkspace, type DecodedWorkspaceFile, type WorkspaceChains } from '../core/chain/workspace';
import { loadTrustStore } from '../node/trust-store';
import { Config } from './config';
import { background, log } from './log';
import type { Item } from '../core/analysis/decode';
import type { FileAnalysis } from './analyses';
import type { IndexFileChange, WorkspaceIndex } from './workspace-index';
import { cpuClockMs } from '../node/cpu-clock';

/** The workspace's cross-file analysis and the trust store's root fingerprints: explicit inputs of every report. */
export interface WorkspaceContext {
  readonly workspace: WorkspaceChains;
  readonly trustedRoots: ReadonlySet<string>;
}

/**
 * The workspace pool (every certificate file of WorkspaceIndex) and the trust
 * anchors (`certlens.trust.*`), prepared once and rebuilt when either
 * changes. `generation` counts the rebuilds: reports are cached per generation.
 */
export class WorkspaceChainService implements vscode.Disposable {
  private prepared: Promise<WorkspaceContext | undefined> | undefined;
  /** File key (see `key`) → URI, for lenses that open the matching file. */
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private gen = 0;
  private readonly keys = new WeakMap<FileAnalysis, DecodedWorkspaceFile>();
  private anchors: Promise<ChainAnchor[]> | undefined;
  private trustedRoots: Promise<Set<string>> | undefined;
  /** The index's files as dependants lookups, built on the first change and patched per change after it. */
  private dependants: DependantsIndex | undefined;

  constructor(private readonly index: WorkspaceIndex) {
    this.subscriptions = [
      // Per-file changes go through applyChange (IncrementalAnalysis): only their dependants are re-analysed.
      index.onDidChange((c) => c.files === undefined && this.reset()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'trust')) this.reset();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
    ];
  }

  get generation(): number {
    return this.gen;
  }

  private reset(): void {
    this.prepared = undefined;
    this.anchors = undefined;
    this.trustedRoots = undefined;
    this.dependants = undefined;
    this.gen++;
    this.changed.fire();
  }

  /** Never throws: a failure is logged and yields no cross-file analysis. */
  context(): Promise<WorkspaceContext | undefined> {
    this.prepared ??= background('chains: prepare the workspace', async () => {
      const files = await this.index.all();
      const anchors = (this.anchors ??= loadAnchors());
      const trustedRoots = (this.trustedRoots ??= anchors.then(storeRootFingerprints));
      const required = Config.requiredPolicies();
      for (const p of required.problems) log().warn(p);
      // Issuers only: leaves are validated from their own file's items, so the pool stays small (and so does memory).
      const workspace = prepareWorkspace(this.decodedFiles(files), await anchors, {
        policy: required.policy,
        clock: cpuClockMs,
        issuersOnly: true,
      });
      return { workspace, trustedRoots: await trustedRoots };
    });
    return this.prepared;
  }

  /**
   * One file of the index changed: the pool is prepared again on next use
   * (from the records in memory), and the URIs (strings) of the files whose
   * chain, revocation or key-pairing findings may change are returned.
   */
  applyChange(change: IndexFileChange): Set<string> {
    const [before, after] = [change.before?.decoded.items ?? [], change.after?.decoded.items ?? []];
    const file = key(change.uri);
    const index = (this.dependants ??= new DependantsIndex(this.decodedFiles(this.index.current())));
    index.set(file, change.after?.decoded.items);
    if (change.after) this.uris.set(file, change.uri);
    const { files: deps, poolChanged } = index.dependants(file, before, after);
    const hasKey = (items: readonly Item[]) => items.some((i) => i.kind === 'private-key' || i.kind === 'public-key');
    const pairing = hasKey(before) || hasKey(after) || [...deps].some((f) => hasKey(index.items(f) ?? []));
    const prev = this.prepared;
    // The pool holds issuers only and revocation only CRLs and their issuers: a change to neither keeps them.
    if (!prev || poolChanged) this.prepared = undefined;
    else if (pairing)
      this.prepared = prev.then(
        (ctx) => ctx && { ...ctx, workspace: { ...ctx.workspace, pairing: pairKeys(this.decodedFiles(this.index.current())) } },
      );
    const out = new Set<string>();
    for (const d of deps) {
      const uri = this.uris.get(d);
      if (uri) out.add(uri.toString());
    }
    return out;
  }

  /** The index's files as the pool sees them, keyed by `key` (one object per file version: asRelativePath and 10,000 allocations are not free per change). */
  private decodedFiles(files: readonly FileAnalysis[]): DecodedWorkspaceFile[] {
    return files.map((f) => {
      let d = this.keys.get(f);
      if (d === undefined) {
        d = { file: key(f.uri), items: f.decoded.items };
        this.keys.set(f, d);
        this.uris.set(d.file, f.uri);
      }
      return d;
    });
  }

  /** The URI of a file key of the pool (KeyLens matches, ChainStep.where). */
  uriOf(file: string): vscode.Uri | undefined {
    return this.uris.get(file);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

/** File keys are workspace-relative paths (absolute outside it), so key pairing sees base names and folders. */
export function key(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri, false) : uri.toString();
}

/** The trust store plus `certlens.trust.extraAnchors`, as chain anchors (restricted mode: the store only). */
export async function loadAnchors(): Promise<ChainAnchor[]> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const extra = Config.extraAnchors().map((p) => (path.isAbsolute(p) || !folder ? p : path.join(folder, p)));
  const store = await loadTrustStore({
    systemTrust: Config.systemTrust(),
    extraFiles: extra,
    readText: async (p) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(p))),
  });
  for (const e of store.errors) log().warn(`certlens.trust.extraAnchors: ${e.file}: ${e.message}`);
  return store.anchors.map((a) => ({
    der: a.der,
    source: a.source,
    label: a.ref.origin === 'extra' ? `extraAnchors: ${vscode.workspace.asRelativePath(a.ref.file ?? '')}` : 'trust store',
  }));
}
