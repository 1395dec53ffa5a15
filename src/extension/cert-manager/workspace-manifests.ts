/**
 * The other manifests of the workspace, so a Certificate's issuerRef resolves
 * to an Issuer or ClusterIssuer in another file. Only files that mention
 * cert-manager are kept, plus kustomizations (their patches may supply a
 * base's missing fields); open documents win over what is on disk.
 */
import * as vscode from 'vscode';

const GLOB = '**/*.{yaml,yml,tpl,tftpl}';

/** What the linter needs from other files: cert-manager resources and kustomizations. */
function relevant(uri: string, text: string): boolean {
  return text.includes('cert-manager.io') || /(^|\/)kustomization\.ya?ml$/i.test(uri);
}
const EXCLUDE = '**/{node_modules,.git}/**';
const MAX_FILES = 5000;

export class WorkspaceManifests implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private loading: Promise<void> | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(GLOB);
  private readonly subs: vscode.Disposable[];

  constructor(onChange: () => void) {
    this.subs = [
      this.watcher,
      this.watcher.onDidChange((u) => void this.read(u).then(onChange)),
      this.watcher.onDidCreate((u) => void this.read(u).then(onChange)),
      this.watcher.onDidDelete((u) => {
        this.texts.delete(u.toString());
        onChange();
      }),
    ];
  }

  /** Loads on first use (STYLE.md §4: heavy things are created lazily). */
  async all(): Promise<Array<{ path: string; text: string }>> {
    this.loading ??= this.load();
    await this.loading;
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d.getText()]));
    const out = new Map(this.texts);
    for (const [k, v] of open) if (out.has(k) || relevant(k, v)) out.set(k, v);
    return [...out].map(([path, text]) => ({ path, text }));
  }

  private async load(): Promise<void> {
    const uris = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES);
    await Promise.all(uris.map((u) => this.read(u)));
  }

  private async read(uri: vscode.Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (relevant(uri.toString(), text)) this.texts.set(uri.toString(), text);
      else this.texts.delete(uri.toString());
    } catch {
      this.texts.delete(uri.toString());
    }
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
