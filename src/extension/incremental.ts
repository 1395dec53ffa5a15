/**
 * Re-analysis after one file of the index changed: the changed file and
 * what depends on it (its chain dependants and key partners, and the files
 * whose fleet findings or supersessions changed) get new reports; every
 * other report stays cached. Nothing but the changed file is decoded. Each
 * run is logged with its timings (the editor bench reads them).
 */
import * as vscode from 'vscode';
import type { WorkspaceChainService } from './chains';
import type { FleetAnalysisService } from './fleet-analysis';
import { background, log } from './log';
import type { FileReports } from './reports';
import type { IndexFileChange, WorkspaceIndex } from './workspace-index';

export interface Reanalysis {
  readonly file: string;
  /** Files whose reports were rebuilt: the changed file and its dependants. */
  readonly reanalysed: number;
  /** URIs (strings) of those files. */
  readonly uris: readonly string[];
  /** From the index learning of the change to its decode being in the index (stat, read, decode in the worker). */
  readonly decodeMs: number;
  readonly chainsMs: number;
  readonly fleetMs: number;
  readonly reportsMs: number;
  /** From the index learning of the change to every affected report rebuilt. */
  readonly totalMs: number;
}

export class IncrementalAnalysis implements vscode.Disposable {
  private readonly done = new vscode.EventEmitter<Reanalysis>();
  readonly onDidReanalyse = this.done.event;
  readonly history: Reanalysis[] = [];
  private running: Promise<void> = Promise.resolve();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly chains: WorkspaceChainService,
    private readonly fleet: FleetAnalysisService,
    private readonly reports: FileReports,
  ) {
    this.subscription = index.onDidChange((c) => {
      for (const f of c.files ?? [])
        this.running = this.running.then(() => background('re-analysis', () => this.apply(f)).then(() => undefined));
    });
  }

  private async apply(change: IndexFileChange): Promise<void> {
    const t1 = performance.now();
    const deps = this.chains.applyChange(change);
    const t2 = performance.now();
    const touched = await this.fleet.applyChange(change);
    const t3 = performance.now();
    const affected = new Set([change.uri.toString(), ...deps, ...touched]);
    this.reports.invalidate(affected);
    const files = this.index.current().filter((a) => affected.has(a.uri.toString()));
    await Promise.all(files.map((a) => this.reports.forAnalysis(a)));
    const t4 = performance.now();
    // Surfaces (CodeLens, diagnostics, badges, the inventory) refresh once, from the new reports.
    this.reports.notify();
    const r: Reanalysis = {
      file: vscode.workspace.asRelativePath(change.uri, false),
      reanalysed: files.length,
      uris: files.map((f) => f.uri.toString()),
      decodeMs: round(t1 - change.since),
      chainsMs: round(t2 - t1),
      fleetMs: round(t3 - t2),
      reportsMs: round(t4 - t3),
      totalMs: round(t4 - change.since),
    };
    this.history.push(r);
    if (this.history.length > 50) this.history.shift();
    log().info(
      `re-analysis of ${r.file}: ${r.reanalysed} file(s) in ${r.totalMs} ms (decode ${r.decodeMs}, chains ${r.chainsMs}, fleet ${r.fleetMs}, reports ${r.reportsMs})`,
    );
    this.done.fire(r);
  }

  dispose(): void {
    this.subscription.dispose();
    this.done.dispose();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
