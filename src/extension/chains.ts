import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChainAnchor, ChainFindings } from '../core/chain/findings';
import type { KeyLens } from '../core/analysis/key-pairing';
import type { RevocationFindings } from '../core/revocation/crl-check';
import { storeRootFingerprints } from '../core/lint/profile';
import type { Problem } from '../core/types';
import { prepareWorkspace, type WorkspaceChains } from '../core/chain/workspace';
import { loadTrustStore } from '../node/trust-store';
import type { FileAnalysis } from './analyses';
import { Config } from './config';
import { background, log } from './log';
import type { WorkspaceIndex } from './workspace-index';

/** Chain findings and key pairing of one document, against the whole workspace. */
export interface DocumentChains {
  readonly chains: ChainFindings;
  readonly keyLenses: readonly KeyLens[];
  readonly keyProblems: readonly Problem[];
  /** CRL revocation of the document's certificates and the problems of its CRLs. */
  readonly revocation: RevocationFindings;
}

const NONE: DocumentChains = {
  chains: { problems: [], verdicts: [] },
  keyLenses: [] as KeyLens[],
  keyProblems: [],
  revocation: { problems: [], statuses: [] },
};

/**
 * The workspace pool (every certificate file of WorkspaceIndex) and the trust
 * anchors (`certlens.trust.*`), prepared once and rebuilt when either
 * changes. Feeds CodeLens, hover and diagnostics.
 */
export class WorkspaceChainService implements vscode.Disposable {
  private prepared: Promise<WorkspaceChains> | undefined;
  /** File key (see `key`) → URI, for lenses that open the matching file. */
  private readonly uris = new Map<string, vscode.Uri>();
  /** One result per document: CodeLens, hover, diagnostics and quick fixes share it (STYLE.md §5). */
  private readonly results = new Map<string, { stamp: string; result: Promise<DocumentChains> }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly roots?: { setTrustedRoots(roots: ReadonlySet<string>): void },
  ) {
    this.subscriptions = [
      index.onDidChange(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'trust')) this.reset();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    ];
  }

  private reset(): void {
    this.prepared = undefined;
    this.results.clear();
    this.changed.fire();
  }

  private workspace(): Promise<WorkspaceChains> {
    this.prepared ??= (async () => {
      const files = await this.index.all();
      const anchors = await loadAnchors();
      this.roots?.setTrustedRoots(await storeRootFingerprints(anchors));
      for (const f of files) this.uris.set(key(f.uri), f.uri);
      const required = Config.requiredPolicies();
      for (const p of required.problems) log().warn(p);
      return prepareWorkspace(
        files.map((f) => ({ file: key(f.uri), items: f.decoded.items })),
        anchors,
        { policy: required.policy },
      );
    })();
    return this.prepared;
  }

  /** Never throws: background work logs and yields nothing. Cached per (uri, version, minute). */
  forAnalysis(a: FileAnalysis, now: Date): Promise<DocumentChains> {
    const id = a.uri.toString();
    // Validity changes at second precision, but a minute is fine for an editor (the clock ticks hourly).
    const stamp = `${a.version}@${Math.floor(now.getTime() / 60_000)}`;
    const hit = this.results.get(id);
    if (hit && hit.stamp === stamp) return hit.result;
    const result = this.compute(a, now);
    this.results.set(id, { stamp, result });
    return result;
  }

  private async compute(a: FileAnalysis, now: Date): Promise<DocumentChains> {
    if (!a.decoded.items.some((i) => i.kind === 'certificate' || i.kind === 'crl' || i.kind === 'private-key' || i.kind === 'public-key'))
      return NONE;
    const r = await background(`chains ${a.uri.fsPath}`, async () => {
      const ws = await this.workspace();
      const file = key(a.uri);
      const chains = await ws.findings(file, a.decoded.items, now);
      const revocation = await ws.revocation(file, a.decoded.items, now);
      // Key pairing of an edited buffer uses its live items against the rest of the workspace.
      const lenses = ws.pairing.lenses.filter((l) => l.file === file);
      return { chains, keyLenses: lenses, keyProblems: ws.pairing.problems.get(file) ?? [], revocation };
    });
    return r ?? NONE;
  }

  /** The URI of a file key of the pool (KeyLens matches, ChainStep.where). */
  uriOf(file: string): vscode.Uri | undefined {
    return this.uris.get(file);
  }

  /** Drops a closed document's result. */
  forget(uri: vscode.Uri): void {
    this.results.delete(uri.toString());
  }

  dispose(): void {
    this.results.clear();
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
