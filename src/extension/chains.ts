import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChainAnchor } from '../core/chain/findings';
import { DependantsIndex } from '../core/chain/dependants-index';
import { loadTrustStore } from '../node/trust-store';
import { Config } from './config';
import { log } from './log';
import type { FileAnalysis } from './analyses';
import type { IndexFileChange, WorkspaceIndex } from './workspace-index';
import { describeChange } from '../node/report-client';
import type { MirroredFile, WorkspaceChange, WorkspaceState } from '../node/report-job';

/**
 * The workspace pool's inputs (every certificate file of WorkspaceIndex) and
 * the trust anchors (`certlens.trust.*`), for the report workers that keep
 * the pool (report-builder.ts, node/report-job.ts): `mirrorState` whole,
 * `onDidApplyChange` per file. `generation` counts full rebuilds (the index
 * rebuilt, trust settings changed): reports are cached per generation.
 */
export class WorkspaceChainService implements vscode.Disposable {
  /** File key (see `key`) → URI, for lenses that open the matching file. */
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly applied = new vscode.EventEmitter<WorkspaceChange>();
  /** Fires in `applyChange`, before the dependants are re-analysed: the report workers' mirrors follow it. */
  readonly onDidApplyChange = this.applied.event;
  private readonly subscriptions: vscode.Disposable[];
  private gen = 0;
  private readonly keys = new WeakMap<FileAnalysis, MirroredFile>();
  private anchors: Promise<ChainAnchor[]> | undefined;
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
    this.anchors = undefined;
    this.dependants = undefined;
    this.gen++;
    this.changed.fire();
  }

  /**
   * The pool's inputs, whole, for the report workers (report-job.ts): the
   * index's files (taken after the anchors load, so no per-file change
   * announced meanwhile is missed), the anchors and the required policies.
   */
  async mirrorState(): Promise<WorkspaceState> {
    await this.index.all();
    const anchors = await (this.anchors ??= loadAnchors());
    const required = Config.requiredPolicies();
    for (const p of required.problems) log().warn(p);
    const files = this.decodedFiles(this.index.current());
    return { kind: 'workspace', files, anchors, policy: required.policy };
  }

  /**
   * One file of the index changed: the report workers' mirrors are told
   * (`onDidApplyChange`), and the URIs (strings) of the files whose
   * chain, revocation or key-pairing findings may change are returned.
   */
  applyChange(change: IndexFileChange): Set<string> {
    const file = key(change.uri);
    const index = (this.dependants ??= new DependantsIndex(this.decodedFiles(this.index.current())));
    if (change.after) this.uris.set(file, change.uri);
    const { change: applied, dependants: deps } = describeChange(
      index,
      file,
      change.uri.toString(),
      change.before?.decoded.items ?? [],
      change.after?.decoded.items,
    );
    this.applied.fire(applied);
    const out = new Set<string>();
    for (const d of deps) {
      const uri = this.uris.get(d);
      if (uri) out.add(uri.toString());
    }
    return out;
  }

  /** The index's files as the pool sees them, keyed by `key` (one object per file version: asRelativePath and 10,000 allocations are not free per change). */
  private decodedFiles(files: readonly FileAnalysis[]): MirroredFile[] {
    return files.map((f) => {
      let d = this.keys.get(f);
      if (d === undefined) {
        d = { file: key(f.uri), order: f.uri.toString(), items: f.decoded.items };
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
    this.applied.dispose();
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
