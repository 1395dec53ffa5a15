import type * as vscode from 'vscode';
import type { Analyses } from './analyses';
import type { WorkspaceChainService } from './chains';
import type { Clock } from './clock';
import type { CertificateDetailsPanel } from './details-panel';
import type { FleetAnalysisService } from './fleet-analysis';
import type { FileReports } from './reports';
import type { WorkspaceIndex } from './workspace-index';

/**
 * What every editor feature gets: the shared services, created once in
 * `main.ts`. Each feature exports `register(ctx): vscode.Disposable` and owns
 * its listeners (STYLE.md §1).
 */
export interface FeatureContext {
  readonly extension: vscode.ExtensionContext;
  readonly analyses: Analyses;
  readonly clock: Clock;
  readonly index: WorkspaceIndex;
  readonly chains: WorkspaceChainService;
  readonly reports: FileReports;
  /** The workspace's fleet analysis (rotation, trust bundles, policy). */
  readonly fleet: FleetAnalysisService;
  readonly details: CertificateDetailsPanel;
}

/** Every document CertLens decorates: any text file may hold PEM. */
export const ALL_TEXT: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];
