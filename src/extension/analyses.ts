import * as path from 'node:path';
import * as vscode from 'vscode';
import { isStructuredPath, looksLikeText, mayHoldMaterial, type DecodedFile } from '../core/analysis/decode';
import { screenWindow, windowText, type TextWindow } from '../core/analysis/first-screen';
import { DecodeCancelled, DecodeClient, decodeInProcess } from '../node/decode-client';
import { background, log } from './log';

/** One decode per (uri, version); FileReports adds lint, chains and status on top. */
export interface FileAnalysis {
  readonly uri: vscode.Uri;
  /** Document version, or file mtime for files read from disk. */
  readonly version: number;
  /** Undefined for binary files. */
  readonly text?: string;
  readonly decoded: DecodedFile;
}

const EMPTY: DecodedFile = { items: [], problems: [] };
/** Certificate files are small; anything bigger is not decoded for badges. */
const MAX_BYTES = 20 * 1024 * 1024;
/** Texts above this are decorated first screenful first: the visible blocks on this thread, the rest in the worker. */
const BIG_TEXT = 1024 * 1024;
const FIRST_SCREEN = 64 * 1024;

/**
 * Caches decoded files per (uri, version) and drops stale results
 * (STYLE.md §5). Documents are decoded from their live text; other files
 * (Explorer badges, binary files) are read through `workspace.fs`.
 */
export class Analyses implements vscode.Disposable {
  private readonly docs = new Map<string, { version: number; result: Promise<FileAnalysis> }>();
  /** Big texts whose whole decode is still running: the window of blocks decoded so far. */
  private readonly partial = new Map<string, { version: number; text: string; window: TextWindow; full: Promise<FileAnalysis> }>();
  private readonly scrolling = vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.followScroll(e));
  private readonly files = new Map<string, { mtime: number; size: number; result: Promise<FileAnalysis> }>();
  private readonly passwords = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  /** Fires when analyses change: edits, unlocks, refreshes. */
  readonly onDidChange = this.changed.event;

  /** Decodes open documents off the main thread (dist/editor-decode-worker.js, next to this bundle). */
  private readonly decoder = new DecodeClient({ script: path.join(__dirname, 'editor-decode-worker.js'), log: (m) => log().warn(m) });
  /** Files read from disk (the workspace index, badges) decode in a worker of their own: a big open document never holds them up. */
  private readonly fileDecoder = new DecodeClient({ script: path.join(__dirname, 'editor-decode-worker.js'), log: (m) => log().warn(m) });

  constructor(private readonly fs: Pick<vscode.FileSystem, 'readFile' | 'stat'> = vscode.workspace.fs) {}

  /** True when a document may hold certificate material worth decoding. */
  static relevant(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme === 'output' || doc.uri.scheme === 'vscode-scm') return false;
    return doc.languageId === 'pem' || mayHoldMaterial(doc.getText(), Analyses.structured(doc));
  }

  /** YAML/JSON documents may embed base64 certificates (Secrets, kubeconfig, caBundle). */
  static structured(doc: vscode.TextDocument): boolean {
    return ['yaml', 'json', 'jsonc', 'helm'].includes(doc.languageId) || isStructuredPath(doc.uri.path);
  }

  forDocument(doc: vscode.TextDocument): Promise<FileAnalysis> {
    const key = doc.uri.toString();
    const hit = this.docs.get(key);
    if (hit && hit.version === doc.version) return hit.result;
    const text = doc.getText();
    const version = doc.version;
    const structured = Analyses.structured(doc);
    const uri = doc.uri;
    if (!mayHoldMaterial(text, structured)) {
      this.decoder.cancel(key);
      const result = Promise.resolve({ uri, version, text, decoded: EMPTY });
      this.docs.set(key, { version, result });
      return result;
    }
    const full: Promise<FileAnalysis> = this.decode(key, { kind: 'text', text, structured }).then((decoded) => {
      // Superseded: forget this version's entry so a later call decodes again instead of keeping an empty result.
      if (decoded === undefined && this.docs.get(key)?.result === full) this.docs.delete(key);
      return { uri, version, text, decoded: decoded ?? EMPTY };
    });
    const window = text.length > BIG_TEXT && !structured ? Analyses.visibleWindow(doc, text) : undefined;
    if (window === undefined) {
      this.partial.delete(key);
      this.docs.set(key, { version, result: full });
      return full;
    }
    // First screenful first: the visible blocks now, then the whole file when the worker is done.
    const partial = { version, text, window, full };
    this.partial.set(key, partial);
    const result = this.decodeWindow(doc, partial);
    void full.then(() => {
      if (this.partial.get(key) !== partial) return;
      this.partial.delete(key);
      this.docs.set(key, { version, result: full });
      this.changed.fire([uri]);
    });
    return result;
  }

  /**
   * The whole decode of a document, never a window of it: for what VS Code
   * caches per version and cannot be told to refresh (the outline).
   */
  async wholeDocument(doc: vscode.TextDocument): Promise<FileAnalysis> {
    await this.forDocument(doc);
    const p = this.partial.get(doc.uri.toString());
    // Pending: the whole decode; landed meanwhile: forDocument now holds it.
    return p && p.version === doc.version ? p.full : this.forDocument(doc);
  }

  /** Decodes the window's blocks on this thread (a screenful: milliseconds) as the document's analysis until the whole one lands. */
  private decodeWindow(doc: vscode.TextDocument, p: { version: number; text: string; window: TextWindow }): Promise<FileAnalysis> {
    const { uri } = doc;
    const result = decodeInProcess({ kind: 'text', text: windowText(p.text, p.window), structured: false }).then((decoded) => ({
      uri,
      version: p.version,
      text: p.text,
      decoded,
    }));
    this.docs.set(uri.toString(), { version: p.version, result });
    return result;
  }

  /** While a big text decodes, scrolling past the decoded blocks decodes the newly visible ones first. */
  private followScroll(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const doc = e.textEditor.document;
    const p = this.partial.get(doc.uri.toString());
    const first = e.visibleRanges[0];
    const last = e.visibleRanges[e.visibleRanges.length - 1];
    if (!p || p.version !== doc.version || !first || !last) return;
    const from = doc.offsetAt(first.start);
    if (from >= p.window.start && doc.offsetAt(last.end) <= p.window.end) return;
    const window = screenWindow(p.text, doc.offsetAt(new vscode.Position(first.start.line, 0)), FIRST_SCREEN);
    if (!window) return;
    p.window = window;
    void this.decodeWindow(doc, p).then(() => this.changed.fire([doc.uri]));
  }

  /** The window of blocks an editor shows (the top of the file when none does yet). */
  private static visibleWindow(doc: vscode.TextDocument, text: string): TextWindow | undefined {
    const line = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.visibleRanges[0]?.start.line ?? 0;
    return screenWindow(text, doc.offsetAt(new vscode.Position(line, 0)), FIRST_SCREEN);
  }

  /** Decodes in a worker; undefined when the decode was superseded or cancelled (the caller drops its cache entry). */
  private async decode(key: string, job: Parameters<DecodeClient['decode']>[1], client = this.decoder): Promise<DecodedFile | undefined> {
    try {
      return await client.decode(key, job);
    } catch (e) {
      if (e instanceof DecodeCancelled) return undefined;
      throw e;
    }
  }

  /** Reads a file that may not be open (badges, binary viewer). */
  async forUri(uri: vscode.Uri): Promise<FileAnalysis | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.forDocument(open);
    return background(`read ${uri.fsPath}`, async () => {
      const stat = await this.fs.stat(uri);
      // Only regular files (a FIFO or device is FileType.Unknown), links to them included; never past the cap.
      if ((stat.type & ~vscode.FileType.SymbolicLink) !== vscode.FileType.File || stat.size > MAX_BYTES) return undefined;
      const key = uri.toString();
      const hit = this.files.get(key);
      if (hit && hit.mtime === stat.mtime && hit.size === stat.size) return hit.result;
      const result = this.readFile(uri, stat.mtime);
      this.files.set(key, { mtime: stat.mtime, size: stat.size, result });
      return result;
    });
  }

  /** Adopts an analysis restored from the index store for a file whose (mtime, size) still match. */
  remember(uri: vscode.Uri, mtime: number, size: number, analysis: FileAnalysis): void {
    if (!this.files.has(uri.toString())) this.files.set(uri.toString(), { mtime, size, result: Promise.resolve(analysis) });
  }

  private async readFile(uri: vscode.Uri, mtime: number): Promise<FileAnalysis> {
    const bytes = await this.fs.readFile(uri);
    // Files on disk decode under their own key: an open document's decode of the same URI never supersedes them.
    const key = `file:${uri.toString()}`;
    const settle = (decoded: DecodedFile | undefined): DecodedFile => {
      if (decoded === undefined) this.files.delete(uri.toString());
      return decoded ?? EMPTY;
    };
    if (looksLikeText(bytes)) {
      const text = new TextDecoder('utf-8').decode(bytes);
      const structured = isStructuredPath(uri.path);
      const decoded = mayHoldMaterial(text, structured)
        ? settle(await this.decode(key, { kind: 'text', text, structured }, this.fileDecoder))
        : EMPTY;
      return { uri, version: mtime, text, decoded };
    }
    const password = this.password(uri);
    return {
      uri,
      version: mtime,
      decoded: settle(
        await this.decode(key, password === undefined ? { kind: 'binary', bytes } : { kind: 'binary', bytes, password }, this.fileDecoder),
      ),
    };
  }

  /** Keeps a PKCS#12 or Java keystore password in memory only, for this session. */
  setPassword(uri: vscode.Uri, password: string): void {
    this.passwords.set(uri.toString(), password);
    this.invalidate(uri);
  }

  password(uri: vscode.Uri): string | undefined {
    return this.passwords.get(uri.toString());
  }

  invalidate(uri?: vscode.Uri): void {
    if (uri) {
      this.docs.delete(uri.toString());
      this.files.delete(uri.toString());
      this.changed.fire([uri]);
    } else {
      this.docs.clear();
      this.files.clear();
      this.changed.fire([]);
    }
  }

  forget(doc: vscode.TextDocument): void {
    this.docs.delete(doc.uri.toString());
    this.partial.delete(doc.uri.toString());
    this.decoder.cancel(doc.uri.toString());
  }

  dispose(): void {
    this.decoder.dispose();
    this.fileDecoder.dispose();
    this.scrolling.dispose();
    this.partial.clear();
    this.changed.dispose();
    this.docs.clear();
    this.files.clear();
    this.passwords.clear();
  }
}
