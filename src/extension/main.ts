import 'reflect-metadata';
import * as vscode from 'vscode';
import { reportToJson, type JsonFile } from '../core/format/report-json';
import { Analyses } from './analyses';
import { BINARY_VIEW_TYPE, BinaryCertificateEditorProvider } from './binary-editor';
import { Clock } from './clock';
import { WorkspaceChainService } from './chains';
import { CertificateCodeLensProvider } from './codelens';
import { registerCommands } from './commands';
import { CertificateDecorationProvider } from './decorations';
import { CertificateDetailsPanel } from './details-panel';
import { registerDiagnostics } from './diagnostics';
import { registerFetchIntermediate } from './fetch-intermediate';
import { registerEndpoints } from './endpoints';
import type { EndpointReport } from '../core/tls/report-types';
import { CertificateHoverProvider } from './hover';
import { disposeLog } from './log';
import { registerStatusBar } from './status-bar';
import { register as registerCertManager } from './cert-manager';
import { CertificateSymbolProvider } from './symbols';
import { CertificateInventoryProvider } from './inventory-view';
import { WorkspaceIndex } from './workspace-index';
import { FileReports } from './reports';
import { registerPrivateRootFix } from './private-root-fix';

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

/** Every document CertLens decorates: any text file may hold PEM. */
const ALL_TEXT: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];

/** Wires features only; each feature owns its listeners (STYLE.md §1). */
export function activate(context: vscode.ExtensionContext): CertLensApi {
  const analyses = new Analyses();
  const clock = new Clock();
  const workspaceIndex = new WorkspaceIndex(analyses);
  const chains = new WorkspaceChainService(workspaceIndex);
  const reports = new FileReports(analyses, clock, chains);
  const decorations = new CertificateDecorationProvider(reports);
  const details = new CertificateDetailsPanel(context.extensionUri, reports);
  const codeLens = new CertificateCodeLensProvider(reports);
  const inventory = new CertificateInventoryProvider(workspaceIndex, reports);
  const statusBar = registerStatusBar(reports);
  const endpoints = registerEndpoints({ extensionUri: context.extensionUri, globalState: context.globalState, analyses, clock });
  context.subscriptions.push(
    analyses,
    clock,
    details,
    codeLens,
    decorations,
    workspaceIndex,
    chains,
    reports,
    inventory,
    vscode.window.registerTreeDataProvider('certlens.inventory', inventory),
    vscode.commands.registerCommand('certlens.refreshInventory', () => workspaceIndex.reset()),
    registerDiagnostics(reports),
    registerPrivateRootFix(),
    registerFetchIntermediate(reports),
    statusBar,
    registerCertManager(context),
    registerCommands(analyses, details),
    endpoints,
    vscode.languages.registerCodeLensProvider(ALL_TEXT, codeLens),
    vscode.languages.registerHoverProvider(ALL_TEXT, new CertificateHoverProvider(reports)),
    vscode.languages.registerDocumentSymbolProvider({ language: 'pem' }, new CertificateSymbolProvider(analyses, clock)),
    vscode.window.registerFileDecorationProvider(decorations),
    ...[BINARY_VIEW_TYPE, `${BINARY_VIEW_TYPE}Optional`].map((viewType) =>
      vscode.window.registerCustomEditorProvider(viewType, new BinaryCertificateEditorProvider(context.extensionUri, reports), {
        supportsMultipleEditorsPerDocument: true,
      }),
    ),
    { dispose: disposeLog },
  );
  return {
    async analysis(uri) {
      const report = await reports.forUri(uri);
      return report && reportToJson(vscode.workspace.asRelativePath(uri, false), report);
    },
    async fileDecoration(uri) {
      const d = await decorations.provideFileDecoration(uri, new vscode.CancellationTokenSource().token);
      return d && { ...(d.badge !== undefined && { badge: d.badge }), ...(d.tooltip !== undefined && { tooltip: d.tooltip }) };
    },
    statusBar: () => (statusBar.item.text ? { text: statusBar.item.text, tooltip: String(statusBar.item.tooltip ?? '') } : undefined),
    async inventory() {
      const rows = await inventory.getChildren();
      return rows.map((row) => {
        const t = inventory.getTreeItem(row);
        return {
          label: typeof t.label === 'string' ? t.label : (t.label?.label ?? ''),
          ...(typeof t.description === 'string' && { description: t.description }),
          ...(t.iconPath instanceof vscode.ThemeIcon && { icon: t.iconPath.id }),
        };
      });
    },
    lastEndpointReport: (id) => endpoints.lastEndpointReport(id),
  };
}

export function deactivate(): void {}
