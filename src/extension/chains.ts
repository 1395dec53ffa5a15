import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChainAnchor } from '../core/chain/findings';
import type { WorkspaceJob } from '../node/report-job';
import { loadTrustStore } from '../node/trust-store';
import { Config } from './config';
import { background, log } from './log';
import type { WorkspaceIndex } from './workspace-index';

/**
 * The inputs of the workspace pool (every certificate file of WorkspaceIndex)
 * and the trust anchors (`certlens.trust.*`), gathered once and again when
 * either changes. The report worker prepares the pool from them (chain
 * building runs off this thread, src/node/report-job.ts). `generation`
 * counts the changes: reports are cached per generation.
 */
export class WorkspaceChainService implements vscode.Disposable {
  private prepared: Promise<WorkspaceJob | undefined> | undefined;
  /** File key (see `key`) → URI, for lenses that open the matching file. */
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private gen = 0;

  constructor(private readonly index: WorkspaceIndex) {
    this.subscriptions = [
      index.onDidChange(() => this.reset()),
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
    this.gen++;
    this.changed.fire();
  }

  /** The pool's inputs for the report worker. Never throws: a failure is logged and yields no cross-file analysis. */
  inputs(): Promise<WorkspaceJob | undefined> {
    this.prepared ??= background('chains: gather the workspace', async (): Promise<WorkspaceJob> => {
      const generation = this.gen;
      const files = await this.index.all();
      const anchors = await loadAnchors();
      for (const f of files) this.uris.set(key(f.uri), f.uri);
      const required = Config.requiredPolicies();
      for (const p of required.problems) log().warn(p);
      return {
        kind: 'workspace',
        generation,
        files: files.map((f) => ({ file: key(f.uri), items: f.decoded.items })),
        anchors,
        policy: required.policy,
      };
    });
    return this.prepared;
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
