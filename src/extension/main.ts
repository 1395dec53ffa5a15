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
import { FleetAnalysisService } from './fleet-analysis';
import { IncrementalAnalysis, type Reanalysis } from './incremental';
import { IndexStore } from './index-store';
import { localFirstFs } from './local-fs';
import { WorkspaceIndex, type IndexStats } from './workspace-index';

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
  /** Report building, for the tests: reports build in workers (issue 16). */
  readonly reports: {
    /** The item counts of the reports of `uri` being built now (a visible window's, the whole file's). */
    building(uri: vscode.Uri): readonly number[];
    /** True once reports build on the extension host's main thread (no worker could start, or `CERTLENS_REPORT_WORKER=off`). */
    onMainThread(): boolean;
    /** A big worker reply (a decode's items, a report's findings) being read on the main thread a slice per turn: slices read of all. */
    receiving(): { done: number; total: number } | undefined;
  };
  /** The workspace index, for the tests and the editor bench. */
  readonly index: {
    stats(): IndexStats;
    /** The latest per-file re-analyses, oldest first. */
    reanalyses(): readonly Reanalysis[];
    /** Builds the index if needed and waits for it. */
    ready(): Promise<IndexStats>;
    /** Writes the index store now (it is otherwise written 30 s after the last change, and on dispose). */
    flushStore(): Promise<void>;
    /** Writes the store, then indexes again with a new index and analyses reading only the store (as a reload does); its counters. */
    reloadFromStore(): Promise<IndexStats>;
  };
}

/** Wires features only; each feature's `register(ctx)` owns its listeners (STYLE.md §1). */
export function activate(context: vscode.ExtensionContext): CertLensApi {
  const analyses = new Analyses(localFirstFs);
  const clock = new Clock();
  const storeDir = context.storageUri ?? context.globalStorageUri;
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '');
  const index = new WorkspaceIndex(analyses, new IndexStore(storeDir, version));
  const chains = new WorkspaceChainService(index);
  const fleet = new FleetAnalysisService(index, clock);
  const reports = new FileReports(analyses, clock, chains, fleet);
  const incremental = new IncrementalAnalysis(index, chains, fleet, reports);
  const details = new CertificateDetailsPanel(context.extensionUri, reports);
  const ctx: FeatureContext = { extension: context, analyses, clock, index, chains, reports, fleet, details };
  const badges = decorations.register(ctx);
  const bar = statusBar.register(ctx);
  const tree = inventory.register(ctx);
  const endpoints = endpointsFeature.register(ctx);
  context.subscriptions.push(
    analyses,
    clock,
    index,
    chains,
    fleet,
    reports,
    incremental,
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
    reports: {
      building: (uri) => reports.builder.building(uri),
      onMainThread: () => reports.builder.onMainThread,
      receiving: () => {
        const r = analyses.receiving ?? reports.builder.receiving;
        return r && { done: r.done, total: r.total };
      },
    },
    index: {
      stats: () => ({ ...index.stats }),
      reanalyses: () => [...incremental.history],
      ready: async () => {
        await index.all();
        await index.settled();
        return { ...index.stats };
      },
      flushStore: () => index.flushStore(),
      reloadFromStore: async () => {
        await index.flushStore();
        const fresh = new Analyses();
        const again = new WorkspaceIndex(fresh, new IndexStore(storeDir, version));
        try {
          await again.all();
          return { ...again.stats };
        } finally {
          again.dispose();
          fresh.dispose();
        }
      },
    },
  };
}

export function deactivate(): void {}
