import * as vscode from 'vscode';
import type { Analyses, FileAnalysis } from './analyses';
import { Config } from './config';
import { background } from './log';
import { joinGlobs } from '../core/util/glob';

/** At most this many files are indexed; a workspace with more says so in the log. */
const MAX_FILES = 20_000;

/**
 * Every certificate-bearing file of the workspace (`certlens.files.include`),
 * decoded through the shared cache. Built on first use, kept current by a
 * file watcher. Feeds the inventory view and cross-file chain building.
 */
export class WorkspaceIndex implements vscode.Disposable {
  private files: Promise<FileAnalysis[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly analyses: Analyses) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'files')) this.reset();
      }),
      vscode.workspace.onDidSaveTextDocument(() => this.reset()),
    );
  }

  all(): Promise<FileAnalysis[]> {
    this.files ??= this.build();
    return this.files;
  }

  private async build(): Promise<FileAnalysis[]> {
    this.ensureWatcher();
    const include = joinGlobs(Config.include());
    const exclude = joinGlobs(Config.exclude());
    if (!include) return [];
    const uris = await vscode.workspace.findFiles(include, exclude, MAX_FILES);
    const out: FileAnalysis[] = [];
    const queue = [...uris];
    const worker = async () => {
      for (let u = queue.shift(); u; u = queue.shift()) {
        const a = await background(`index ${u.fsPath}`, () => this.analyses.forUri(u));
        if (a && a.decoded.items.length > 0) out.push(a);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    out.sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
    return out;
  }

  private ensureWatcher(): void {
    if (this.watcher) return;
    const include = joinGlobs(Config.include());
    if (!include) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(include);
    const onFs = (uri: vscode.Uri) => {
      this.analyses.invalidate(uri);
      this.reset();
    };
    this.watcher.onDidCreate(onFs);
    this.watcher.onDidChange(onFs);
    this.watcher.onDidDelete(onFs);
  }

  reset(): void {
    this.files = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.watcher?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
