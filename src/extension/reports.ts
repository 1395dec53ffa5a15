import * as vscode from 'vscode';
import type { FileReport } from '../core/analysis/file-report';
import { JobCancelled } from '../node/worker-client';
import { Analyses, type FileAnalysis } from './analyses';
import type { WorkspaceChainService } from './chains';
import type { Clock } from './clock';
import { Config } from './config';
import { committedKeyFindings } from './committed-keys';
import type { FleetAnalysisService } from './fleet-analysis';
import { ReportBuilder } from './report-builder';

/**
 * One `FileReport` per file, computed once per file version × workspace
 * generation × clock tick × settings, and read by every surface: CodeLens,
 * hover, diagnostics, Explorer badge, status bar, inventory, details view and
 * the extension API (STYLE.md §5). A superseded result is dropped. Reports
 * build in workers (ReportBuilder); an edit or a close cancels a file's.
 */
/** How many files `release` keeps the reports of because a surface asked for them lately. */
const RECENT = 256;

export class FileReports implements vscode.Disposable {
  /** `result` is dropped by `release` (a file no editor shows): `revision` still tells whether a new report is due. */
  private readonly cache = new Map<string, { analysis: FileAnalysis; stamp: string; seq: number; result?: Promise<FileReport> }>();
  private computed = 0;
  /** Files whose report a surface asked for lately (Explorer badges of visible rows, the API): `release` keeps theirs. */
  private readonly recent = new Set<string>();
  private settings = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any input changes: edits, unlocks, the workspace, the clock, settings. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  readonly builder: ReportBuilder;

  constructor(
    readonly analyses: Analyses,
    readonly clock: Clock,
    readonly chains: WorkspaceChainService,
    readonly fleet: FleetAnalysisService,
  ) {
    const fire = () => this.changed.fire();
    this.builder = new ReportBuilder(chains);
    this.subscriptions = [
      this.builder,
      analyses.onDidChange(fire),
      chains.onDidChange(fire),
      fleet.onDidChange(fire),
      clock.onDidTick(fire),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'expiry') || Config.affects(e, 'diagnostics') || Config.affects(e, 'trust')) {
          this.settings++;
          fire();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.builder.cancel(d.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.builder.cancel(e.document.uri)),
    ];
  }

  /** The report of an open document, from its live text. */
  async forDocument(doc: vscode.TextDocument): Promise<FileReport> {
    return this.forAnalysis(await this.analyses.forDocument(doc));
  }

  /** The report of any file (open or not); undefined when it cannot be read. */
  async forUri(uri: vscode.Uri): Promise<FileReport | undefined> {
    this.touch(uri.toString());
    const a = await this.analyses.forUri(uri);
    return a && this.forAnalysis(a);
  }

  forAnalysis(a: FileAnalysis): Promise<FileReport> {
    const id = a.uri.toString();
    const stamp = this.stampOf(a);
    const hit = this.cache.get(id);
    // The analysis object changes on a re-decode with the same version (an unlock, a refresh).
    if (hit?.result && hit.stamp === stamp && hit.analysis === a) return hit.result;
    const result: Promise<FileReport> = this.compute(a).catch((e: unknown) => {
      // Dropped for a newer request of the same file (its report is the one to show), or cancelled by an edit or a close.
      const newer = this.cache.get(id)?.result;
      if (e instanceof JobCancelled && newer && newer !== result) return newer;
      if (this.cache.get(id)?.result === result) this.cache.delete(id);
      throw e;
    });
    this.cache.set(id, { analysis: a, stamp, seq: ++this.computed, result });
    // A first screenful's report is built: the whole text's decode may start (Analyses).
    if (a.reported) void result.finally(a.reported).catch(() => undefined);
    return result;
  }

  /**
   * Names the report `forAnalysis` would return for `a` without building it:
   * the same string while that report stays valid (kept or released), a new
   * one once it is rebuilt; undefined when none is valid (a report is due).
   */
  revision(a: FileAnalysis): string | undefined {
    const hit = this.cache.get(a.uri.toString());
    const stamp = this.stampOf(a);
    return hit && hit.stamp === stamp && hit.analysis === a ? `${stamp}#${hit.seq}` : undefined;
  }

  /**
   * Drops the reports of these files (URI strings) that no editor shows,
   * keeping their `revision`: the Inventory takes what it needs from each
   * report once, and 10,000 kept reports were ~75 MB of the extension host.
   * The next `forAnalysis` of such a file builds its report again.
   */
  release(uris: Iterable<string>): void {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const id of uris) {
      const hit = this.cache.get(id);
      if (hit && !open.has(id) && !this.recent.has(id)) delete hit.result;
    }
  }

  private touch(id: string): void {
    this.recent.delete(id);
    this.recent.add(id);
    if (this.recent.size > RECENT) this.recent.delete(this.recent.values().next().value ?? id);
  }

  private stampOf(a: FileAnalysis): string {
    return `${a.version}|${this.chains.generation}|${this.fleet.generation}|${this.clock.tick}|${this.settings}`;
  }

  /**
   * Drops the cached reports of these files (URI strings): one file changed
   * and these depend on it (IncrementalAnalysis). Every other report stays.
   * Surfaces are told by `notify`, once the new reports are built.
   */
  invalidate(uris: ReadonlySet<string>): void {
    for (const id of uris) this.cache.delete(id);
  }

  /** Tells every surface that reports changed (after `invalidate` and the re-analysis it calls for). */
  notify(): void {
    this.changed.fire();
  }

  private async compute(a: FileAnalysis): Promise<FileReport> {
    // Only its supersessions: a superseded certificate's expiry warnings become cert-superseded (the fleet's own findings are FleetModel's).
    const fleet = a.decoded.items.some((i) => i.kind === 'certificate') ? (await this.fleet.get()).fleet : undefined;
    return this.builder.build(a, {
      now: this.clock.now(),
      thresholds: Config.thresholds(a.uri),
      disabled: Config.disabledCodes(a.uri),
      ...(fleet && { fleet }),
      extra: await committedKeyFindings(a),
    });
  }

  /** True when a document may hold certificate material worth a report. */
  static relevant(doc: vscode.TextDocument): boolean {
    return Analyses.relevant(doc);
  }

  dispose(): void {
    this.cache.clear();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
