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
import { combineScanReports, identityKeys, ScanReportBuilder, type ScanReport } from '../../core/report/scan-report';
import type { FleetFinding } from '../../core/lifecycle/fleet';
import { LineIndex } from '../../core/util/line-index';
import type { Problem } from '../../core/types';
import type { FileReports } from '../reports';
import type { FleetAnalysisService } from '../fleet-analysis';
import type { WorkspaceIndex } from '../workspace-index';
import type { FileAnalysis } from '../analyses';

/** One file's share of the snapshot, reused while its report, fleet findings and identities stay the same. */
interface Part {
  readonly analysis: FileAnalysis;
  readonly file: string;
  /** `FileReports.revision` of the report it was built from (the report itself is released). */
  readonly revision: string;
  readonly fleetFindings: readonly FleetFinding[];
  readonly identities: string;
  readonly now: number;
  readonly part: ScanReport;
  readonly diagnostics: vscode.Diagnostic[];
}

/** Files handled between two turns of the event loop while a snapshot builds. */
const SLICE = 500;

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
  private parts = new Map<string, Part>();
  private builds = 0;
  private policyUri: vscode.Uri | undefined;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly reports: FileReports,
    private readonly fleets: FleetAnalysisService,
  ) {
    const reset = () => this.reset();
    // The fleet analysis (clock, policy, settings) and every report change reach FleetModel through FileReports.
    // A per-file index change is rebuilt from once IncrementalAnalysis has re-analysed it (its `notify`):
    // rebuilding on the change itself walked all files twice per edit, the first time during the re-analysis.
    this.subscriptions = [index.onDidChange((c) => c.files === undefined && reset()), reports.onDidChange(reset)];
  }

  get(): Promise<FleetSnapshot> {
    this.snapshot ??= this.build();
    return this.snapshot;
  }

  private reset(): void {
    this.snapshot = undefined;
    this.changed.fire();
  }

  /**
   * The snapshot from per-file parts: after one file changed only the parts
   * whose report, fleet findings or identities changed are built again, and
   * only their diagnostics are published again.
   */
  private async build(): Promise<FleetSnapshot> {
    const gen = ++this.builds;
    const files = await this.index.all();
    const { fleet, policy, now } = await this.fleets.get();
    const identityOf = identityKeys(fleet);
    const uris = new Map<string, vscode.Uri>();
    const parts = new Map<string, Part>();
    const built: string[] = [];
    for (let i = 0; i < files.length; i++) {
      if (i > 0 && i % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const f = files[i];
      if (!f) continue;
      const id = f.uri.toString();
      const old = this.parts.get(id);
      const file = old?.analysis === f ? old.file : vscode.workspace.asRelativePath(f.uri, false);
      uris.set(file, f.uri);
      const revision = this.reports.revision(f);
      const fleetFindings = fleet.findings.get(file) ?? [];
      const identities = f.decoded.items
        .map((it) => (it.kind === 'certificate' ? (identityOf.get(it.certificate.sha256) ?? '') : ''))
        .join('\n');
      const same =
        old &&
        revision !== undefined &&
        old.revision === revision &&
        old.now === now &&
        old.identities === identities &&
        old.fleetFindings.length === fleetFindings.length &&
        old.fleetFindings.every((x, j) => x === fleetFindings[j]);
      if (same) {
        parts.set(id, old);
        continue;
      }
      const report = await this.reports.forAnalysis(f);
      built.push(id);
      // No fleet: a part carries no identities (combineScanReports lists them once), only its rows.
      const builder = new ScanReportBuilder(now, undefined, identityOf);
      builder.add(file, f.text, f.decoded.items, mergeFleetFindings(file, report.findings, fleet));
      const diagnostics = fleetFindings.map((p) => toDiagnostic(p, f.text));
      if (diagnostics.length || old?.diagnostics.length) this.diagnostics.set(f.uri, diagnostics);
      parts.set(id, {
        analysis: f,
        file,
        revision: this.reports.revision(f) ?? '',
        fleetFindings,
        identities,
        now,
        part: builder.finish(),
        diagnostics,
      });
    }
    // The parts hold what the inventory needs: the reports of files no editor shows go.
    this.reports.release(built);
    for (const [id, old] of this.parts) if (!parts.has(id) && old.diagnostics.length) this.diagnostics.delete(old.analysis.uri);
    // A newer build started meanwhile: it owns the parts (this one's are still valid for its own snapshot).
    if (gen === this.builds) this.parts = parts;
    if (this.policyUri) this.diagnostics.delete(this.policyUri);
    this.policyUri = policy?.problems.length ? policy.uri : undefined;
    if (policy?.problems.length)
      this.diagnostics.set(
        policy.uri,
        policy.problems.map((p) => toDiagnostic(p, policy.text)),
      );
    const report = combineScanReports(
      now,
      fleet,
      [...parts.values()].map((p) => p.part),
    );
    return { report, fleet, uris };
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
