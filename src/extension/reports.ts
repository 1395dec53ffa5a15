import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileReport } from '../core/analysis/file-report';
import { JobCancelled, ReportClient } from '../node/decode-client';
import type { ReportJob } from '../node/report-job';
import { Analyses, type FileAnalysis } from './analyses';
import { key, type WorkspaceChainService } from './chains';
import type { Clock } from './clock';
import { Config } from './config';
import { committedKeyFindings } from './committed-keys';
import { log } from './log';

/**
 * One `FileReport` per file, computed once per file version × workspace
 * generation × clock tick × settings, and read by every surface: CodeLens,
 * hover, diagnostics, Explorer badge, status bar, inventory, details view and
 * the extension API (STYLE.md §5). A superseded result is dropped.
 */
export class FileReports implements vscode.Disposable {
  private readonly cache = new Map<string, { analysis: FileAnalysis; stamp: string; result: Promise<FileReport> }>();
  private settings = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any input changes: edits, unlocks, the workspace, the clock, settings. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Builds reports off this thread (dist/editor-decode-worker.js, next to this bundle). */
  private readonly builder = new ReportClient({ script: path.join(__dirname, 'editor-decode-worker.js'), log: (m) => log().warn(m) });

  constructor(
    readonly analyses: Analyses,
    readonly clock: Clock,
    readonly chains: WorkspaceChainService,
  ) {
    const fire = () => this.changed.fire();
    this.subscriptions = [
      analyses.onDidChange(fire),
      chains.onDidChange(fire),
      clock.onDidTick(fire),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'expiry') || Config.affects(e, 'diagnostics') || Config.affects(e, 'trust')) {
          this.settings++;
          fire();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cache.delete(d.uri.toString());
        this.builder.cancel(d.uri.toString());
      }),
      // An edit cancels the running report of the old text; the new version's report supersedes it anyway.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.builder.cancel(e.document.uri.toString());
      }),
    ];
  }

  /** The report of an open document, from its live text. */
  async forDocument(doc: vscode.TextDocument): Promise<FileReport> {
    return this.forAnalysis(await this.analyses.forDocument(doc));
  }

  /** The report of any file (open or not); undefined when it cannot be read. */
  async forUri(uri: vscode.Uri): Promise<FileReport | undefined> {
    const a = await this.analyses.forUri(uri);
    return a && this.forAnalysis(a);
  }

  forAnalysis(a: FileAnalysis): Promise<FileReport> {
    const id = a.uri.toString();
    const stamp = `${a.version}|${this.chains.generation}|${this.clock.tick}|${this.settings}`;
    const hit = this.cache.get(id);
    // The analysis object changes on a re-decode with the same version (an unlock, a refresh).
    if (hit && hit.stamp === stamp && hit.analysis === a) return hit.result;
    const result = this.compute(a);
    this.cache.set(id, { analysis: a, stamp, result });
    return result;
  }

  /** Lint, chains and status, built in the report worker; the items and text stay here. */
  private async compute(a: FileAnalysis): Promise<FileReport> {
    const id = a.uri.toString();
    const needsWorkspace = a.decoded.items.some((i) => i.kind !== 'unknown');
    const workspace = needsWorkspace ? await this.chains.inputs() : undefined;
    if (workspace) this.builder.useWorkspace(workspace);
    const file = key(a.uri);
    const extra = await committedKeyFindings(a);
    const job: ReportJob = {
      kind: 'report',
      file,
      decoded: { items: a.decoded.items, problems: a.decoded.problems },
      withWorkspace: workspace !== undefined,
      nowMs: this.clock.now().getTime(),
      thresholds: Config.thresholds(a.uri),
      disabled: [...Config.disabledCodes(a.uri)],
      extra,
    };
    const held = {
      file,
      ...(a.text !== undefined && { text: a.text }),
      items: a.decoded.items,
      ...(a.decoded.secrets && { secrets: a.decoded.secrets }),
    };
    try {
      return { ...held, ...(await this.builder.run(id, job)) };
    } catch (e) {
      if (!(e instanceof JobCancelled)) throw e;
      // Superseded by a newer version, or closed: that version's callers are stale; give them the decode's own findings.
      const findings = a.decoded.problems.filter((p) => !job.disabled.includes(p.code));
      return {
        ...held,
        findings,
        statuses: a.decoded.items.map(() => undefined),
        status: 'ok',
        verdicts: [],
        revocation: [],
        keyLenses: [],
      };
    }
  }

  /** True when a document may hold certificate material worth a report. */
  static relevant(doc: vscode.TextDocument): boolean {
    return Analyses.relevant(doc);
  }

  dispose(): void {
    this.cache.clear();
    this.builder.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
