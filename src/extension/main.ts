import 'reflect-metadata';
import * as vscode from 'vscode';
import { useDigest } from '../core/x509/digest';
import { nodeDigest } from '../node/digest';
import { toJsonFile, type JsonFile } from '../core/format/report-json';
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
import { FleetModel } from './inventory/fleet-model';
import { registerInventory } from './inventory/inventory-tree';
import { registerTimeline } from './inventory/timeline-panel';
import { registerExportReport } from './inventory/export-report';
import { WorkspaceIndex } from './workspace-index';

/** What `activate` returns: used by the integration tests, stable enough for other extensions. */
export interface CertLensApi {
  /** The JSON analysis of a file (the CLI's `--json` shape), with current lint. */
  analysis(uri: vscode.Uri): Promise<JsonFile | undefined>;
  /** The Explorer decoration CertLens gives a file. */
  fileDecoration(uri: vscode.Uri): Promise<{ badge?: string; tooltip?: string } | undefined>;
  /** The last report of a saved endpoint (`certlens.endpoints`), by the id the Endpoints view uses. */
  lastEndpointReport(id: string): EndpointReport | undefined;
}

/** Every document CertLens decorates: any text file may hold PEM. */
const ALL_TEXT: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];

/** Wires features only; each feature owns its listeners (STYLE.md §1). */
export function activate(context: vscode.ExtensionContext): CertLensApi {
  useDigest(nodeDigest);
  const analyses = new Analyses();
  const clock = new Clock();
  const decorations = new CertificateDecorationProvider(analyses, clock);
  const workspaceIndex = new WorkspaceIndex(analyses);
  const chains = new WorkspaceChainService(workspaceIndex, analyses);
  const details = new CertificateDetailsPanel(context.extensionUri, analyses, clock, chains);
  const codeLens = new CertificateCodeLensProvider(analyses, clock, chains);
  const fleet = new FleetModel(workspaceIndex, analyses, clock);
  const endpoints = registerEndpoints({ extensionUri: context.extensionUri, globalState: context.globalState, analyses, clock });
  context.subscriptions.push(
    analyses,
    clock,
    details,
    codeLens,
    decorations,
    workspaceIndex,
    chains,
    fleet,
    registerInventory(fleet),
    registerTimeline(context.extensionUri, fleet),
    registerExportReport(fleet),
    vscode.commands.registerCommand('certlens.refreshInventory', () => workspaceIndex.reset()),
    registerDiagnostics(analyses, clock, chains),
    registerFetchIntermediate(analyses, chains),
    registerStatusBar(analyses, clock),
    registerCertManager(context),
    registerCommands(analyses, details),
    endpoints,
    vscode.languages.registerCodeLensProvider(ALL_TEXT, codeLens),
    vscode.languages.registerHoverProvider(ALL_TEXT, new CertificateHoverProvider(analyses, clock, chains)),
    vscode.languages.registerDocumentSymbolProvider({ language: 'pem' }, new CertificateSymbolProvider(analyses, clock)),
    vscode.window.registerFileDecorationProvider(decorations),
    ...[BINARY_VIEW_TYPE, `${BINARY_VIEW_TYPE}Optional`].map((viewType) =>
      vscode.window.registerCustomEditorProvider(viewType, new BinaryCertificateEditorProvider(context.extensionUri, analyses, clock), {
        supportsMultipleEditorsPerDocument: true,
      }),
    ),
    { dispose: disposeLog },
  );
  return {
    async analysis(uri) {
      const a = await analyses.forUri(uri);
      return (
        a &&
        toJsonFile(
          vscode.workspace.asRelativePath(uri, false),
          a.text,
          a.decoded.items,
          analyses.problems(a, clock.now()),
          a.decoded.secrets,
        )
      );
    },
    async fileDecoration(uri) {
      const d = await decorations.provideFileDecoration(uri, new vscode.CancellationTokenSource().token);
      return d && { ...(d.badge !== undefined && { badge: d.badge }), ...(d.tooltip !== undefined && { tooltip: d.tooltip }) };
    },
    lastEndpointReport: (id) => endpoints.lastEndpointReport(id),
  };
}

export function deactivate(): void {}
