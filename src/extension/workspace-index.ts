import * as vscode from 'vscode';
import type { Analyses, FileAnalysis } from './analyses';
import { Config } from './config';
import type { IndexStore, StoredFile } from './index-store';
import { background, log } from './log';
import { joinGlobs } from '../core/util/glob';
import { statLocal } from '../node/file-stat';

/** At most this many files are indexed; a workspace with more says so in the log. */
const MAX_FILES = 20_000;
/** Files stat'ed and decoded per batch; the extension host gets its turn between batches. */
const BATCH = 64;
/** Files past this count, on a first index, show a cancellable notification instead of the status bar spinner. */
const NOTIFY_FROM = 1000;
const MAX_BYTES = 20 * 1024 * 1024;

/** One file's change: its analysis before and after (undefined: it did not exist / is gone). */
export interface IndexFileChange {
  readonly uri: vscode.Uri;
  readonly before?: FileAnalysis;
  readonly after?: FileAnalysis;
  /** performance.now() when the index learnt of the change (the re-analysis clock starts here). */
  readonly since: number;
}

/** `files` undefined: anything may have changed (settings, a rebuild). */
export interface IndexChange {
  readonly files?: readonly IndexFileChange[];
}

/** What the index did, for the log, the tests and the bench. */
export interface IndexStats {
  /** Files whose analysis the index holds. */
  files: number;
  /** Files the index decoded (first index, or changed on disk), since activation. */
  decoded: number;
  /** Files restored from the store without decoding, since activation. */
  restored: number;
  /** Per-file updates (watcher, saves). */
  updates: number;
  /** True once the first index completed (false while building or when cancelled). */
  complete: boolean;
}

interface Entry {
  readonly mtime: number;
  readonly size: number;
  readonly analysis: FileAnalysis;
}

/**
 * Every certificate-bearing file of the workspace (`certlens.files.include`),
 * indexed in the background with progress and cancel, restored across
 * reloads from the `IndexStore` by (uri, mtime, size), and kept current per
 * file: a created, changed, saved or deleted file is decoded alone and
 * announced as one `IndexFileChange`, so dependants are re-analysed, not the
 * workspace. Feeds the inventory, the fleet analysis and cross-file chains.
 */
export class WorkspaceIndex implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private building: Promise<void> | undefined;
  private list: FileAnalysis[] | undefined;
  private updating: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<IndexChange>();
  readonly onDidChange = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly stats: IndexStats = { files: 0, decoded: 0, restored: 0, updates: 0, complete: false };

  constructor(
    private readonly analyses: Analyses,
    private readonly store?: IndexStore,
    private readonly fs: Pick<vscode.FileSystem, 'stat'> = vscode.workspace.fs,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'files')) this.reset();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.building && this.included(d) && this.queue(d.uri)),
    );
  }

  /** Every indexed file holding at least one item, by URI. Builds the index on first use. */
  async all(): Promise<FileAnalysis[]> {
    this.building ??= this.build();
    await this.building;
    return this.current();
  }

  /** The indexed files now, without waiting for a build (empty before the first one), in URI order. */
  current(): FileAnalysis[] {
    this.list ??= [...this.entries.values()]
      .map((e) => e.analysis)
      .filter((a) => a.decoded.items.length > 0)
      .sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : 1));
    return this.list;
  }

  /** Keeps `list` in URI order through one file's change, without sorting it all again. */
  private patchList(before: FileAnalysis | undefined, after: FileAnalysis | undefined): void {
    const list = this.list;
    if (!list) return;
    const at = before ? list.indexOf(before) : -1;
    const keep = after && after.decoded.items.length > 0;
    if (at >= 0 && keep) list[at] = after;
    else if (at >= 0) list.splice(at, 1);
    else if (keep) {
      const id = after.uri.toString();
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((list[mid]?.uri.toString() ?? '') < id) lo = mid + 1;
        else hi = mid;
      }
      list.splice(lo, 0, after);
    }
    // A new array: consumers that kept the old one (a snapshot being built) are not changed under them.
    this.list = [...list];
  }

  private async build(): Promise<void> {
    this.ensureWatcher();
    const include = joinGlobs(Config.include());
    const exclude = joinGlobs(Config.exclude());
    if (!include) return;
    const uris = await vscode.workspace.findFiles(include, exclude, MAX_FILES);
    if (uris.length >= MAX_FILES) log().warn(`index: only the first ${MAX_FILES} files matching certlens.files.include are indexed`);
    const stored = (await this.store?.load()) ?? new Map<string, StoredFile>();
    const t0 = performance.now();
    const location = stored.size === 0 && uris.length > NOTIFY_FROM ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
    const cancelled = await vscode.window.withProgress(
      { location, title: 'CertLens: indexing certificates', cancellable: true },
      async (progress, token) => {
        for (let i = 0; i < uris.length; i += BATCH) {
          if (token.isCancellationRequested) return true;
          const batch = uris.slice(i, i + BATCH);
          await Promise.all(batch.map((u) => background(`index ${u.fsPath}`, () => this.indexOne(u, stored))));
          this.list = undefined;
          progress.report({ increment: (100 * batch.length) / uris.length, message: `${Math.min(i + BATCH, uris.length)}/${uris.length}` });
          // Yield between batches: providers and other extensions run while the index builds.
          await new Promise((resolve) => setImmediate(resolve));
        }
        return false;
      },
    );
    this.stats.complete = !cancelled;
    this.stats.files = this.entries.size;
    const ms = Math.round(performance.now() - t0);
    log().info(
      `index: ${this.entries.size} files in ${ms} ms (${this.stats.decoded} decoded, ${this.stats.restored} restored from the store)${cancelled ? ', cancelled: the index is partial until "Refresh"' : ''}`,
    );
  }

  private async indexOne(uri: vscode.Uri, stored: ReadonlyMap<string, StoredFile>): Promise<void> {
    const stat = await this.statFile(uri);
    if (!stat) return;
    const id = uri.toString();
    const hit = stored.get(id);
    if (hit && hit.mtime === stat.mtime && hit.size === stat.size && !this.isDirty(uri)) {
      this.analyses.remember(uri, stat.mtime, stat.size, hit.analysis);
      this.put(id, { mtime: stat.mtime, size: stat.size, analysis: hit.analysis });
      this.stats.restored++;
      return;
    }
    const analysis = await this.analyses.forUri(uri);
    if (!analysis) return;
    this.stats.decoded++;
    this.put(id, { mtime: stat.mtime, size: stat.size, analysis });
  }

  private put(id: string, e: Entry): void {
    this.entries.set(id, e);
    this.store?.set(id, e.mtime, e.size, e.analysis);
  }

  private async statFile(uri: vscode.Uri): Promise<{ mtime: number; size: number } | undefined> {
    if (uri.scheme === 'file' && this.fs === vscode.workspace.fs) {
      const s = await statLocal(uri.fsPath);
      return s && s.isFile && s.size <= MAX_BYTES ? { mtime: s.mtime, size: s.size } : undefined;
    }
    try {
      const s = await this.fs.stat(uri);
      // Only regular files (links to them included), never past the decode cap.
      if ((s.type & ~vscode.FileType.SymbolicLink) !== vscode.FileType.File || s.size > MAX_BYTES) return undefined;
      return { mtime: s.mtime, size: s.size };
    } catch {
      return undefined;
    }
  }

  private isDirty(uri: vscode.Uri): boolean {
    const id = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === id && d.isDirty);
  }

  private included(doc: vscode.TextDocument): boolean {
    const include = joinGlobs(Config.include());
    const exclude = joinGlobs(Config.exclude());
    return (
      !!include &&
      vscode.languages.match({ pattern: include }, doc) > 0 &&
      !(exclude && vscode.languages.match({ pattern: exclude }, doc) > 0)
    );
  }

  /** Updates one file after the pending ones (watcher events and saves arrive in bursts). */
  private queue(uri: vscode.Uri): void {
    const since = performance.now();
    this.updating = this.updating.then(() => background(`index update ${uri.fsPath}`, () => this.update(uri, since))).then(() => undefined);
  }

  private async update(uri: vscode.Uri, since: number): Promise<void> {
    if (!this.building) return; // not indexed yet: the first build reads it
    await this.building;
    const id = uri.toString();
    const old = this.entries.get(id);
    const stat = await this.statFile(uri);
    let after: FileAnalysis | undefined;
    if (stat) {
      if (old && old.mtime === stat.mtime && old.size === stat.size) return; // a save and its watcher event: once
      after = await this.analyses.forUri(uri);
      if (!after) return;
      this.stats.decoded++;
      this.put(id, { mtime: stat.mtime, size: stat.size, analysis: after });
    } else {
      if (!old) return;
      this.entries.delete(id);
      this.store?.delete(id);
      this.analyses.invalidate(uri);
    }
    this.patchList(old?.analysis, after);
    this.stats.updates++;
    this.stats.files = this.entries.size;
    const change: IndexFileChange = { uri, since, ...(old && { before: old.analysis }), ...(after && { after }) };
    this.changed.fire({ files: [change] });
  }

  private ensureWatcher(): void {
    if (this.watcher) return;
    const include = joinGlobs(Config.include());
    if (!include) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(include);
    const onFs = (uri: vscode.Uri) => this.queue(uri);
    this.watcher.onDidCreate(onFs);
    this.watcher.onDidChange(onFs);
    this.watcher.onDidDelete(onFs);
  }

  /** Indexes again from scratch (settings changed, "Refresh"); unchanged files still come from the store. */
  reset(): void {
    void this.store?.flush();
    this.entries.clear();
    this.store?.clear();
    this.building = undefined;
    this.list = undefined;
    this.stats.complete = false;
    this.watcher?.dispose();
    this.watcher = undefined;
    this.changed.fire({});
  }

  /** Writes the store now. */
  flushStore(): Promise<void> {
    return this.store?.flush() ?? Promise.resolve();
  }

  /** Waits for the pending per-file updates (tests). */
  settled(): Promise<void> {
    return this.updating;
  }

  dispose(): void {
    void this.store?.flush();
    this.watcher?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
