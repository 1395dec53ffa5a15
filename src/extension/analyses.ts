import * as path from 'node:path';
import * as vscode from 'vscode';
import { isStructuredPath, looksLikeText, mayHoldMaterial, type DecodedFile } from '../core/analysis/decode';
import { blankBefore, screenWindow, shiftDecoded, type TextWindow } from '../core/analysis/first-screen';
import { DecodeCancelled, DecodeClient, decodeInProcess } from '../node/decode-client';
import type { UnpackProgress } from '../node/packed';
import { background, log } from './log';

/** One decode per (uri, version); FileReports adds lint, chains and status on top. */
export interface FileAnalysis {
  readonly uri: vscode.Uri;
  /** Document version, or file mtime for files read from disk. */
  readonly version: number;
  /** Undefined for binary files. */
  readonly text?: string;
  readonly decoded: DecodedFile;
  /**
   * Set on a big text's first screenful: FileReports calls it once that
   * window's report is built, and the whole text's decode starts then, not
   * while the first screenful still competes with it for the CPU.
   */
  readonly reported?: () => void;
}

const EMPTY: DecodedFile = { items: [], problems: [] };
/** Certificate files are small; anything bigger is not decoded for badges. */
const MAX_BYTES = 20 * 1024 * 1024;
/** Texts above this are decorated first screenful first: the visible blocks on this thread, the rest in the worker. */
const BIG_TEXT = 1024 * 1024;
/** A window of blocks decoded first: a few screenfuls (~20 certificates), as a screenful's lenses wait for its report. */
const FIRST_SCREEN = 16 * 1024;
/** How far before the first visible line the block holding it may start. */
const BACK = 16 * 1024;
/** How long a big text's whole decode waits for its first screenful's report (or, before one is shown, for an editor). */
const WAIT_FOR_SCREEN_MS = 1000;
/** Lines above a revealed selection that an editor shows (it centres it). */
const REVEAL_ABOVE = 30;
/** A big text whose whole decode is still running: the window of blocks decoded so far (none before an editor showed it). */
interface Partial {
  readonly version: number;
  window?: TextWindow;
  readonly full: Promise<FileAnalysis>;
  /** Starts the whole decode (once the first window's report is built, or no editor asked for one in time). */
  readonly kick: () => void;
  /** Starts the whole decode if nothing else has by then. */
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Caches decoded files per (uri, version) and drops stale results
 * (STYLE.md §5). Documents are decoded from their live text; other files
 * (Explorer badges, binary files) are read through `workspace.fs`.
 */
export class Analyses implements vscode.Disposable {
  private readonly docs = new Map<string, { version: number; result: Promise<FileAnalysis> }>();
  /** Big texts whose whole decode is still running: the window of blocks decoded so far. */
  private readonly partial = new Map<string, Partial>();
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

  /** A big decode's reply being read on this thread, a slice per turn (the tests). */
  get receiving(): UnpackProgress | undefined {
    return this.decoder.receiving ?? this.fileDecoder.receiving;
  }

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
    if (hit && hit.version === doc.version) {
      const p = this.partial.get(key);
      // A big text asked for before an editor showed it: its visible blocks first, now that one does.
      if (p && p.version === doc.version && p.window === undefined) {
        const visible = Analyses.visibleWindow(doc);
        if (visible) return this.decodeWindow(doc, p, visible);
      }
      return hit.result;
    }
    const version = doc.version;
    const structured = Analyses.structured(doc);
    const uri = doc.uri;
    if (!structured && Analyses.length(doc) > BIG_TEXT) return this.forBigDocument(doc, key);
    const text = doc.getText();
    if (!mayHoldMaterial(text, structured)) {
      this.decoder.cancel(key);
      const result = Promise.resolve({ uri, version, text, decoded: EMPTY });
      this.docs.set(key, { version, result });
      return result;
    }
    this.partial.delete(key);
    const full: Promise<FileAnalysis> = this.decode(key, { kind: 'text', text, structured }).then((decoded) => {
      // Superseded: forget this version's entry so a later call decodes again instead of keeping an empty result.
      if (decoded === undefined && this.docs.get(key)?.result === full) this.docs.delete(key);
      return { uri, version, text, decoded: decoded ?? EMPTY };
    });
    this.docs.set(key, { version, result: full });
    return full;
  }

  /**
   * A big text, first screenful first: the blocks an editor shows are read
   * from the lines around them and decoded here (milliseconds); the whole
   * text is read and posted to the worker once the window's report is
   * built (getText and the copy to the worker hold a 20 MB text's main
   * thread for 0.1–0.3 s, and the whole decode takes a core for seconds),
   * and replaces the window when the worker is done. Asked for before an
   * editor shows it (diagnostics on open), it waits for an editor's window
   * up to WAIT_FOR_SCREEN_MS, then decodes the whole text anyway.
   */
  private forBigDocument(doc: vscode.TextDocument, key: string): Promise<FileAnalysis> {
    const { uri, version } = doc;
    let kick = (): void => undefined;
    const start = new Promise<void>((resolve) => (kick = () => void setImmediate(resolve)));
    const full: Promise<FileAnalysis> = start.then(async () => {
      const text = doc.version === version && !doc.isClosed ? doc.getText() : undefined;
      const decoded =
        text !== undefined && mayHoldMaterial(text, false) ? await this.decode(key, { kind: 'text', text, structured: false }) : EMPTY;
      if ((text === undefined || decoded === undefined) && this.docs.get(key)?.version === version) this.docs.delete(key);
      return { uri, version, text: text ?? '', decoded: decoded ?? EMPTY };
    });
    const partial: Partial = { version, full, kick: () => kick() };
    this.partial.set(key, partial);
    this.docs.set(key, { version, result: full });
    void full.then(() => {
      if (this.partial.get(key) !== partial) return;
      this.partial.delete(key);
      if (this.docs.get(key)?.version === version) this.docs.set(key, { version, result: full });
      this.changed.fire([uri]);
    });
    const visible = Analyses.visibleWindow(doc);
    if (visible) return this.decodeWindow(doc, partial, visible);
    // Asked for before an editor shows it (diagnostics on open): an editor usually follows within moments, and its
    // first screenful goes first; with none, the whole text is decoded anyway.
    partial.timer = setTimeout(() => partial.kick(), WAIT_FOR_SCREEN_MS);
    return full;
  }

  /** The document's length, without reading its text. */
  private static length(doc: vscode.TextDocument): number {
    return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
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
  private decodeWindow(doc: vscode.TextDocument, p: Partial, visible: { window: TextWindow; text: string }): Promise<FileAnalysis> {
    const { uri } = doc;
    p.window = visible.window;
    // Spans are offsets of the whole text: the window's text is decoded alone and moved, or with blanks before it.
    const { start } = visible.window;
    const before = start > 0 ? doc.getText(new vscode.Range(doc.positionAt(start - 1), doc.positionAt(start))) : '';
    const decode = (text: string) => decodeInProcess({ kind: 'text', text, structured: false });
    const kick = () => {
      clearTimeout(p.timer);
      p.kick();
    };
    // The whole decode starts once this window's report is built, or soon anyway (no report asked for, a failure).
    clearTimeout(p.timer);
    p.timer = setTimeout(kick, WAIT_FOR_SCREEN_MS);
    const result = decode(visible.text)
      .then(async (alone) => shiftDecoded(alone, start) ?? (await decode(' '.repeat(start) + visible.text)))
      .then((decoded) => ({ uri, version: p.version, text: blankBefore(start, visible.text, before), decoded, reported: kick }));
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
    if (p.window && from >= p.window.start && doc.offsetAt(last.end) <= p.window.end) return;
    const visible = Analyses.windowAt(doc, first.start.line);
    if (!visible) return;
    void this.decodeWindow(doc, p, visible).then(() => this.changed.fire([doc.uri]));
  }

  /** The window of blocks an editor shows, and its text; undefined when no editor shows the document. */
  private static visibleWindow(doc: vscode.TextDocument): { window: TextWindow; text: string } | undefined {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (!editor) return undefined;
    // Opened at a selection (Go to Definition, a search result): the editor reveals it, its visible range may not say so yet.
    const cursor = editor.selection.active.line;
    const shown = editor.visibleRanges.some((r) => r.start.line <= cursor && cursor <= r.end.line);
    return Analyses.windowAt(doc, shown ? (editor.visibleRanges[0]?.start.line ?? 0) : Math.max(0, cursor - REVEAL_ABOVE));
  }

  /**
   * The window of whole blocks from the block at `line`, read from the text
   * around it only (the whole text of a 20 MB document is not read for it),
   * and the window's text.
   */
  private static windowAt(doc: vscode.TextDocument, line: number): { window: TextWindow; text: string } | undefined {
    const from = doc.offsetAt(new vscode.Position(line, 0));
    // The block holding `from` starts within BACK characters before it.
    const start = Math.max(0, from - BACK);
    const end = Math.min(Analyses.length(doc), from + FIRST_SCREEN + 1);
    const slice = doc.getText(new vscode.Range(doc.positionAt(start), doc.positionAt(end)));
    const w = screenWindow(slice, from - start, FIRST_SCREEN);
    if (!w || (w.end === slice.length && end < Analyses.length(doc))) return undefined;
    return { window: { start: start + w.start, end: start + w.end }, text: slice.slice(w.start, w.end) };
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
    clearTimeout(this.partial.get(doc.uri.toString())?.timer);
    this.partial.delete(doc.uri.toString());
    this.decoder.cancel(doc.uri.toString());
  }

  dispose(): void {
    this.decoder.dispose();
    this.fileDecoder.dispose();
    this.scrolling.dispose();
    this.partial.forEach((p) => clearTimeout(p.timer));
    this.partial.clear();
    this.changed.dispose();
    this.docs.clear();
    this.files.clear();
    this.passwords.clear();
  }
}
