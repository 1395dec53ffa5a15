/**
 * The workspace as one fleet: every indexed file's items and problems, the
 * fleet analysis (rotation, trust bundles, `.certlens.yaml` policy) and the
 * `ScanReport` the Inventory view, the timeline and "Export Certificate
 * Report…" all render. Rebuilt lazily after the index or the policy changes;
 * fleet findings and a bad policy file are published as diagnostics of
 * their own collection (source `certlens`).
 */
import * as vscode from 'vscode';
import { mergeFleetFindings, type FleetAnalysis } from '../../core/lifecycle/analyze-fleet';
import { ScanReportBuilder, type ScanReport } from '../../core/report/scan-report';
import { LineIndex } from '../../core/util/line-index';
import type { Problem } from '../../core/types';
import type { FileReports } from '../reports';
import type { FleetAnalysisService } from '../fleet-analysis';
import type { WorkspaceIndex } from '../workspace-index';

export interface FleetSnapshot {
  readonly report: ScanReport;
  readonly fleet: FleetAnalysis;
  /** Workspace-relative path (as in the report) → URI. */
  readonly uris: ReadonlyMap<string, vscode.Uri>;
}

const SEVERITY: Readonly<Record<Problem['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class FleetModel implements vscode.Disposable {
  private snapshot: Promise<FleetSnapshot> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('certlens-fleet');
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly reports: FileReports,
    private readonly fleets: FleetAnalysisService,
  ) {
    const reset = () => this.reset();
    // The fleet analysis (clock, policy, settings) and every report change reach FleetModel through FileReports.
    this.subscriptions = [index.onDidChange(reset), reports.onDidChange(reset)];
  }

  get(): Promise<FleetSnapshot> {
    this.snapshot ??= this.build();
    return this.snapshot;
  }

  private reset(): void {
    this.snapshot = undefined;
    this.changed.fire();
  }

  private async build(): Promise<FleetSnapshot> {
    const files = await this.index.all();
    const { fleet, policy, now } = await this.fleets.get();
    const uris = new Map<string, vscode.Uri>();
    const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);
    for (const f of files) uris.set(rel(f.uri), f.uri);
    const builder = new ScanReportBuilder(now, fleet);
    const published: Array<[vscode.Uri, vscode.Diagnostic[]]> = [];
    for (const f of files) {
      const file = rel(f.uri);
      const own = await this.reports.forAnalysis(f);
      builder.add(file, f.text, f.decoded.items, mergeFleetFindings(file, own.findings, fleet));
      const fleetOnly = fleet.findings.get(file) ?? [];
      if (fleetOnly.length) published.push([f.uri, fleetOnly.map((p) => toDiagnostic(p, f.text))]);
    }
    if (policy?.problems.length) published.push([policy.uri, policy.problems.map((p) => toDiagnostic(p, policy.text))]);
    this.diagnostics.clear();
    this.diagnostics.set(published);
    return { report: builder.finish(), fleet, uris };
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

function toDiagnostic(p: Problem, text: string | undefined): vscode.Diagnostic {
  const r = text === undefined ? undefined : new LineIndex(text).range(p.span);
  const range = r ? new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) : new vscode.Range(0, 0, 0, 0);
  const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
  d.source = 'certlens';
  d.code = p.code;
  return d;
}
