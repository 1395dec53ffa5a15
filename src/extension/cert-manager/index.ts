/**
 * cert-manager linting in the editor: diagnostics on open and save
 * (debounced), a timeline CodeLens and hover on each Certificate, and quick
 * fixes. One cached analysis per (uri, version, day) feeds all providers.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderTimelineMarkdown, type Fix, type ManifestResult } from '../../core/cert-manager';
import { placeRenewalLens, timelineTooltip } from '../../core/cert-manager/lens-place';
import { JobCancelled, ManifestLintClient } from '../../node/decode-client';
import { command, log } from '../log';
import { SECTION, readConfig } from './config';
import { WorkspaceManifests } from './workspace-manifests';

// The same files `certlens lint` and `scan` read (core MANIFEST_PATH), so the editor gives the same verdict.
const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'helm' }, { pattern: '**/*.{tpl,tftpl}' }];
const DEBOUNCE_MS = 300;

function isCandidate(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(SELECTOR, doc) > 0;
}

function toRange(doc: vscode.TextDocument, s: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.end));
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

class CertManagerFeature implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.CodeActionProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('certlens-cert-manager');
  private readonly cache = new Map<string, { key: string; result: Promise<ManifestResult | undefined> }>();
  /** The lint runs in a worker (dist/editor-decode-worker.js): a big manifest never blocks the extension host. */
  private readonly linter = new ManifestLintClient({ script: path.join(__dirname, 'editor-decode-worker.js'), log: (m) => log().warn(m) });
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensChanged.event;
  private readonly manifests = new WorkspaceManifests(() => this.relintAll());
  private day = new Date().toISOString().slice(0, 10);
  /** Countdowns follow the clock: re-lint when the UTC date changes (LE schedule, CA/B dates). */
  private readonly clock = setInterval(() => {
    const today = new Date().toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.relintAll();
    }
  }, 3_600_000);

  /**
   * Lints in the worker, once per (version, day): every provider awaits the
   * same run. An edit or a close cancels it (`cancel`); a superseded run
   * yields undefined and publishes nothing.
   */
  analyse(doc: vscode.TextDocument): Promise<ManifestResult | undefined> {
    if (!isCandidate(doc)) return Promise.resolve(undefined);
    const key = `${doc.version}:${new Date().toISOString().slice(0, 10)}`;
    const uri = doc.uri.toString();
    const hit = this.cache.get(uri);
    if (hit?.key === key) return hit.result;
    const result = this.lint(doc).then((r) => {
      if (r === undefined && this.cache.get(uri)?.result === result) this.cache.delete(uri);
      return r;
    });
    this.cache.set(uri, { key, result });
    return result;
  }

  private async lint(doc: vscode.TextDocument): Promise<ManifestResult | undefined> {
    const now = new Date();
    const version = doc.version;
    const text = doc.getText();
    const uri = doc.uri.toString();
    // Other files matter only for cert-manager resources; plain YAML lints alone.
    const relevant = /cert-manager\.io|certmanager\.k8s\.io/.test(text);
    const others = relevant ? (await this.manifests.all()).filter((f) => f.path !== uri) : [];
    if (doc.version !== version || doc.isClosed) return undefined; // superseded while loading
    const cfg = readConfig(doc.uri);
    let results: ManifestResult[];
    try {
      results = await this.linter.run(uri, {
        kind: 'cert-manager',
        files: [{ path: uri, text }, ...others],
        nowMs: now.getTime(),
        options: {
          only: [uri],
          disabledRules: cfg.disabledRules,
          overlapMinimum: cfg.overlapMinimum,
          alertThreshold: cfg.alertThreshold,
          pageThreshold: cfg.pageThreshold,
        },
      });
    } catch (e) {
      if (e instanceof JobCancelled) return undefined;
      throw e;
    }
    const [result] = results;
    if (!result || doc.version !== version || doc.isClosed) return undefined;
    this.publish(doc, result);
    return result;
  }

  /** An edit or a close: the running lint of the old text is dropped. */
  cancel(doc: vscode.TextDocument): void {
    this.linter.cancel(doc.uri.toString());
  }

  schedule(doc: vscode.TextDocument): void {
    if (!isCandidate(doc)) return;
    const uri = doc.uri.toString();
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.analyse(doc).then(() => this.lensChanged.fire());
      }, DEBOUNCE_MS),
    );
  }

  relintAll(): void {
    this.cache.clear();
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc);
  }

  forget(doc: vscode.TextDocument): void {
    this.cancel(doc);
    this.cache.delete(doc.uri.toString());
    this.diagnostics.delete(doc.uri);
  }

  private publish(doc: vscode.TextDocument, r: ManifestResult): void {
    this.diagnostics.set(
      doc.uri,
      r.problems.map((p) => {
        const d = new vscode.Diagnostic(toRange(doc, p.span), p.message, SEVERITY[p.severity]);
        d.source = 'certlens';
        d.code = p.code;
        return d;
      }),
    );
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const r = await this.analyse(doc);
    if (!r) return [];
    const text = doc.getText();
    return r.items.map((i) => {
      const place = placeRenewalLens(text, i, r.problems);
      const range = toRange(doc, place.span);
      const args = [doc.uri, range.start.line];
      if (place.error) {
        // The webhook rejects this spec: a timeline would show defaults, so the lens shows why.
        const what = text.slice(place.error.span.start, place.error.span.end).split('\n')[0]?.slice(0, 40);
        return new vscode.CodeLens(range, {
          title: `$(error) no renewal timeline: ${place.error.code} on "${what ?? ''}"`,
          tooltip: place.error.message,
          command: 'certlens.showRenewalTimeline',
          arguments: args,
        });
      }
      const m = /alert (\S+) · page (\S+)/.exec(i.timeline.text);
      return new vscode.CodeLens(range, {
        title: i.timeline.text,
        tooltip: m?.[1] && m[2] ? timelineTooltip(m[1], m[2]) : 'When cert-manager renews this Certificate. Click for the timeline.',
        command: 'certlens.showRenewalTimeline',
        arguments: args,
      });
    });
  }

  /** The lens's click: the cursor to the lens line, then the timeline hover. */
  async showTimeline(uri: unknown, line: unknown): Promise<void> {
    const editor =
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === String(uri)) ?? vscode.window.activeTextEditor;
    if (!editor || typeof line !== 'number') return;
    const at = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at));
    await vscode.commands.executeCommand('editor.action.showHover');
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const r = await this.analyse(doc);
    const offset = doc.offsetAt(pos);
    const item = r?.items.find((i) => i.span.start <= offset && offset < i.span.end);
    if (!item || !r) return undefined;
    // Only on the header lines (apiVersion/kind/metadata.name) and the lens's line, so field hovers
    // from other extensions (vscode-yaml schemas) are not drowned out.
    const place = placeRenewalLens(doc.getText(), item, r.problems);
    const lensLine = doc.positionAt(place.span.start).line;
    if (pos.line > doc.positionAt(item.anchor.end).line + 3 && pos.line !== lensLine) return undefined;
    const md = new vscode.MarkdownString(
      place.error
        ? `**No renewal timeline:** cert-manager's webhook rejects this spec (${place.error.code}). Fix the error first.`
        : renderTimelineMarkdown(item.timeline),
    );
    return new vscode.Hover(md, pos.line === lensLine ? toRange(doc, place.span) : toRange(doc, item.anchor));
  }

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const r = await this.analyse(doc);
    const out: vscode.CodeAction[] = [];
    for (const d of ctx.diagnostics) {
      if (d.source !== 'certlens') continue;
      const p = r?.problems.find((x) => x.code === d.code && toRange(doc, x.span).isEqual(d.range));
      const fixes = (p?.data as { fixes?: Fix[] } | undefined)?.fixes ?? [];
      fixes.forEach((f, i) => {
        const a = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [d];
        a.isPreferred = i === 0 && fixes.length === 1;
        a.edit = new vscode.WorkspaceEdit();
        a.edit.replace(doc.uri, toRange(doc, f.span), f.newText);
        out.push(a);
      });
    }
    return out;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    clearInterval(this.clock);
    this.linter.dispose();
    this.diagnostics.dispose();
    this.lensChanged.dispose();
    this.manifests.dispose();
  }
}

/** Wires the feature; everything it registers is owned by the returned Disposable. */
export function register(context: vscode.ExtensionContext): vscode.Disposable {
  void context;
  const f = new CertManagerFeature();
  const subs: vscode.Disposable[] = [
    f,
    vscode.languages.registerCodeLensProvider(SELECTOR, f),
    vscode.commands.registerCommand(
      'certlens.showRenewalTimeline',
      command('certlens.showRenewalTimeline', (uri?: unknown, line?: unknown) => f.showTimeline(uri, line)),
    ),
    vscode.languages.registerHoverProvider(SELECTOR, f),
    vscode.languages.registerCodeActionsProvider(SELECTOR, f, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.workspace.onDidOpenTextDocument((d) => f.schedule(d)),
    vscode.workspace.onDidSaveTextDocument((d) => f.schedule(d)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) f.cancel(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => f.forget(d)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) f.relintAll();
    }),
  ];
  for (const d of vscode.workspace.textDocuments) f.schedule(d);
  return vscode.Disposable.from(...subs);
}
