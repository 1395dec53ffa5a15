import 'reflect-metadata';
import * as vscode from 'vscode';
import { reportToJson, type JsonFile } from '../core/format/report-json';
import type { EndpointReport } from '../core/tls/report-types';
import { Analyses } from './analyses';
import * as binaryEditor from './binary-editor';
import * as certManager from './cert-manager';
import { WorkspaceChainService } from './chains';
import { Clock } from './clock';
import * as codeLens from './codelens';
import * as commands from './commands';
import * as decorations from './decorations';
import { CertificateDetailsPanel } from './details-panel';
import * as diagnostics from './diagnostics';
import * as endpointsFeature from './endpoints';
import type { FeatureContext } from './feature';
import * as fetchIntermediate from './fetch-intermediate';
import * as hover from './hover';
import * as inventory from './inventory';
import { disposeLog } from './log';
import * as privateRootFix from './private-root-fix';
import { FileReports } from './reports';
import * as statusBar from './status-bar';
import * as symbols from './symbols';
import { WorkspaceIndex } from './workspace-index';

/** What `activate` returns: used by the integration tests, stable enough for other extensions. */
export interface CertLensApi {
  /** The JSON analysis of a file (the CLI's `--json` shape), with current lint. */
  analysis(uri: vscode.Uri): Promise<JsonFile | undefined>;
  /** The Explorer decoration CertLens gives a file. */
  fileDecoration(uri: vscode.Uri): Promise<{ badge?: string; tooltip?: string } | undefined>;
  /** The status bar item as the user sees it (text shown only while visible). */
  statusBar(): { text: string; tooltip?: string } | undefined;
  /** The Certificates view's top-level rows: label, description and icon id. */
  inventory(): Promise<Array<{ label: string; description?: string; icon?: string }>>;
  /** The last report of a saved endpoint (`certlens.endpoints`), by the id the Endpoints view uses. */
  lastEndpointReport(id: string): EndpointReport | undefined;
}

/** Wires features only; each feature's `register(ctx)` owns its listeners (STYLE.md §1). */
export function activate(context: vscode.ExtensionContext): CertLensApi {
  const analyses = new Analyses();
  const clock = new Clock();
  const index = new WorkspaceIndex(analyses);
  const chains = new WorkspaceChainService(index);
  const reports = new FileReports(analyses, clock, chains);
  const details = new CertificateDetailsPanel(context.extensionUri, reports);
  const ctx: FeatureContext = { extension: context, analyses, clock, index, chains, reports, details };
  const badges = decorations.register(ctx);
  const bar = statusBar.register(ctx);
  const tree = inventory.register(ctx);
  const endpoints = endpointsFeature.register(ctx);
  context.subscriptions.push(
    analyses,
    clock,
    index,
    chains,
    reports,
    details,
    badges,
    bar,
    tree,
    endpoints,
    ...[codeLens, hover, diagnostics, privateRootFix, fetchIntermediate, commands, binaryEditor, symbols].map((f) => f.register(ctx)),
    certManager.register(context),
    { dispose: disposeLog },
  );
  return {
    async analysis(uri) {
      const report = await reports.forUri(uri);
      return report && reportToJson(vscode.workspace.asRelativePath(uri, false), report);
    },
    async fileDecoration(uri) {
      const d = await badges.provider.provideFileDecoration(uri, new vscode.CancellationTokenSource().token);
      return d && { ...(d.badge !== undefined && { badge: d.badge }), ...(d.tooltip !== undefined && { tooltip: d.tooltip }) };
    },
    statusBar: () => (bar.item.text ? { text: bar.item.text, tooltip: String(bar.item.tooltip ?? '') } : undefined),
    inventory: () => tree.provider.rows(),
    lastEndpointReport: (id) => endpoints.lastEndpointReport(id),
  };
}

export function deactivate(): void {}
